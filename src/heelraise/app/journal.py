"""The journal as the application sees it: open it, choose the person, rebuild a case.

`case_document(records, as_of)` rebuilds exactly the `heelraise.case/1`
document for a day from a person's records, so the assessment made from the
journal equals `assess` on the same case:

- `person`, `symptoms`, `history`: the latest triage recorded on or before the day;
- `programme`: from the stage history (see `app/programme.py`);
- `checkins`, `tests`, `training`: everything dated on or before the day.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import msgspec
import orjson

from heelraise.app.clock import today
from heelraise.errors import HeelraiseError, NoTriage
from heelraise.store import sqlite3_activities
from heelraise.store.activity_interface import ActivityRepository
from heelraise.store.connecting import resolve_url
from heelraise.store.journal_interface import JournalRepository, Records
from heelraise.store.sqlite3_journal import open_at_head

if TYPE_CHECKING:
    from heelraise.contract import Case
    from heelraise.store.journal import Journal

__all__ = ["close_kept", "keep_open", "today"]

# Whose journal it is when nothing says (the importer's default person too).
DEFAULT_PERSON = "me"


@contextmanager
def open_journal(db_url: str | None) -> Iterator[JournalRepository]:
    """The journal at `db_url` (or the default), upgraded to the current schema.

    A SQLite file already at the current schema, for which no server keeps an
    engine, is opened with the standard library's `sqlite3` (`Sqlite3Journal`), and
    SQLAlchemy is not even imported: a command starts some 150 ms sooner. Anything
    else (a new file, one to migrate, PostgreSQL, `:memory:`, a server's kept
    engine) goes through SQLAlchemy (`open_engine_journal`). Both do the same.
    """
    url = resolve_url(db_url)
    lite = None if _kept(url) else open_at_head(url)
    if lite is not None:
        yield lite
        return
    with open_engine_journal(db_url) as journal:
        yield journal


@contextmanager
def open_engine_journal(db_url: str | None) -> Iterator[Journal]:
    """The SQLAlchemy journal at `db_url`, for use cases that need its engine too
    (export, import of a person, erasure)."""
    from heelraise.store.database import open_engine
    from heelraise.store.journal import Journal

    with open_engine(db_url) as engine:
        yield Journal(engine)


@contextmanager
def open_activities(db_url: str | None) -> Iterator[ActivityRepository]:
    """The activity store at `db_url` (or the default), upgraded to the current schema,
    chosen as `open_journal` chooses: the standard library's `sqlite3`
    (`Sqlite3Activities`) for a SQLite file already at the current schema for which no
    server keeps an engine, so `heelraise import` does not import SQLAlchemy;
    SQLAlchemy's (`EngineActivities`) for anything else. Both do the same."""
    url = resolve_url(db_url)
    lite = None if _kept(url) else sqlite3_activities.open_at_head(url)
    if lite is not None:
        yield lite
        return
    from heelraise.store.activities import EngineActivities
    from heelraise.store.database import open_engine

    with open_engine(db_url) as engine:
        yield EngineActivities(engine)


def _kept(url: str) -> bool:
    """Whether a server keeps an engine for `url` (`keep_open`): its requests use it.
    Only `store.database` keeps engines, so while it is not imported none is kept,
    and asking must not import it (it brings in SQLAlchemy)."""
    database = sys.modules.get("heelraise.store.database")
    return database is not None and database.is_kept(url)


def keep_open(db_url: str | None) -> None:
    """Keep one engine open for `db_url` until `close_kept` (a server, at start-up)."""
    from heelraise.store import database

    database.keep_open(db_url)


def close_kept(db_url: str | None) -> None:
    """Dispose of the engine `keep_open` kept for `db_url`."""
    from heelraise.store import database

    database.close_kept(db_url)


def on_sqlite(db_url: str | None) -> bool:
    """Whether the journal at `db_url` (or the default) is an SQLite file."""
    return resolve_url(db_url).startswith("sqlite")


def choose_person(
    journal: JournalRepository, requested: str | None, *, creating: bool = False
) -> str:
    """`requested`, else the sole person in the journal (else `me` when creating)."""
    if requested:
        return requested
    people = journal.people()
    if len(people) == 1:
        return people[0]
    if not people:
        if creating:
            return DEFAULT_PERSON
        raise HeelraiseError("no one is in this journal yet: start with `heelraise init`")
    names = ", ".join(people)
    raise HeelraiseError(f"this journal holds several people ({names}): choose with --person NAME")


def resolve_person(db_url: str | None, requested: str | None, *, creating: bool = False) -> str:
    """`choose_person` for commands that do not otherwise open the journal (import, ...)."""
    with open_journal(db_url) as journal:
        return choose_person(journal, requested, creating=creating)


def local_person(db_url: str | None, default: str) -> str:
    """Without accounts: the sole person in the journal, else `default`."""
    with open_journal(db_url) as journal:
        people = journal.people()
    return people[0] if len(people) == 1 else default


def has_person(db_url: str | None, name: str) -> bool:
    with open_journal(db_url) as journal:
        return name in journal.people()


def case_document(records: Records, as_of: dt.date) -> dict[str, Any]:
    """The case document for `as_of` from a person's records (see the module docstring)."""
    # Imported here: commands that only open the journal (`import`) need no contract.
    from heelraise.app.programme import programme_as_of
    from heelraise.contract import CASE_FORMAT

    if records.episode is None:
        raise NoTriage(f"no triage answers are recorded on or before {as_of}: run `heelraise init`")
    document: dict[str, Any] = {
        "format": CASE_FORMAT,
        "as_of": as_of.isoformat(),
        "person": records.episode.person,
        "symptoms": records.episode.symptoms,
        "history": records.episode.history,
    }
    programme = programme_as_of(records.stages, as_of)
    if programme is not None:
        document["programme"] = programme
    day = as_of.isoformat()
    document["checkins"] = [item for item in records.checkins if item["date"] <= day]
    document["tests"] = [item for item in records.tests if item["date"] <= day]
    document["training"] = [item for item in records.training if item["date"] <= day]
    return document


def build_case(journal: JournalRepository, person: str, as_of: dt.date) -> Case:
    """The person's case for `as_of`, validated through the contract."""
    return case_from_records(journal.records(person, as_of), as_of)


def case_from_records(records: Records, as_of: dt.date) -> Case:
    """The case for `as_of` from the records, validated as a batch line is: the fast
    decoder, and pydantic (which words every problem) only when it declines. The same
    case either way (`contract/fast_case.py`), and a valid journal builds no validator:
    about 24 ms less for `status` and `checkin`."""
    from heelraise.contract.parsing import parse_case_line

    return parse_case_line(orjson.dumps(case_document(records, as_of)))


def plain(value: Any) -> Any:
    """A contract object (a dataclass, or a fast decoder's Struct) as JSON-ready data,
    unanswered (None) fields left out."""
    return _without_none(orjson.loads(orjson.dumps(value, default=msgspec.to_builtins)))


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_none(item) for item in value]
    return value
