"""What a journal repository offers the application, and the shapes it speaks in.

Two repositories implement `JournalRepository`, with the same tables, values,
audit rows, ordering and errors:

- `store/journal.py` (`Journal`): SQLAlchemy, for every database;
- `store/sqlite3_journal.py` (`Sqlite3Journal`): the standard library's `sqlite3`,
  for a SQLite file already at the packaged schema revision, so a command
  that opens the journal does not pay for importing SQLAlchemy.

`heelraise.app.journal.open_journal` chooses between them. Nothing here
imports SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from heelraise.store.record_values import StageRecord


@dataclass(frozen=True, slots=True)
class EpisodeParts:
    """The contract `person`, `symptoms` and `history` parts of one triage."""

    recorded_on: dt.date
    person: dict[str, Any]
    symptoms: dict[str, Any]
    history: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Setup:
    """What `init` stores at once: the triage, and optionally a case's other parts."""

    episode: EpisodeParts
    stages: Sequence[StageRecord] = ()
    tests: Sequence[dict[str, Any]] = ()
    training: Sequence[dict[str, Any]] = ()
    fresh: bool = False  # refuse (AlreadySetUp) when the person already has records


@dataclass(frozen=True, slots=True)
class DaySave:
    """An assessment to store for a day, and the stage advance it makes."""

    document: dict[str, Any]
    knowledge_version: str
    advance: StageRecord | None


@dataclass(frozen=True, slots=True)
class Records:
    """A person's records in contract shapes, for rebuilding a case."""

    episode: EpisodeParts | None
    stages: list[StageRecord] = field(default_factory=list)
    checkins: list[dict[str, Any]] = field(default_factory=list)
    tests: list[dict[str, Any]] = field(default_factory=list)
    training: list[dict[str, Any]] = field(default_factory=list)


# What a write that re-assesses its day runs inside its transaction (`*_assessed`).
Assessor = Callable[[Records], DaySave | None]


class JournalRepository(Protocol):
    """People and their records in one database; each write one transaction.

    Callers validate before calling: nothing here judges clinical input. A
    person unknown to a method that needs one raises `UnknownPerson`; a
    database failure raises `StoreError` naming what failed.
    """

    def people(self) -> list[str]:
        """Every person's name, sorted."""
        ...

    def set_up(self, name: str, setup: Setup) -> None:
        """Store a triage (and a case's programme, tests and training) in one transaction."""
        ...

    def set_up_assessed(self, name: str, setup: Setup, *, as_of: dt.date, assess: Assessor) -> None:
        """`set_up`, then the day's assessment, in one transaction."""
        ...

    def put_checkin(self, name: str, item: dict[str, Any], *, replace: bool) -> bool:
        """Store a validated check-in; True when it replaced one on the same day
        (`CheckInExists`, storing nothing, when that day has one and not `replace`)."""
        ...

    def put_checkin_assessed(
        self,
        name: str,
        item: dict[str, Any],
        *,
        replace: bool,
        as_of: dt.date,
        assess: Assessor,
    ) -> bool:
        """`put_checkin`, then the day's assessment from the records, in one transaction."""
        ...

    def add_test(self, name: str, item: dict[str, Any]) -> None:
        """Store a validated capacity test."""
        ...

    def add_test_assessed(
        self, name: str, item: dict[str, Any], *, as_of: dt.date, assess: Assessor
    ) -> None:
        """`add_test`, then the day's assessment, in one transaction."""
        ...

    def save_assessment(
        self,
        name: str,
        as_of: dt.date,
        document: dict[str, Any],
        knowledge_version: str,
        advance: StageRecord | None,
    ) -> None:
        """Store the day's assessment (replacing that day's) and its stage advance, at once."""
        ...

    def note_read(self, name: str, action: str, detail: str | None = None) -> None:
        """Record in the audit log that the person's data was read."""
        ...

    def pseudonym(self, name: str) -> str:
        """A stable name for the person outside heelraise (FHIR, reports)."""
        ...

    def episodes(self, name: str) -> list[EpisodeParts]:
        """Every triage recorded for the person, oldest first."""
        ...

    def records(self, name: str, as_of: dt.date | None = None) -> Records:
        """The person's records (dated on or before `as_of`, when given)."""
        ...

    def assessments(self, name: str) -> list[tuple[dt.date, dict[str, Any]]]:
        """Stored assessment documents, oldest first."""
        ...


def first_line(error: BaseException) -> str:
    """The first line of an error's text (a SQLAlchemy error adds the SQL below it)."""
    lines = str(error).splitlines()
    return lines[0] if lines else type(error).__name__
