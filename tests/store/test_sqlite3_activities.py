"""The stdlib activity store (`store/sqlite3_activities.py`) does exactly what SQLAlchemy's does.

The repository tests themselves run on both in tests/store/test_activity_store.py,
and the import tests (tests/app/test_imports.py and others) through the
`activity_store` fixture. Here the same imports, re-imports, listings and
deletions go through the application (`import_paths`, `app.activities`) once on
each store, into two copies of one migrated journal; every table must hold the
very same rows, audit log included, with the clock and the random person ids
pinned (`Pins`, as for the journal), and every call must answer the same.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heelraise.app import imports
from heelraise.app.activities import activities_since, activities_with_ids, delete_activity
from heelraise.app.imports import ImportReport, import_paths
from heelraise.app.journal import open_activities
from heelraise.errors import HeelraiseError
from heelraise.store import sqlite3_activities
from heelraise.store.activities import EngineActivities
from heelraise.store.activity_interface import ActivityRepository
from heelraise.store.database import make_engine
from heelraise.store.sqlite3_activities import Sqlite3Activities
from heelraise.training.activity import ActivitySummary
from heelraise.training.readers import build_registry
from tests.conftest import copy_journal
from tests.store.test_sqlite3_journal import Pins, _dump, _execute

KINDS = ("sqlalchemy", "sqlite3")
TODAY = dt.date(2026, 11, 20)

SIMPLE_CSV = "date,sport,distance_km,duration_min,elevation_gain_m\n"


@pytest.fixture
def pins(monkeypatch: pytest.MonkeyPatch) -> Pins:
    return Pins(monkeypatch)


def _folders(corpus: Path, root: Path) -> dict[str, Path]:
    """What the story imports: corpus files, a copy of one under another name (the same
    file twice in one batch), activities a plausibility check refuses or trims, and the
    same session twice under two sport labels (in one file, and across imports)."""
    first = root / "first"
    first.mkdir(parents=True)
    for path in sorted((corpus / "tcxreader").iterdir()):
        shutil.copy(path, first / path.name)
    shutil.copy(corpus / "tcxreader" / "example_data__sup_activity_1.tcx", first / "again.tcx")
    for name in ("test_files__korita-zbevnica.gpx", "test_files__Mojstrovka.gpx"):
        shutil.copy(corpus / "gpxpy" / name, first / name)
    (first / "log.csv").write_text(
        SIMPLE_CSV
        + "2026-03-01T07:00:00+00:00,run,10.0,50.0,80\n"
        + "2026-03-01T07:00:40+00:00,walk,10.05,50.5,\n"  # the same session, another label
        + "2026-03-02T07:00:00+00:00,run,100.0,10.0,\n"  # 100 km in 10 minutes: refused
        + "2026-03-03T07:00:00+00:00,run,5.0,30.0,9000\n"  # that climb cannot be: left out
        + "2026-03-04T18:30:00-05:00,run,8.0,45.0,\n"
    )
    second = root / "second"
    second.mkdir()
    for name in (
        "test__aerolab__helmet_testing__2018-10-03-07-45-28.fit",
        "test__rides__2008_12_28_08_13_27.tcx",
    ):
        shutil.copy(corpus / "goldencheetah" / name, second / name)
    (second / "other.csv").write_text(
        SIMPLE_CSV
        + "2026-03-01T07:01:00+00:00,generic,10.0,49.0,\n"  # the 1 March run, once more
        + "2026-03-05T07:00:00+00:00,run,12.0,65.0,100\n"
        + "2026-03-06T07:00:00+00:00,ride,40.0,90.0,300\n"
    )
    third = root / "third"
    third.mkdir()
    (third / "ann.csv").write_text(SIMPLE_CSV + "2026-03-07T07:00:00+00:00,run,6.0,33.0,\n")
    edge = root / "edge"
    edge.mkdir()
    (edge / "edge.csv").write_text(  # the 4 March run, starting the whole window later
        SIMPLE_CSV + "2026-03-04T23:32:00+00:00,run,8.1,45.0,\n"
    )
    (root / "empty").mkdir()
    return {"first": first, "second": second, "third": third, "edge": edge, "empty": root / "empty"}


def _report(report: ImportReport) -> tuple[Any, ...]:
    """An import's outcome, its timings left out."""
    return (
        report.imported,
        report.duplicates,
        sorted(report.skipped),
        sorted(report.left_out),
        report.decompressed_bytes,
        dataclasses.asdict(report.listing),
    )


