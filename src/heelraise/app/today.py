"""Use cases for a person's own pages: today's decision, and writes that re-assess the day.

`today_for` reads and assesses without storing (a page view changes nothing).
A check-in or a test is stored and then the day is assessed and stored
(`assess_in`), which is what moves the programme on, exactly as `heelraise
checkin` followed by `heelraise status` does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from heelraise.app.engine import current_engine
from heelraise.app.journal import case_from_records, open_journal, today
from heelraise.app.recording import scored_test, validate_checkin
from heelraise.app.status import DayAssessment, assess_in, day_assessor
from heelraise.contract import Assessment
from heelraise.errors import NoTriage


@dataclass(frozen=True, slots=True)
class TodayView:
    """What the today page shows for a person."""

    person: str
    as_of: dt.date
    assessment: Assessment | None  # None: no triage recorded yet
    last_checkin: dt.date | None
    checkins: int

    @property
    def checked_in_today(self) -> bool:
        return self.last_checkin == self.as_of

    @property
    def next_checkin(self) -> dt.date:
        """Check-ins are daily: due today, or tomorrow once today's is in."""
        return self.as_of + dt.timedelta(days=1) if self.checked_in_today else self.as_of


def today_for(db_url: str | None, person: str, as_of: dt.date | None = None) -> TodayView:
    """The person's assessment for the day (not stored) and their check-in state."""
    day = as_of or today()
    with open_journal(db_url) as journal:
        if person not in journal.people():
            return TodayView(person, day, None, None, 0)
        records = journal.records(person, day)
    last = dt.date.fromisoformat(records.checkins[-1]["date"]) if records.checkins else None
    if records.episode is None:
        return TodayView(person, day, None, last, len(records.checkins))
    assessment = current_engine().assess(case_from_records(records, day))
    return TodayView(person, day, assessment, last, len(records.checkins))


def assess_after_write(db_url: str | None, person: str, day: dt.date) -> DayAssessment | None:
    """Assess and store the day once something new is recorded (None before any triage)."""
    with open_journal(db_url) as journal:
        try:
            return assess_in(journal, person, day)
        except NoTriage:
            return None


def check_in(
    db_url: str | None, person: str, fields: dict[str, Any], *, replace: bool = False
) -> tuple[dt.date, bool, DayAssessment | None]:
    """Store a check-in (validated; nothing stored on a problem) and assess its day,
    in one transaction: the check-in and the assessment it leads to land together."""
    item = validate_checkin(fields)
    day = dt.date.fromisoformat(item["date"])
    made: list[DayAssessment] = []
    with open_journal(db_url) as journal:
        replaced = journal.put_checkin_assessed(
            person, item, replace=replace, as_of=day, assess=day_assessor(person, day, made)
        )
    return day, replaced, made[-1] if made else None


def add_test(
    db_url: str | None, person: str, fields: dict[str, Any]
) -> tuple[dict[str, Any], DayAssessment | None]:
    """Store a test (validated; VISA-A scored) and assess its day, in one transaction."""
    item = scored_test(fields)
    day = dt.date.fromisoformat(item["date"])
    made: list[DayAssessment] = []
    with open_journal(db_url) as journal:
        journal.add_test_assessed(person, item, as_of=day, assess=day_assessor(person, day, made))
    return item, made[-1] if made else None


def recorded(db_url: str | None, person: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The person's check-ins and tests (contract items, oldest first); the read is audited."""
    with open_journal(db_url) as journal:
        records = journal.records(person)
        journal.note_read(person, "api.read")
    return records.checkins, records.tests
