"""Repository for people and activities: the only place activity SQL is written
through SQLAlchemy (`store/sqlite3_activities.py` does the same with the standard
library's `sqlite3`; `tests/store/test_sqlite3_activities.py` compares their rows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from heelraise.errors import StoreError
from heelraise.store import audit, audit_entry
from heelraise.store.activity_interface import AddResult
from heelraise.store.activity_reading import readable, readable_all
from heelraise.store.models import Activity, Person
from heelraise.store.record_values import imported_activity_values, utc_naive
from heelraise.training.activity import ActivitySummary
from heelraise.training.dedupe import SeenActivities

# Reading a row back (`readable`) is in `store/activity_reading.py`, and `AddResult` in
# `store/activity_interface.py`, shared with the stdlib repositories; the names are
# kept here for the SQLAlchemy ones.
__all__ = [
    "AddResult",
    "EngineActivities",
    "add_activities",
    "delete_activity",
    "find_person",
    "list_activities",
    "list_activity_rows",
    "person_id",
    "readable",
    "to_row",
]


def to_row(person_id: int, summary: ActivitySummary) -> Activity:
    """A new row for a summary (`record_values.imported_activity_values`)."""
    return Activity(**imported_activity_values(person_id, summary))


def person_id(engine: Engine, name: str) -> int:
    """The id of the person called `name`, created on first use."""
    try:
        with Session(engine) as session, session.begin():
            found = session.scalar(select(Person.id).where(Person.name == name))
            if found is not None:
                return found
            person = Person(name=name, created_at=audit_entry.now_utc())
            session.add(person)
            session.flush()
            return person.id
    except SQLAlchemyError as error:
        raise StoreError(f"cannot find or create person {name!r} ({_first_line(error)})") from error


def add_activities(engine: Engine, person: int, summaries: Sequence[ActivitySummary]) -> AddResult:
    """Store new summaries in ONE transaction, leaving out duplicates (stored or in the batch)."""
    if not summaries:
        return AddResult(0, 0)
    try:
        with Session(engine) as session, session.begin():
            # The owner first: looked up after the rows were added, it would flush them, and
            # a refused row would be reported as "raised as a result of Query-invoked autoflush".
            owner = session.get(Person, person)
            seen = SeenActivities(_nearby(session, person, summaries))
            added = 0
            for summary in summaries:
                if seen.is_duplicate(summary):
                    continue
                seen.add(summary)
                session.add(to_row(person, summary))
                added += 1
            detail = f"{added} added, {len(summaries) - added} duplicates"
            audit.record(session, owner, "activities.import", audit.default_actor(), detail)
            return AddResult(added, len(summaries) - added)
    except SQLAlchemyError as error:
        raise StoreError(f"could not store activities ({_first_line(error)})") from error


def _nearby(
    session: Session, person: int, summaries: Sequence[ActivitySummary]
) -> list[ActivitySummary]:
    """Stored activities that could duplicate these: same hash, or start in the span."""
    window = dt.timedelta(seconds=SeenActivities().rule.start_window_s)
    earliest = utc_naive(min(s.start for s in summaries)) - window
    latest = utc_naive(max(s.start for s in summaries)) + window
    hashes = [s.content_hash for s in summaries]
    in_span = select(Activity).where(
        Activity.person_id == person,
        Activity.start_utc >= earliest,
        Activity.start_utc <= latest,
    )
    same_hash = select(Activity).where(
        Activity.person_id == person, Activity.content_hash.in_(hashes)
    )
    rows = {row.id: row for row in session.scalars(in_span)}
    rows.update({row.id: row for row in session.scalars(same_hash)})
    return readable_all(rows.values())


def list_activities(
    engine: Engine, person: int, since: dt.date | None = None, *, imported_only: bool = False
) -> list[ActivitySummary]:
    """A person's activities in start order, from `since` (local date) on.

    `imported_only` leaves out training entered from a case document.
    """
    query = select(Activity).where(Activity.person_id == person)
    if imported_only:
        query = query.where(Activity.entry.is_(None))
    if since is not None:
        query = query.where(Activity.date >= since)
    query = query.order_by(Activity.start_utc, Activity.id)
    try:
        with Session(engine) as session:
            return readable_all(session.scalars(query))
    except SQLAlchemyError as error:
        raise StoreError(f"could not read activities ({_first_line(error)})") from error


def list_activity_rows(
    engine: Engine, person: int, limit: int | None = None
) -> list[tuple[int, ActivitySummary]]:
    """A person's activities with their ids, newest first (at most `limit`), as readable."""
    query = (
        select(Activity)
        .where(Activity.person_id == person)
        .order_by(Activity.start_utc.desc(), Activity.id.desc())
        .limit(limit)
    )
    try:
        with Session(engine) as session:
            return [
                (row.id, summary)
                for row in session.scalars(query)
                if (summary := readable(row)) is not None
            ]
    except SQLAlchemyError as error:
        raise StoreError(f"could not read activities ({_first_line(error)})") from error


def delete_activity(engine: Engine, person: int, activity_id: int, actor: str) -> str | None:
    """Delete one of the person's activities in one audited transaction; what it was
    (date, sport, distance), or None when the person has no activity with that id."""
    try:
        with Session(engine) as session, session.begin():
            row = session.scalar(
                select(Activity).where(Activity.id == activity_id, Activity.person_id == person)
            )
            if row is None:
                return None
            what = f"{row.date} {row.sport} {row.distance_km:.2f} km"
            owner = session.get(Person, person)  # before the delete: see `add_activities`
            session.delete(row)
            audit.record(
                session, owner, "activity.delete", actor, f"activity {activity_id}: {what}"
            )
            return what
    except SQLAlchemyError as error:
        raise StoreError(f"could not delete the activity ({_first_line(error)})") from error


def find_person(engine: Engine, name: str) -> int | None:
    """The id of the person called `name`, or None."""
    try:
        with Session(engine) as session:
            return session.scalar(select(Person.id).where(Person.name == name))
    except SQLAlchemyError as error:
        raise StoreError(f"could not read people ({_first_line(error)})") from error


def _first_line(error: BaseException) -> str:
    lines = str(error).splitlines()
    return lines[0] if lines else type(error).__name__


class EngineActivities:
    """`ActivityRepository` (`store/activity_interface.py`) over an engine: the
    functions above, for callers that take either repository."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def person_id(self, name: str) -> int:
        return person_id(self.engine, name)

    def find_person(self, name: str) -> int | None:
        return find_person(self.engine, name)

    def add_activities(self, person: int, summaries: Sequence[ActivitySummary]) -> AddResult:
        return add_activities(self.engine, person, summaries)

    def list_activities(
        self, person: int, since: dt.date | None = None, *, imported_only: bool = False
    ) -> list[ActivitySummary]:
        return list_activities(self.engine, person, since, imported_only=imported_only)

    def list_activity_rows(
        self, person: int, limit: int | None = None
    ) -> list[tuple[int, ActivitySummary]]:
        return list_activity_rows(self.engine, person, limit)

    def delete_activity(self, person: int, activity_id: int, actor: str) -> str | None:
        return delete_activity(self.engine, person, activity_id, actor)