def _story(url: str, path: Path, folders: dict[str, Path], pins: Pins) -> list[Any]:
    """The same imports, listings and deletions through the application; what each gave."""
    seen: list[Any] = []
    registry = build_registry(plugins=False)

    def attempt(call: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        try:
            seen.append(call(*args, **kwargs))
        except HeelraiseError as error:
            seen.append((type(error).__name__, str(error)))

    def run_import(folder: str, person: str) -> tuple[Any, ...]:
        report = import_paths(
            [folders[folder]], url, person, registry=registry, workers=1, today=TODAY
        )
        return _report(report)

    attempt(run_import, "first", "me")  # several batches (BATCH_SIZE is 3)
    attempt(run_import, "first", "me")  # all of it again: duplicates
    attempt(run_import, "second", "me")
    attempt(run_import, "edge", "me")  # a stored start on the edge of the span looked in
    attempt(run_import, "empty", "zoe")  # a person made, nothing stored, nothing audited
    attempt(run_import, "third", "ann")
    _execute(path, "UPDATE people SET uid = NULL WHERE name = 'ann'")  # as an older version
    attempt(run_import, "second", "ann")  # ann's first audited write since: a uid given
    for name in ("me", "ann", "zoe", "nobody"):
        attempt(activities_since, url, name)
        attempt(activities_since, url, name, dt.date(2026, 3, 3), imported_only=True)
        attempt(activities_with_ids, url, name)
        attempt(activities_with_ids, url, name, 2)
    mine = activities_with_ids(url, "me")
    attempt(delete_activity, url, "me", mine[0][0], "tester")
    attempt(delete_activity, url, "me", mine[0][0], "tester")  # gone: UnknownActivity
    attempt(delete_activity, url, "ann", mine[1][0], "tester")  # not ann's: UnknownActivity
    attempt(delete_activity, url, "nobody", mine[1][0], "tester")
    with open_activities(url) as store:
        attempt(store.add_activities, 999, [direct_summary()])  # no such person: refused
        pins.resync()  # SQLAlchemy read the clock for the audit row it never stored
        attempt(store.add_activities, store.person_id("me"), [])
        attempt(store.person_id, "me")
    attempt(run_import, "first", "me")  # the deleted one comes back
    attempt(activities_since, url, "me")
    return seen


def direct_summary() -> ActivitySummary:
    """One run handed straight to a store, as the importer would."""
    return ActivitySummary(
        start=dt.datetime(2026, 3, 9, 7, 0, tzinfo=dt.UTC),
        sport="run",
        distance_km=5.0,
        duration_min=30.0,
        source="direct.csv",
        content_hash="f" * 64,
    )


def test_the_same_imports_leave_the_same_rows(
    migrated_journal: Path,
    tmp_path: Path,
    corpus: Path,
    pins: Pins,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folders = _folders(corpus, tmp_path / "files")
    monkeypatch.setattr(imports, "BATCH_SIZE", 3)
    open_at_head = sqlite3_activities.open_at_head
    handed_out: list[Any] = []

    def counted(url: str) -> Sqlite3Activities | None:
        found = open_at_head(url)
        handed_out.append(found)
        return found

    seen: dict[str, list[Any]] = {}
    rows: dict[str, dict[str, list[tuple[Any, ...]]]] = {}
    for kind in KINDS:
        pins.reset()
        path = copy_journal(migrated_journal, tmp_path / f"{kind}.sqlite3")
        chosen = counted if kind == "sqlite3" else (lambda url: None)
        monkeypatch.setattr(sqlite3_activities, "open_at_head", chosen)
        seen[kind] = _story(f"sqlite:///{path}", path, folders, pins)
        rows[kind] = _dump(path)
    assert handed_out and all(isinstance(store, Sqlite3Activities) for store in handed_out)

    assert seen["sqlite3"] == seen["sqlalchemy"]
    assert rows["sqlite3"].keys() == rows["sqlalchemy"].keys()
    for table, expected in rows["sqlalchemy"].items():
        assert rows["sqlite3"][table] == expected, table

    # The story did what it says: every kind of outcome is there to compare.
    first, again, second = seen["sqlite3"][:3]
    assert first[0] > 5 and first[1] >= 2  # the copied file; the walk
    assert any("implausible speed" in item.reason for item in first[2])  # refused
    assert [field for _, field, _ in first[3]] == ["elevation_gain_m"]
    assert again[0] == 0 and again[1] == first[0] + first[1]
    assert second[1] >= 1  # the 1 March run, under a third label
    assert seen["sqlite3"][3][:2] == (0, 1)  # the edge: a duplicate
    audit = rows["sqlite3"]["audit_log"]
    actions = [row[3] for row in audit]
    assert actions.count("activities.import") > 5 and "activity.delete" in actions
    people = {row[1]: row for row in rows["sqlite3"]["people"]}
    assert people["zoe"][3] is None  # never audited: no random id yet
    assert people["ann"][3] is not None
    outcomes = {item[0] for item in seen["sqlite3"] if isinstance(item, tuple)}
    assert {"UnknownActivity", "StoreError"} <= outcomes


def _every_call(store: ActivityRepository, summary: ActivitySummary) -> list[Callable[[], object]]:
    return [
        lambda: store.add_activities(1, [summary]),
        lambda: store.list_activities(1),
        lambda: store.list_activity_rows(1),
        lambda: store.delete_activity(1, 1, "tester"),
    ]


def test_a_store_error_names_what_failed_on_both(migrated_journal: Path, tmp_path: Path) -> None:
    """A database that refuses (here: no activities table) fails every call with the
    same words on both stores."""
    path = copy_journal(migrated_journal, tmp_path / "journal.sqlite3")
    engine = make_engine(f"sqlite:///{path}")
    stores: dict[str, ActivityRepository] = {
        "sqlalchemy": EngineActivities(engine),
        "sqlite3": Sqlite3Activities(str(path)),
    }
    stores["sqlite3"].person_id("me")
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE activities")
    connection.close()
    summary = direct_summary()
    said: dict[str, list[str]] = {}
    for kind, store in stores.items():
        said[kind] = []
        for call in _every_call(store, summary):
            with pytest.raises(HeelraiseError) as raised:
                call()
            said[kind].append(f"{type(raised.value).__name__}: {raised.value}")
    engine.dispose()
    assert said["sqlite3"] == said["sqlalchemy"]
    assert said["sqlite3"][0] == (
        "StoreError: could not store activities "
        "((sqlite3.OperationalError) no such table: activities)"
    )
