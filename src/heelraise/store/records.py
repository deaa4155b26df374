"""SQLAlchemy rows from contract-shaped dicts, for the journal tables.

The values themselves, and the way back (rows → contract dicts), are in
`store/record_values.py`, shared with the stdlib journal (`store/sqlite3_journal.py`);
their names are kept here for the SQLAlchemy repositories.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from heelraise.store.models import Activity, CheckInRow, StageChange, TestRow
from heelraise.store.record_values import (
    StageRecord,
    checkin_item,
    checkin_values,
    entered_activity_values,
    stage_record,
    stage_values,
    test_item,
    test_values,
    training_item,
)

__all__ = [
    "StageRecord",
    "checkin_item",
    "entered_activity",
    "fill_checkin",
    "stage_record",
    "stage_row",
    "test_item",
    "test_row",
    "training_item",
]


def stage_row(person_id: int, record: StageRecord, created_at: dt.datetime) -> StageChange:
    return StageChange(person_id=person_id, created_at=created_at, **stage_values(record))


def fill_checkin(row: CheckInRow, item: dict[str, Any]) -> None:
    """Copy a validated contract check-in into a row."""
    for column, value in checkin_values(item).items():
        setattr(row, column, value)


def test_row(person_id: int, item: dict[str, Any], created_at: dt.datetime) -> TestRow:
    """A row for a validated contract test item."""
    return TestRow(person_id=person_id, created_at=created_at, **test_values(item))


def entered_activity(person_id: int, item: dict[str, Any], position: int) -> Activity:
    """A row for a contract training item entered by hand or from a case document
    (see `record_values.entered_activity_values`)."""
    return Activity(person_id=person_id, **entered_activity_values(item, position))
