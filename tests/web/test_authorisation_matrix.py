"""The authorisation matrix, generated from the app's route table.

Every (method, path) the app answers must have a row in `MATRIX` giving the
expected status for each actor; a new route without a row fails
`test_every_route_is_in_the_matrix`. The actors sign in for real (argon2id
passwords, session cookies, session-bound CSRF tokens) on an app with
accounts on:

- `anonymous`: no session;
- `patient_a` (person `anna`) and `patient_b` (person `ben`);
- `clinician_of_a` (anna is their patient) and `other_clinician` (ben's, not anna's);
- `local`: the app on this machine without accounts (one person, no login).

Person pages and API routes are requested for anna. A patient opening
another patient's page gets 403 and nothing is written (every table's row
count is compared before and after).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select

from heelraise.app.accounts import add_user
from heelraise.app.activities import activities_with_ids
from heelraise.app.imports import import_paths
from heelraise.app.onboarding import init_from_case
from heelraise.store.models import Base
from heelraise.web.app import create_app
from heelraise.web.route_table import RouteEntry, route_table
from heelraise.web.settings import WebSettings
from tests.factories import case_document
from tests.web.conftest import csrf_token
from tests.web.forms import self_manage_answers

ACTORS = ("anonymous", "patient_a", "patient_b", "clinician_of_a", "other_clinician", "local")
PASSWORD = "correct horse battery"
LOGINS = {
    "patient_a": "anna",
    "patient_b": "ben",
    "clinician_of_a": "dr-a",
    "other_clinician": "dr-b",
}
A = "/people/anna"
API_A = "/api/people/anna"

Send = Callable[[TestClient], int]


def _token(client: TestClient) -> str:
    return csrf_token(client, "/triage")


def _get(path: str) -> Send:
    return lambda client: client.get(path, follow_redirects=False).status_code


def _form(path: str, **fields: str) -> Send:
    def send(client: TestClient) -> int:
        data = {**fields, "csrf_token": _token(client)}
        return client.post(path, data=data, follow_redirects=False).status_code

    return send


def _upload(path: str, header: bool = False) -> Send:
    def send(client: TestClient) -> int:
        token = _token(client)
        files = {"files": ("empty.csv", b"date,sport,distance_km\n", "text/csv")}
        headers = {"x-csrf-token": token} if header else {}
        data = {} if header else {"csrf_token": token}
        response = client.post(path, data=data, files=files, headers=headers)
        return response.status_code

    return send


def _json(path: str, body: bytes, content_type: str = "application/json") -> Send:
    def send(client: TestClient) -> int:
        headers = {"content-type": content_type, "x-csrf-token": _token(client)}
        return client.post(path, content=body, headers=headers).status_code

    return send


def _delete_annas_activity(client: TestClient) -> int:
    """Delete anna's oldest remaining activity (there are three in each journal)."""
    url = client.app.state.settings.database_url  # type: ignore[attr-defined]
    ids = sorted(number for number, _ in activities_with_ids(url, "anna"))
    data = {"csrf_token": _token(client)}
    path = f"/training/activities/{ids[0]}/delete"
    return client.post(path, data=data, follow_redirects=False).status_code


def _login(client: TestClient) -> int:
    data = {"name": "anna", "password": PASSWORD, "csrf_token": csrf_token(client, "/triage")}
    return client.post("/login", data=data, follow_redirects=False).status_code


def _all(status: int) -> dict[str, int]:
    return dict.fromkeys(ACTORS, status)


def _row(anonymous: int, a: int, b: int, ca: int, oc: int, local: int) -> dict[str, int]:
    return dict(zip(ACTORS, (anonymous, a, b, ca, oc, local), strict=True))


