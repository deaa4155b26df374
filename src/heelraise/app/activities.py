"""Use cases: list a person's imported activities; delete one (audited).

The activity store is chosen as the journal is (`app.journal.open_activities`):
the standard library's `sqlite3` for an existing SQLite file at the current
schema, SQLAlchemy for anything else.
"""

from __future__ import annotations

import datetime as dt

from heelraise.app.journal import open_activities
from heelraise.errors import UnknownActivity
from heelraise.store import audit_entry
from heelraise.training.activity import ActivitySummary


def activities_since(
    db_url: str | None, person: str, since: dt.date | None = None, *, imported_only: bool = False
) -> list[ActivitySummary]:
    """The person's activities from `since` on (none if the person is unknown).

    `imported_only` leaves out training entered from a case document.
    """
    with open_activities(db_url) as store:
        who = store.find_person(person)
        return [] if who is None else store.list_activities(who, since, imported_only=imported_only)


def activities_with_ids(
    db_url: str | None, person: str, limit: int | None = None
) -> list[tuple[int, ActivitySummary]]:
    """The person's activities with the ids `delete_activity` takes, newest first."""
    with open_activities(db_url) as store:
        who = store.find_person(person)
        return [] if who is None else store.list_activity_rows(who, limit)


def delete_activity(
    db_url: str | None, person: str, activity_id: int, actor: str | None = None
) -> str:
    """Delete one of the person's activities (audited); what it was. `UnknownActivity`
    when the person has none with that id, whoever else may."""
    with open_activities(db_url) as store:
        who = store.find_person(person)
        what = (
            None
            if who is None
            else store.delete_activity(who, activity_id, actor or audit_entry.default_actor())
        )
    if what is None:
        raise UnknownActivity(activity_id)
    return what
