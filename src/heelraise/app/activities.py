"""Use cases: list a person's imported activities; delete one (audited)."""

from __future__ import annotations

import datetime as dt

from heelraise.errors import UnknownActivity
from heelraise.store import audit
from heelraise.store.activities import (
    delete_activity as delete_row,
)
from heelraise.store.activities import (
    find_person,
    list_activities,
    list_activity_rows,
)
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


def activities_with_ids(
    db_url: str | None, person: str, limit: int | None = None
) -> list[tuple[int, ActivitySummary]]:
    """The person's activities with the ids `delete_activity` takes, newest first."""
    engine = make_engine(resolve_url(db_url))
    try:
        who = find_person(engine, person)
        return [] if who is None else list_activity_rows(engine, who, limit)
    finally:
        engine.dispose()


def delete_activity(
    db_url: str | None, person: str, activity_id: int, actor: str | None = None
) -> str:
    """Delete one of the person's activities (audited); what it was. `UnknownActivity`
    when the person has none with that id, whoever else may."""
    engine = make_engine(resolve_url(db_url))
    try:
        who = find_person(engine, person)
        what = (
            None
            if who is None
            else delete_row(engine, who, activity_id, actor or audit.default_actor())
        )
        if what is None:
            raise UnknownActivity(activity_id)
        return what
    finally:
        engine.dispose()
