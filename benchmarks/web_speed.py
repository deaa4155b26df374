"""Benchmark: the web app's write paths through a real `heelraise serve` (uvicorn).

Measures, over HTTP/1.1 keep-alive from 8 client threads:
  - `POST /api/assess` with random cases (JSON API), requests per second;
  - `POST /triage` (the questionnaire form with its CSRF token), pages per second.
Peer: `GET /api/health`, the floor any request through the app pays.
The check-in POST (target ≥ 200/s) and the clinician dashboard with 500
patients (< 300 ms) are added here when the journal lands.

    .venv/bin/python benchmarks/web_speed.py [--requests 2000] [--threads 8]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2 as httpx
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from random_cases import random_cases
from tests.web.browser import free_port, wait_until_up
from tests.web.forms import self_manage_answers


def rate(count: int, threads: int, send: Callable[[httpx.Client, int], None], url: str) -> float:
    clients = [httpx.Client(base_url=url, timeout=30) for _ in range(threads)]
    try:
        for client in clients:  # warm up: connection and CSRF cookie
            send(client, 0)
        started = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda i: send(clients[i % threads], i), range(count)))
        return count / (time.perf_counter() - started)
    finally:
        for client in clients:
            client.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    cases = [orjson.dumps(case) for case in random_cases(500)]
    form = self_manage_answers()
    with tempfile.TemporaryDirectory() as home:
        port = free_port()
        env = {**os.environ, "HEELRAISE_HOME": home}
        server = subprocess.Popen(
            [sys.executable, "-m", "heelraise", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, server)

            def health(client: httpx.Client, _i: int) -> None:
                client.get("/api/health").raise_for_status()

            def assess(client: httpx.Client, i: int) -> None:
                response = client.post(
                    "/api/assess",
                    content=cases[i % len(cases)],
                    headers={"content-type": "application/json"},
                )
                assert response.status_code in (200, 422), response.status_code

            tokens: dict[int, str] = {}

            def triage(client: httpx.Client, _i: int) -> None:
                token = tokens.get(id(client))
                if token is None:
                    page = client.get("/triage").text
                    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
                    assert found is not None
                    token = tokens[id(client)] = found.group(1)
                client.post("/triage", data={**form, "csrf_token": token}).raise_for_status()

            floor = rate(args.requests, args.threads, health, url)
            api = rate(args.requests, args.threads, assess, url)
            pages = rate(args.requests // 2, args.threads, triage, url)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"GET  /api/health   {floor:8.0f} req/s  (floor)")
    print(f"POST /api/assess   {api:8.0f} req/s  ({api / floor:.2f} × floor)")
    print(f"POST /triage       {pages:8.0f} pages/s ({pages / floor:.2f} × floor)")


if __name__ == "__main__":
    main()
