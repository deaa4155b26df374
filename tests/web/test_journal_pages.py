"""The athlete's journal pages without accounts: onboarding, today, check-in, tests,
progress charts, the training view with the stored onset, and the timeline.
Every test runs on SQLite and on a fresh database on the PostgreSQL server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from heelraise.web.settings import WebSettings
from tests.web.conftest import csrf_token, parse, texts
from tests.web.forms import self_manage_answers

ME = "/people/me"
GOOD = {
    "morning_stiffness_0_10": "3",
    "pain_walking_0_10": "2",
    "pain_during_0_10": "2",
    "pain_after_0_10": "3",
    "settled_by_next_morning": "yes",
    "exercised": "yes",
}
VISA = {
    "q1": "7", "q2": "8", "q3": "6", "q4": "7", "q5": "6", "q6": "5", "q7": "4",
    "q8_branch": "q8b", "q8_duration": "2",
}  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> WebSettings:
    """The web app's settings on SQLite, and on an empty PostgreSQL database."""
    if request.param == "sqlite":
        return WebSettings(database_url=f"sqlite:///{tmp_path / 'web.sqlite3'}")
    return WebSettings(database_url=request.getfixturevalue("empty_postgres_url"))


def _start(client: TestClient) -> None:
    token = csrf_token(client)
    response = client.post("/triage", data={**self_manage_answers(), "csrf_token": token})
    assert response.status_code == 200
    assert texts(parse(response.text), "//p[@class='saved']")[0].startswith(
        "Your journal is started"
    )


def _post(client: TestClient, path: str, **fields: str) -> int:
    data = {**fields, "csrf_token": csrf_token(client)}
    return client.post(path, data=data, follow_redirects=False).status_code


def test_the_questionnaire_starts_the_journal_and_today_shows_the_plan(
    client: TestClient,
) -> None:
    assert client.get("/today", follow_redirects=False).headers["location"] == f"{ME}/today"
    empty = parse(client.get(f"{ME}/today").text)
    assert texts(empty, "//h1") == ["Today"]
    _start(client)
    page = parse(client.get(f"{ME}/today").text)
    assert texts(page, "//h1")[0].startswith("Today, ")
    # The day's answer and the check-in first; its rule and source behind "Why this answer?".
    assert texts(page, "//h2[@id='decision-h']") == [
        "Start today: the first session of your loading programme is below."
    ]
    assert page.xpath("//p[@class='checkin-action']/a[@href='/people/me/checkin']")
    assert page.xpath("//details[@id='why-today']//code[@class='rule']")
    assert page.xpath("//details[@id='why-today']//code[@class='source']")
    assert page.xpath("//section[contains(@class, 'todays-session')]//*[@data-exercise-id]")
    # A second run of the questionnaire does not start another journal: it updates this one.
    again = client.post("/triage", data={**self_manage_answers(), "csrf_token": csrf_token(client)})
    [saved] = texts(parse(again.text), "//p[@class='saved']")
    assert saved.startswith("Your journal now follows these answers")
    assert client.get("/api/people").json() == {"people": ["me"]}


def test_a_bad_checkin_names_the_field_and_stores_nothing(client: TestClient) -> None:
    _start(client)
    token = csrf_token(client)
    response = client.post(
        f"{ME}/checkin", data={**GOOD, "morning_stiffness_0_10": "14", "csrf_token": token}
    )
    assert response.status_code == 422
    errors = texts(parse(response.text), "//p[@id='err-morning_stiffness_0_10']")
    assert errors == ["must be a whole number from 0 to 10 (you gave 14)"]
    assert client.get("/api/people/me/checkins").json()["checkins"] == []


def test_a_checkin_updates_today_and_the_progress_chart(client: TestClient) -> None:
    _start(client)
    response = client.post(
        f"{ME}/checkin", data={**GOOD, "csrf_token": csrf_token(client)}, follow_redirects=False
    )
    assert response.status_code == 303
    today = parse(client.get(response.headers["location"]).text)
    [saved] = texts(today, "//*[@role='status']")  # what the check-in did, without JavaScript
    assert saved.startswith("Your check-in for ") and saved.endswith(" is saved.")
    assert "Today's check-in is done" in texts(today, "//p[@class='checkin-done']")[0]
    progress = parse(client.get(f"{ME}/progress").text)
    points = progress.xpath(
        "//section[.//h2[starts-with(., 'Morning stiffness')]]//*[local-name()='circle']"
    )
    assert len(points) == 1
    assert points[0].xpath("string(./*[local-name()='title'])").endswith(": 3")


def test_the_htmx_checkin_returns_the_fragment(client: TestClient) -> None:
    _start(client)
    response = client.post(
        f"{ME}/checkin",
        data={**GOOD, "csrf_token": csrf_token(client)},
        headers={"hx-request": "true"},
    )
    assert response.status_code == 200
    assert not response.text.lstrip().startswith("<!doctype")
    assert texts(parse(response.text), "//p[@class='saved']")[0].startswith("Your check-in for")


def test_a_second_checkin_asks_before_replacing(client: TestClient) -> None:
    _start(client)
    assert _post(client, f"{ME}/checkin", **GOOD) == 303
    changed = {**GOOD, "pain_walking_0_10": "5"}
    assert _post(client, f"{ME}/checkin", **changed) == 409
    assert client.get("/api/people/me/checkins").json()["checkins"][0]["pain_walking_0_10"] == 2
    assert _post(client, f"{ME}/checkin", **changed, replace="yes") == 303
    assert client.get("/api/people/me/checkins").json()["checkins"][0]["pain_walking_0_10"] == 5


