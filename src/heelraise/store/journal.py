"""The journal repository on SQLAlchemy: one person's records, each write one transaction.

Every public method opens its own session; a method that writes does all of
its work inside one `session.begin()` block, so it happens entirely or not
at all. Callers validate before calling: nothing here judges clinical input.

`store/sqlite3_journal.py` does the same with the standard library's `sqlite3`,
for a SQLite file already at the current schema (a faster start); what both
offer is `store/journal_interface.py`'s `JournalRepository`. A change here is
a change there: `tests/store/test_sqlite3_journal.py` compares their rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from heelraise.errors import AlreadySetUp, CheckInExists, StoreError, UnknownPerson
from heelraise.store import audit, audit_entry
from heelraise.store.activity_reading import readable
from heelraise.store.database import write_lock
from heelraise.store.journal_interface import (
    DaySave,
    EpisodeParts,
    Records,
    Setup,
    first_line,
)
from heelraise.store.models import (
    Activity,
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
    entered_activity,
    fill_checkin,
    stage_record,
    stage_row,
    test_item,
    test_row,
    training_item,
)

# The shapes are defined in `store/journal_interface.py`, shared with `store/sqlite3_journal.py`.
__all__ = ["DaySave", "EpisodeParts", "Journal", "Records", "Setup", "first_line"]

T = TypeVar("T")


class Journal:
    """People and their records in one database."""

    def __init__(self, engine: Engine, actor: str | None = None) -> None:
        self.engine = engine
        self.actor = actor or audit_entry.default_actor()

    # -- people -----------------------------------------------------------------

    def people(self) -> list[str]:
        """Every person's name, sorted."""
        return self._read(lambda s: list(s.scalars(select(Person.name).order_by(Person.name))))

    # -- writes -----------------------------------------------------------------

    def set_up(self, name: str, setup: Setup) -> None:
        """Store a triage (and a case's programme, tests and training) in one transaction."""

        def work(session: Session) -> None:
            _set_up(session, name, setup, self.actor)

        self._write(work, "could not store the triage answers")

    def set_up_assessed(
        self,
        name: str,
        setup: Setup,
        *,
        as_of: dt.date,
        assess: Callable[[Records], DaySave | None],
    ) -> None:
        """`set_up`, then the day's assessment, in one transaction (see `put_checkin_assessed`)."""

        def write(session: Session) -> Person:
            return _set_up(session, name, setup, self.actor)

        self._write_assessed(write, as_of, assess, "could not store the triage answers")

    def put_checkin(self, name: str, item: dict[str, Any], *, replace: bool) -> bool:
        """Store a validated check-in; True when it replaced one on the same day.

        Raises `CheckInExists` (storing nothing) when that day has one and
        `replace` is false.
        """

        def work(session: Session) -> bool:
            return _put_checkin(session, _require(session, name), item, replace, self.actor)

        return self._write(work, "could not store the check-in")

    def put_checkin_assessed(
        self,
        name: str,
        item: dict[str, Any],
        *,
        replace: bool,
        as_of: dt.date,
        assess: Callable[[Records], DaySave | None],
    ) -> bool:
        """`put_checkin`, then the day's assessment from the records, in one transaction.

        `assess` gets the records (the new check-in included) and returns what
        to store for `as_of` (None: nothing, e.g. before any triage).
        """

        result: list[bool] = []

        def write(session: Session) -> Person:
            person = _require(session, name)
            result.append(_put_checkin(session, person, item, replace, self.actor))
            return person

        self._write_assessed(write, as_of, assess, "could not store the check-in")
        return result[-1]

    def add_test(self, name: str, item: dict[str, Any]) -> None:
        """Store a validated capacity test."""

        def work(session: Session) -> None:
            _add_test(session, _require(session, name), item, self.actor)

        self._write(work, "could not store the test")

    def add_test_assessed(
        self,
        name: str,
        item: dict[str, Any],
        *,
        as_of: dt.date,
        assess: Callable[[Records], DaySave | None],
    ) -> None:
        """`add_test`, then the day's assessment, in one transaction."""

        def write(session: Session) -> Person:
            person = _require(session, name)
            _add_test(session, person, item, self.actor)
            return person

        self._write_assessed(write, as_of, assess, "could not store the test")

    def save_assessment(
        self,
        name: str,
        as_of: dt.date,
        document: dict[str, Any],
        knowledge_version: str,
        advance: StageRecord | None,
    ) -> None:
        """Store the day's assessment (replacing that day's) and its stage advance, at once.

        Rows an earlier assessment for the same day derived are replaced too,
        so re-running a day never stacks up stage changes.
        """

        def work(session: Session) -> None:
            _save_assessment(
                session,
                _require(session, name),
                as_of,
                document,
                knowledge_version,
                advance,
                self.actor,
            )

        self._write(work, "could not store the assessment")

    def note_read(self, name: str, action: str, detail: str | None = None) -> None:
        """Record in the audit log that the person's data was read."""

        def work(session: Session) -> None:
            audit.record(session, _require(session, name), action, self.actor, detail)

        self._write(work, "could not write the audit log")

    def pseudonym(self, name: str) -> str:
        """A stable name for the person outside heelraise (FHIR, reports): a one-way
        hash of their random id, never their name (see `store/audit.py`)."""

        def work(session: Session) -> str:
            return audit_entry.pseudonym_of(audit.ensure_uid(session, _require(session, name)))

        return self._write(work, "could not read the person")

    # -- reads ------------------------------------------------------------------

    def episodes(self, name: str) -> list[EpisodeParts]:
        """Every triage recorded for the person, oldest first."""

        def read(session: Session) -> list[EpisodeParts]:
            person = _require(session, name)
            query = (
                select(Episode)
                .where(Episode.person_id == person.id)
                .order_by(Episode.recorded_on, Episode.id)
            )
            return [
                EpisodeParts(row.recorded_on, row.person_part, row.symptoms, row.history)
                for row in session.scalars(query)
            ]

        return self._read(read)

    def records(self, name: str, as_of: dt.date | None = None) -> Records:
        """The person's records (dated on or before `as_of`, when given)."""
        return self._read(lambda session: _records(session, _require(session, name), as_of))

    def assessments(self, name: str) -> list[tuple[dt.date, dict[str, Any]]]:
        """Stored assessment documents, oldest first."""

        def read(session: Session) -> list[tuple[dt.date, dict[str, Any]]]:
            person = _require(session, name)
            query = (
                select(StoredAssessment)
                .where(StoredAssessment.person_id == person.id)
                .order_by(StoredAssessment.as_of)
            )
            return [(row.as_of, row.document) for row in session.scalars(query)]

        return self._read(read)

    # -- plumbing ---------------------------------------------------------------

    def _read(self, work: Callable[[Session], T]) -> T:
        try:
            with Session(self.engine) as session:
                return work(session)
        except SQLAlchemyError as error:
            raise StoreError(f"could not read the journal ({first_line(error)})") from error

    def _write_assessed(
        self,
        write: Callable[[Session], Person],
        as_of: dt.date,
        assess: Callable[[Records], DaySave | None],
        failure: str,
    ) -> None:
        """`write`, then `assess` on the records it leaves, and the assessment stored, all in
        one transaction: if the assessment fails (an exception), the write is undone too,
        so nothing is stored behind an error. `assess` returns None to store nothing."""

        def work(session: Session) -> None:
            person = write(session)
            session.flush()
            save = assess(_records(session, person, as_of))
            if save is not None:
                _save_assessment(
                    session,
                    person,
                    as_of,
                    save.document,
                    save.knowledge_version,
                    save.advance,
                    self.actor,
                )

        self._write(work, failure)

    def _write(self, work: Callable[[Session], T], failure: str) -> T:
        """Run `work` in one transaction. A unique-constraint conflict (two requests
        writing the same day's check-in at once) is retried once, from the start:
        the second run sees the first one's row and acts on it."""
        for attempt in (1, 2):
            try:
                with write_lock(self.engine), Session(self.engine) as session, session.begin():
                    return work(session)
            except IntegrityError as error:
                if attempt == 2:
                    raise StoreError(f"{failure} ({first_line(error)})") from error
            except SQLAlchemyError as error:
                raise StoreError(f"{failure} ({first_line(error)})") from error
        raise AssertionError("unreachable")  # pragma: no cover


