"""The forms values take in the journal's columns, as SQLAlchemy stores them.

On SQLite, SQLAlchemy stores a `Date` as the text `YYYY-MM-DD`, a `DateTime`
as `YYYY-MM-DD HH:MM:SS.ffffff` (the microseconds always written) and reads
both back with `fromisoformat`; a `Boolean` as the integer 1 or 0; a JSON
column as the text of `json_text` (orjson, `store/database.py` hands it to
SQLAlchemy), or SQL NULL for None where the column is
`JSON(none_as_null=True)` (JSON `null` text otherwise). `store/sqlite3_journal.py`
writes and reads these forms without SQLAlchemy; `tests/store/test_sqlite3_journal.py`
compares the rows both write, value for value.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson


def json_text(value: Any) -> str:
    """A JSON column's text (every database: SQLAlchemy's `json_serializer`)."""
    return orjson.dumps(value).decode()


def json_value(text: str | bytes | None) -> Any:
    """A JSON column's value (None for SQL NULL)."""
    return None if text is None else orjson.loads(text)


def date_text(day: dt.date) -> str:
    """A `Date` column's text on SQLite."""
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def datetime_text(moment: dt.datetime) -> str:
    """A `DateTime` column's text on SQLite (naive: the time zone is not stored)."""
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} "
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}.{moment.microsecond:06d}"
    )


def date_value(text: str) -> dt.date:
    """A `Date` column's value from its SQLite text."""
    return dt.date.fromisoformat(text)


def datetime_value(text: str) -> dt.datetime:
    """A `DateTime` column's value from its SQLite text."""
    return dt.datetime.fromisoformat(text)


def bool_value(stored: int | None) -> bool | None:
    """A `Boolean` column's value from its SQLite integer (None for NULL)."""
    return None if stored is None else bool(stored)


# The journal's columns by table, each with how SQLAlchemy stores it (`store/models.py`;
# a test checks the two agree): "date", "datetime", "bool", "json" (None stored as JSON
# null), "json?" (`JSON(none_as_null=True)`: None stored as SQL NULL), or "plain"
# (integers, floats and text, stored as given).
COLUMNS: dict[str, dict[str, str]] = {
    "people": {"id": "plain", "name": "plain", "created_at": "datetime", "uid": "plain"},
    "episodes": {
        "id": "plain",
        "person_id": "plain",
        "recorded_on": "date",
        "person_part": "json",
        "symptoms": "json",
        "history": "json",
        "created_at": "datetime",
    },
    "stage_history": {
        "id": "plain",
        "person_id": "plain",
        "effective": "date",
        "event": "plain",
        "stage": "plain",
        "load_step": "plain",
        "method": "plain",
        "origin": "plain",
        "reason": "plain",
        "rule_id": "plain",
        "created_at": "datetime",
    },
    "checkins": {
        "id": "plain",
        "person_id": "plain",
        "date": "date",
        "morning_stiffness": "plain",
        "pain_walking": "plain",
        "pain_during": "plain",
        "pain_after": "plain",
        "settled": "bool",
        "exercised": "bool",
        "created_at": "datetime",
    },
    "tests": {
        "id": "plain",
        "person_id": "plain",
        "date": "date",
        "kind": "plain",
        "affected_reps": "plain",
        "other_reps": "plain",
        "affected_height_cm": "plain",
        "other_height_cm": "plain",
        "pain": "plain",
        "flare_24h": "bool",
        "score": "plain",
        "answers": "json?",
        "created_at": "datetime",
    },
    "assessments": {
        "id": "plain",
        "person_id": "plain",
        "as_of": "date",
        "document": "json",
        "knowledge_version": "plain",
        "created_at": "datetime",
    },
    "activities": {
        "id": "plain",
        "person_id": "plain",
        "start_utc": "datetime",
        "utc_offset_min": "plain",
        "date": "date",
        "sport": "plain",
        "sub_sport": "plain",
        "distance_km": "plain",
        "duration_min": "plain",
        "elevation_gain_m": "plain",
        "kind": "plain",
        "kind_inferred": "bool",
        "surface": "plain",
        "shoe": "plain",
        "device": "plain",
        "avg_hr": "plain",
        "name": "plain",
        "source": "plain",
        "content_hash": "plain",
        "entry": "json?",
    },
    "audit_log": {
        "id": "plain",
        "at": "datetime",
        "actor": "plain",
        "action": "plain",
        "subject": "plain",
        "detail": "plain",
    },
}


def stored(kind: str, value: Any) -> Any:
    """A value as SQLAlchemy stores it in a column of `kind` (see `COLUMNS`)."""
    if kind == "json":
        return json_text(value)
    if value is None:
        return None
    if kind == "json?":
        return json_text(value)
    if kind == "date":
        return date_text(value)
    if kind == "datetime":
        return datetime_text(value)
    if kind == "bool":
        return int(value)
    return value


def read_back(kind: str, value: Any) -> Any:
    """A stored value as SQLAlchemy reads it from a column of `kind`."""
    if value is None:
        return None
    if kind in ("json", "json?"):
        return json_value(value)
    if kind == "date":
        return date_value(value)
    if kind == "datetime":
        return datetime_value(value)
    if kind == "bool":
        return bool_value(value)
    return value
