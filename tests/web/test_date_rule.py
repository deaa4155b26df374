"""The one date rule (`contract/dates.py`) on every route and command: far dates give
422 / exit 2 naming the field, before anything is written; a write whose assessment
fails stores nothing (no row behind a 5xx)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from heelraise.app import status as status_module
from heelraise.app.onboarding import init_from_case
from heelraise.app.today import add_test
from heelraise.contract.dates import AS_OF_AHEAD, EARLIEST
from heelraise.web.settings import WebSettings
from tests.factories import case_document

TODAY = dt.date.today()
JSON = {"content-type": "application/json"}


def _db(settings: WebSettings) -> Path:
    assert settings.database_url is not None
    return Path(settings.database_url.removeprefix("sqlite:///"))


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("checkins", "tests", "assessments", "stage_history", "episodes")
        }


def _journal(settings: WebSettings, tmp_path: Path) -> None:
    """A journal for `me`, started a week ago from a case dated today."""
    document = case_document(as_of=TODAY.isoformat())
    document["symptoms"]["started"] = (TODAY - dt.timedelta(days=40)).isoformat()
    case = tmp_path / "case.json"
    case.write_bytes(orjson.dumps(document))
    init_from_case(settings.database_url, "me", case.read_bytes())


def _problems(response: Any) -> dict[str, str]:
    error = response.json()["error"]
    return {problem["field"]: problem["message"] for problem in error["problems"]}


@pytest.mark.parametrize(
    "day",
    ["9999-12-31", (TODAY + dt.timedelta(days=1)).isoformat(), "1899-12-31", "0001-01-01"],
)
def test_a_far_dated_test_is_refused_and_stores_nothing(
    client: TestClient, settings: WebSettings, tmp_path: Path, day: str
) -> None:
    _journal(settings, tmp_path)
    before = _counts(_db(settings))
    body = {"date": day, "kind": "hop", "pain_0_10": 2, "flare_24h": False}
    response = client.post("/api/people/me/tests", content=orjson.dumps(body), headers=JSON)
    assert response.status_code == 422, response.text
    assert "date" in _problems(response)
    assert _counts(_db(settings)) == before


@pytest.mark.parametrize(
    "day", ["0001-01-01", "2030-01-01", "9999-12-31", (TODAY + dt.timedelta(days=1)).isoformat()]
)
def test_a_far_dated_checkin_is_refused_and_stores_nothing(
    client: TestClient, settings: WebSettings, tmp_path: Path, day: str
) -> None:
    _journal(settings, tmp_path)
    before = _counts(_db(settings))
    body = {"date": day, "morning_stiffness_0_10": 2, "pain_walking_0_10": 1}
    response = client.post("/api/people/me/checkins", content=orjson.dumps(body), headers=JSON)
    assert response.status_code == 422, response.text
    message = _problems(response)["date"]
    assert day in message
    assert _counts(_db(settings)) == before


def test_todays_checkin_and_a_1900_one_are_taken(
    client: TestClient, settings: WebSettings, tmp_path: Path
) -> None:
    _journal(settings, tmp_path)
    for day in (TODAY.isoformat(), EARLIEST.isoformat()):
        body = {"date": day, "morning_stiffness_0_10": 2.0, "pain_walking_0_10": 1}
        response = client.post("/api/people/me/checkins", content=orjson.dumps(body), headers=JSON)
        assert response.status_code == 201, response.text


@pytest.mark.parametrize("path", ["/api/assess", "/api/plan.ics"])
@pytest.mark.parametrize("as_of", ["9999-12-31", "1899-12-31"])
def test_far_as_of_is_a_422_not_a_traceback(client: TestClient, path: str, as_of: str) -> None:
    document = case_document(as_of=as_of)
    document["symptoms"].pop("started", None)
    response = client.post(path, content=orjson.dumps(document), headers=JSON)
    assert response.status_code == 422, response.text
    assert "as_of" in _problems(response)


def test_as_of_up_to_a_year_ahead_is_assessed(client: TestClient) -> None:
    latest = TODAY + AS_OF_AHEAD
    for as_of, status in ((latest, 200), (latest + dt.timedelta(days=1), 422)):
        document = case_document(as_of=as_of.isoformat())
        response = client.post("/api/assess", content=orjson.dumps(document), headers=JSON)
        assert response.status_code == status, response.text


def test_the_web_checkin_form_refuses_a_future_day(
    client: TestClient, settings: WebSettings, tmp_path: Path
) -> None:
    from tests.web.conftest import csrf_token

    _journal(settings, tmp_path)
    before = _counts(_db(settings))
    token = csrf_token(client, "/people/me/checkin")
    form = {
        "csrf_token": token,
        "date": (TODAY + dt.timedelta(days=45)).isoformat(),
        "morning_stiffness_0_10": "2",
        "pain_walking_0_10": "1",
        "pain_during_0_10": "2",
        "pain_after_0_10": "2",
        "settled_by_next_morning": "yes",
        "exercised": "yes",
    }
    response = client.post("/people/me/checkin", data=form)
    assert response.status_code == 422
    assert "is after today" in response.text
    assert _counts(_db(settings)) == before


def test_a_write_whose_assessment_fails_stores_nothing(
    settings: WebSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The class of the 9999 bug: a test stored, then its day's assessment raising. The
    write and the assessment are one transaction, so the test goes too."""
    _journal(settings, tmp_path)
    before = _counts(_db(settings))

    def broken(*_args: object) -> Any:
        raise OverflowError("date value out of range")

    monkeypatch.setattr(status_module, "stage_advance", broken)
    with pytest.raises(OverflowError):
        add_test(settings.database_url, "me", {"kind": "hop", "pain_0_10": 2, "flare_24h": False})
    assert _counts(_db(settings)) == before


def _cli(*args: str) -> tuple[int, str]:
    """`heelraise ARGS` in its own process (exit status and stderr as a person sees them)."""
    done = subprocess.run(
        [sys.executable, "-m", "heelraise", *args], capture_output=True, text=True, check=False
    )
    assert "Traceback" not in done.stderr
    return done.returncode, done.stdout + done.stderr


def test_the_cli_refuses_far_dates_with_exit_2(tmp_path: Path) -> None:
    document = case_document(as_of="9999-12-31")
    case = tmp_path / "far.json"
    case.write_bytes(orjson.dumps(document))
    code, output = _cli("assess", str(case))
    assert (code, "as_of: 9999-12-31 is more than a year after today" in output) == (2, True)
    code, output = _cli("plan", str(case), "--ics", str(tmp_path / "plan.ics"))
    assert code == 2
    assert not (tmp_path / "plan.ics").exists()
    code, output = _cli("init", "--from-case", str(case))
    assert code == 2

    today_case = tmp_path / "today.json"
    today_case.write_bytes(orjson.dumps(case_document(as_of=TODAY.isoformat())))
    assert _cli("init", "--from-case", str(today_case))[0] == 0
    later = (TODAY + dt.timedelta(days=46)).isoformat()
    code, output = _cli(
        "checkin", "--date", later, "--morning-stiffness", "2", "--pain-walking", "1"
    )
    assert (code, f"--date: {later} is after today" in output) == (2, True), output
    code, output = _cli("test", "hop", "--date", "0001-01-01", "--pain", "2", "--no-flare")
    assert (code, "--date: 0001-01-01 is before 1900-01-01" in output) == (2, True), output
    code, output = _cli("status", "--as-of", "9999-12-31")
    assert (code, "--as-of: 9999-12-31 is more than a year after today" in output) == (2, True)
    code, output = _cli("history")
    assert code == 0
    assert later not in output
