"""The journal repository on the standard library's `sqlite3`, without SQLAlchemy.

`Sqlite3Journal` does exactly what `store/journal.py`'s `Journal` does, for a
SQLite file already at the packaged schema revision (`open_at_head`): the
same tables and columns, the same stored forms (`store/stored_formats.py`),
the same conversions (`store/record_values.py`), audit rows
(`store/audit_entry.py`), ordering and errors. A command that opens the
journal then starts without importing SQLAlchemy (about 150 ms).
`tests/store/test_sqlite3_journal.py` holds the two to that, row for row.

Each public method opens its own connection, with the pragmas every SQLite
connection gets (`store/connecting.py`). A write is one transaction, begun
`IMMEDIATE` so it holds the write lock from its first read; a unique-constraint
conflict is retried once, from the start. A read is one (deferred)
transaction, so it sees one state of the database.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from heelraise.errors import AlreadySetUp, CheckInExists, StoreError, UnknownPerson
from heelraise.store import audit_entry, sqlite3_access
from heelraise.store.activity_reading import readable
from heelraise.store.journal_interface import Assessor, EpisodeParts, Records, Setup
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
from heelraise.store.sqlite3_access import (
    PersonRow,
    audit,
    ensure_uid,
    file_at_head,
    find_person,
    first_line,
    transaction,
    write_lock,
)
from heelraise.store.sqlite3_rows import (
    StoredActivity,
    StoredCheckIn,
    StoredEpisode,
    StoredStage,
    StoredTest,
    insert,
    select,
    update,
)
from heelraise.store.stored_formats import date_text

T = TypeVar("T")

# The tables that hold a person's records (`AlreadySetUp` looks in each).
_RECORD_TABLES = ("episodes", "stage_history", "checkins", "tests", "activities")


def open_at_head(url: str) -> Sqlite3Journal | None:
    """The stdlib journal for `url` when it names a SQLite file (`sqlite:///PATH`) that
    exists and is at the packaged schema revision; None otherwise (a new file, one
    that needs migrating or cannot be read, another database): SQLAlchemy's then."""
    path = file_at_head(url)
    return None if path is None else Sqlite3Journal(path)


