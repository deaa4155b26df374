"""The append-only audit log: who read or wrote a person's data, and when.

Audit rows never hold the person's id or name. They name the person by
`subject`, the SHA-256 of a random id kept on the person's row (`people.uid`).
While the person exists their trail can be listed; once they are erased the
random id is gone with them, and nothing can tie the remaining rows (what was
done, and when) back to anyone. Rows are only ever inserted: the database
refuses to change or delete them (triggers, migration 0005).

A restore from a backup replaces the whole database, audit log included, so
`keep_after_restore` puts back the rows the backup did not have (what was
done since it was taken) and records the restore itself.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session

from heelraise.store import audit_entry
from heelraise.store.audit_entry import default_actor, now_utc, subject_of
from heelraise.store.models import AuditEntry, Person

# The row's parts are made in `store/audit_entry.py` (shared with the stdlib journal).
__all__ = [
    "AuditRow",
    "KeptAfterRestore",
    "all_rows",
    "default_actor",
    "ensure_uid",
    "keep_after_restore",
    "now_utc",
    "record",
    "subject_of",
    "trail",
]


def ensure_uid(session: Session, person: Person) -> str:
    """The person's random id, created when missing (people made by older versions)."""
    if person.uid is None:
        person.uid = audit_entry.new_uid()
        session.flush()
    return person.uid


def record(
    session: Session, person: Person | None, action: str, actor: str, detail: str | None = None
) -> None:
    """Append one audit row inside the caller's transaction."""
    subject = None if person is None else subject_of(ensure_uid(session, person))
    session.add(
        AuditEntry(
            at=audit_entry.now_utc(), actor=actor, action=action, subject=subject, detail=detail
        )
    )


def trail(session: Session, person: Person) -> list[AuditEntry]:
    """The person's audit rows, oldest first."""
    subject = subject_of(ensure_uid(session, person))
    query = select(AuditEntry).where(AuditEntry.subject == subject).order_by(AuditEntry.id)
    return list(session.scalars(query))


# at, actor, action, subject, detail: an audit row without its id
AuditRow = tuple[dt.datetime, str, str, str | None, str | None]
_ROW_COLUMNS = (
    AuditEntry.at,
    AuditEntry.actor,
    AuditEntry.action,
    AuditEntry.subject,
    AuditEntry.detail,
)


def all_rows(engine: Engine) -> list[AuditRow]:
    """Every audit row, oldest first (none when the database has no audit log yet)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(AuditEntry.__tablename__):
            return []
        query = select(*_ROW_COLUMNS).order_by(AuditEntry.id)
        return [
            (at, actor, action, subject, detail)
            for at, actor, action, subject, detail in connection.execute(query)
        ]


@dataclass(frozen=True, slots=True)
class KeptAfterRestore:
    """What `keep_after_restore` did: rows put back, and people the backup brought back
    although the replaced journal's log says they were erased."""

    rows_kept: int
    erased_since: list[str]


def keep_after_restore(
    engine: Engine, replaced: Sequence[AuditRow], detail: str, actor: str
) -> KeptAfterRestore:
    """Append the replaced journal's audit rows that the restored log lacks (in their
    order, with their times), then a `data.restore` row, in one transaction; name
    the restored people whose erasure those rows record."""
    with Session(engine) as session, session.begin():
        return _keep(session, replaced, detail, actor)


def _keep(
    session: Session, replaced: Sequence[AuditRow], detail: str, actor: str
) -> KeptAfterRestore:
    present = Counter(
        (at, who, action, subject, text)
        for at, who, action, subject, text in session.execute(select(*_ROW_COLUMNS))
    )
    missing: list[AuditRow] = []
    for row in replaced:
        if present[row] > 0:
            present[row] -= 1
        else:
            missing.append(row)
    for at, who, action, subject, text in missing:
        session.add(AuditEntry(at=at, actor=who, action=action, subject=subject, detail=text))
    erased = {subject for _, _, action, subject, _ in missing if action == "data.erase"}
    people = session.scalars(select(Person).where(Person.uid.is_not(None)).order_by(Person.name))
    erased_since = [person.name for person in people if subject_of(str(person.uid)) in erased]
    record(session, None, "data.restore", actor, f"{detail}; {len(missing)} audit rows kept")
    return KeptAfterRestore(len(missing), erased_since)
