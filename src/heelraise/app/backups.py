"""Use cases: back up and restore a SQLite journal (online backup API).

A restore replaces the whole journal, audit log included; the audit rows
written since the backup are put back and the restore itself is recorded
(`store.audit.keep_after_restore`), so the log never loses what was done.
"""

from __future__ import annotations

from pathlib import Path

from heelraise.store import audit
from heelraise.store.audit import KeptAfterRestore
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


def restore(db_url: str | None, source: Path, actor: str | None = None) -> KeptAfterRestore:
    """Replace the journal with a backup, bring it to the current schema, and put back
    the audit rows written since the backup was taken."""
    engine = make_engine(resolve_url(db_url))
    try:
        replaced = audit.all_rows(engine)
        restore_from(engine, source)
        upgrade(engine)
        return audit.keep_after_restore(
            engine, replaced, f"from {source.name}", actor or audit.default_actor()
        )
    finally:
        engine.dispose()
