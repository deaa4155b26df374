"""The authorisation matrix, generated from the app's route table.

Every (method, path) the app answers must have a row in `MATRIX` giving the
expected status for each actor; a new route without a row fails
`test_every_route_is_in_the_matrix`. Today the app runs in single-user mode
on localhost (no accounts), so the one actor is `anonymous`. When accounts land
with the journal, add the other four actors to `ACTORS` and a column to every
row: patient A, patient B, A's clinician and another clinician.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from heelraise.web.route_table import RouteEntry, route_table
from heelraise.web.settings import WebSettings
from tests.factories import case_document
from tests.web.conftest import csrf_token
from tests.web.forms import self_manage_answers

# Single-user mode: one person on this machine, no login.
ACTORS = ("anonymous",)
# Later: ("anonymous", "patient_a", "patient_b", "clinician_of_a", "other_clinician")

Send = Callable[[TestClient], int]


def _get(path: str) -> Send:
    return lambda client: client.get(path).status_code


def _form(path: str, **fields: str) -> Send:
    def send(client: TestClient) -> int:
        return client.post(path, data={**fields, "csrf_token": csrf_token(client)}).status_code

    return send


def _upload(client: TestClient) -> int:
    token = csrf_token(client, "/training")
    files = {"files": ("empty.csv", b"date,sport,distance_km\n", "text/csv")}
    return client.post("/training/upload", data={"csrf_token": token}, files=files).status_code


def _assess(client: TestClient) -> int:
    body = orjson.dumps(case_document())
    headers = {"content-type": "application/json"}
    return client.post("/api/assess", content=body, headers=headers).status_code


def _json(path: str, body: bytes, content_type: str = "application/json") -> Send:
    return lambda client: (
        client.post(path, content=body, headers={"content-type": content_type}).status_code
    )


# (method, path) → (how to send a valid request, expected status per actor)
MATRIX: dict[tuple[str, str], tuple[Send, dict[str, int]]] = {
    ("GET", "/"): (_get("/"), {"anonymous": 200}),
    ("GET", "/triage"): (_get("/triage"), {"anonymous": 200}),
    ("POST", "/triage"): (_form("/triage", **self_manage_answers()), {"anonymous": 200}),
    ("POST", "/triage/check"): (
        _form("/triage/check", **{"symptoms.pop": "yes"}),
        {"anonymous": 200},
    ),
    ("GET", "/referrals"): (_get("/referrals"), {"anonymous": 200}),
    ("GET", "/case"): (_get("/case"), {"anonymous": 200}),
    ("POST", "/case"): (
        _form("/case", case=orjson.dumps(case_document()).decode()),
        {"anonymous": 200},
    ),
    ("GET", "/training"): (_get("/training"), {"anonymous": 200}),
    ("POST", "/training/upload"): (_upload, {"anonymous": 200}),
    ("GET", "/tests/heel-rise"): (_get("/tests/heel-rise"), {"anonymous": 200}),
    ("POST", "/tests/heel-rise"): (
        _form("/tests/heel-rise", affected_reps="18", other_reps="25"),
        {"anonymous": 200},
    ),
    ("POST", "/api/assess"): (_assess, {"anonymous": 200}),
    ("POST", "/api/assess/batch"): (
        _json("/api/assess/batch", orjson.dumps(case_document()), "application/x-ndjson"),
        {"anonymous": 200},
    ),
    ("POST", "/api/plan.ics"): (
        _json("/api/plan.ics", orjson.dumps(case_document())),
        {"anonymous": 200},
    ),
    ("GET", "/api/referrals"): (_get("/api/referrals"), {"anonymous": 200}),
    ("GET", "/api/activities"): (_get("/api/activities"), {"anonymous": 200}),
    ("GET", "/api/health"): (_get("/api/health"), {"anonymous": 200}),
    ("GET", "/openapi.json"): (_get("/openapi.json"), {"anonymous": 200}),
    ("GET", "/static/{path}"): (_get("/static/heelraise.css"), {"anonymous": 200}),
}


def _app(tmp_path: Path) -> FastAPI:
    from heelraise.web.app import create_app

    return create_app(WebSettings(database_url=f"sqlite:///{tmp_path / 'matrix.sqlite3'}"))


def client_as(actor: str, app: FastAPI) -> TestClient:
    """A client acting as `actor` (single-user mode: everyone is the local person)."""
    if actor == "anonymous":
        return TestClient(app, base_url="http://127.0.0.1:8000")
    raise NotImplementedError(f"actor {actor} arrives with accounts")  # pragma: no cover


def test_every_route_is_in_the_matrix(tmp_path: Path) -> None:
    routes = {(entry.method, entry.path) for entry in route_table(_app(tmp_path).routes)}
    missing = sorted(routes - set(MATRIX))
    assert not missing, f"routes with no row in the authorisation matrix: {missing}"
    stale = sorted(set(MATRIX) - routes)
    assert not stale, f"matrix rows for routes that no longer exist: {stale}"


def test_every_row_names_every_actor() -> None:
    for key, (_send, expected) in MATRIX.items():
        assert set(expected) == set(ACTORS), key


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("key", sorted(MATRIX), ids=lambda key: f"{key[0]} {key[1]}")
def test_status_per_actor(tmp_path: Path, key: tuple[str, str], actor: str) -> None:
    send, expected = MATRIX[key]
    client = client_as(actor, _app(tmp_path))
    assert send(client) == expected[actor]


def test_route_table_flattens_included_routers(tmp_path: Path) -> None:
    table = route_table(_app(tmp_path).routes)
    assert RouteEntry("POST", "/api/assess") in table
    assert all(entry.method != "HEAD" for entry in table)
