"""Every page a patient reads, in every state an action leaves it in, read as they first
see it (closed disclosures shut): no rule id or field path (`decision.start`,
`symptoms.onset`), no snake_case identifier, no Python repr. The questionnaire, its
result (self-management, a clinician, urgent), Today (the plan, the day after a bad
check-in, get help, urgent), the check-in and its answers and errors, tests, progress,
training and uploads (an unknown file, a broken one), the heel-rise test, where to get
help, signing in and changing the password, and an error page. The same walk runs in
Chromium at two widths (tests/web/test_browser_companion.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from heelraise.app.accounts import add_user
from heelraise.app.journal import today
from heelraise.app.onboarding import init_from_case
from heelraise.app.today import check_in
from heelraise.web.app import create_app
from heelraise.web.settings import WebSettings
from tests.conftest import CASES, load_vignette
from tests.factories import shifted_to
from tests.plain_words import first_reading, patient_page_problems
from tests.web.accounts import PASSWORD, sign_in
from tests.web.conftest import csrf_token
from tests.web.forms import self_manage_answers

ME = "/people/me"
VIGNETTE = "rtr-not-ready-weak-calf"
BAD_DAY = {
    "morning_stiffness_0_10": "4",
    "pain_walking_0_10": "3",
    "pain_during_0_10": "8",
    "pain_after_0_10": "8",
    "settled_by_next_morning": "no",
    "exercised": "yes",
}


def stage_two_journal(url: str, person: str = "me") -> None:
    """The vignette's journal as of yesterday (`init --from-case`), its check-ins entered."""
    document, _ = load_vignette(CASES / f"{VIGNETTE}.json")
    document = shifted_to(document, today() - dt.timedelta(days=1))
    init_from_case(url, person, orjson.dumps(document))
    for item in document["checkins"]:
        check_in(url, person, item, replace=True)


@pytest.fixture
def journal_client(settings: WebSettings, client: TestClient) -> TestClient:
    stage_two_journal(str(settings.database_url))
    return client