class Sqlite3Journal:
    """People and their records in one SQLite file (see the module docstring)."""

    def __init__(self, path: str, actor: str | None = None) -> None:
        self.path = path
        self.actor = actor or audit_entry.default_actor()

    # -- people -----------------------------------------------------------------

    def people(self) -> list[str]:
        """Every person's name, sorted."""
        return self._read(
            lambda db: [name for (name,) in db.execute("SELECT name FROM people ORDER BY name")]
        )

    # -- writes -----------------------------------------------------------------

    def set_up(self, name: str, setup: Setup) -> None:
        """Store a triage (and a case's programme, tests and training) in one transaction."""
        self._write(
            lambda db: _set_up(db, name, setup, self.actor), "could not store the triage answers"
        )

    def set_up_assessed(self, name: str, setup: Setup, *, as_of: dt.date, assess: Assessor) -> None:
        """`set_up`, then the day's assessment, in one transaction (see `put_checkin_assessed`)."""

        def write(db: sqlite3.Connection) -> PersonRow:
            return _set_up(db, name, setup, self.actor)

        self._write_assessed(write, as_of, assess, "could not store the triage answers")

    def put_checkin(self, name: str, item: dict[str, Any], *, replace: bool) -> bool:
        """Store a validated check-in; True when it replaced one on the same day.

        Raises `CheckInExists` (storing nothing) when that day has one and
        `replace` is false.
        """

        def work(db: sqlite3.Connection) -> bool:
            return _put_checkin(db, _require(db, name), item, replace, self.actor)

        return self._write(work, "could not store the check-in")

    def put_checkin_assessed(
        self,
        name: str,
        item: dict[str, Any],
        *,
        replace: bool,
        as_of: dt.date,
        assess: Assessor,
    ) -> bool:
        """`put_checkin`, then the day's assessment from the records, in one transaction.

        `assess` gets the records (the new check-in included) and returns what
        to store for `as_of` (None: nothing, e.g. before any triage).
        """
        result: list[bool] = []

        def write(db: sqlite3.Connection) -> PersonRow:
            person = _require(db, name)
            result.append(_put_checkin(db, person, item, replace, self.actor))
            return person

        self._write_assessed(write, as_of, assess, "could not store the check-in")
        return result[-1]

    def add_test(self, name: str, item: dict[str, Any]) -> None:
        """Store a validated capacity test."""
        self._write(
            lambda db: _add_test(db, _require(db, name), item, self.actor),
            "could not store the test",
        )

    def add_test_assessed(
        self, name: str, item: dict[str, Any], *, as_of: dt.date, assess: Assessor
    ) -> None:
        """`add_test`, then the day's assessment, in one transaction."""

        def write(db: sqlite3.Connection) -> PersonRow:
            person = _require(db, name)
            _add_test(db, person, item, self.actor)
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

        def work(db: sqlite3.Connection) -> None:
            person = _require(db, name)
            _save_assessment(db, person, as_of, document, knowledge_version, advance, self.actor)

        self._write(work, "could not store the assessment")

    def note_read(self, name: str, action: str, detail: str | None = None) -> None:
        """Record in the audit log that the person's data was read."""
        self._write(
            lambda db: audit(db, _require(db, name), action, self.actor, detail),
            "could not write the audit log",
        )

    def pseudonym(self, name: str) -> str:
        """A stable name for the person outside heelraise (FHIR, reports): a one-way
        hash of their random id, never their name (see `store/audit.py`)."""
        return self._write(
            lambda db: audit_entry.pseudonym_of(ensure_uid(db, _require(db, name))),
            "could not read the person",
        )

    # -- reads ------------------------------------------------------------------

    def episodes(self, name: str) -> list[EpisodeParts]:
        """Every triage recorded for the person, oldest first."""

        def read(db: sqlite3.Connection) -> list[EpisodeParts]:
            person = _require(db, name)
            rows = select(
                db,
                "episodes",
                StoredEpisode._fields,
                "WHERE person_id = ? ORDER BY recorded_on, id",
                (person.id,),
            )
            return [EpisodeParts(*row) for row in rows]

        return self._read(read)

    def records(self, name: str, as_of: dt.date | None = None) -> Records:
        """The person's records (dated on or before `as_of`, when given)."""
        return self._read(lambda db: _records(db, _require(db, name), as_of))

    def assessments(self, name: str) -> list[tuple[dt.date, dict[str, Any]]]:
        """Stored assessment documents, oldest first."""

        def read(db: sqlite3.Connection) -> list[tuple[dt.date, dict[str, Any]]]:
            person = _require(db, name)
            rows = select(
                db,
                "assessments",
                ("as_of", "document"),
                "WHERE person_id = ? ORDER BY as_of",
                (person.id,),
            )
            return [(as_of, document) for as_of, document in rows]

        return self._read(read)

    # -- plumbing ---------------------------------------------------------------

    def _read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return sqlite3_access.read(self.path, work, "could not read the journal")

    def _write_assessed(
        self,
        write: Callable[[sqlite3.Connection], PersonRow],
        as_of: dt.date,
        assess: Assessor,
        failure: str,
    ) -> None:
        """`write`, then `assess` on the records it leaves, and the assessment stored, all in
        one transaction: if the assessment fails (an exception), the write is undone too,
        so nothing is stored behind an error. `assess` returns None to store nothing."""

        def work(db: sqlite3.Connection) -> None:
            person = write(db)
            save = assess(_records(db, person, as_of))
            if save is not None:
                _save_assessment(
                    db,
                    person,
                    as_of,
                    save.document,
                    save.knowledge_version,
                    save.advance,
                    self.actor,
                )

        self._write(work, failure)

    def _write(self, work: Callable[[sqlite3.Connection], T], failure: str) -> T:
        """Run `work` in one transaction. A unique-constraint conflict (two requests
        writing the same day's check-in at once) is retried once, from the start:
        the second run sees the first one's row and acts on it."""
        for attempt in (1, 2):
            try:  # `sqlite3_access.write`, but for the retry
                with write_lock(self.path), transaction(self.path, "BEGIN IMMEDIATE") as db:
                    return work(db)
            except sqlite3.IntegrityError as error:
                if attempt == 2:
                    raise StoreError(f"{failure} ({first_line(error)})") from error
            except sqlite3.Error as error:
                raise StoreError(f"{failure} ({first_line(error)})") from error
        raise AssertionError("unreachable")  # pragma: no cover


# -- work inside one transaction -----------------------------------------------------


def _set_up(db: sqlite3.Connection, name: str, setup: Setup, actor: str) -> PersonRow:
    """`Journal.set_up` inside an open transaction; the person stored for."""
    found = find_person(db, name)
    if found is not None and setup.fresh and _has_records(db, found.id):
        raise AlreadySetUp(
            f"{name!r} already has records in this journal: choose another --person, "
            "or `heelraise data erase` first"
        )
    first = found is None or not _has_row(db, "episodes", found.id)
    person = found or _create(db, name, actor)
    now = audit_entry.now_utc()
    parts = setup.episode
    insert(
        db,
        "episodes",
        {
            "person_id": person.id,
            "recorded_on": parts.recorded_on,
            "person_part": parts.person,
            "symptoms": parts.symptoms,
            "history": parts.history,
            "created_at": now,
        },
    )
    for record in setup.stages:
        insert(db, "stage_history", _stage_columns(person.id, record, now))
    for item in setup.tests:
        insert(db, "tests", {"person_id": person.id, **test_values(item), "created_at": now})
    for position, item in enumerate(setup.training):
        insert(
            db, "activities", {"person_id": person.id, **entered_activity_values(item, position)}
        )
    detail = (
        f"episode {parts.recorded_on}; {len(setup.stages)} stage rows, "
        f"{len(setup.tests)} tests, {len(setup.training)} training items"
    )
    # The first triage starts the journal; a later one is the answers given again.
    action = "journal.init" if first else "triage.record"
    audit(db, person, action, actor, detail)
    return person


