"""Where the database is, and how every SQLite connection is set up.

URL resolution: `--db URL` > `HEELRAISE_DATABASE_URL` > the SQLite file
`heelraise.sqlite3` in `platformdirs.user_data_dir("heelraise")`, with
`HEELRAISE_HOME` replacing that directory. SQLite connections run in WAL mode
with `synchronous=FULL`, foreign keys on and `secure_delete` on, SQLAlchemy's
(`store/database.py`) and the stdlib journal's (`store/sqlite3_journal.py`)
alike. Nothing here imports SQLAlchemy, so a command can decide how to open
the journal before paying for it.
"""

from __future__ import annotations

import os

from heelraise.paths import home_dir

DATABASE_URL_ENV = "HEELRAISE_DATABASE_URL"
SQLITE_FILE = "heelraise.sqlite3"
SQLITE_PREFIX = "sqlite:///"

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    # Deleted content is overwritten with zeros, not left in free space (erasure).
    "PRAGMA secure_delete=ON",
)


def resolve_url(db: str | None = None) -> str:
    """The database URL: explicit, then environment, then the default SQLite file."""
    if db:
        return db
    from_env = os.environ.get(DATABASE_URL_ENV)
    if from_env:
        return from_env
    return f"{SQLITE_PREFIX}{home_dir() / SQLITE_FILE}"


def sqlite_file(url: str) -> str | None:
    """The file a plain `sqlite:///PATH` URL names; None for any other URL.

    Other URLs are left to SQLAlchemy to read: another database, another
    driver (`sqlite+...`), `:memory:`, and a URL with options (`?...`) or
    escapes (`%..`) in it, whose file only SQLAlchemy's parsing says.
    """
    if not url.startswith(SQLITE_PREFIX):
        return None
    path = url.removeprefix(SQLITE_PREFIX)
    if not path or path == ":memory:" or any(mark in path for mark in "?%#"):
        return None
    return path