# Anna's pages and data: her, her clinician and the local user; not ben, not dr-b.
ANNA_PAGE = _row(303, 200, 403, 200, 403, 200)
ANNA_API = _row(401, 200, 403, 200, 403, 200)
ANNA_FORM = _row(401, 303, 403, 303, 403, 303)
ANNA_API_WRITE = _row(401, 201, 403, 201, 403, 201)
# One's own pages (`/training`): a patient's own person, the local person; clinicians have none.
OWN_PAGE = _row(303, 200, 200, 403, 403, 200)
OWN_API = _row(401, 200, 200, 403, 403, 200)
# The athlete's own record (the calendar link): anna and the local person; no clinician.
SELF_PAGE = _row(303, 200, 403, 403, 403, 200)
CHECKIN = orjson.dumps({"morning_stiffness_0_10": 2, "pain_walking_0_10": 1})
TEST = orjson.dumps({"kind": "hop", "pain_0_10": 2, "flare_24h": False})

# (method, path) → (how to send a valid request, expected status per actor)
MATRIX: dict[tuple[str, str], tuple[Send, dict[str, int]]] = {
    ("GET", "/"): (_get("/"), _all(200)),
    ("GET", "/login"): (_get("/login"), _row(200, 200, 200, 200, 200, 303)),
    ("POST", "/login"): (_login, _all(303)),
    ("POST", "/logout"): (_form("/logout"), _all(303)),
    # Every login its own password (no accounts: none, back to the start). The change keeps
    # the same password, so the module's logins still sign in.
    ("GET", "/account/password"): (_get("/account/password"), _row(303, 200, 200, 200, 200, 303)),
    ("POST", "/account/password"): (
        _form(
            "/account/password",
            current_password=PASSWORD,
            new_password=PASSWORD,
            new_password_again=PASSWORD,
        ),
        _row(401, 303, 303, 303, 303, 303),
    ),
    ("GET", "/today"): (_get("/today"), _all(303)),
    ("GET", "/triage"): (_get("/triage"), _all(200)),
    ("POST", "/triage"): (_form("/triage", **self_manage_answers()), _all(200)),
    ("POST", "/triage/check"): (_form("/triage/check", **{"symptoms.pop": "yes"}), _all(200)),
    ("GET", "/referrals"): (_get("/referrals"), _all(200)),
    ("GET", "/case"): (_get("/case"), _all(200)),
    ("POST", "/case"): (_form("/case", case=orjson.dumps(case_document()).decode()), _all(200)),
    ("GET", "/training"): (_get("/training"), OWN_PAGE),
    ("POST", "/training/upload"): (_upload("/training/upload"), _row(401, 200, 200, 403, 403, 200)),
    # Only one's own activity: another patient's is not among theirs (404, nothing deleted).
    ("POST", "/training/activities/{activity_id}/delete"): (
        _delete_annas_activity,
        _row(401, 303, 404, 403, 403, 303),
    ),
    ("GET", "/tests/heel-rise"): (_get("/tests/heel-rise"), _all(200)),
    ("POST", "/tests/heel-rise"): (
        _form("/tests/heel-rise", affected_reps="18", other_reps="25"),
        _all(200),
    ),
    ("GET", "/clinic"): (_get("/clinic"), _row(303, 403, 403, 200, 200, 200)),
    ("GET", "/people/{person}/today"): (_get(f"{A}/today"), ANNA_PAGE),
    ("GET", "/people/{person}/checkin"): (_get(f"{A}/checkin"), ANNA_PAGE),
    ("POST", "/people/{person}/checkin"): (
        _form(
            f"{A}/checkin",
            morning_stiffness_0_10="2",
            pain_walking_0_10="1",
            exercised="yes",
            replace="yes",
        ),
        ANNA_FORM,
    ),
    ("GET", "/people/{person}/tests"): (_get(f"{A}/tests"), ANNA_PAGE),
    ("POST", "/people/{person}/tests/hop"): (
        _form(f"{A}/tests/hop", pain_0_10="2", flare_24h="no"),
        ANNA_FORM,
    ),
    ("POST", "/people/{person}/tests/visa-a"): (
        _form(
            f"{A}/tests/visa-a",
            q1="7",
            q2="8",
            q3="6",
            q4="7",
            q5="6",
            q6="5",
            q7="4",
            q8_branch="q8b",
            q8_duration="2",
        ),
        ANNA_FORM,
    ),
    ("POST", "/people/{person}/tests/heel-rise"): (
        _form(f"{A}/tests/heel-rise", affected_reps="20", other_reps="25"),
        ANNA_FORM,
    ),
    ("GET", "/people/{person}/progress"): (_get(f"{A}/progress"), ANNA_PAGE),
    ("GET", "/people/{person}/training"): (_get(f"{A}/training"), ANNA_PAGE),
    ("GET", "/people/{person}/timeline"): (_get(f"{A}/timeline"), ANNA_PAGE),
    ("POST", "/api/assess"): (_json("/api/assess", orjson.dumps(case_document())), _all(200)),
    ("POST", "/api/assess/batch"): (
        _json("/api/assess/batch", orjson.dumps(case_document()), "application/x-ndjson"),
        _all(200),
    ),
    ("POST", "/api/plan.ics"): (_json("/api/plan.ics", orjson.dumps(case_document())), _all(200)),
    ("GET", "/api/referrals"): (_get("/api/referrals"), _all(200)),
    ("GET", "/api/activities"): (_get("/api/activities"), OWN_API),
    ("GET", "/api/health"): (_get("/api/health"), _all(200)),
    ("GET", "/api/session"): (_get("/api/session"), _row(401, 200, 200, 200, 200, 200)),
    ("GET", "/api/people"): (_get("/api/people"), _row(401, 200, 200, 200, 200, 200)),
    ("GET", "/api/people/{person}/checkins"): (_get(f"{API_A}/checkins"), ANNA_API),
    ("POST", "/api/people/{person}/checkins"): (
        _json(f"{API_A}/checkins?replace=true", CHECKIN),
        ANNA_API_WRITE,
    ),
    ("GET", "/api/people/{person}/tests"): (_get(f"{API_A}/tests"), ANNA_API),
    ("POST", "/api/people/{person}/tests"): (_json(f"{API_A}/tests", TEST), ANNA_API_WRITE),
    ("GET", "/api/people/{person}/status"): (_get(f"{API_A}/status"), ANNA_API),
    ("GET", "/api/people/{person}/plan"): (_get(f"{API_A}/plan"), ANNA_API),
    ("POST", "/api/people/{person}/import"): (_upload(f"{API_A}/import", header=True), ANNA_API),
    # What anna brings to her physio: hers and her clinician's, no one else's.
    ("GET", "/api/people/{person}/report.pdf"): (_get(f"{API_A}/report.pdf"), ANNA_API),
    ("GET", "/api/people/{person}/fhir"): (_get(f"{API_A}/fhir"), ANNA_API),
    ("GET", "/openapi.json"): (_get("/openapi.json"), _all(200)),
    ("GET", "/static/{path}"): (_get("/static/heelraise.css"), _all(200)),
    # Issue 13: exercise drawings (knowledge/illustrations), the calendar feed, the manifest.
    ("GET", "/static/exercises/{path}"): (_get("/static/exercises/skipping.svg"), _all(200)),
    ("GET", "/manifest.webmanifest"): (_get("/manifest.webmanifest"), _all(200)),
    # The feed answers a wrong token with 404 whoever asks; the link page is the athlete's own.
    ("GET", "/calendar/{token}.ics"): (_get(f"/calendar/{'A' * 43}.ics"), _all(404)),
    ("GET", "/people/{person}/calendar"): (_get(f"{A}/calendar"), SELF_PAGE),
    ("POST", "/people/{person}/calendar"): (
        _form(f"{A}/calendar", checkin_at="08:00", session_at="17:30"),
        _row(401, 200, 403, 403, 403, 200),
    ),
    ("POST", "/people/{person}/calendar/revoke"): (
        _form(f"{A}/calendar/revoke"),
        _row(401, 303, 403, 403, 403, 303),
    ),
}


