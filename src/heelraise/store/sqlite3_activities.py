"""The activity store on the standard library's `sqlite3`, without SQLAlchemy.

`Sqlite3Activities` does exactly what `store/activities.py` does, for a SQLite
file already at the packaged schema revision (`open_at_head`): the same
people (created on first use, without an audit row, their random id given at
their first audited write), the same duplicate rules against stored activities
(`training/dedupe.py`, across sport labels), the same columns and stored forms
(`store/record_values.py`, `store/stored_formats.py`), audit rows, ordering
and errors. `heelraise import` into an existing journal then starts without
importing SQLAlchemy. `tests/store/test_sqlite3_activities.py` holds the two
to that, row for row.

Each call is one transaction on its own connection (`store/sqlite3_access.py`):
a write begun `IMMEDIATE`, so the stored activities it checks for duplicates
cannot change before its rows are in; a read deferred, seeing one state.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Sequence
from typing import TypeVar

from heelraise.store import audit_entry, sqlite3_access
from heelraise.store.activity_interface import AddResult
from heelraise.store.activity_reading import readable, readable_all
from heelraise.store.record_values import imported_activity_values, utc_naive
from heelraise.store.sqlite3_access import PersonRow, audit, file_at_head, person_by_id
from heelraise.store.sqlite3_rows import StoredActivity, insert, insert_many, select
from heelraise.store.stored_formats import date_text, datetime_text
from heelraise.training.activity import ActivitySummary
from heelraise.training.dedupe import SeenActivities

T = TypeVar("T")

# `activities` columns as `readable` takes them, in the table's order.
_COLUMNS = StoredActivity._fields
# Content hashes asked about in one query (SQLite's limit on parameters is far above).
_HASHES_PER_QUERY = 500


def open_at_head(url: str) -> Sqlite3Activities | None:
    """The stdlib activity store for `url` when it names a SQLite file that exists and is
    at the packaged schema revision; None otherwise: SQLAlchemy's then."""
    path = file_at_head(url)
    return None if path is None else Sqlite3Activities(path)


class Sqlite3Activities:
    """`ActivityRepository` (`store/activity_interface.py`) on one SQLite file."""

    def __init__(self, path: str) -> None:
        self.path = path

    def person_id(self, name: str) -> int:
        """The id of the person called `name`, created on first use."""
        return self._write(
            lambda db: _person_id(db, name), f"cannot find or create person {name!r}"
        )

    def find_person(self, name: str) -> int | None:
        """The id of the person called `name`, or None."""

        def read(db: sqlite3.Connection) -> int | None:
            row = db.execute("SELECT id FROM people WHERE name = ?", (name,)).fetchone()
            return None if row is None else int(row[0])

        return self._read(read, "could not read people")

    def add_activities(self, person: int, summaries: Sequence[ActivitySummary]) -> AddResult:
        """Store new summaries in ONE transaction, leaving out duplicates (stored or in
        the batch), with one `activities.import` audit row."""
        if not summaries:
            return AddResult(0, 0)
        return self._write(lambda db: _add(db, person, summaries), "could not store activities")

    def list_activities(
        self, person: int, since: dt.date | None = None, *, imported_only: bool = False
    ) -> list[ActivitySummary]:
        """A person's activities in start order, from `since` (local date) on.

        `imported_only` leaves out training entered from a case document.
        """
        where = "WHERE person_id = ?"
        parameters: list[object] = [person]
        if imported_only:
            where += " AND entry IS NULL"
        if since is not None:
            where += " AND date >= ?"
            parameters.append(date_text(since))

        def read(db: sqlite3.Connection) -> list[ActivitySummary]:
            rows = select(db, "activities", _COLUMNS, f"{where} ORDER BY start_utc, id", parameters)
            return readable_all(map(StoredActivity._make, rows))

        return self._read(read, "could not read activities")

    def list_activity_rows(
        self, person: int, limit: int | None = None
    ) -> list[tuple[int, ActivitySummary]]:
        """A person's activities with their ids, newest first (at most `limit`), as readable."""
        rest = "WHERE person_id = ? ORDER BY start_utc DESC, id DESC"
        parameters: list[object] = [person]
        if limit is not None:
            rest += " LIMIT ?"
            parameters.append(limit)

        def read(db: sqlite3.Connection) -> list[tuple[int, ActivitySummary]]:
            rows = map(StoredActivity._make, select(db, "activities", _COLUMNS, rest, parameters))
            return [(row.id, summary) for row in rows if (summary := readable(row)) is not None]

        return self._read(read, "could not read activities")

    def delete_activity(self, person: int, activity_id: int, actor: str) -> str | None:
        """Delete one of the person's activities in one audited transaction; what it was
        (date, sport, distance), or None when the person has no activity with that id."""

        def work(db: sqlite3.Connection) -> str | None:
            found = select(
                db,
                "activities",
                ("date", "sport", "distance_km"),
                "WHERE id = ? AND person_id = ?",
                (activity_id, person),
            )
            if not found:
                return None
            [(date, sport, distance_km)] = found
            what = f"{date} {sport} {distance_km:.2f} km"
            db.execute("DELETE FROM activities WHERE id = ?", (activity_id,))
            detail = f"activity {activity_id}: {what}"
            audit(db, person_by_id(db, person), "activity.delete", actor, detail)
            return what

        return self._write(work, "could not delete the activity")

    def _read(self, work: Callable[[sqlite3.Connection], T], failure: str) -> T:
        return sqlite3_access.read(self.path, work, failure)

    def _write(self, work: Callable[[sqlite3.Connection], T], failure: str) -> T:
        return sqlite3_access.write(self.path, work, failure)


