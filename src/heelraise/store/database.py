"""Where the database is and how to connect to it.

URL resolution: `--db URL` > `HEELRAISE_DATABASE_URL` > the SQLite file
`heelraise.sqlite3` in `platformdirs.user_data_dir("heelraise")`, with
`HEELRAISE_HOME` replacing that directory. SQLite connections run in WAL mode
with `synchronous=FULL`, foreign keys on and `secure_delete` on.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool

from heelraise.errors import StoreError
from heelraise.paths import home_dir
from heelraise.store.revision import at_head

DATABASE_URL_ENV = "HEELRAISE_DATABASE_URL"
SQLITE_FILE = "heelraise.sqlite3"


def resolve_url(db: str | None = None) -> str:
    """The database URL: explicit, then environment, then the default SQLite file."""
    if db:
        return db
    from_env = os.environ.get(DATABASE_URL_ENV)
    if from_env:
        return from_env
    return f"sqlite:///{home_dir() / SQLITE_FILE}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted content is overwritten with zeros, not left in free space (erasure).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`, its schema upgraded to the newest migration.

    A database already at the newest revision is not handed to Alembic, which is
    then not even imported (`store/revision.py`)."""
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    try:
        # JSON columns (assessment documents, triage answers) through orjson: several
        # times faster than the standard library both ways, the same data back.
        json = {"json_serializer": _json_text, "json_deserializer": orjson.loads}
        if url == "sqlite:///:memory:":
            # One connection shared by every thread, or each would see its own empty database.
            engine = create_engine(
                url, poolclass=StaticPool, connect_args={"check_same_thread": False}, **json
            )
        else:
            engine = create_engine(url, **json)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        if not at_head(engine):
            from heelraise.store.migrate import upgrade

            upgrade(engine)
    except SQLAlchemyError as error:
        raise StoreError(f"cannot open the database at {url} ({_first_line(error)})") from error
    except OSError as error:
        raise StoreError(f"cannot open the database at {url} ({error.strerror})") from error
    return engine


def _json_text(value: Any) -> str:
    return orjson.dumps(value).decode()


def _first_line(error: BaseException) -> str:
    lines = str(error).splitlines()
    return lines[0] if lines else type(error).__name__


# Engines kept open for the life of a server process (`keep_open`), by resolved URL.
_KEPT: dict[str, Engine] = {}


def keep_open(db_url: str | None) -> None:
    """Keep one engine (and its connection pool) for `db_url` until `close_kept`.

    The web server calls this (through `heelraise.app.journal`) at start-up, so
    a request does not pay for a new engine and a schema check; the CLI opens
    and closes the journal each time.
    """
    url = resolve_url(db_url)
    if url not in _KEPT:
        _KEPT[url] = make_engine(url)


def close_kept(db_url: str | None) -> None:
    """Dispose of the engine `keep_open` kept for `db_url`."""
    engine = _KEPT.pop(resolve_url(db_url), None)
    if engine is not None:
        engine.dispose()


@contextmanager
def open_engine(db_url: str | None) -> Iterator[Engine]:
    """The database at `db_url` (or the default), upgraded to the current schema."""
    url = resolve_url(db_url)
    kept = _KEPT.get(url)
    if kept is not None:
        yield kept
        return
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


_WRITE_LOCKS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()
_LOCKS_GUARD = threading.Lock()


def write_lock(engine: Engine) -> AbstractContextManager[object]:
    """Serialise this process's write transactions on a SQLite database.

    SQLite has one writer at a time; threads that collide wait in SQLite's busy
    handler, which sleeps in steps of up to 100 ms. Taking turns on a lock
    first costs nothing of that. Other databases lock rows: no lock here.
    """
    if engine.dialect.name != "sqlite":
        return nullcontext()
    with _LOCKS_GUARD:
        lock = _WRITE_LOCKS.get(engine)
        if lock is None:
            lock = _WRITE_LOCKS[engine] = threading.Lock()
    return lock
