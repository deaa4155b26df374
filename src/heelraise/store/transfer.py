"""A person's whole record as plain data, for export and import, and erasure.

`dump_person` reads every row keyed to the person; `load_person` writes such
data back for a person who has none, in one transaction; `erase_person`
deletes every row keyed to the person (then the person), in one transaction,
and records the erasure in the audit log under the person's one-way subject.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from heelraise.errors import PersonExists, StoreError, UnknownPerson
from heelraise.store import audit
from heelraise.store.activities import readable, to_row
from heelraise.store.journal import first_line
from heelraise.store.models import (
    Activity,
    Base,
    CheckInRow,
    Episode,
    Person,
    StageChange,
    StoredAssessment,
    TestRow,
)
from heelraise.store.records import (
    StageRecord,
    checkin_item,
    fill_checkin,
    stage_record,
    stage_row,
    test_item,
    test_row,
)
from heelraise.store.scrub import scrub
from heelraise.training.activity import ActivitySummary

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PersonData:
    """Everything kept about one person, as plain values (see docs/data-export.md)."""

    created_at: dt.datetime
    episodes: list[dict[str, Any]] = field(default_factory=list)
    stages: list[StageRecord] = field(default_factory=list)
    checkins: list[dict[str, Any]] = field(default_factory=list)
    tests: list[dict[str, Any]] = field(default_factory=list)
    activities: list[tuple[ActivitySummary, dict[str, Any] | None]] = field(default_factory=list)
    assessments: list[dict[str, Any]] = field(default_factory=list)


def person_tables() -> list[str]:
    """Every table with a `person_id` column (what erasure must empty for a person)."""
    return [table.name for table in Base.metadata.sorted_tables if "person_id" in table.columns]


def dump_person(engine: Engine, name: str, actor: str) -> PersonData:
    """Every row keyed to the person, oldest first (the read is audited)."""

    def work(session: Session) -> PersonData:
        person = _require(session, name)
        pid = person.id
        episodes = [
            {
                "recorded_on": row.recorded_on.isoformat(),
                "person": row.person_part,
                "symptoms": row.symptoms,
                "history": row.history,
            }
            for row in session.scalars(
                select(Episode).where(Episode.person_id == pid).order_by(Episode.id)
            )
        ]
        stages = [
            stage_record(row)
            for row in session.scalars(
                select(StageChange)
                .where(StageChange.person_id == pid)
                .order_by(StageChange.effective, StageChange.id)
            )
        ]
        checkins = [
            checkin_item(row)
            for row in session.scalars(
                select(CheckInRow).where(CheckInRow.person_id == pid).order_by(CheckInRow.date)
            )
        ]
        tests = [
            test_item(row)
            for row in session.scalars(
                select(TestRow).where(TestRow.person_id == pid).order_by(TestRow.date, TestRow.id)
            )
        ]
        activities = [
            (summary, row.entry)
            for row in session.scalars(
                select(Activity)
                .where(Activity.person_id == pid)
                .order_by(Activity.start_utc, Activity.id)
            )
            if (summary := readable(row)) is not None
        ]
        assessments = [
            {
                "as_of": row.as_of.isoformat(),
                "knowledge_version": row.knowledge_version,
                "created_at": row.created_at.isoformat(),
                "document": row.document,
            }
            for row in session.scalars(
                select(StoredAssessment)
                .where(StoredAssessment.person_id == pid)
                .order_by(StoredAssessment.as_of)
            )
        ]
        audit.record(session, person, "data.export", actor)
        return PersonData(
            person.created_at, episodes, stages, checkins, tests, activities, assessments
        )

    return _transaction(engine, work, "could not export")


def load_person(engine: Engine, name: str, data: PersonData, actor: str) -> None:
    """Write validated data for a person with none, in one transaction."""

    def work(session: Session) -> None:
        person = session.scalar(select(Person).where(Person.name == name))
        if person is not None and _has_rows(session, person.id):
            raise PersonExists(
                f"{name!r} already has data in this journal: erase it first "
                "(`heelraise data erase --yes`) or import under another --person"
            )
        if person is None:
            person = Person(name=name, created_at=data.created_at)
            session.add(person)
            session.flush()
        pid = person.id
        now = audit.now_utc()
        for episode in data.episodes:
            session.add(
                Episode(
                    person_id=pid,
                    recorded_on=dt.date.fromisoformat(episode["recorded_on"]),
                    person_part=episode["person"],
                    symptoms=episode["symptoms"],
                    history=episode["history"],
                    created_at=now,
                )
            )
        session.add_all(stage_row(pid, record, now) for record in data.stages)
        for item in data.checkins:
            row = CheckInRow(person_id=pid, created_at=now)
            fill_checkin(row, item)
            session.add(row)
        session.add_all(test_row(pid, item, now) for item in data.tests)
        for summary, entry in data.activities:
            activity = to_row(pid, summary)
            activity.entry = entry
            session.add(activity)
        for stored in data.assessments:
            session.add(
                StoredAssessment(
                    person_id=pid,
                    as_of=dt.date.fromisoformat(stored["as_of"]),
                    document=stored["document"],
                    knowledge_version=stored["knowledge_version"],
                    created_at=dt.datetime.fromisoformat(stored["created_at"]),
                )
            )
        audit.record(session, person, "data.import", actor)

    _transaction(engine, work, "could not import")


def erase_person(engine: Engine, name: str, actor: str) -> dict[str, int]:
    """Delete every row keyed to the person and the person, then scrub their bytes from
    the database files (`store/scrub.py`); return rows deleted per table."""

    def work(session: Session) -> dict[str, int]:
        person = _require(session, name)
        audit.record(session, person, "data.erase", actor)
        counts: dict[str, int] = {}
        for table in reversed(Base.metadata.sorted_tables):
            if "person_id" in table.columns:
                result = session.execute(delete(table).where(table.c.person_id == person.id))
                counts[table.name] = int(getattr(result, "rowcount", 0) or 0)
        session.execute(delete(Person).where(Person.id == person.id))
        counts["people"] = 1
        return counts

    counts = _transaction(engine, work, "could not erase")
    scrub(engine, list(counts))
    return counts


def _has_rows(session: Session, pid: int) -> bool:
    for table in Base.metadata.sorted_tables:
        if "person_id" in table.columns:
            query = select(table.c.person_id).where(table.c.person_id == pid).limit(1)
            if session.execute(query).first() is not None:
                return True
    return False


def _require(session: Session, name: str) -> Person:
    person = session.scalar(select(Person).where(Person.name == name))
    if person is None:
        raise UnknownPerson(name)
    return person


def _transaction(engine: Engine, work: Callable[[Session], T], failure: str) -> T:
    try:
        with Session(engine) as session, session.begin():
            return work(session)
    except SQLAlchemyError as error:
        raise StoreError(f"{failure} ({first_line(error)})") from error
