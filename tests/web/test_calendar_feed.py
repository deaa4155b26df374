"""The calendar feed: a link made on the athlete's page, subscribed to without a login,
holding the coming week's sessions and daily check-in reminders with alarms; its token
stored only hashed; a wrong or revoked token a plain 404; every use audited."""

from __future__ import annotations

import datetime as dt
import logging
import re

import orjson
import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import create_engine, select

from heelraise.app.calendar import make_feed, revoke_feed, token_hash
from heelraise.app.onboarding import init_from_case
from heelraise.app.transfer import erase
from heelraise.store.models import AuditEntry, CalendarFeed
from heelraise.web.settings import WebSettings
from tests.factories import case_document
from tests.web.conftest import csrf_token, parse

PERSON = "me"


@pytest.fixture
def journal(settings: WebSettings, client: TestClient) -> str:
    """The local person, started from a first-visit case dated today."""
    init_from_case(
        settings.database_url,
        PERSON,
        orjson.dumps(case_document(as_of=dt.date.today().isoformat())),
    )
    return f"/people/{PERSON}/calendar"


def make_link(client: TestClient, page: str, **times: str) -> str:
    form = {"checkin_at": "08:00", "session_at": "17:30", **times}
    response = client.post(page, data={**form, "csrf_token": csrf_token(client, page)})
    assert response.status_code == 200
    (link,) = parse(response.text).xpath("//input[@id='feed-url']/@value")
    return str(link)


def rows(settings: WebSettings, model: type) -> list:
    engine = create_engine(str(settings.database_url))
    try:
        with engine.connect() as connection:
            return list(connection.execute(select(model)))
    finally:
        engine.dispose()


def test_the_feed_holds_the_weeks_sessions_and_checkin_reminders(
    client: TestClient, journal: str, settings: WebSettings
) -> None:
    link = make_link(client, journal, checkin_at="07:15")
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/calendar/[A-Za-z0-9_-]{43}\.ics", link)
    feed = TestClient(client.app, base_url="http://127.0.0.1:8000")  # no cookies: a phone
    response = feed.get(link)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    checkins = [e for e in events if str(e["uid"]).startswith("checkin-")]
    sessions = [e for e in events if str(e["uid"]).startswith("session-")]
    assert len(checkins) == 7 and sessions
    today = dt.date.today()
    assert checkins[0].decoded("dtstart") == dt.datetime.combine(today, dt.time(7, 15))
    assert str(checkins[0]["url"]).endswith("/today")
    for event in events:
        assert len(event.walk("VALARM")) == 1
    assert all(today <= e.decoded("dtstart") < today + dt.timedelta(days=7) for e in sessions)
    # The page shows the link once; afterwards only that one is on.
    again = parse(client.get(journal).text)
    assert not again.xpath("//input[@id='feed-url']")
    assert "Your calendar link is on" in again.text_content()


def test_the_token_is_stored_only_hashed_and_every_use_is_audited(
    client: TestClient, journal: str, settings: WebSettings
) -> None:
    link = make_link(client, journal)
    token = link.rsplit("/", 1)[1].removesuffix(".ics")
    (feed,) = rows(settings, CalendarFeed)
    assert feed.token_hash == token_hash(token) and token not in str(feed)
    client.get(link)
    client.post(f"{journal}/revoke", data={"csrf_token": csrf_token(client, journal)})
    actions = [row.action for row in rows(settings, AuditEntry)]
    assert actions[-3:] == ["calendar.create", "calendar.read", "calendar.revoke"]
    assert all(token not in str(row) for row in rows(settings, AuditEntry))


def test_a_wrong_or_revoked_token_reveals_nothing(
    client: TestClient, journal: str, settings: WebSettings
) -> None:
    unknown = client.get("/no-such-page")
    link = make_link(client, journal)
    before = len(rows(settings, AuditEntry))
    for wrong in (
        link[:-6] + ("A" if link[-5] != "A" else "B") + ".ics",  # one character off
        "/calendar/short.ics",
        "/calendar/" + "-" * 43 + ".ics",
    ):
        response = client.get(wrong)
        assert response.status_code == 404
        assert response.text == unknown.text  # the same page as any unknown path
    assert len(rows(settings, AuditEntry)) == before  # strangers' guesses write nothing
    client.post(f"{journal}/revoke", data={"csrf_token": csrf_token(client, journal)})
    revoked = client.get(link)
    assert revoked.status_code == 404 and revoked.text == unknown.text
    assert rows(settings, CalendarFeed) == []


def test_a_new_link_replaces_the_old_one(
    client: TestClient, journal: str, settings: WebSettings
) -> None:
    first = make_link(client, journal)
    second = make_link(client, journal, checkin_at="06:30")
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert len(rows(settings, CalendarFeed)) == 1
    assert "06:30" in client.get(journal).text


def test_a_bad_time_is_refused(client: TestClient, journal: str, settings: WebSettings) -> None:
    response = client.post(
        journal,
        data={
            "checkin_at": "25:00",
            "session_at": "17:30",
            "csrf_token": csrf_token(client, journal),
        },
    )
    assert response.status_code == 422
    assert "checkin_at" in response.text
    assert rows(settings, CalendarFeed) == []


def test_erasing_the_person_erases_the_link(settings: WebSettings, journal: str) -> None:
    made = make_feed(settings.database_url, PERSON)
    assert made.token and revoke_feed(settings.database_url, PERSON)
    make_feed(settings.database_url, PERSON)
    erase(settings.database_url, PERSON)
    assert rows(settings, CalendarFeed) == []


def test_the_access_log_never_holds_a_token(app: object) -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/calendar/{'x' * 43}.ics", "1.1", 200),
        None,
    )
    for item in logging.getLogger("uvicorn.access").filters:
        assert not isinstance(item, logging.Filter) or item.filter(record)
    assert "x" * 43 not in record.getMessage()
    assert "/calendar/[token].ics" in record.getMessage()
