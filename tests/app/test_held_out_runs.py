"""Held-out style: 60 generated GPX and TCX runs of known length and time.

Each run walks a seeded random route (tests/track_builders.py) whose true
distance is the sum of its steps and whose true moving time leaves out the
pauses between segments. Imported as a folder, every run comes out within 1%
of the truth, dated on its start, and importing the folder again adds nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from heelraise.app.activities import activities_since
from heelraise.app.imports import import_paths
from tests.track_builders import Truth, garmin_tcx, strava_gpx

RUNS = 60

# Each test runs on both activity stores (`activity_store` in tests/conftest.py).
pytestmark = pytest.mark.usefixtures("activity_store")


def _write(folder: Path) -> list[Truth]:
    truths = []
    for seed in range(RUNS):
        seconds = 600 + 97 * seed  # 10 min to about 1 h 45
        if seed % 2:
            data, truth = garmin_tcx(5000 + seed, seconds, laps=1 + seed % 6)
            (folder / f"run{seed:02d}.tcx").write_bytes(data)
        else:
            data, truth = strava_gpx(5000 + seed, seconds, pauses=seed % 4)
            (folder / f"run{seed:02d}.gpx").write_bytes(data)
        truths.append(truth)
    return truths


def test_sixty_generated_runs_within_one_percent_and_no_duplicates(tmp_path: Path) -> None:
    folder = tmp_path / "runs"
    folder.mkdir()
    truths = _write(folder)
    db = f"sqlite:///{tmp_path / 'journal.sqlite3'}"
    report = import_paths([folder], db)
    assert report.imported == RUNS
    assert not report.skipped
    stored = {activity.start: activity for activity in activities_since(db, "me")}
    assert len(stored) == RUNS
    for truth in truths:
        activity = stored[truth.start]
        assert activity.sport == truth.sport
        assert activity.distance_km == pytest.approx(truth.distance_km, rel=0.01)
        assert activity.duration_min == pytest.approx(truth.duration_min, rel=0.01)
    again = import_paths([folder], db)
    assert (again.imported, again.duplicates) == (0, RUNS)
    assert len(activities_since(db, "me")) == RUNS