# -- work inside one transaction -----------------------------------------------------


def _person_id(db: sqlite3.Connection, name: str) -> int:
    """`activities.person_id` inside an open transaction: no audit row, no uid yet."""
    found = sqlite3_access.find_person(db, name)
    if found is not None:
        return found.id
    return insert(db, "people", {"name": name, "created_at": audit_entry.now_utc()})


def _add(db: sqlite3.Connection, person: int, summaries: Sequence[ActivitySummary]) -> AddResult:
    """`activities.add_activities` inside an open transaction."""
    seen = SeenActivities(_nearby(db, person, summaries))
    rows = []
    for summary in summaries:
        if seen.is_duplicate(summary):
            continue
        seen.add(summary)
        rows.append(imported_activity_values(person, summary))
    insert_many(db, "activities", rows)
    added = len(rows)
    detail = f"{added} added, {len(summaries) - added} duplicates"
    owner: PersonRow | None = person_by_id(db, person)
    audit(db, owner, "activities.import", audit_entry.default_actor(), detail)
    return AddResult(added, len(summaries) - added)


def _nearby(
    db: sqlite3.Connection, person: int, summaries: Sequence[ActivitySummary]
) -> list[ActivitySummary]:
    """Stored activities that could duplicate these: same hash, or start in the span
    (the same two queries as `activities._nearby`, rows in the order they give)."""
    window = dt.timedelta(seconds=SeenActivities().rule.start_window_s)
    earliest = utc_naive(min(s.start for s in summaries)) - window
    latest = utc_naive(max(s.start for s in summaries)) + window
    in_span = select(
        db,
        "activities",
        _COLUMNS,
        "WHERE person_id = ? AND start_utc >= ? AND start_utc <= ?",
        (person, datetime_text(earliest), datetime_text(latest)),
    )
    rows = {row[0]: row for row in in_span}
    hashes = [s.content_hash for s in summaries]
    for at in range(0, len(hashes), _HASHES_PER_QUERY):
        chunk = hashes[at : at + _HASHES_PER_QUERY]
        marks = ", ".join("?" for _ in chunk)
        same_hash = select(
            db,
            "activities",
            _COLUMNS,
            f"WHERE person_id = ? AND content_hash IN ({marks})",
            (person, *chunk),
        )
        rows.update({row[0]: row for row in same_hash})
    return readable_all(map(StoredActivity._make, rows.values()))
