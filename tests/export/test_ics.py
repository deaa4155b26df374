"""The plan as iCalendar parses back with the icalendar library to the same sessions, each
with an alarm, plus a daily check-in reminder at the chosen local time."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

from heelraise.clinical.assess import default_engine
from heelraise.export.ics import Reminders, parse_clock, plan_ics
from tests.factories import case_document, make_case


def events(data: bytes, category: str) -> list[object]:
    found = []
    for event in Calendar.from_ical(data).walk("VEVENT"):
        categories = event.get("categories")
        names = [str(c) for c in categories.cats] if categories is not None else []
        if category in names:
            found.append(event)
    return found


def test_plan_round_trips_through_icalendar() -> None:
    assessment = default_engine().assess(make_case())
    assert assessment.plan is not None
    data = plan_ics(assessment)
    sessions = [
        event
        for event in Calendar.from_ical(data).walk("VEVENT")
        if not str(event["uid"]).startswith("checkin-")
    ]
    assert len(sessions) == len(assessment.plan.sessions)
    for event, session in zip(sessions, assessment.plan.sessions, strict=True):
        assert event.decoded("dtstart") == session.date
        assert str(event["summary"]) == session.title
        description = str(event["description"])
        for exercise in session.exercises:
            assert exercise.name in description
            assert f"[{exercise.source}]" in description
    uids = [str(event["uid"]) for event in Calendar.from_ical(data).walk("VEVENT")]
    assert len(set(uids)) == len(uids)


def test_every_session_has_an_alarm_on_its_day() -> None:
    assessment = default_engine().assess(make_case())
    data = plan_ics(assessment, Reminders(session_at=dt.time(18, 15)))
    sessions = [e for e in Calendar.from_ical(data).walk("VEVENT") if "session-" in str(e["uid"])]
    assert sessions
    for event in sessions:
        (alarm,) = event.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        assert alarm.decoded("trigger") == dt.timedelta(hours=18, minutes=15)
        assert str(event["summary"]) in str(alarm["description"])


def test_a_daily_checkin_reminder_at_eight_local_time_by_default() -> None:
    assessment = default_engine().assess(make_case())
    assert assessment.plan is not None
    checkins = events(plan_ics(assessment), "checkin")
    days = [assessment.plan.week_of + dt.timedelta(days=n) for n in range(7)]
    assert [event.decoded("dtstart") for event in checkins] == [
        dt.datetime.combine(day, dt.time(8, 0)) for day in days
    ]
    for event in checkins:
        assert event.decoded("dtstart").tzinfo is None  # floating: the phone's local time
        (alarm,) = event.walk("VALARM")
        assert alarm.decoded("trigger") == dt.timedelta(0)


def test_the_checkin_time_and_link_are_configurable() -> None:
    assessment = default_engine().assess(make_case())
    reminders = Reminders(dt.time(6, 45), checkin_url="https://clinic.example/today")
    (first, *_rest) = events(plan_ics(assessment, reminders), "checkin")
    assert first.decoded("dtstart").time() == dt.time(6, 45)
    assert str(first["url"]) == "https://clinic.example/today"


@pytest.mark.parametrize(("text", "clock"), [("08:00", dt.time(8)), ("7:05", dt.time(7, 5))])
def test_clock_times(text: str, clock: dt.time) -> None:
    assert parse_clock(text) == clock


@pytest.mark.parametrize("text", ["8", "24:00", "08:60", "8am", "08:5"])
def test_bad_clock_times(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message is the user's
        parse_clock(text)


def test_urgent_case_gives_an_empty_calendar() -> None:
    assessment = default_engine().assess(make_case(symptoms={"pop": True}))
    assert assessment.plan is None
    calendar = Calendar.from_ical(plan_ics(assessment))
    assert list(calendar.walk("VEVENT")) == []


def test_plan_command_writes_the_file_with_reminders(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps(case_document()), encoding="utf-8")
    target = tmp_path / "plan.ics"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "heelraise",
            "plan",
            str(case),
            "--ics",
            str(target),
            "--checkin-at",
            "07:30",
        ],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    calendar = Calendar.from_ical(target.read_bytes())
    assert len(list(calendar.walk("VEVENT"))) == 14  # 7 sessions, 7 check-in reminders
    assert len(list(calendar.walk("VALARM"))) == 14
    checkins = events(target.read_bytes(), "checkin")
    assert {event.decoded("dtstart").time() for event in checkins} == {dt.time(7, 30)}


def test_plan_command_refuses_a_bad_time(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps(case_document()), encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "heelraise",
            "plan",
            str(case),
            "--ics",
            "x.ics",
            "--session-at",
            "25:00",
        ],
        capture_output=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode != 0
    assert b"--session-at" in done.stdout + done.stderr
    assert not (tmp_path / "x.ics").exists()
