"""The application's clock: the local calendar date. The engine never reads it."""

from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    """The local calendar date (the day an assessment made now is for)."""
    return dt.date.today()
