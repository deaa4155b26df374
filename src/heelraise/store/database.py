"""SQLAlchemy engines for the database: made, upgraded, kept open by a server.

Where the database is (`resolve_url`) and how a SQLite connection is set up
(`SQLITE_PRAGMAS`: WAL mode, `synchronous=FULL`, foreign keys on,
`secure_delete` on) are in `store/connecting.py`, without SQLAlchemy.
"""

from __future__ import annotations

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
from heelraise.store.connecting import DATABASE_URL_ENV, SQLITE_FILE, SQLITE_PRAGMAS, resolve_url
from heelraise.store.revision import at_head
from heelraise.store.stored_formats import json_text

# URL resolution and the pragmas live in `store/connecting.py` (no SQLAlchemy there).
__all__ = [
    "DATABASE_URL_ENV",
    "SQLITE_FILE",
    "SQLITE_PRAGMAS",
    "close_kept",
    "is_kept",
    "keep_open",
    "make_engine",
    "open_engine",
    "resolve_url",
    "write_lock",
]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
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
        json = {"json_serializer": json_text, "json_deserializer": orjson.loads}
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


def is_kept(url: str) -> bool:
    """Whether `keep_open` keeps an engine for the (resolved) `url`."""
    return url in _KEPT


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