def _set_up(session: Session, name: str, setup: Setup, actor: str) -> Person:
    """`Journal.set_up` inside an open transaction; the person stored for."""
    found = _find(session, name)
    if found is not None and setup.fresh and _has_records(session, found.id):
        raise AlreadySetUp(
            f"{name!r} already has records in this journal: choose another --person, "
            "or `heelraise data erase` first"
        )
    first = found is None or not _has_episode(session, found.id)
    person = found or _create(session, name, actor)
    now = audit_entry.now_utc()
    parts = setup.episode
    session.add(
        Episode(
            person_id=person.id,
            recorded_on=parts.recorded_on,
            person_part=parts.person,
            symptoms=parts.symptoms,
            history=parts.history,
            created_at=now,
        )
    )
    session.add_all(stage_row(person.id, record, now) for record in setup.stages)
    session.add_all(test_row(person.id, item, now) for item in setup.tests)
    session.add_all(
        entered_activity(person.id, item, position) for position, item in enumerate(setup.training)
    )
    detail = (
        f"episode {parts.recorded_on}; {len(setup.stages)} stage rows, "
        f"{len(setup.tests)} tests, {len(setup.training)} training items"
    )
    # The first triage starts the journal; a later one is the answers given again.
    action = "journal.init" if first else "triage.record"
    audit.record(session, person, action, actor, detail)
    return person


