"""Use cases: a person's calendar feed, the link a phone calendar subscribes to.

The link holds a random secret (`secrets.token_urlsafe(32)`: 256 bits) and is
shown once, when it is made; the database keeps only its SHA-256, so neither
a copy of the database nor a backup can read anyone's feed. Making a new
link replaces the old one; revoking deletes it; either way the old URL
answers 404 at once, like any wrong token. The feed is the coming week
(today's plan, assessed as Today shows it, nothing stored) with an alarm for
each session and a daily check-in reminder, at times the person chooses
(default 08:00 for the check-in). Every making, revoking and reading is in
the audit log (`store/calendar_feeds.py`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from heelraise.app.journal import today
from heelraise.app.today import today_for
from heelraise.errors import InvalidInput, Problem
from heelraise.export.ics import (
    DEFAULT_REMINDERS,
    Reminders,
    empty_ics,
    parse_clock,
    plan_ics,
)
from heelraise.store.audit import default_actor
from heelraise.store.calendar_feeds import CalendarFeeds, FeedSettings
from heelraise.store.database import open_engine

FEED_ACTOR = "calendar feed"  # who reads a feed: whoever holds the link
TOKEN_LENGTH = 43  # secrets.token_urlsafe(32)
_TOKEN_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed just made: its secret token (shown once, never stored) and its settings."""

    token: str
    settings: FeedSettings


def token_hash(token: str) -> str:
    """What the database keeps of a token: one-way, so it cannot be turned back into a link."""
    return hashlib.sha256(f"heelraise-calendar:{token}".encode()).hexdigest()


def looks_like_token(token: str) -> bool:
    """A cheap shape check before any lookup (a wrong shape is simply not found)."""
    return len(token) == TOKEN_LENGTH and set(token) <= _TOKEN_CHARACTERS


def minutes(clock: dt.time) -> int:
    return clock.hour * 60 + clock.minute


def clock(minutes_after_midnight: int) -> dt.time:
    return dt.time(minutes_after_midnight // 60, minutes_after_midnight % 60)


def reminder_times(checkin_at: str, session_at: str) -> tuple[dt.time, dt.time]:
    """Two `HH:MM` times from a form; `InvalidInput` naming the field otherwise."""
    problems: list[Problem] = []
    times: list[dt.time] = []
    for field, text in (("checkin_at", checkin_at), ("session_at", session_at)):
        try:
            times.append(parse_clock(text))
        except ValueError as error:
            problems.append(Problem(field, str(error)))
    if problems:
        raise InvalidInput(problems)
    return times[0], times[1]


def make_feed(
    db_url: str | None,
    person: str,
    checkin_at: dt.time = DEFAULT_REMINDERS.checkin_at,
    session_at: dt.time = DEFAULT_REMINDERS.session_at,
    actor: str | None = None,
) -> FeedLink:
    """A new feed link for the person, replacing any older one."""
    token = secrets.token_urlsafe(32)
    with open_engine(db_url) as engine:
        settings = CalendarFeeds(engine).replace(
            person,
            token_hash(token),
            minutes(checkin_at),
            minutes(session_at),
            actor or default_actor(),
        )
    return FeedLink(token, settings)


def revoke_feed(db_url: str | None, person: str, actor: str | None = None) -> bool:
    """Stop the person's feed link (False when there was none)."""
    with open_engine(db_url) as engine:
        return CalendarFeeds(engine).revoke(person, actor or default_actor())


def feed_settings(db_url: str | None, person: str) -> FeedSettings | None:
    """The person's feed link, if any: when it was made and its reminder times."""
    with open_engine(db_url) as engine:
        return CalendarFeeds(engine).settings(person)


def feed_calendar(
    db_url: str | None, token: str, checkin_url: str | None = None, as_of: dt.date | None = None
) -> bytes | None:
    """The feed for a token: the coming week's sessions and check-in reminders as
    iCalendar, its reading audited; None for a wrong or revoked token (nothing read)."""
    if not looks_like_token(token):
        return None
    with open_engine(db_url) as engine:
        settings = CalendarFeeds(engine).open_feed(token_hash(token), FEED_ACTOR)
    if settings is None:
        return None
    day = as_of or today()
    view = today_for(db_url, settings.person, day)
    reminders = Reminders(
        clock(settings.checkin_minute),
        clock(settings.session_minute),
        checkin_url=checkin_url,
        uid_domain=f"{token_hash(token)[:12]}.heelraise",
    )
    name = "heelraise reminders"
    stamp = dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)
    if view.assessment is None:
        return empty_ics(name)
    return plan_ics(view.assessment, reminders, name=name, stamp=stamp)
