"""What goes into an audit row, whichever repository writes it: the time, the
actor, and the person's one-way `subject` (see `store/audit.py`).

No SQLAlchemy here: the SQLAlchemy repositories (`store/audit.py`) and the
stdlib one (`store/sqlite3_journal.py`) both call these, through this module
(`audit_entry.now_utc()`), so they cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import secrets


def now_utc() -> dt.datetime:
    """The current instant as naive UTC (how every timestamp is stored)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def default_actor() -> str:
    """The operating-system user running heelraise."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def new_uid() -> str:
    """A person's random id (`people.uid`): never shown, only ever hashed."""
    return secrets.token_hex(16)


def subject_of(uid: str) -> str:
    """The one-way name of a person in the audit log."""
    return hashlib.sha256(f"heelraise-audit:{uid}".encode()).hexdigest()


def pseudonym_of(uid: str) -> str:
    """A stable name for the person outside heelraise (FHIR, reports): a one-way
    hash of their random id, never their name."""
    return hashlib.sha256(f"heelraise-pseudonym:{uid}".encode()).hexdigest()[:16]