def _has_episode(session: Session, person_id: int) -> bool:
    return (
        session.scalar(select(Episode.id).where(Episode.person_id == person_id).limit(1))
        is not None
    )


def _find(session: Session, name: str) -> Person | None:
    return session.scalar(select(Person).where(Person.name == name))


def _require(session: Session, name: str) -> Person:
    person = _find(session, name)
    if person is None:
        raise UnknownPerson(name)
    return person


def _create(session: Session, name: str, actor: str) -> Person:
    person = Person(name=name, created_at=audit_entry.now_utc())
    session.add(person)
    session.flush()
    audit.record(session, person, "person.create", actor)
    return person


def _has_records(session: Session, person_id: int) -> bool:
    for model in (Episode, StageChange, CheckInRow, TestRow, Activity):
        query = select(model.id).where(model.person_id == person_id).limit(1)
        if session.scalar(query) is not None:
            return True
    return False


def _records(session: Session, person: Person, as_of: dt.date | None) -> Records:
    """`Journal.records` inside an open session."""
    pid = person.id
    episodes = select(Episode).where(Episode.person_id == pid)
    stages = select(StageChange).where(StageChange.person_id == pid)
    checkins = select(CheckInRow).where(CheckInRow.person_id == pid)
    tests = select(TestRow).where(TestRow.person_id == pid)
    training = select(Activity).where(Activity.person_id == pid)
    if as_of is not None:
        episodes = episodes.where(Episode.recorded_on <= as_of)
        stages = stages.where(StageChange.effective <= as_of)
        checkins = checkins.where(CheckInRow.date <= as_of)
        tests = tests.where(TestRow.date <= as_of)
        training = training.where(Activity.date <= as_of)
    latest = session.scalar(
        episodes.order_by(Episode.recorded_on.desc(), Episode.id.desc()).limit(1)
    )
    episode = (
        None
        if latest is None
        else EpisodeParts(latest.recorded_on, latest.person_part, latest.symptoms, latest.history)
    )
    return Records(
        episode,
        [
            stage_record(r)
            for r in session.scalars(stages.order_by(StageChange.effective, StageChange.id))
        ],
        [
            checkin_item(r)
            for r in session.scalars(checkins.order_by(CheckInRow.date, CheckInRow.id))
        ],
        [test_item(r) for r in session.scalars(tests.order_by(TestRow.date, TestRow.id))],
        [
            training_item(row, summary)
            for row in session.scalars(
                training.order_by(Activity.date, Activity.start_utc, Activity.id)
            )
            if (summary := readable(row)) is not None  # a bad row is skipped, never fatal
        ],
    )


def _save_assessment(
    session: Session,
    person: Person,
    as_of: dt.date,
    document: dict[str, Any],
    knowledge_version: str,
    advance: StageRecord | None,
    actor: str,
) -> None:
    """`Journal.save_assessment` inside an open transaction."""
    session.execute(
        delete(StoredAssessment).where(
            StoredAssessment.person_id == person.id, StoredAssessment.as_of == as_of
        )
    )
    session.execute(
        delete(StageChange).where(
            StageChange.person_id == person.id,
            StageChange.effective == as_of,
            StageChange.origin == "assessment",
        )
    )
    now = audit_entry.now_utc()
    session.add(
        StoredAssessment(
            person_id=person.id,
            as_of=as_of,
            document=document,
            knowledge_version=knowledge_version,
            created_at=now,
        )
    )
    if advance is not None:
        session.add(stage_row(person.id, advance, now))
    audit.record(session, person, "assessment.store", actor, as_of.isoformat())


def _add_test(session: Session, person: Person, item: dict[str, Any], actor: str) -> None:
    session.add(test_row(person.id, item, audit_entry.now_utc()))
    audit.record(session, person, "test.record", actor, f"{item['kind']} {item['date']}")


def _put_checkin(
    session: Session, person: Person, item: dict[str, Any], replace: bool, actor: str
) -> bool:
    """`Journal.put_checkin` inside an open transaction."""
    day = dt.date.fromisoformat(item["date"])
    row = session.scalar(
        select(CheckInRow).where(CheckInRow.person_id == person.id, CheckInRow.date == day)
    )
    replaced = row is not None
    if row is not None and not replace:
        raise CheckInExists(day)
    if row is None:
        row = CheckInRow(person_id=person.id, created_at=audit_entry.now_utc())
        session.add(row)
    fill_checkin(row, item)
    action = "checkin.replace" if replaced else "checkin.record"
    audit.record(session, person, action, actor, day.isoformat())
    return replaced
