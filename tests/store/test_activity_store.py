"""The activity store: URL resolution, pragmas, one-transaction batches, listing.

The repository tests run on both stores (`store`): SQLAlchemy's and the stdlib one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from heelraise.errors import StoreError
from heelraise.store.activities import (
    EngineActivities,
    add_activities,
    list_activities,
    person_id,
)
from heelraise.store.activity_interface import ActivityRepository
from heelraise.store.database import make_engine, resolve_url
from heelraise.store.sqlite3_activities import Sqlite3Activities, open_at_head
from heelraise.training.activity import ActivitySummary
from tests.conftest import copy_journal

RUN = ActivitySummary(
    start=dt.datetime(2026, 10, 20, 7, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    sport="run",
    distance_km=10.0,
    duration_min=50.0,
    elevation_gain_m=80.0,
    source="run.fit",
    content_hash="1" * 64,
    shoe="Pegasus 40",
    name="Hills",
)


def test_url_resolution_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEELRAISE_HOME", str(tmp_path / "home"))
    assert resolve_url() == f"sqlite:///{tmp_path / 'home' / 'heelraise.sqlite3'}"
    monkeypatch.setenv("HEELRAISE_DATABASE_URL", "sqlite:///env.db")
    assert resolve_url() == "sqlite:///env.db"
    assert resolve_url("sqlite:///flag.db") == "sqlite:///flag.db"


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


@pytest.fixture(params=["sqlalchemy", "sqlite3"])
def store(
    request: pytest.FixtureRequest, migrated_journal: Path, tmp_path: Path
) -> Iterator[ActivityRepository]:
    """Each repository on a copy of a migrated journal."""
    path = copy_journal(migrated_journal, tmp_path / "journal.sqlite3")
    if request.param == "sqlite3":
        found = open_at_head(f"sqlite:///{path}")
        assert isinstance(found, Sqlite3Activities)
        yield found
        return
    engine = make_engine(f"sqlite:///{path}")
    yield EngineActivities(engine)
    engine.dispose()


def test_round_trip_keeps_offset_and_fields(store: ActivityRepository) -> None:
    me = store.person_id("me")
    assert store.person_id("me") == me
    assert store.find_person("me") == me
    assert store.find_person("nobody") is None
    assert store.add_activities(me, [RUN]).added == 1
    [stored] = store.list_activities(me)
    assert stored == RUN
    assert stored.start.utcoffset() == dt.timedelta(hours=2)
    [(number, listed)] = store.list_activity_rows(me)
    assert listed == RUN
    assert store.delete_activity(me, number, "tester") == "2026-10-20 run 10.00 km"
    assert store.delete_activity(me, number, "tester") is None
    assert store.list_activities(me) == []


def test_duplicates_in_db_and_batch(store: ActivityRepository) -> None:
    me = store.person_id("me")
    twin = dataclasses.replace(RUN, content_hash="2" * 64, distance_km=10.1)
    result = store.add_activities(me, [RUN, twin])
    assert (result.added, result.duplicates) == (1, 1)
    again = store.add_activities(me, [RUN])
    assert (again.added, again.duplicates) == (0, 1)
    walked = dataclasses.replace(RUN, content_hash="4" * 64, sport="walk")  # another label
    assert store.add_activities(me, [walked]) == (0, 1)


def test_people_are_separate(store: ActivityRepository) -> None:
    me, you = store.person_id("me"), store.person_id("you")
    store.add_activities(me, [RUN])
    assert store.add_activities(you, [RUN]).added == 1
    [(number, _)] = store.list_activity_rows(me)
    assert store.delete_activity(you, number, "tester") is None  # not theirs


def test_since_filters_by_local_date(store: ActivityRepository) -> None:
    me = store.person_id("me")
    older = dataclasses.replace(RUN, content_hash="3" * 64, start=RUN.start - dt.timedelta(days=9))
    store.add_activities(me, [RUN, older])
    assert [a.date for a in store.list_activities(me, since=dt.date(2026, 10, 15))] == [
        dt.date(2026, 10, 20)
    ]
    assert [a.date for _, a in store.list_activity_rows(me, limit=1)] == [dt.date(2026, 10, 20)]
    assert len(store.list_activity_rows(me)) == 2


def test_a_failing_batch_stores_nothing(store: ActivityRepository) -> None:
    me = store.person_id("me")
    with pytest.raises(StoreError) as raised:
        store.add_activities(me + 999, [RUN])  # no such person: foreign key refuses
    assert str(raised.value) == (
        "could not store activities ((sqlite3.IntegrityError) FOREIGN KEY constraint failed)"
    )
    assert store.list_activities(me) == []
    assert store.list_activities(me + 999) == []


def test_the_module_functions_are_the_engine_repository() -> None:
    engine = make_engine(resolve_url())
    me = person_id(engine, "me")
    assert add_activities(engine, me, [RUN]).added == 1
    assert list_activities(engine, me) == [RUN]
    engine.dispose()


def test_round_trip_on_postgres(postgres_url: str) -> None:
    """The same store against a real PostgreSQL server (started by scripts/test)."""
    import uuid

    engine = make_engine(postgres_url)
    try:
        me = person_id(engine, f"pg-{uuid.uuid4().hex[:8]}")
        assert add_activities(engine, me, [RUN]).added == 1
        assert add_activities(engine, me, [RUN]).added == 0
        [stored] = list_activities(engine, me)
    finally:
        engine.dispose()
    assert stored == RUN
    assert stored.start.utcoffset() == dt.timedelta(hours=2)
