"""After an erasure: leave no byte of the erased rows in the database's files.

Deleting a row only marks its space free; the bytes stay in the file, and in
SQLite's write-ahead log (`-wal`) every page written since the last checkpoint
is kept whole. So, after the delete has committed:

SQLite — every connection runs with `PRAGMA secure_delete=ON` (freed space is
overwritten with zeros, see `database._sqlite_pragmas`); then
`PRAGMA wal_checkpoint(TRUNCATE)` copies the log into the main file and cuts
the log to zero bytes; `VACUUM` rebuilds the main file from the live rows only
(in WAL mode it writes through the log), and a second TRUNCATE checkpoint
empties the log again. A running `heelraise serve` keeps pooled connections
open: idle ones hold no snapshot and do not stop a checkpoint, but a request in
flight does, so a checkpoint that reports "busy" is tried again (SQLite's busy
handler waits in between) until it completes, or the scrub fails loudly naming
what is left. The `-shm` file holds only the log's index (page numbers), never
row content.

PostgreSQL — `VACUUM FULL` (outside a transaction) rewrites each affected table,
its indexes and its TOAST table into new files and truncates the old ones, so
the dead rows' bytes leave the table files; a plain VACUUM only marks their
space reusable. PostgreSQL's own write-ahead log (`pg_wal`) and any base
backups or WAL archives still hold them until recycled or deleted: see
docs/data-export.md.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from heelraise.errors import StoreError

CHECKPOINT_TRIES = 50  # each waits in SQLite's busy handler first (5 s by default)


def scrub(engine: Engine, tables: Sequence[str]) -> None:
    """Remove the bytes of deleted rows of `tables` from the database files (see above)."""
    try:
        if engine.dialect.name == "sqlite":
            _scrub_sqlite(engine)
        elif engine.dialect.name == "postgresql":
            _vacuum_postgresql(engine, tables)
    except (SQLAlchemyError, sqlite3.Error) as error:
        raise StoreError(
            "the rows are deleted, but their bytes may still be in the database files "
            f"({str(error).splitlines()[0]}); run `heelraise data erase` again "
            "when nothing else is using the journal"
        ) from error


def _scrub_sqlite(engine: Engine) -> None:
    if engine.url.database in (None, "", ":memory:"):
        return
    raw = engine.raw_connection()
    try:
        connection = raw.dbapi_connection
        assert isinstance(connection, sqlite3.Connection)
        previous = connection.isolation_level
        connection.isolation_level = None  # autocommit: VACUUM cannot run in a transaction
        try:
            connection.execute("PRAGMA secure_delete=ON")
            _checkpoint(connection)
            connection.execute("VACUUM")
            _checkpoint(connection)
        finally:
            connection.isolation_level = previous
    finally:
        raw.close()


def _checkpoint(connection: sqlite3.Connection) -> None:
    """`wal_checkpoint(TRUNCATE)` until it is not busy: the log copied in and emptied."""
    for _ in range(CHECKPOINT_TRIES):
        busy, _log_frames, _copied = connection.execute(
            "PRAGMA wal_checkpoint(TRUNCATE)"
        ).fetchone()
        if busy == 0:
            return
        time.sleep(0.05)
    raise sqlite3.OperationalError(
        "another connection kept reading the journal: the write-ahead log could not be emptied"
    )


def _vacuum_postgresql(engine: Engine, tables: Sequence[str]) -> None:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        preparer = engine.dialect.identifier_preparer
        for table in tables:
            connection.execute(text(f"VACUUM (FULL, ANALYZE) {preparer.quote(table)}"))
