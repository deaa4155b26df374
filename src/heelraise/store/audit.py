"""The append-only audit log: who read or wrote a person's data, and when.

Audit rows never hold the person's id or name. They name the person by
`subject`, the SHA-256 of a random id kept on the person's row (`people.uid`).
While the person exists their trail can be listed; once they are erased the
random id is gone with them, and nothing can tie the remaining rows (what was
done, and when) back to anyone. Rows are only ever inserted.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from heelraise.store.models import AuditEntry, Person


def now_utc() -> dt.datetime:
    """The current instant as naive UTC (how every timestamp is stored)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def default_actor() -> str:
    """The operating-system user running heelraise."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def subject_of(uid: str) -> str:
    """The one-way name of a person in the audit log."""
    return hashlib.sha256(f"heelraise-audit:{uid}".encode()).hexdigest()


def ensure_uid(session: Session, person: Person) -> str:
    """The person's random id, created when missing (people made by older versions)."""
    if person.uid is None:
        person.uid = secrets.token_hex(16)
        session.flush()
    return person.uid


def record(
    session: Session, person: Person | None, action: str, actor: str, detail: str | None = None
) -> None:
    """Append one audit row inside the caller's transaction."""
    subject = None if person is None else subject_of(ensure_uid(session, person))
    session.add(
        AuditEntry(at=now_utc(), actor=actor, action=action, subject=subject, detail=detail)
    )


def trail(session: Session, person: Person) -> list[AuditEntry]:
    """The person's audit rows, oldest first."""
    subject = subject_of(ensure_uid(session, person))
    query = select(AuditEntry).where(AuditEntry.subject == subject).order_by(AuditEntry.id)
    return list(session.scalars(query))
