"""Benchmark: the web app's write paths through a real `heelraise serve` (uvicorn).

Measures, over HTTP/1.1 keep-alive from 8 client threads:
  - `POST /api/assess` with random cases (JSON API), requests per second;
  - `POST /triage` (the questionnaire form with its CSRF token), pages per second.
  - the daily check-in form (`POST /people/{person}/checkin`, SQLite, accounts
    on, each signed-in patient posting their own; every post stores the check-in
    and re-assesses the day), check-ins per second (target ≥ 200/s);
  - the clinician's patient list (`GET /clinic`) with 500 patients, each with a
    stored assessment and check-ins: the median of several renders (target
    < 300 ms).
Peer: `GET /api/health`, the floor any request through the app pays.

    .venv/bin/python benchmarks/web_speed.py [--requests 2000] [--threads 8] [--patients 500]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import statistics
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
from tests.factories import case_document
from tests.web.browser import free_port, wait_until_up
from tests.web.forms import self_manage_answers

from heelraise.app.accounts import add_user, assign_patient
from heelraise.app.journal import close_kept, keep_open
from heelraise.app.onboarding import init_from_case
from heelraise.app.today import check_in


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


PASSWORD = "benchmark password"


def clinic_journal(url: str, patients: int) -> None:
    """`patients` people under one clinician, each triaged with two weeks of check-ins."""
    keep_open(url)
    today = dt.date.today()
    case = case_document(as_of=(today - dt.timedelta(days=14)).isoformat())
    case["symptoms"]["started"] = (today - dt.timedelta(days=60)).isoformat()
    add_user(url, "dr", "clinician", PASSWORD)
    for index in range(patients):
        name = f"p{index:03d}"
        init_from_case(url, name, orjson.dumps(case))
        for back in range(14, 0, -1 if index % 5 else -7):
            day = (today - dt.timedelta(days=back)).isoformat()
            fields = {"date": day, "morning_stiffness_0_10": 2 + index % 4, "pain_walking_0_10": 1}
            check_in(url, name, fields)
        if index < 8:
            add_user(url, f"login-{name}", "patient", PASSWORD, person=name, clinician="dr")
        else:
            assign_patient(url, "dr", name)
    close_kept(url)


def signed_in(url: str, name: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=30)
    page = client.get("/login").text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    data = {"name": name, "password": PASSWORD, "csrf_token": found.group(1)}
    assert client.post("/login", data=data).status_code == 303
    return client


def checkin_rate(url: str, count: int, threads: int) -> float:
    """Check-in form posts per second, each thread a signed-in patient posting their own."""
    clients = [signed_in(url, f"login-p{index:03d}") for index in range(threads)]
    tokens = []
    for client in clients:
        found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/triage").text)
        assert found is not None
        tokens.append(found.group(1))
    today = dt.date.today()

    def post(i: int) -> None:
        slot = i % threads
        form = {
            "csrf_token": tokens[slot],
            "date": (today - dt.timedelta(days=i // threads % 7)).isoformat(),
            "morning_stiffness_0_10": str(i % 5),
            "pain_walking_0_10": "1",
            "pain_during_0_10": "2",
            "pain_after_0_10": "2",
            "settled_by_next_morning": "yes",
            "exercised": "yes",
            "replace": "yes",
        }
        response = clients[slot].post(f"/people/p{slot:03d}/checkin", data=form)
        assert response.status_code == 303, response.status_code

    try:
        post(0)
        started = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(post, range(count)))
        return count / (time.perf_counter() - started)
    finally:
        for client in clients:
            client.close()


def dashboard_times(url: str, runs: int) -> tuple[list[float], int]:
    """Seconds per `GET /clinic` for the signed-in clinician, and the patients listed."""
    client = signed_in(url, "dr")
    try:
        page = client.get("/clinic").text  # warm up
        listed = page.count('<tr class="patient')
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get("/clinic").raise_for_status()
            times.append(time.perf_counter() - started)
    finally:
        client.close()
    return times, listed


def journal_figures(args: argparse.Namespace) -> tuple[float, list[float], int]:
    with tempfile.TemporaryDirectory() as home:
        url = f"sqlite:///{Path(home) / 'clinic.sqlite3'}"
        started = time.perf_counter()
        clinic_journal(url, args.patients)
        print(f"(set up {args.patients} patients in {time.perf_counter() - started:.0f} s)")
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "heelraise", "serve", "--port", str(port), "--db", url,
             "--accounts"],
            env={**os.environ, "HEELRAISE_HOME": home},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base, server)
            times, listed = dashboard_times(base, args.runs)
            checkins = checkin_rate(base, args.checkins, args.threads)
        finally:
            server.terminate()
            server.wait(timeout=10)
    return checkins, times, listed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--patients", type=int, default=500)
    parser.add_argument("--checkins", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--journal-only", action="store_true")
    args = parser.parse_args()
    checkins, times, listed = journal_figures(args)
    median = statistics.median(times) * 1000
    print(f"POST /people/{{p}}/checkin {checkins:8.0f} check-ins/s (target ≥ 200, SQLite)")
    print(
        f"GET  /clinic ({listed} patients) median {median:.0f} ms of {len(times)} "
        f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}; target < 300 ms)"
    )
    if args.journal_only:
        return
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
