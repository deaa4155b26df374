"""Is a database's schema at the newest migration? Answered without importing Alembic.

Nearly every command opens the journal, and importing Alembic takes longer
than the rest of such a command. The newest revision the package ships is read
from the migration scripts' own `revision = "..."` and `down_revision = "..."`
lines, and the database's from its `alembic_version` table, through SQLAlchemy
(`at_head`) or the standard library's `sqlite3` (`sqlite_at_head`, for the
stdlib journal, which does not import SQLAlchemy either). Only when they
differ, or either cannot be read plainly (a merge, a script written another
way, no table yet), does `store.migrate` bring in Alembic to upgrade.
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

VERSIONS_PACKAGE = "heelraise.store.migrations.versions"

_REVISION = re.compile(r"""^revision(?:\s*:[^=\n]*)?\s*=\s*["']([^"'\n]+)["']""", re.MULTILINE)
_DOWN_REVISION = re.compile(
    r"""^down_revision(?:\s*:[^=\n]*)?\s*=\s*(?:None|["']([^"'\n]+)["'])\s*$""", re.MULTILINE
)


@cache
def packaged_head() -> str | None:
    """The one revision no script revises (None: not plain to see, ask Alembic)."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for script in resources.files(VERSIONS_PACKAGE).iterdir():
        if not script.name.endswith(".py") or script.name == "__init__.py":
            continue
        source = script.read_text(encoding="utf-8")
        revision = _REVISION.search(source)
        down = _DOWN_REVISION.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision[1])
        if down[1] is not None:
            revised.add(down[1])
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 and revised <= revisions else None


def at_head(engine: Engine) -> bool:
    """Whether the database records exactly the packaged head revision."""
    from sqlalchemy import inspect, text  # not imported by `sqlite_at_head`'s callers

    head = packaged_head()
    if head is None:
        return False
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        stored = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return [row[0] for row in stored] == [head]


def sqlite_at_head(connection: sqlite3.Connection) -> bool:
    """`at_head` for a SQLite database open in the standard library's `sqlite3`."""
    head = packaged_head()
    if head is None:
        return False
    table = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    if connection.execute(table).fetchone() is None:
        return False
    stored = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    return [row[0] for row in stored] == [head]
