"""Backup and restore of a SQLite journal with SQLite's online backup API.

The backup is a consistent copy taken while the database may be in use
(`sqlite3.Connection.backup`). Other databases have their own tools
(PostgreSQL: `pg_dump`), so these refuse a non-SQLite URL with that advice.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.pool import PoolProxiedConnection

from heelraise.errors import HeelraiseError, NotSQLite, StoreError


def _connection(engine: Engine) -> tuple[sqlite3.Connection, PoolProxiedConnection]:
    if engine.dialect.name != "sqlite":
        raise NotSQLite(
            f"backup and restore are for SQLite journals; this one is {engine.dialect.name} "
            "(use its own tools, e.g. pg_dump and pg_restore for PostgreSQL)"
        )
    raw = engine.raw_connection()
    connection = raw.driver_connection
    assert isinstance(connection, sqlite3.Connection)
    return connection, raw


def backup_to(engine: Engine, target: Path) -> None:
    """Copy the live database to `target` (a new SQLite file) with the online backup API."""
    if target.exists():
        raise HeelraiseError(f"{target} already exists: choose a new file name")
    source, raw = _connection(engine)
    try:
        with sqlite3.connect(target) as copy:
            source.backup(copy)
        copy.close()
    except sqlite3.Error as error:
        target.unlink(missing_ok=True)
        raise StoreError(f"backup to {target} failed ({error})") from error
    finally:
        raw.close()


def check_backup(path: Path) -> None:
    """Refuse a file that is not an intact heelraise SQLite database."""
    if not path.is_file():
        raise HeelraiseError(f"{path}: no such backup file")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            ok = connection.execute("PRAGMA integrity_check").fetchone()
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        connection.close()
    except sqlite3.Error as error:
        raise HeelraiseError(f"{path}: not a SQLite database ({error})") from None
    if ok is None or ok[0] != "ok":
        raise HeelraiseError(f"{path}: the backup is damaged (integrity check failed)")
    if not {"people", "alembic_version"} <= tables:
        raise HeelraiseError(f"{path}: not a heelraise journal backup")


def restore_from(engine: Engine, source_path: Path) -> None:
    """Replace the live database's contents with the backup's (online backup API)."""
    check_backup(source_path)
    target, raw = _connection(engine)
    try:
        with sqlite3.connect(f"file:{source_path}?mode=ro", uri=True) as source:
            source.backup(target)
        source.close()
    except sqlite3.Error as error:
        raise StoreError(f"restore from {source_path} failed ({error})") from error
    finally:
        raw.close()
