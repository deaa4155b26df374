"""What the stdlib repositories share: the file, its transactions, people and audit rows.

Two repositories run on the standard library's `sqlite3` without SQLAlchemy,
for a SQLite file already at the packaged schema revision: the journal
(`store/sqlite3_journal.py`) and the activity store (`store/sqlite3_activities.py`).
Both open their connections here (never creating a file, with the pragmas
every SQLite connection gets, `store/connecting.py`), take turns on one write
lock per file in this process, word a database error as SQLAlchemy does,
and find people and append audit rows as `store/audit.py` does.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from heelraise.errors import StoreError
from heelraise.store import audit_entry
from heelraise.store.connecting import SQLITE_PRAGMAS, sqlite_file
from heelraise.store.revision import sqlite_at_head
from heelraise.store.sqlite3_rows import insert

T = TypeVar("T")


def file_at_head(url: str) -> str | None:
    """The file `url` names when it is a SQLite file (`sqlite:///PATH`) that exists and
    is at the packaged schema revision; None otherwise (a new file, one that needs
    migrating or cannot be read, another database): SQLAlchemy's repositories then."""
    path = sqlite_file(url)
    if path is None or not os.path.isfile(path):
        return None
    try:
        connection = connect(path)
    except sqlite3.Error:
        return None
    try:
        return path if sqlite_at_head(connection) else None
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def connect(path: str) -> sqlite3.Connection:
    """A connection to the existing file at `path` (never creating one), in autocommit
    mode (transactions are begun explicitly), with the journal's pragmas."""
    uri = f"{Path(path).absolute().as_uri()}?mode=rw"
    connection = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        for pragma in SQLITE_PRAGMAS:
            connection.execute(pragma)
    except sqlite3.Error:
        connection.close()
        raise
    return connection


_WRITE_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def write_lock(path: str) -> threading.Lock:
    """This process's writes to one file take turns (as `store.database.write_lock`),
    whichever stdlib repository writes: threads wait on a lock rather than in
    SQLite's busy handler."""
    key = os.path.realpath(path)
    with _LOCKS_GUARD:
        lock = _WRITE_LOCKS.get(key)
        if lock is None:
            lock = _WRITE_LOCKS[key] = threading.Lock()
    return lock


def first_line(error: sqlite3.Error) -> str:
    """The first line of a database error as SQLAlchemy words it
    (`(sqlite3.IntegrityError) UNIQUE constraint failed: ...`), as `first_line` gives it."""
    return f"({type(error).__module__}.{type(error).__name__}) {error}".splitlines()[0]


@contextmanager
def transaction(path: str, begin: str) -> Iterator[sqlite3.Connection]:
    """A connection in one transaction: committed when the block ends, rolled back
    when it raises (whatever it raises), closed either way."""
    db = connect(path)
    try:
        db.execute(begin)
        try:
            yield db
        except BaseException:
            db.rollback()  # nothing when SQLite has rolled back already
            raise
        db.commit()
    finally:
        db.close()


def read(path: str, work: Callable[[sqlite3.Connection], T], failure: str) -> T:
    """`work` in one (deferred) transaction, so it sees one state of the database;
    a database error as `StoreError("FAILURE (first line)")`."""
    try:
        with transaction(path, "BEGIN") as db:
            return work(db)
    except sqlite3.Error as error:
        raise StoreError(f"{failure} ({first_line(error)})") from error


def write(path: str, work: Callable[[sqlite3.Connection], T], failure: str) -> T:
    """`work` in one transaction, begun `IMMEDIATE` so it holds the write lock from its
    first read; a database error as `StoreError("FAILURE (first line)")`."""
    try:
        with write_lock(path), transaction(path, "BEGIN IMMEDIATE") as db:
            return work(db)
    except sqlite3.Error as error:
        raise StoreError(f"{failure} ({first_line(error)})") from error


# -- people and the audit log, inside an open transaction ------------------------------


@dataclass(slots=True)
class PersonRow:
    id: int
    uid: str | None  # None: made by an older version, given one on first audit


def find_person(db: sqlite3.Connection, name: str) -> PersonRow | None:
    row = db.execute("SELECT id, uid FROM people WHERE name = ?", (name,)).fetchone()
    return None if row is None else PersonRow(row[0], row[1])


def person_by_id(db: sqlite3.Connection, person_id: int) -> PersonRow | None:
    row = db.execute("SELECT id, uid FROM people WHERE id = ?", (person_id,)).fetchone()
    return None if row is None else PersonRow(row[0], row[1])


def ensure_uid(db: sqlite3.Connection, person: PersonRow) -> str:
    """The person's random id, created when missing (people made by older versions)."""
    if person.uid is None:
        uid = audit_entry.new_uid()
        db.execute("UPDATE people SET uid = ? WHERE id = ?", (uid, person.id))
        person.uid = uid
    return person.uid


def audit(
    db: sqlite3.Connection,
    person: PersonRow | None,
    action: str,
    actor: str,
    detail: str | None = None,
) -> None:
    """Append one audit row (as `store.audit.record`; no subject without a person)."""
    subject = None if person is None else audit_entry.subject_of(ensure_uid(db, person))
    insert(
        db,
        "audit_log",
        {
            "at": audit_entry.now_utc(),
            "actor": actor,
            "action": action,
            "subject": subject,
            "detail": detail,
        },
    )