def _stage_columns(person_id: int, record: StageRecord, created_at: dt.datetime) -> dict[str, Any]:
    return {"person_id": person_id, **stage_values(record), "created_at": created_at}


def _has_row(db: sqlite3.Connection, table: str, person_id: int) -> bool:
    query = f"SELECT id FROM {table} WHERE person_id = ? LIMIT 1"
    return db.execute(query, (person_id,)).fetchone() is not None


def _has_records(db: sqlite3.Connection, person_id: int) -> bool:
    return any(_has_row(db, table, person_id) for table in _RECORD_TABLES)


def _require(db: sqlite3.Connection, name: str) -> PersonRow:
    person = find_person(db, name)
    if person is None:
        raise UnknownPerson(name)
    return person


def _create(db: sqlite3.Connection, name: str, actor: str) -> PersonRow:
    now = audit_entry.now_utc()
    person = PersonRow(insert(db, "people", {"name": name, "created_at": now}), None)
    audit(db, person, "person.create", actor)
    return person


def _records(db: sqlite3.Connection, person: PersonRow, as_of: dt.date | None) -> Records:
    """`Journal.records` inside an open transaction."""

    def rows(table: str, columns: Sequence[str], dated: str, order: str) -> list[tuple[Any, ...]]:
        where = "WHERE person_id = ?"
        parameters: list[Any] = [person.id]
        if as_of is not None:
            where += f" AND {dated} <= ?"
            parameters.append(date_text(as_of))
        return select(db, table, columns, f"{where} ORDER BY {order}", parameters)

    latest = rows(
        "episodes", StoredEpisode._fields, "recorded_on", "recorded_on DESC, id DESC LIMIT 1"
    )
    stages = rows("stage_history", StoredStage._fields, "effective", "effective, id")
    checkins = rows("checkins", StoredCheckIn._fields, "date", "date, id")
    tests = rows("tests", StoredTest._fields, "date", "date, id")
    training = rows("activities", StoredActivity._fields, "date", "date, start_utc, id")
    activities = [StoredActivity._make(row) for row in training]
    return Records(
        EpisodeParts(*latest[0]) if latest else None,
        [stage_record(StoredStage._make(row)) for row in stages],
        [checkin_item(StoredCheckIn._make(row)) for row in checkins],
        [test_item(StoredTest._make(row)) for row in tests],
        [
            training_item(row, summary)
            for row in activities
            if (summary := readable(row)) is not None  # a bad row is skipped, never fatal
        ],
    )


def _save_assessment(
    db: sqlite3.Connection,
    person: PersonRow,
    as_of: dt.date,
    document: dict[str, Any],
    knowledge_version: str,
    advance: StageRecord | None,
    actor: str,
) -> None:
    """`Journal.save_assessment` inside an open transaction."""
    day = date_text(as_of)
    db.execute("DELETE FROM assessments WHERE person_id = ? AND as_of = ?", (person.id, day))
    db.execute(
        "DELETE FROM stage_history WHERE person_id = ? AND effective = ? AND origin = ?",
        (person.id, day, "assessment"),
    )
    now = audit_entry.now_utc()
    insert(
        db,
        "assessments",
        {
            "person_id": person.id,
            "as_of": as_of,
            "document": document,
            "knowledge_version": knowledge_version,
            "created_at": now,
        },
    )
    if advance is not None:
        insert(db, "stage_history", _stage_columns(person.id, advance, now))
    audit(db, person, "assessment.store", actor, as_of.isoformat())


def _add_test(db: sqlite3.Connection, person: PersonRow, item: dict[str, Any], actor: str) -> None:
    now = audit_entry.now_utc()
    insert(db, "tests", {"person_id": person.id, **test_values(item), "created_at": now})
    audit(db, person, "test.record", actor, f"{item['kind']} {item['date']}")


def _put_checkin(
    db: sqlite3.Connection, person: PersonRow, item: dict[str, Any], replace: bool, actor: str
) -> bool:
    """`Journal.put_checkin` inside an open transaction."""
    day = dt.date.fromisoformat(item["date"])
    found = db.execute(
        "SELECT id FROM checkins WHERE person_id = ? AND date = ?", (person.id, date_text(day))
    ).fetchone()
    replaced = found is not None
    if found is not None and not replace:
        raise CheckInExists(day)
    values = checkin_values(item)
    if found is None:
        created_at = audit_entry.now_utc()
        insert(db, "checkins", {"person_id": person.id, "created_at": created_at, **values})
    else:
        update(db, "checkins", found[0], values)
    action = "checkin.replace" if replaced else "checkin.record"
    audit(db, person, action, actor, day.isoformat())
    return replaced
