"""The plan as iCalendar parses back with the icalendar library to the same sessions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from icalendar import Calendar

from heelraise.clinical.assess import default_engine
from heelraise.export.ics import plan_ics
from tests.factories import case_document, make_case


def test_plan_round_trips_through_icalendar() -> None:
    assessment = default_engine().assess(make_case())
    assert assessment.plan is not None
    calendar = Calendar.from_ical(plan_ics(assessment))
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(assessment.plan.sessions)
    for event, session in zip(events, assessment.plan.sessions, strict=True):
        assert event.decoded("dtstart") == session.date
        assert str(event["summary"]) == session.title
        description = str(event["description"])
        for exercise in session.exercises:
            assert exercise.name in description
            assert f"[{exercise.source}]" in description
    assert len({str(event["uid"]) for event in events}) == len(events)


def test_urgent_case_gives_an_empty_calendar() -> None:
    assessment = default_engine().assess(make_case(symptoms={"pop": True}))
    assert assessment.plan is None
    calendar = Calendar.from_ical(plan_ics(assessment))
    assert list(calendar.walk("VEVENT")) == []


def test_plan_command_writes_the_file(tmp_path: Path) -> None:
    import json

    case = tmp_path / "case.json"
    case.write_text(json.dumps(case_document()), encoding="utf-8")
    target = tmp_path / "plan.ics"
    done = subprocess.run(
        [sys.executable, "-m", "heelraise", "plan", str(case), "--ics", str(target)],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert len(events) == 7
