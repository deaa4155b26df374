"""What an activity store offers the application: people by name, imported activities.

Two repositories implement `ActivityRepository`, with the same rows, audit
rows, duplicate rules, ordering and errors:

- `store/activities.py` (`EngineActivities`): SQLAlchemy, for every database;
- `store/sqlite3_activities.py` (`Sqlite3Activities`): the standard library's
  `sqlite3`, for a SQLite file already at the packaged schema revision, so
  `heelraise import` does not pay for importing SQLAlchemy.

`heelraise.app.journal.open_activities` chooses between them, by the rule
`open_journal` follows. Nothing here imports SQLAlchemy.
"""

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple, Protocol

from heelraise.training.activity import ActivitySummary

# No `from __future__ import annotations`: `NamedTuple` would then compile its fields'
# annotations from text at import (see `store/sqlite3_rows.py`).


class AddResult(NamedTuple):
    """What one `add_activities` call stored: `(added, duplicates)`."""

    added: int
    duplicates: int


class ActivityRepository(Protocol):
    """People and their imported activities; each write one transaction, audited.

    A database failure raises `StoreError` naming what failed.
    """

    def person_id(self, name: str) -> int:
        """The id of the person called `name`, created on first use."""
        ...

    def find_person(self, name: str) -> int | None:
        """The id of the person called `name`, or None."""
        ...

    def add_activities(self, person: int, summaries: Sequence[ActivitySummary]) -> AddResult:
        """Store new summaries in ONE transaction, leaving out duplicates (stored or in
        the batch), with one `activities.import` audit row."""
        ...

    def list_activities(
        self, person: int, since: dt.date | None = None, *, imported_only: bool = False
    ) -> list[ActivitySummary]:
        """A person's activities in start order, from `since` (local date) on."""
        ...

    def list_activity_rows(
        self, person: int, limit: int | None = None
    ) -> list[tuple[int, ActivitySummary]]:
        """A person's activities with their ids, newest first (at most `limit`)."""
        ...

    def delete_activity(self, person: int, activity_id: int, actor: str) -> str | None:
        """Delete one of the person's activities in one audited transaction; what it was,
        or None when the person has no activity with that id."""
        ...
