"""Garmin Connect exports with their own activity list (`summarizedActivities`).

The export is built by script from corpus files (tests/archive_builders.py):
uploads in two nested part zips named by upload id, non-activity FIT files,
the list split over two files in both layouts, a multisport parent with four
legs, and three activities without a file. Every activity is imported exactly
once, the file-less ones included, in any unit system the list uses.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest

from heelraise.app.activities import activities_since
from heelraise.app.imports import import_paths
from heelraise.training.garmin_listing import read_listing
from tests.archive_builders import garmin_full_export


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'journal.sqlite3'}"


@pytest.mark.usefixtures("activity_store")
def test_every_activity_is_imported_once_file_less_ones_included(
    corpus: Path, tmp_path: Path
) -> None:
    export = tmp_path / "garmin.zip"
    expected = garmin_full_export(corpus, export)
    report = import_paths([export], _db(tmp_path))
    assert report.imported == expected["activities"] == 12
    assert report.duplicates == 0
    assert report.listing.listed == expected["listed"]
    assert report.listing.without_file == expected["without_file"] == 3
    assert report.listing.with_file == expected["listed"] - expected["without_file"]
    assert report.listing.multisport_parents == 1
    assert report.listing.multisport_legs == 4
    assert len(report.skipped) == expected["not_activities"]  # settings, monitoring
    assert not report.failed
    stored = activities_since(_db(tmp_path), "me", None)
    assert len(stored) == 12
    by_name = {item.name: item for item in stored if item.name}
    treadmill = by_name["Activity 301"]
    assert (treadmill.sport, treadmill.sub_sport) == ("run", "treadmill")
    assert treadmill.distance_km == pytest.approx(8.0)
    assert treadmill.duration_min == pytest.approx(40.0)
    assert by_name["Activity 302"].sport == "strength"
    assert by_name["Activity 303"].distance_km == pytest.approx(2.5)
    legs = [item for item in stored if item.source.endswith("_204.tcx")]
    assert [leg.sport for leg in legs] == ["run", "ride", "run", "ride"]


@pytest.mark.usefixtures("activity_store")
def test_reimporting_the_export_adds_nothing(corpus: Path, tmp_path: Path) -> None:
    export = tmp_path / "garmin.zip"
    garmin_full_export(corpus, export)
    import_paths([export], _db(tmp_path))
    again = import_paths([export], _db(tmp_path))
    assert again.imported == 0
    assert again.duplicates == 12


@pytest.mark.usefixtures("activity_store")
def test_a_list_in_seconds_and_metres_gives_the_same_activities(
    corpus: Path, tmp_path: Path
) -> None:
    documented, metric = tmp_path / "cm.zip", tmp_path / "m.zip"
    garmin_full_export(corpus, documented)
    garmin_full_export(corpus, metric, metric=True)
    first = tmp_path / "a"
    second = tmp_path / "b"
    first.mkdir()
    second.mkdir()
    import_paths([documented], _db(first))
    import_paths([metric], _db(second))
    one = [(a.start, a.sport, round(a.distance_km, 6)) for a in activities_since(_db(first), "me")]
    two = [(a.start, a.sport, round(a.distance_km, 6)) for a in activities_since(_db(second), "me")]
    assert one == two


def test_an_unzipped_export_folder_imports_the_same(corpus: Path, tmp_path: Path) -> None:
    export = tmp_path / "garmin.zip"
    garmin_full_export(corpus, export)
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(export) as archive:
        archive.extractall(folder)
    report = import_paths([folder], _db(tmp_path))
    assert report.imported == 12
    assert report.listing.without_file == 3


def _entry(**changes: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "activityId": 42,
        "name": "Parkrun",
        "activityType": {"typeKey": "running"},
        "startTimeGmt": 1_714_982_400_000,  # 2024-05-06 08:00:00 UTC
        "startTimeLocal": 1_714_989_600_000,  # 10:00 local: UTC+2
        "duration": 1_500_000.0,  # 25 min in ms
        "distance": 500_000.0,  # 5 km in cm
        "elevationGain": 2_400.0,  # 24 m in cm
        "avgHr": 161.0,
    }
    entry.update(changes)
    return entry


@pytest.mark.parametrize(
    "layout",
    [
        lambda items: [{"summarizedActivitiesExport": items}],
        lambda items: {"summarizedActivitiesExport": items},
        lambda items: items,
    ],
    ids=["wrapped list", "wrapper", "bare list"],
)
def test_every_layout_reads_a_5_km_run_as_5_km(layout: object) -> None:
    document = layout([_entry()])  # type: ignore[operator]
    [run] = read_listing(json.dumps(document).encode(), "list.json").summaries
    assert run.distance_km == pytest.approx(5.0)
    assert run.duration_min == pytest.approx(25.0)
    assert run.elevation_gain_m == pytest.approx(24.0)
    assert run.start == dt.datetime(2024, 5, 6, 8, 0, tzinfo=dt.UTC)
    assert run.start.utcoffset() == dt.timedelta(hours=2)
    assert run.local_time_known
    assert (run.sport, run.name, run.avg_hr) == ("run", "Parkrun", 161.0)


def test_metres_and_seconds_are_recognised() -> None:
    items = [
        _entry(activityId=n, duration=1500.0 + n, distance=5000.0, elevationGain=24.0)
        for n in range(3)
    ]
    runs = read_listing(json.dumps(items).encode(), "list.json").summaries
    assert [round(run.distance_km, 3) for run in runs] == [5.0, 5.0, 5.0]
    assert runs[0].duration_min == pytest.approx(25.0)
    assert runs[0].elevation_gain_m == pytest.approx(24.0)


def test_a_10_km_run_comes_out_as_10_km_with_text_times() -> None:
    entry = _entry(
        distance=1_000_000.0,
        duration=3_000_000.0,
        startTimeGmt="2024-05-06 08:00:00",
        startTimeLocal="2024-05-06 09:00:00",
    )
    [run] = read_listing(json.dumps([entry]).encode(), "list.json").summaries
    assert run.distance_km == pytest.approx(10.0)
    assert run.duration_min == pytest.approx(50.0)
    assert run.start.utcoffset() == dt.timedelta(hours=1)


def test_multisport_parents_are_skipped_and_legs_counted() -> None:
    items = [
        _entry(activityId=1, parent=True, childIds=[2, 3], activityType="multi_sport"),
        _entry(activityId=2, parentId=1),
        _entry(activityId=3, parentId=1, startTimeGmt=1_714_984_200_000, activityType="cycling"),
    ]
    listing = read_listing(json.dumps(items).encode(), "list.json")
    assert (listing.parents, listing.legs) == (1, 2)
    assert [run.sport for run in listing.summaries] == ["run", "ride"]


def test_a_listed_climb_its_distance_cannot_hold_is_left_out(corpus: Path, tmp_path: Path) -> None:
    """Issue 12's 0.24 km ride with 2,585 m of climb, this time from Garmin's list."""
    export = tmp_path / "garmin.zip"
    garmin_full_export(corpus, export)
    with zipfile.ZipFile(export, "a") as archive:
        steep = _entry(
            activityId=999,
            activityType="cycling",
            distance=24_000.0,  # 0.24 km
            duration=180_000.0,  # 3 min
            elevationGain=258_500.0,  # 2,585 m
        )
        archive.writestr(
            "DI_CONNECT/DI-Connect-Fitness/me_2002_summarizedActivities.json",
            json.dumps([steep]),
        )
    report = import_paths([export], _db(tmp_path))
    [left] = [item for item in report.left_out if item.source.endswith("#999")]
    assert left.field == "elevation_gain_m"
    assert "2,585 m of climb over 0.24 km" in left.reason
