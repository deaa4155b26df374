"""How many failed sign-ins a login name may have before it is locked, and for how long.

Accounts are not clinical knowledge, so the numbers are one named constant
here, `SIGN_IN_LIMIT`, rather than a file in `knowledge/`:

- `max_failures` (5): consecutive failed sign-ins for a name before it is locked;
- `lock_for` (15 minutes): how long it then stays locked. While it is locked
  every attempt is refused, the right password included, and no password is
  checked. Once the lock has run out the count starts again from nought;
- `forget_after` (24 hours): a run of failures with no new one for this long
  is forgotten (the count starts again, and the row is deleted as stale).

A success deletes the name's count. Attempts are counted by the normalised
name as typed (`name_key`), not by user id: a name with no login is counted
and locked exactly like one that has a login, so a lock reveals nothing about
which names exist. The state lives in the database (`sign_in_attempts`), so
every server worker and a restarted server see the same count.

An attempt is counted *before* its password is checked and uncounted by a
success, so simultaneous tries on several workers cannot have more than
`max_failures` passwords checked before the lock. These functions are pure:
the time comes in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import unicodedata
from dataclasses import dataclass

from heelraise.store.accounts import FailedSignIns

__all__ = ["SIGN_IN_LIMIT", "SignInLimit", "counted", "locked_for", "name_key"]


@dataclass(frozen=True, slots=True)
class SignInLimit:
    """The failed sign-ins a name may have, and how long it is locked after them."""

    max_failures: int = 5
    lock_for: dt.timedelta = dt.timedelta(minutes=15)
    forget_after: dt.timedelta = dt.timedelta(hours=24)


SIGN_IN_LIMIT = SignInLimit()


def name_key(name: str) -> str:
    """The key a name's attempts are kept under: the SHA-256 of the name NFKC-normalised,
    trimmed and case-folded (so `Anna ` and `anna` share one count)."""
    normalised = unicodedata.normalize("NFKC", name).strip().casefold()
    return hashlib.sha256(f"heelraise-sign-in:{normalised}".encode()).hexdigest()


def locked_for(state: FailedSignIns, now: dt.datetime) -> int | None:
    """Whole seconds (rounded up) until the name's lock ends, or None when it is not locked."""
    if state.locked_until is None or state.locked_until <= now:
        return None
    return math.ceil((state.locked_until - now).total_seconds())


def counted(state: FailedSignIns, now: dt.datetime, limit: SignInLimit) -> FailedSignIns:
    """The state once an attempt starting at `now` is counted as a failure (a success
    deletes it afterwards). A locked name is left as it is: the attempt is refused."""
    if locked_for(state, now) is not None:
        return state
    afresh = (
        state.locked_until is not None  # a lock that has run out
        or state.last_failure_at is None
        or now - state.last_failure_at >= limit.forget_after
    )
    failures = 1 if afresh else state.failures + 1
    first = now if afresh or state.first_failure_at is None else state.first_failure_at
    locked_until = now + limit.lock_for if failures >= limit.max_failures else None
    return FailedSignIns(failures, first, now, locked_until)
