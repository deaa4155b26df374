"""Upload files through one of the web app's import routes, in a process of its own.

    python -m tests.upload_probe api|page DATABASE_URL FILE...

Starts the local app (no accounts) on the database, starts a journal for
`me` through the questionnaire, then uploads each file on its own through
`/api/people/me/import` (`api`) or `/training/upload` (`page`) with Starlette's
TestClient, and prints one JSON line: per file, the HTTP status and the
skipped sources with their reasons. `tests.memory_probe` measures the process.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import lxml.html
from fastapi.testclient import TestClient

from heelraise.web.app import create_app
from heelraise.web.settings import WebSettings
from tests.web.forms import self_manage_answers


def _token(client: TestClient, path: str) -> str:
    page = lxml.html.fromstring(client.get(path).text)
    return str(page.xpath("//input[@name='csrf_token']/@value")[0])


def upload(route: str, url: str, files: list[Path]) -> list[dict[str, object]]:
    client = TestClient(create_app(WebSettings(database_url=url)), base_url="http://127.0.0.1")
    answers = {**self_manage_answers(), "csrf_token": _token(client, "/triage")}
    assert client.post("/triage", data=answers).status_code == 200
    results: list[dict[str, object]] = []
    for path in files:
        sent = {"files": (path.name, path.read_bytes(), "application/octet-stream")}
        if route == "api":
            headers = {"x-csrf-token": _token(client, "/triage")}
            response = client.post("/api/people/me/import", files=sent, headers=headers)
            body = response.json()
            skipped = [f"{item['source']}: {item['reason']}" for item in body["skipped"]]
        else:
            data = {"csrf_token": _token(client, "/training")}
            response = client.post("/training/upload", data=data, files=sent)
            page = lxml.html.fromstring(response.text)
            items = page.xpath("//div[@class='import-report']//ul[@class='problems']/li")
            skipped = [" ".join(item.text_content().split()).removesuffix(".") for item in items]
        results.append({"file": path.name, "status": response.status_code, "skipped": skipped})
    return results


if __name__ == "__main__":
    print(json.dumps(upload(sys.argv[1], sys.argv[2], [Path(arg) for arg in sys.argv[3:]])))