@dataclass(frozen=True)
class Apps:
    clinic: FastAPI
    clinic_url: str
    local: FastAPI
    local_url: str


def _set_up(url: str, *, accounts: bool, folder: Path) -> FastAPI:
    app = create_app(WebSettings(database_url=url, accounts=accounts))
    init_from_case(url, "anna", orjson.dumps(case_document()))
    runs = folder / f"runs-{accounts}.csv"
    runs.write_text(
        "date,sport,distance_km,duration_min\n"
        "2026-11-01,run,5,30\n2026-11-03,run,6,36\n2026-11-05,run,7,42\n"
    )
    assert import_paths([runs], url, "anna").imported == 3
    if accounts:
        add_user(url, "dr-a", "clinician", PASSWORD)
        add_user(url, "dr-b", "clinician", PASSWORD)
        add_user(url, "anna", "patient", PASSWORD, person="anna", clinician="dr-a")
        add_user(url, "ben", "patient", PASSWORD, person="ben", clinician="dr-b")
    return app


@pytest.fixture(scope="module")
def apps(tmp_path_factory: pytest.TempPathFactory) -> Apps:
    folder = tmp_path_factory.mktemp("matrix")
    clinic_url = f"sqlite:///{folder / 'clinic.sqlite3'}"
    local_url = f"sqlite:///{folder / 'local.sqlite3'}"
    return Apps(
        _set_up(clinic_url, accounts=True, folder=folder),
        clinic_url,
        _set_up(local_url, accounts=False, folder=folder),
        local_url,
    )


