"""Where the database is and how to connect to it.

URL resolution: `--db URL` > `HEELRAISE_DATABASE_URL` > the SQLite file
`heelraise.sqlite3` in `platformdirs.user_data_dir("heelraise")`, with
`HEELRAISE_HOME` replacing that directory. SQLite connections run in WAL mode
with `synchronous=FULL` and foreign keys on.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError

from heelraise.errors import StoreError
from heelraise.paths import home_dir
from heelraise.store.migrate import upgrade

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
        cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`, its schema upgraded to the newest migration."""
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        upgrade(engine)
    except SQLAlchemyError as error:
        raise StoreError(f"cannot open the database at {url} ({_first_line(error)})") from error
    except OSError as error:
        raise StoreError(f"cannot open the database at {url} ({error.strerror})") from error
    return engine


def _first_line(error: BaseException) -> str:
    lines = str(error).splitlines()
    return lines[0] if lines else type(error).__name__
