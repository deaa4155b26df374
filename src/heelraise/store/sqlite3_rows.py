"""The journal's rows through the standard library's `sqlite3`, in SQLAlchemy's stored forms.

`select`, `insert` and `update` store and read back each value as SQLAlchemy
does for its column (`store/stored_formats.py`), and the `Stored*` tuples are
rows as `store/sqlite3_journal.py` reads them: the columns by name, which is
how the conversions in `store/record_values.py` take a row.

No `from __future__ import annotations` here: `typing.NamedTuple` would then
compile each field's annotation from its text at import, some 4 ms for these.
"""

import datetime as dt
import sqlite3
from collections.abc import Sequence
from typing import Any, NamedTuple

from heelraise.store.stored_formats import COLUMNS, read_back, stored


class StoredStage(NamedTuple):
    effective: dt.date
    event: str
    stage: str
    load_step: int | None
    method: str | None
    origin: str
    reason: str
    rule_id: str | None


class StoredCheckIn(NamedTuple):
    date: dt.date
    morning_stiffness: int
    pain_walking: int
    pain_during: int | None
    pain_after: int | None
    settled: bool | None
    exercised: bool


class StoredTest(NamedTuple):
    date: dt.date
    kind: str
    affected_reps: int | None
    other_reps: int | None
    affected_height_cm: float | None
    other_height_cm: float | None
    pain: int | None
    flare_24h: bool | None
    score: int | None
    answers: dict[str, Any] | None


class StoredActivity(NamedTuple):
    id: int
    person_id: int
    start_utc: dt.datetime
    utc_offset_min: int
    date: dt.date
    sport: str
    sub_sport: str | None
    distance_km: float
    duration_min: float
    elevation_gain_m: float | None
    kind: str | None
    kind_inferred: bool
    surface: str | None
    shoe: str | None
    device: str | None
    avg_hr: float | None
    name: str | None
    source: str
    content_hash: str
    entry: dict[str, Any] | None


class StoredEpisode(NamedTuple):
    recorded_on: dt.date
    person_part: dict[str, Any]
    symptoms: dict[str, Any]
    history: dict[str, Any]


def select(
    db: sqlite3.Connection,
    table: str,
    columns: Sequence[str],
    rest: str,
    parameters: Sequence[Any],
) -> list[tuple[Any, ...]]:
    """`SELECT columns FROM table rest`, each value read back as SQLAlchemy reads it."""
    kinds = [COLUMNS[table][column] for column in columns]
    query = f"SELECT {', '.join(columns)} FROM {table} {rest}"
    return [tuple(map(read_back, kinds, row)) for row in db.execute(query, tuple(parameters))]


def insert(db: sqlite3.Connection, table: str, values: dict[str, Any]) -> int:
    """Insert one row, each value stored as SQLAlchemy stores it; the new row's id."""
    kinds = COLUMNS[table]
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = db.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({marks})",
        tuple(stored(kinds[column], value) for column, value in values.items()),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def insert_many(db: sqlite3.Connection, table: str, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows that all set the same columns (the first one's), in order, each value
    stored as SQLAlchemy stores it: `insert` for many, in one statement."""
    if not rows:
        return
    kinds = COLUMNS[table]
    columns = list(rows[0])
    forms = [kinds[column] for column in columns]
    marks = ", ".join("?" for _ in columns)
    db.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
        [tuple(map(stored, forms, (row[column] for column in columns))) for row in rows],
    )


def update(db: sqlite3.Connection, table: str, row_id: int, values: dict[str, Any]) -> None:
    """Set the columns `values` names in the row `row_id`, stored as SQLAlchemy stores them."""
    kinds = COLUMNS[table]
    assignments = ", ".join(f"{column} = ?" for column in values)
    db.execute(
        f"UPDATE {table} SET {assignments} WHERE id = ?",
        (*(stored(kinds[column], value) for column, value in values.items()), row_id),
    )
