"""Use case: list a person's imported activities."""

from __future__ import annotations

import datetime as dt

from heelraise.store.activities import find_person, list_activities
from heelraise.store.database import make_engine, resolve_url
from heelraise.training.activity import ActivitySummary


def activities_since(
    db_url: str | None, person: str, since: dt.date | None = None, *, imported_only: bool = False
) -> list[ActivitySummary]:
    """The person's activities from `since` on (none if the person is unknown).

    `imported_only` leaves out training entered from a case document.
    """
    engine = make_engine(resolve_url(db_url))
    try:
        who = find_person(engine, person)
        return (
            [] if who is None else list_activities(engine, who, since, imported_only=imported_only)
        )
    finally:
        engine.dispose()
