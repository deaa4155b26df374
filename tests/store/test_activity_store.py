"""The activity store: URL resolution, pragmas, one-transaction batches, listing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from heelraise.errors import StoreError
from heelraise.store.activities import add_activities, list_activities, person_id
from heelraise.store.database import make_engine, resolve_url
from heelraise.training.activity import ActivitySummary

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


def test_round_trip_keeps_offset_and_fields() -> None:
    engine = make_engine(resolve_url())
    me = person_id(engine, "me")
    assert person_id(engine, "me") == me
    assert add_activities(engine, me, [RUN]).added == 1
    [stored] = list_activities(engine, me)
    assert stored == RUN
    assert stored.start.utcoffset() == dt.timedelta(hours=2)


def test_duplicates_in_db_and_batch() -> None:
    engine = make_engine(resolve_url())
    me = person_id(engine, "me")
    twin = dataclasses.replace(RUN, content_hash="2" * 64, distance_km=10.1)
    result = add_activities(engine, me, [RUN, twin])
    assert (result.added, result.duplicates) == (1, 1)
    again = add_activities(engine, me, [RUN])
    assert (again.added, again.duplicates) == (0, 1)


def test_people_are_separate() -> None:
    engine = make_engine(resolve_url())
    me, you = person_id(engine, "me"), person_id(engine, "you")
    add_activities(engine, me, [RUN])
    assert add_activities(engine, you, [RUN]).added == 1


def test_since_filters_by_local_date() -> None:
    engine = make_engine(resolve_url())
    me = person_id(engine, "me")
    older = dataclasses.replace(RUN, content_hash="3" * 64, start=RUN.start - dt.timedelta(days=9))
    add_activities(engine, me, [RUN, older])
    assert [a.date for a in list_activities(engine, me, since=dt.date(2026, 10, 15))] == [
        dt.date(2026, 10, 20)
    ]


def test_a_failing_batch_stores_nothing() -> None:
    engine = make_engine(resolve_url())
    me = person_id(engine, "me")
    with pytest.raises(StoreError, match="could not store"):
        add_activities(engine, me + 999, [RUN])  # no such person: foreign key refuses
    assert list_activities(engine, me) == []
    assert list_activities(engine, me + 999) == []


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