def test_visa_a_is_scored_with_the_item_8_branch(client: TestClient) -> None:
    _start(client)
    assert _post(client, f"{ME}/tests/visa-a", **VISA) == 303
    [test] = client.get("/api/people/me/tests").json()["tests"]
    assert test["answers"]["q8b"] == 10  # branch B, 11-20 minutes
    assert test["score"] == 7 + 8 + 6 + 7 + 6 + 5 + 4 + 10


def test_visa_a_without_item_8_names_it_and_stores_nothing(client: TestClient) -> None:
    _start(client)
    fields = {key: value for key, value in VISA.items() if key != "q8_branch"}
    response = client.post(f"{ME}/tests/visa-a", data={**fields, "csrf_token": csrf_token(client)})
    assert response.status_code == 422
    assert "choose which of the three item 8 questions fits" in response.text
    assert client.get("/api/people/me/tests").json()["tests"] == []


def test_hop_and_heel_rise_results_are_stored(client: TestClient) -> None:
    _start(client)
    assert _post(client, f"{ME}/tests/hop", pain_0_10="2", flare_24h="no") == 303
    assert _post(client, f"{ME}/tests/hop", pain_0_10="12") == 422
    # The metronome page offers to save its result once a journal exists.
    token = csrf_token(client, "/tests/heel-rise")
    result = client.post(
        "/tests/heel-rise", data={"affected_reps": "20", "other_reps": "25", "csrf_token": token}
    )
    [save] = parse(result.text).xpath("//form[contains(@class, 'save-result')]")
    assert save.get("action") == f"{ME}/tests/heel-rise"
    assert _post(client, f"{ME}/tests/heel-rise", affected_reps="20", other_reps="25") == 303
    kinds = [test["kind"] for test in client.get("/api/people/me/tests").json()["tests"]]
    assert kinds == ["hop", "heel_rise"]
    progress = parse(client.get(f"{ME}/progress").text)
    symmetry = progress.xpath(
        "//section[.//h2[starts-with(., 'Heel-rise')]]//*[local-name()='circle']"
    )
    assert len(symmetry) == 1


def test_the_training_view_draws_the_stored_onset(client: TestClient) -> None:
    _start(client)
    started = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    rows = "\n".join(
        f"{(dt.date.today() - dt.timedelta(days=d)).isoformat()},running,{5 + d % 3},40"
        for d in range(10, 60, 3)
    )
    token = csrf_token(client, "/training")
    files = {
        "files": ("runs.csv", f"date,sport,distance_km,duration_min\n{rows}\n".encode(), "text/csv")
    }
    assert (
        client.post("/training/upload", data={"csrf_token": token}, files=files).status_code == 200
    )
    page = parse(client.get(f"{ME}/training").text)
    assert "when the symptoms began" in texts(page, "//p[@class='lead']")[0]
    desc = page.xpath("string(//*[local-name()='desc'])")
    assert "pain began on" in desc
    assert dt.date.fromisoformat(started).strftime("%d %b %Y") in desc


def test_the_timeline_overlays_stages_symptoms_and_tests(client: TestClient) -> None:
    _start(client)
    assert _post(client, f"{ME}/checkin", **GOOD) == 303
    assert _post(client, f"{ME}/tests/hop", pain_0_10="2", flare_24h="no") == 303
    page = parse(client.get(f"{ME}/timeline").text)
    [svg] = page.xpath("//*[local-name()='svg'][@role='img']")
    assert svg.xpath(".//*[contains(@class, 'stage-band')]")
    assert svg.xpath(".//*[contains(@class, 'stiffness-line')]")
    assert svg.xpath(".//*[contains(@class, 'test-hop')]")
    assert svg.xpath(".//*[contains(@class, 'onset')]")


def test_the_api_records_and_reads_with_the_same_use_cases(client: TestClient) -> None:
    _start(client)
    body = b'{"morning_stiffness_0_10": 2, "pain_walking_0_10": 1}'
    headers = {"content-type": "application/json"}
    response = client.post("/api/people/me/checkins", content=body, headers=headers)
    assert response.status_code == 201
    assert response.json()["decision"] in {"progress", "hold", "reduce", "start"}
    bad = client.post(
        "/api/people/me/checkins", content=b'{"pain_walking_0_10": 1}', headers=headers
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["problems"][0]["field"] == "morning_stiffness_0_10"
    assert client.get("/api/people").json() == {"people": ["me"]}
    status = client.get("/api/people/me/status").json()
    assert status["format"] == "heelraise.assessment/1"
    plan = client.get("/api/people/me/plan").json()
    assert plan["plan"]["sessions"]
    missing = client.get("/api/people/nobody/status")
    assert missing.status_code == 404
    assert set(missing.json()["error"]) == {"status", "message", "problems"}
    refused = client.post(
        "/api/people/me/import",
        files={"files": ("a.csv", b"date,sport,distance_km\n", "text/csv")},
    )
    assert refused.status_code == 403  # no X-CSRF-Token header


def test_an_urgent_answer_overrides_the_programme_on_the_today_page(client: TestClient) -> None:
    token = csrf_token(client)
    answers = {**self_manage_answers(), "symptoms.pop": "yes", "csrf_token": token}
    assert client.post("/triage", data=answers).status_code == 200
    page = parse(client.get(f"{ME}/today").text)
    assert page.xpath("//section[contains(@class, 'urgent-page')]")
    assert page.xpath("//ul[@class='referrals']/li")
    assert not page.xpath("//li[@class='exercise']")
