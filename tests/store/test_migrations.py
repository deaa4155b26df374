"""Migrations: upgrade from empty, downgrade to base, upgrade again; models and migrations
agree (autogenerate finds no difference) — on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import JSON, Engine, bindparam, create_engine, inspect, text

from heelraise.store.database import make_engine
from heelraise.store.migrate import current_revision, downgrade, head_revision, upgrade
from heelraise.store.models import Base


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def _round_trip(engine: Engine) -> None:
    assert _tables(engine) == set()
    upgrade(engine)
    assert _tables(engine) == set(Base.metadata.tables)
    assert _differences(engine) == []
    downgrade(engine, "base")
    assert _tables(engine) == set()
    upgrade(engine)
    assert _differences(engine) == []
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()


def test_round_trip_on_sqlite(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    _round_trip(engine)


@pytest.fixture
def empty_postgres(empty_postgres_url: str) -> Iterator[Engine]:
    """A fresh, empty database on the test server (dropped afterwards)."""
    engine = create_engine(empty_postgres_url)
    try:
        yield engine
    finally:
        engine.dispose()


def test_round_trip_on_postgres(empty_postgres: Engine) -> None:
    _round_trip(empty_postgres)


def test_a_database_from_before_migrations_is_stamped_and_upgraded(tmp_path: Path) -> None:
    """The importer's tables made by `create_all` (no alembic_version) upgrade in place."""
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    old = create_engine(url)
    upgrade(old, "0001")
    with old.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
        connection.execute(
            text("INSERT INTO people (name, created_at) VALUES ('me', '2026-01-01')")
        )
    engine = make_engine(url)
    assert _differences(engine) == []
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM people")).scalar() == "me"


def _step_0004(engine: Engine) -> None:
    """0003 → 0004 → 0003 → 0004 with a login in the database: the login is kept."""
    upgrade(engine, "0003")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (name, role, password_hash, created_at) "
                "VALUES ('dr-a', 'clinician', '$argon2id$x', '2026-11-24')"
            )
        )
    upgrade(engine, "0004")
    assert "sign_in_attempts" in _tables(engine)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO sign_in_attempts (name_key, failures) VALUES ('k', 1)")
        )
    downgrade(engine, "0003")
    assert "sign_in_attempts" not in _tables(engine)
    upgrade(engine, "0004")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM users")).scalar() == "dr-a"
        assert connection.execute(text("SELECT count(*) FROM sign_in_attempts")).scalar() == 0


def test_0004_sign_in_attempts_up_and_down_on_sqlite(tmp_path: Path) -> None:
    _step_0004(create_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}"))


def test_0004_sign_in_attempts_up_and_down_on_postgres(empty_postgres: Engine) -> None:
    _step_0004(empty_postgres)


def _audit_rows_cannot_change(engine: Engine) -> None:
    """An audit row can be added, but the database refuses to change or delete it."""
    from sqlalchemy.exc import DBAPIError

    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_log (at, actor, action, subject, detail) "
                "VALUES (CURRENT_TIMESTAMP, 'test', 'journal.init', NULL, NULL)"
            )
        )
    attempts = ["UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"]
    if engine.dialect.name == "postgresql":
        attempts.append("TRUNCATE audit_log")
    for statement in attempts:
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT actor FROM audit_log")).scalars().all() == ["test"]
    downgrade(engine, "0004")  # the triggers go with their revision
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log"))


def test_the_audit_log_is_append_only_on_sqlite(tmp_path: Path) -> None:
    _audit_rows_cannot_change(create_engine(f"sqlite:///{tmp_path / 'a.sqlite3'}"))


def test_the_audit_log_is_append_only_on_postgres(empty_postgres: Engine) -> None:
    _audit_rows_cannot_change(empty_postgres)


def _activity(**values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "person_id": 1,
        "start_utc": dt.datetime(2024, 5, 1, 7),
        "utc_offset_min": 60,
        "date": dt.date(2024, 5, 1),
        "sport": "run",
        "sub_sport": None,
        "distance_km": 10.0,
        "duration_min": 55.0,
        "elevation_gain_m": 40.0,
        "kind": None,
        "kind_inferred": False,
        "surface": None,
        "shoe": None,
        "device": None,
        "avg_hr": 150.0,
        "name": None,
        "source": "run.gpx",
        "entry": None,
    }
    row.update(values)
    row["content_hash"] = str(values.get("source", "run.gpx")).ljust(64, "0")[:64]
    return row


