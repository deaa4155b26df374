"""Bring a database to the current schema with the packaged Alembic migrations.

No `alembic.ini`: the configuration is built here and the migration scripts
ship inside the package (`heelraise.store:migrations`). A database made by an
earlier heelraise before migrations existed (the importer's `people` and
`activities` only, no `alembic_version`) is stamped as revision 0001 first.
"""

from __future__ import annotations

from functools import cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

SCRIPT_LOCATION = "heelraise.store:migrations"
PRE_MIGRATION_REVISION = "0001"


def alembic_config(connection: Connection) -> Config:
    """An Alembic configuration bound to `connection` (used by `migrations/env.py`)."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["connection"] = connection
    return config


@cache
def head_revision() -> str:
    """The newest revision the package ships."""
    script = ScriptDirectory.from_config(_bare_config())
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (None: no schema yet)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade to `revision` (default: head), stamping a pre-migration database first."""
    with engine.begin() as connection:
        found = current_revision(connection)
        if found is None and inspect(connection).has_table("people"):
            command.stamp(alembic_config(connection), PRE_MIGRATION_REVISION)
            found = PRE_MIGRATION_REVISION
        if revision == "head" and found == head_revision():
            return
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Downgrade to `revision` (default: base, an empty database)."""
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)


def _bare_config() -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config