def client_as(actor: str, apps: Apps) -> TestClient:
    """A client acting as `actor`: signed in through the login form, for the four logins."""
    app = apps.local if actor == "local" else apps.clinic
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    if actor in LOGINS:
        data = {
            "name": LOGINS[actor],
            "password": PASSWORD,
            "csrf_token": csrf_token(client, "/login"),
        }
        response = client.post("/login", data=data, follow_redirects=False)
        assert response.status_code == 303, response.text
    return client


def row_counts(url: str) -> dict[str, int]:
    """Rows in every table of the schema."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def test_every_route_is_in_the_matrix(apps: Apps) -> None:
    routes = {(entry.method, entry.path) for entry in route_table(apps.clinic.routes)}
    missing = sorted(routes - set(MATRIX))
    assert not missing, f"routes with no row in the authorisation matrix: {missing}"
    stale = sorted(set(MATRIX) - routes)
    assert not stale, f"matrix rows for routes that no longer exist: {stale}"


def test_every_row_names_every_actor() -> None:
    for key, (_send, expected) in MATRIX.items():
        assert set(expected) == set(ACTORS), key


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("key", sorted(MATRIX), ids=lambda key: f"{key[0]} {key[1]}")
def test_status_per_actor(apps: Apps, key: tuple[str, str], actor: str) -> None:
    send, expected = MATRIX[key]
    assert send(client_as(actor, apps)) == expected[actor]


FORBIDDEN_WRITES = sorted(
    key
    for key, (_send, expected) in MATRIX.items()
    if key[0] == "POST" and expected["patient_b"] in (403, 404)
)


@pytest.mark.parametrize("key", FORBIDDEN_WRITES, ids=lambda key: f"{key[0]} {key[1]}")
def test_a_patient_cannot_write_to_another_patients_record(
    apps: Apps, key: tuple[str, str]
) -> None:
    client = client_as("patient_b", apps)
    before = row_counts(apps.clinic_url)
    send, expected = MATRIX[key]
    assert send(client) == expected["patient_b"]
    assert row_counts(apps.clinic_url) == before


def test_a_patient_cannot_open_another_patients_page(apps: Apps) -> None:
    client = client_as("patient_b", apps)
    before = row_counts(apps.clinic_url)
    for page in ("today", "checkin", "progress", "timeline", "training", "tests"):
        response = client.get(f"{A}/{page}")
        assert response.status_code == 403, page
        assert "anna" not in response.text.split("</header>", 1)[-1].lower(), page
    assert row_counts(apps.clinic_url) == before


def test_a_clinician_sees_only_their_own_patients(apps: Apps) -> None:
    names = client_as("clinician_of_a", apps).get("/api/people").json()["people"]
    assert names == ["anna"]
    assert client_as("other_clinician", apps).get("/api/people").json()["people"] == ["ben"]


def test_route_table_flattens_included_routers(apps: Apps) -> None:
    table = route_table(apps.clinic.routes)
    assert RouteEntry("POST", "/api/assess") in table
    assert all(entry.method != "HEAD" for entry in table)