def _repair_0006(engine: Engine) -> None:
    """0005 → 0006 with poisoned rows: fields nulled, impossible rows removed, audited;
    good and entered rows untouched; the journal reads afterwards."""
    upgrade(engine, "0005")
    rows = [
        _activity(source="good.gpx"),
        _activity(source="hr-minus-5.gpx", avg_hr=-5.0),
        _activity(source="hr-inf.gpx", avg_hr=math.inf),
        _activity(source="steep.csv", sport="ride", distance_km=0.24, elevation_gain_m=2585.0),
        _activity(
            source="bomb.fit", sport="multisport", distance_km=55_044.0, duration_min=128_440.0
        ),
        _activity(source="far-zone.fit", utc_offset_min=30 * 60),
        _activity(source="entered", avg_hr=None, entry={"date": "2024-05-01", "sport": "run"}),
    ]
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO people (id, name, created_at) VALUES (1, 'anna', '2024-01-01')")
        )
        columns = ", ".join(rows[0])
        values = ", ".join(f":{name}" for name in rows[0])
        for row in rows:
            statement = text(f"INSERT INTO activities ({columns}) VALUES ({values})")
            if row["entry"] is not None:
                statement = statement.bindparams(bindparam("entry", type_=JSON))
            connection.execute(statement, row)
    upgrade(engine, "0006")
    with engine.connect() as connection:
        found = {
            source: (avg_hr, climb, offset)
            for source, avg_hr, climb, offset in connection.execute(
                text("SELECT source, avg_hr, elevation_gain_m, utc_offset_min FROM activities")
            )
        }
        audit = connection.execute(text("SELECT actor, action, detail FROM audit_log")).one()
    assert found == {
        "good.gpx": (150.0, 40.0, 60),
        "hr-minus-5.gpx": (None, 40.0, 60),
        "hr-inf.gpx": (None, 40.0, 60),
        "steep.csv": (150.0, None, 60),
        "far-zone.fit": (150.0, 40.0, 0),
        "entered": (None, 40.0, 60),
    }
    assert audit[:2] == ("heelraise upgrade 0006", "activities.repair")
    assert "removed activity of 2024-05-01: implausible duration" in audit[2]
    assert "avg_hr: -5 is outside 25–250 bpm" in audit[2]
    downgrade(engine, "0005")
    upgrade(engine)
    assert _differences(engine) == []


def test_0006_repairs_implausible_activities_on_sqlite(tmp_path: Path) -> None:
    _repair_0006(create_engine(f"sqlite:///{tmp_path / 'r.sqlite3'}"))


def test_0006_repairs_implausible_activities_on_postgres(empty_postgres: Engine) -> None:
    _repair_0006(empty_postgres)


def test_the_head_read_from_the_scripts_is_alembics() -> None:
    from heelraise.store.revision import packaged_head

    assert packaged_head() == head_revision()


def test_opening_a_database_at_head_does_not_import_alembic(tmp_path: Path) -> None:
    """The check on each open reads the revision plainly; Alembic only runs to upgrade."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'head.sqlite3'}"
    make_engine(url).dispose()
    probe = (
        "import sys\nfrom heelraise.store.database import make_engine\n"
        f"make_engine({url!r}).dispose()\n"
        "print('alembic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True)
    assert done.stdout.strip() == b"False"


def test_a_database_behind_head_is_upgraded_on_open(tmp_path: Path) -> None:
    from heelraise.store.revision import at_head

    url = f"sqlite:///{tmp_path / 'behind.sqlite3'}"
    old = create_engine(url)
    upgrade(old, "0004")
    assert not at_head(old)
    engine = make_engine(url)
    assert at_head(engine)
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
    assert _differences(engine) == []


def test_an_empty_database_is_not_at_head(tmp_path: Path) -> None:
    from heelraise.store.revision import at_head

    assert not at_head(create_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}"))


def test_scripts_that_are_not_plain_leave_the_answer_to_alembic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A merge (two parents) or a second head: no head is claimed, so Alembic decides."""
    from heelraise.store import revision

    class Scripts:
        def __init__(self, texts: dict[str, str]) -> None:
            self.texts = texts

        def iterdir(self) -> Iterator[Path]:
            for name, source in self.texts.items():
                (tmp_path / name).write_text(source, encoding="utf-8")
                yield tmp_path / name

    def head_of(texts: dict[str, str]) -> str | None:
        monkeypatch.setattr(revision.resources, "files", lambda _: Scripts(texts))
        revision.packaged_head.cache_clear()
        try:
            return revision.packaged_head()
        finally:
            revision.packaged_head.cache_clear()

    first = 'revision = "a1"\ndown_revision = None\n'
    assert head_of({"a.py": first, "b.py": 'revision = "b2"\ndown_revision = "a1"\n'}) == "b2"
    typed = 'revision: str = "b2"\ndown_revision: str | None = "a1"\n'
    assert head_of({"a.py": first, "b.py": typed}) == "b2"
    two_heads = {"a.py": first, "b.py": typed, "c.py": 'revision = "c3"\ndown_revision = "a1"\n'}
    assert head_of(two_heads) is None
    merge = 'revision = "d4"\ndown_revision = ("b2", "c3")\n'
    assert head_of({**two_heads, "d.py": merge}) is None
    assert head_of({"a.py": first, "b.py": "revision = compute()\n"}) is None
