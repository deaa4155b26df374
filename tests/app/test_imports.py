"""The import use case: folders, archives, duplicates, bad files, progress."""

from __future__ import annotations

import datetime as dt
import math
import os
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from heelraise.app.activities import activities_since
from heelraise.app.imports import ImportProgress, import_paths
from heelraise.contract import TrainingSession
from heelraise.training.readers import ReaderRegistry
from tests.archive_builders import garmin_export, hostile_zip, strava_export

# Each test runs on both activity stores (`activity_store` in tests/conftest.py).
pytestmark = pytest.mark.usefixtures("activity_store")


def test_folder_import_then_reimport_adds_nothing(corpus: Path) -> None:
    folder = corpus / "gpxpy"
    first = import_paths([folder])
    assert first.imported > 5
    assert all(item.reason and "\n" not in item.reason for item in first.skipped)
    second = import_paths([folder])
    assert second.imported == 0
    assert second.duplicates == first.imported + first.duplicates
    stored = activities_since(None, "me")
    assert len(stored) == first.imported
    for activity in stored:
        TypeAdapter(TrainingSession).validate_python(activity.to_training())


def test_garmin_export_skips_non_activity_fit_files(
    corpus: Path, tmp_path: Path, fit_registry: ReaderRegistry
) -> None:
    archive = garmin_export(corpus, tmp_path / "garmin.zip")
    report = import_paths([archive], registry=fit_registry)
    assert report.imported == 2
    assert report.failed == []
    reasons = sorted(item.reason for item in report.skipped)
    assert len(reasons) == 2
    assert all("not an activity" in reason for reason in reasons)
    assert "monitoring" in reasons[0]
    assert "settings" in reasons[1]
    assert import_paths([archive], registry=fit_registry).imported == 0


@pytest.mark.parametrize("garmin_first", [True, False])
def test_garmin_plus_strava_adds_each_run_once(
    corpus: Path, tmp_path: Path, fit_registry: ReaderRegistry, garmin_first: bool
) -> None:
    garmin = garmin_export(corpus, tmp_path / "garmin.zip")
    strava = strava_export(corpus, tmp_path / "export_1.zip")
    order = [garmin, strava] if garmin_first else [strava, garmin]
    reports = [import_paths([path], registry=fit_registry) for path in order]
    # Garmin: fenix run + 10 km run; Strava: 10 km run (same), walk, yoga, GPX.
    assert sum(r.imported for r in reports) == 5
    assert sum(r.duplicates for r in reports) == 1
    stored = activities_since(None, "me")
    tens = [a for a in stored if 9.9 < a.distance_km < 10.1]
    assert len(tens) == 1
    if not garmin_first:
        assert tens[0].name == "Parkrun 10k"
        assert tens[0].shoe == "Pegasus 31"
    both = import_paths([garmin, strava], registry=fit_registry)
    assert both.imported == 0


def test_unzipped_strava_export_joins_like_the_zip(
    corpus: Path, tmp_path: Path, fit_registry: ReaderRegistry
) -> None:
    archive = strava_export(corpus, tmp_path / "export_1.zip")
    folder = tmp_path / "export_1"
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(folder)
    report = import_paths([folder], registry=fit_registry)
    assert (report.imported, report.duplicates, report.skipped) == (4, 0, [])
    names = {a.name for a in activities_since(None, "me")}
    assert {"Parkrun 10k", "Dog walk", "Morning yoga"} <= names
    assert import_paths([archive], registry=fit_registry).imported == 0


def test_everything_at_once_in_worker_processes(
    corpus: Path, tmp_path: Path, fit_registry: ReaderRegistry
) -> None:
    garmin = garmin_export(corpus, tmp_path / "garmin.zip")
    strava = strava_export(corpus, tmp_path / "export_1.zip")
    seen: list[ImportProgress] = []
    report = import_paths(
        [garmin, strava, corpus / "tcxreader"], registry=fit_registry, progress_callback=seen.append
    )
    assert report.imported == 5 + 3  # the two SUP files are one session
    assert [step.done for step in seen] == list(range(1, len(seen) + 1))
    assert all(step.total is None for step in seen)  # archives: total unknown up front


def test_hostile_archive_imports_only_the_good_member(corpus: Path, tmp_path: Path) -> None:
    report = import_paths([hostile_zip(corpus, tmp_path / "hostile.zip")])
    assert report.imported == 1
    assert len(report.failed) == 4


def test_a_bad_file_is_reported_and_the_rest_imported(corpus: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.gpx"
    broken.write_bytes(b'<gpx version="1.1"><trk><trkseg><trkpt lat="1"')
    missing = tmp_path / "missing.tcx"
    good = corpus / "goldencheetah" / "test__runs__10kUNLP2014-Garmin15.tcx"
    seen: list[ImportProgress] = []
    report = import_paths([broken, good, missing], progress_callback=seen.append)
    assert report.imported == 1
    assert {item.source for item in report.failed} == {str(broken), str(missing)}
    assert seen[-1].done == seen[-1].total == 3


def test_not_an_activity_is_skipped_but_not_bad(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("ran 5k today")
    report = import_paths([notes])
    assert report.imported == 0
    assert report.failed == []
    assert len(report.skipped) == 1


# Plausible rows (a past date, no faster than 7 min/km): implausible ones are skipped,
# which tests/app/test_poisoned_imports.py covers.
rows = st.lists(
    st.tuples(
        st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2025, 12, 31)),
        st.sampled_from(["run", "walk", "ride", "swim"]),
        st.floats(0, 60, allow_nan=False).map(lambda x: round(x, 2)),
        st.integers(1, 300),
    ).map(lambda row: (row[0], row[1], row[2], max(row[3], math.ceil(row[2] * 7)))),
    min_size=1,
    max_size=12,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows)
