"""The one date rule: which days heelraise accepts, for every route and command.

- No date before `EARLIEST` (1900-01-01), anywhere.
- What a person records — a check-in, a test, the day their symptoms started,
  a triage — happened: never after today (`record_problems`).
- Inside a case every dated item is on or before the case's `as_of`
  (`contract/parsing.py` checks that).
- `as_of` itself, the day an assessment is for, may look ahead, but not more
  than `AS_OF_AHEAD` (366 days) after today (`as_of_problems`): far enough to
  plan a season, near enough that no date sum leaves the calendar. Without a
  clock (a pure parse of a case) `as_of` is at most `LATEST_AS_OF`.

Each problem names its field and says what was wrong; nothing is written
before the rule is met. The application owns the clock and passes `today`.
"""

from __future__ import annotations

import datetime as dt

from heelraise.errors import Problem

EARLIEST = dt.date(1900, 1, 1)
AS_OF_AHEAD = dt.timedelta(days=366)
# Where there is no clock: the engine adds weeks to `as_of`; the calendar ends in 9999.
LATEST_AS_OF = dt.date(2999, 12, 31)


def latest_as_of(today: dt.date | None) -> dt.date:
    """The last `as_of` accepted on `today` (without a clock: `LATEST_AS_OF`)."""
    return LATEST_AS_OF if today is None else min(today + AS_OF_AHEAD, LATEST_AS_OF)


def too_early(field: str, day: dt.date) -> Problem | None:
    """The floor every date meets."""
    if day < EARLIEST:
        return Problem(field, f"{day.isoformat()} is before {EARLIEST.isoformat()}")
    return None


def record_problems(field: str, day: dt.date, today: dt.date) -> list[Problem]:
    """A day something happened (a check-in, a test, symptoms starting): 1900..today."""
    early = too_early(field, day)
    if early is not None:
        return [early]
    if day > today:
        return [Problem(field, f"{day.isoformat()} is after today ({today.isoformat()})")]
    return []


def as_of_problems(field: str, day: dt.date, today: dt.date | None) -> list[Problem]:
    """The day an assessment is for: 1900..today + 366 days."""
    early = too_early(field, day)
    if early is not None:
        return [early]
    latest = latest_as_of(today)
    if day > latest:
        if today is None:
            return [Problem(field, f"{day.isoformat()} is after {latest.isoformat()}")]
        return [
            Problem(
                field,
                f"{day.isoformat()} is more than a year after today ({today.isoformat()}); "
                f"the latest is {latest.isoformat()}",
            )
        ]
    return []
