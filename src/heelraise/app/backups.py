"""Use cases: back up and restore a SQLite journal (online backup API)."""

from __future__ import annotations

from pathlib import Path

from heelraise.store.backup import backup_to, restore_from
from heelraise.store.database import make_engine, resolve_url
from heelraise.store.migrate import upgrade


def backup(db_url: str | None, target: Path) -> None:
    """Write a consistent copy of the journal to `target`."""
    engine = make_engine(resolve_url(db_url))
    try:
        backup_to(engine, target)
    finally:
        engine.dispose()


def restore(db_url: str | None, source: Path) -> None:
    """Replace the journal with a backup, then bring it to the current schema."""
    engine = make_engine(resolve_url(db_url))
    try:
        restore_from(engine, source)
        upgrade(engine)
    finally:
        engine.dispose()