class Walk:
    """Reads pages and collects what a patient should not meet on them."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.problems: dict[str, list[str]] = {}

    def read(self, label: str, html: str) -> str:
        found = patient_page_problems(html)
        if found:
            self.problems[label] = found
        return first_reading(html)

    def get(self, path: str, label: str | None = None) -> str:
        response = self.client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        return self.read(label or path, response.text)

    def post(self, path: str, label: str, data: dict[str, str], **options: object) -> str:
        form = {**data, "csrf_token": csrf_token(self.client, "/triage")}
        response = self.client.post(path, data=form, **options)  # type: ignore[arg-type]
        assert response.status_code < 500, (label, response.status_code)
        return self.read(label, response.text)


def test_every_patient_page_reads_in_plain_words(journal_client: TestClient) -> None:
    walk = Walk(journal_client)
    for path in ("/", "/triage", f"{ME}/today", f"{ME}/checkin", f"{ME}/tests"):
        walk.get(path)
    for path in (f"{ME}/progress", f"{ME}/training", f"{ME}/timeline", "/training"):
        walk.get(path)
    for path in ("/tests/heel-rise", "/referrals", "/no-such-page"):
        walk.get(path)
    # The questionnaire: an answer out of range and a start after today name the question.
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    bad = self_manage_answers(pain_0_10=14, started=tomorrow)
    shown = walk.post("/triage", "questionnaire with problems", bad)
    assert "Worst pain in everyday activity over the last week" in shown
    # A check-in: out of range, saved (without JavaScript: Today says so), again (asks),
    # with htmx (answered in place), and Today after a bad day.
    walk.post(f"{ME}/checkin", "check-in out of range", {**BAD_DAY, "pain_walking_0_10": "14"})
    shown = walk.post(f"{ME}/checkin", "check-in saved", BAD_DAY)
    assert "Your check-in for " in shown and " is saved." in shown
    walk.post(f"{ME}/checkin", "check-in already saved", BAD_DAY)
    walk.post(
        f"{ME}/checkin",
        "check-in replaced (htmx)",
        {**BAD_DAY, "replace": "yes"},
        headers={"hx-request": "true"},
    )
    shown = walk.get(f"{ME}/today", "Today after a bad check-in")
    assert "Ease off today" in shown or "Keep going" in shown
    # Tests: a VISA-A without item 8, a hop test saved (named on the progress page).
    walk.post(f"{ME}/tests/visa-a", "VISA-A incomplete", {"q1": "5"})
    shown = walk.post(f"{ME}/tests/hop", "hop saved", {"pain_0_10": "2", "flare_24h": "no"})
    assert "Your hop test is saved: pain 2 out of 10 while hopping." in shown
    shown = walk.post(
        f"{ME}/tests/heel-rise", "heel rise saved", {"affected_reps": "20", "other_reps": "25"}
    )
    assert "Your heel-rise test is saved" in shown
    walk.post("/tests/heel-rise", "heel-rise result", {"affected_reps": "20", "other_reps": "25"})
    # Uploads: a file that is no activity, a broken one, a CSV of runs.
    runs = b"date,sport,distance_km,duration_min\n2026-11-01,run,5,30\n"
    for label, name, data in (
        ("upload of a text file", "notes.txt", b"hello"),
        ("upload of an empty FIT file", "empty.fit", b""),
        ("upload of runs", "runs.csv", runs),
        ("upload of an unknown CSV", "other.csv", b"x,y\n1,2\n"),
    ):
        token = csrf_token(journal_client, "/training")
        response = journal_client.post(
            "/training/upload", data={"csrf_token": token}, files={"files": (name, data)}
        )
        walk.read(label, response.text)
    # The questions again: as before (the result page), another site (a clinician first),
    # then a pop (urgent).
    walk.post("/triage", "result: self-management", self_manage_answers())
    walk.post("/triage", "result: see a clinician", self_manage_answers(site="unsure"))
    walk.get(f"{ME}/today", "Today: get help")
    walk.post("/triage", "result: urgent", self_manage_answers(pop=True))
    walk.get(f"{ME}/today", "Today: urgent")
    assert walk.problems == {}


def test_the_upload_report_says_what_happened_in_words(journal_client: TestClient) -> None:
    token = csrf_token(journal_client, "/training")

    def upload(*files: tuple[str, bytes]) -> str:
        response = journal_client.post(
            "/training/upload",
            data={"csrf_token": token},
            files=[("files", item) for item in files],
        )
        return first_reading(response.text)

    assert (
        "That file is not an activity file heelraise can read: .txt. Try a .fit, .gpx, .tcx "
        "or .csv file, or a Garmin or Strava export .zip." in upload(("notes.txt", b"hello"))
    )
    both = upload(("0000-empty.fit", b""), ("notes.txt", b"x"))
    assert "Nothing was imported." in both
    assert "0000-empty.fit: the file is empty." in both  # the person's own name, kept
    assert "notes.txt: not an activity file heelraise can read (.txt)." in both
    runs = b"date,sport,distance_km,duration_min\n2026-11-01,run,5,30\n"
    assert "Imported 1 activity." in upload(("runs.csv", runs))
    assert "Nothing new: 1 activity was already there." in upload(("runs.csv", runs))


@pytest.fixture
def clinic(tmp_path: Path) -> FastAPI:
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    stage_two_journal(url, "kim")
    add_user(url, "dr-a", "clinician", PASSWORD)
    add_user(url, "kim", "patient", PASSWORD, clinician="dr-a")
    return create_app(WebSettings(database_url=url, accounts=True))


def test_signing_in_and_the_account_pages_read_in_plain_words(clinic: FastAPI) -> None:
    anonymous = TestClient(clinic, base_url="http://127.0.0.1:8000")
    walk = Walk(anonymous)
    walk.get("/login")
    token = csrf_token(anonymous, "/login")
    response = anonymous.post("/login", data={"name": "kim", "password": "no", "csrf_token": token})
    walk.read("sign-in refused", response.text)
    patient = sign_in(clinic, "kim")
    walk = Walk(patient)
    for path in ("/today", "/people/kim/today", "/account/password", "/people/kim/checkin"):
        walk.get(path)
    token = csrf_token(patient, "/account/password")
    response = patient.post(
        "/account/password",
        data={
            "current_password": "wrong",
            "new_password": "short",
            "new_password_again": "other",
            "csrf_token": token,
        },
    )
    walk.read("password problems", response.text)
    assert walk.problems == {}


@pytest.mark.parametrize(
    "text",
    [
        "checkins_since_change 0 stiffness_this_week no data",
        "Rule decision.start · source silbernagel-2020",
        "Not answered: symptoms.onset, symptoms.pop",
        "symptoms.started: 2026-12-10 is after as_of (2026-12-05)",
        "triage.severe_pain",
    ],
)
def test_the_checker_finds_what_the_issue_found(text: str) -> None:
    assert patient_page_problems(f"<html><body><main><p>{text}</p></main></body></html>")


def test_the_checker_passes_file_names_addresses_and_closed_disclosures() -> None:
    page = (
        "<html><body><p>runs.csv: the file is empty; see https://111.nhs.uk, e.g. today.</p>"
        "<details><summary>Why?</summary><p>Rule <code>decision.start</code></p></details>"
        "</body></html>"
    )
    assert patient_page_problems(page) == []
    assert patient_page_problems(page.replace("<details>", "<details open>"))