def test_reimporting_a_csv_adds_nothing(items: list[tuple[object, str, float, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "log.csv"
        lines = ["date,sport,distance_km,duration_min"]
        lines += [f"{day},{sport},{km},{minutes}" for day, sport, km, minutes in items]
        log.write_text("\n".join(lines) + "\n")
        db = f"sqlite:///{Path(folder) / 'db.sqlite3'}"
        first = import_paths([log], db)
        assert first.imported + first.duplicates == len(items)
        again = import_paths([log], db)
        assert again.imported == 0
        assert again.duplicates == len(items)


def test_worker_pool_and_in_process_import_agree(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large imports use two worker processes; the result must be what one process gives."""
    from heelraise.app import imports

    folder = corpus / "python-fitparse"
    alone = import_paths([folder], f"sqlite:///{tmp_path / 'one.sqlite3'}", workers=1)
    monkeypatch.setattr(imports, "POOL_MIN_FILES", 2)
    monkeypatch.setattr(imports, "FORK_POOL_MIN_FILES", 2)
    started: list[str] = []
    context = imports._context

    def seen_context() -> object:
        chosen = context()
        started.append(chosen.get_start_method())
        return chosen

    monkeypatch.setattr(imports, "_context", seen_context)
    pooled = import_paths([folder], f"sqlite:///{tmp_path / 'two.sqlite3'}", workers=2)
    # Forked when this process runs no other thread (the command line); a full test run
    # may have other tests' server threads alive, and then forkserver is the safe choice.
    assert started == ["fork" if threading.active_count() == 1 else "forkserver"]
    assert pooled.imported == alone.imported > 10
    assert sorted(pooled.skipped) == sorted(alone.skipped)
    one = [a.to_training() for a in activities_since(f"sqlite:///{tmp_path / 'one.sqlite3'}", "me")]
    two = [a.to_training() for a in activities_since(f"sqlite:///{tmp_path / 'two.sqlite3'}", "me")]
    assert sorted(map(str, one)) == sorted(map(str, two))


GPX_LATE_EVENING_UTC = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
  <trk><type>running</type><trkseg>
    <trkpt lat="51.5000" lon="-0.1000"><ele>10</ele><time>2026-10-01T02:30:00Z</time></trkpt>
    <trkpt lat="51.5090" lon="-0.1000"><ele>12</ele><time>2026-10-01T02:36:00Z</time></trkpt>
    <trkpt lat="51.5180" lon="-0.1000"><ele>11</ele><time>2026-10-01T02:42:00Z</time></trkpt>
  </trkseg></trk>
</gpx>
"""


@pytest.fixture
def time_zone() -> Iterator[Callable[[str], None]]:
    """Set this process's time zone (as `TZ` does) for the test; UTC again after it."""

    def use(zone: str) -> None:
        os.environ["TZ"] = zone
        time.tzset()

    yield use
    use("UTC")


@pytest.mark.parametrize(
    ("zone", "date", "offset_h"),
    [
        ("UTC", dt.date(2026, 10, 1), 0),
        ("Europe/London", dt.date(2026, 10, 1), 1),  # 03:30 BST
        ("America/New_York", dt.date(2026, 9, 30), -4),  # 22:30 EDT the evening before
    ],
)
def test_a_gpx_start_is_dated_in_the_machines_time_zone(
    tmp_path: Path, time_zone: Callable[[str], None], zone: str, date: dt.date, offset_h: int
) -> None:
    time_zone(zone)
    path = tmp_path / "evening.gpx"
    path.write_text(GPX_LATE_EVENING_UTC, encoding="utf-8")
    assert import_paths([path], person="gpx").imported == 1
    (stored,) = activities_since(None, "gpx")
    assert stored.date == date
    assert stored.start.utcoffset() == dt.timedelta(hours=offset_h)
    assert stored.start == dt.datetime(2026, 10, 1, 2, 30, tzinfo=dt.UTC)  # the same instant


def test_a_fit_files_own_offset_and_a_csv_date_are_kept_in_any_time_zone(
    corpus: Path, tmp_path: Path, time_zone: Callable[[str], None]
) -> None:
    fit = corpus / "fitdecode" / "tests__files__garmin-fr935-cr.fit"
    import_paths([fit], person="utc")
    (in_utc,) = activities_since(None, "utc")
    assert in_utc.start.utcoffset() != dt.timedelta(0)  # the file gives its own offset
    csv = tmp_path / "log.csv"
    csv.write_text("date,sport,distance_km,duration_min\n2026-10-01,run,8,45\n", encoding="utf-8")
    time_zone("America/New_York")
    import_paths([fit, csv], person="new-york")
    by_source = {a.source.rsplit("/", 1)[-1]: a for a in activities_since(None, "new-york")}
    assert by_source[fit.name].start == in_utc.start
    assert by_source[fit.name].start.utcoffset() == in_utc.start.utcoffset()
    assert by_source["log.csv:2"].date == dt.date(2026, 10, 1)  # not the evening before
