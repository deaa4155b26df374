"""Calendar feed links: the only SQL for `calendar_feeds`.

A feed's token arrives here already hashed (SHA-256, `app/calendar.py`): what
is stored would not let anyone read the feed. Making, replacing, revoking and
reading a feed are each recorded in the audit log in the same transaction,
under the person's one-way subject (`store/audit.py`). A lookup with an
unknown hash writes nothing: there is no one to record it against, and
strangers' guesses must not grow an append-only log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from heelraise.errors import StoreError, UnknownPerson
from heelraise.store import audit
from heelraise.store.database import write_lock
from heelraise.store.journal import first_line
from heelraise.store.models import CalendarFeed, Person

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FeedSettings:
    """A person's feed: whose it is, when it was made (naive UTC), and its reminder times
    (minutes after local midnight)."""

    person: str
    created_at: dt.datetime
    checkin_minute: int
    session_minute: int


class CalendarFeeds:
    """Feed links in the journal database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def replace(
        self, person: str, token_hash: str, checkin_minute: int, session_minute: int, actor: str
    ) -> FeedSettings:
        """Make the person's feed link, replacing any older one (whose URL then stops)."""

        def work(session: Session) -> FeedSettings:
            found = _require(session, person)
            had = _rows(
                session.execute(delete(CalendarFeed).where(CalendarFeed.person_id == found.id))
            )
            now = audit.now_utc()
            session.add(
                CalendarFeed(
                    token_hash=token_hash,
                    person_id=found.id,
                    checkin_minute=checkin_minute,
                    session_minute=session_minute,
                    created_at=now,
                )
            )
            detail = "replaced the previous link" if had else None
            audit.record(session, found, "calendar.create", actor, detail)
            return FeedSettings(person, now, checkin_minute, session_minute)

        return self._write(work, "could not store the calendar link")

    def revoke(self, person: str, actor: str) -> bool:
        """Delete the person's feed link; False when there was none."""

        def work(session: Session) -> bool:
            found = _require(session, person)
            gone = _rows(
                session.execute(delete(CalendarFeed).where(CalendarFeed.person_id == found.id))
            )
            if gone:
                audit.record(session, found, "calendar.revoke", actor)
            return bool(gone)

        return self._write(work, "could not revoke the calendar link")

    def settings(self, person: str) -> FeedSettings | None:
        """The person's feed link, if they have one (no audit: the person's own page)."""

        def read(session: Session) -> FeedSettings | None:
            row = session.execute(
                select(CalendarFeed, Person.name)
                .join(Person, Person.id == CalendarFeed.person_id)
                .where(Person.name == person)
            ).first()
            return None if row is None else _settings(row[0], row[1])

        try:
            with Session(self.engine) as session:
                return read(session)
        except SQLAlchemyError as error:
            raise StoreError(f"could not read the calendar link ({first_line(error)})") from error

    def open_feed(self, token_hash: str, actor: str) -> FeedSettings | None:
        """The feed whose token hashes to `token_hash`, its reading audited; None (nothing
        written) for an unknown or revoked one."""

        def work(session: Session) -> FeedSettings | None:
            row = session.execute(
                select(CalendarFeed, Person)
                .join(Person, Person.id == CalendarFeed.person_id)
                .where(CalendarFeed.token_hash == token_hash)
            ).first()
            if row is None:
                return None
            feed, person = row
            audit.record(session, person, "calendar.read", actor)
            return _settings(feed, person.name)

        return self._write(work, "could not read the calendar link")

    def _write(self, work: Callable[[Session], T], failure: str) -> T:
        try:
            with write_lock(self.engine), Session(self.engine) as session, session.begin():
                return work(session)
        except SQLAlchemyError as error:
            raise StoreError(f"{failure} ({first_line(error)})") from error


def _rows(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def _settings(feed: CalendarFeed, person: str) -> FeedSettings:
    return FeedSettings(person, feed.created_at, feed.checkin_minute, feed.session_minute)


def _require(session: Session, name: str) -> Person:
    person = session.scalar(select(Person).where(Person.name == name))
    if person is None:
        raise UnknownPerson(name)
    return person
