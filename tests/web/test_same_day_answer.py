"""A check-in is answered the moment it is saved: after a first-visit journal and a bad
check-in the same day (pain 8/10 during and after, not settled), saved through the
form without JavaScript, with htmx, through the API or with `heelraise checkin`,
Today and `heelraise status` show the decision made with it and the day's reasons
in words — never the first visit's "reasonable start" once the decision is not
`start` (the engine gives `reduce` here once its change lands)."""

from __future__ import annotations

import orjson
import pytest
from fastapi.testclient import TestClient

from heelraise.app.journal import today
from heelraise.app.onboarding import init_from_case
from heelraise.app.reading import DAY_ANSWERS, DECISION_WORDS, plain_date
from heelraise.web.settings import WebSettings
from tests.cli.journal_steps import ok
from tests.conftest import CASES, load_vignette
from tests.factories import shifted_to
from tests.web.conftest import csrf_token, parse, texts

ME = "/people/me"
BAD = {
    "morning_stiffness_0_10": "4",
    "pain_walking_0_10": "3",
    "pain_during_0_10": "8",
    "pain_after_0_10": "8",
    "settled_by_next_morning": "no",
    "exercised": "yes",
}


@pytest.fixture
def journal(settings: WebSettings) -> str:
    """A first visit assessed today (its journal started), as `init --from-case` does."""
    document, _ = load_vignette(CASES / "midportion-classic-first-visit.json")
    init_from_case(settings.database_url, "me", orjson.dumps(shifted_to(document, today())))
    return settings.database_url


def _check_in(how: str, client: TestClient, db_url: str) -> None:
    if how == "cli":
        ok("checkin", "--db", db_url, "--person", "me", "--pain-during", "8", "--pain-after", "8",
           "--not-settled", "--morning-stiffness", "4", "--pain-walking", "3")  # fmt: skip
        return
    token = csrf_token(client, f"{ME}/checkin")
    if how == "api":
        body = {
            key: (value if key == "settled_by_next_morning" else int(value))
            for key, value in BAD.items()
            if key != "exercised"
        }
        body["settled_by_next_morning"] = False
        response = client.post(
            f"/api{ME}/checkins",
            content=orjson.dumps(body),
            headers={"content-type": "application/json", "x-csrf-token": token},
        )
        assert response.status_code == 201
        assert response.json()["decision"] == client.get(f"/api{ME}/status").json()["decision"]
        return
    headers = {"hx-request": "true"} if how == "htmx" else {}
    response = client.post(
        f"{ME}/checkin",
        data={**BAD, "csrf_token": token},
        headers=headers,
        follow_redirects=False,
    )
    if how == "htmx":  # answered in place, before Today is opened
        assert response.status_code == 200 and "saved" in response.text
        answer = texts(parse(response.text), "//div[@class='checkin-answer']//li")
        assert answer and all(" on " in reason or "(" in reason for reason in answer)
    else:
        assert response.status_code == 303
        assert response.headers["location"].startswith(f"{ME}/today")


@pytest.mark.parametrize("how", ["form", "htmx", "api", "cli"])
def test_today_and_status_answer_a_bad_checkin_the_same_day(
    client: TestClient, journal: str, how: str
) -> None:
    _check_in(how, client, journal)
    decision = client.get(f"/api{ME}/status").json()["decision"]
    assert decision in ("start", "reduce")  # `start` only until the engine's change lands
    words = DECISION_WORDS[decision]
    day = plain_date(today(), year=False)
    reasons = [
        f"pain during 8/10 on {day} (limit 5)",
        f"pain after 8/10 on {day} (limit 5)",
        f"not settled by the next morning ({day})",
    ]
    page = parse(client.get(f"{ME}/today").text)
    assert texts(page, "//h2[@id='decision-h']") == [DAY_ANSWERS[decision][1]]
    assert texts(page, "//ul[@class='day-reasons']/li") == reasons
    assert "Today's check-in is done" in " ".join(texts(page, "//p[@class='checkin-done']"))
    status = " ".join(ok("status", "--db", journal, "--person", "me").split())
    assert f"Today: {words}" in status
    for reason in reasons:
        assert reason in status
    if decision != "start":
        shown = " ".join(texts(page, "//main")) + status
        assert "reasonable start" not in shown
        assert "Start the loading programme" not in shown
