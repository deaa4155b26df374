"""Use case: weekly load and spikes from a person's stored activities."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from heelraise.app.imports import import_paths
from heelraise.app.training_load import training_load

MONDAY = dt.date(2026, 8, 3)


def write_runs(folder: Path, weekly_km: list[float]) -> Path:
    """Three runs a week (Mon, Wed, Sat) making up each week's total."""
    lines = ["date,sport,distance_km,duration_min"]
    for week, km in enumerate(weekly_km):
        for offset in (0, 2, 5):
            day = MONDAY + dt.timedelta(weeks=week, days=offset)
            lines.append(f"{day},run,{km / 3:.2f},{km / 3 * 6:.1f}")
    path = folder / "runs.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_weeks_spikes_and_onset_from_stored_activities(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'load.sqlite3'}"
    report = import_paths([write_runs(tmp_path, [20, 20, 21, 20, 20, 36])], db, "me")
    assert report.imported == 18
    onset = MONDAY + dt.timedelta(weeks=5, days=6)
    load = training_load(db, "me", as_of=dt.date(2026, 10, 1), onset=onset)
    assert load.activities == 18
    assert [round(w.run_km) for w in load.weeks] == [20, 20, 21, 20, 20, 36]
    weekly = [spike for spike in load.spikes if spike.kind == "weekly_volume"]
    assert weekly and weekly[0].before_onset
    assert load.onset == onset


def test_the_window_keeps_the_last_weeks_and_leaves_out_the_future(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'load.sqlite3'}"
    import_paths([write_runs(tmp_path, [10] * 10)], db, "me")
    as_of = MONDAY + dt.timedelta(weeks=7, days=1)
    load = training_load(db, "me", as_of=as_of, weeks=4)
    assert len(load.weeks) == 4
    assert load.weeks[-1].week_start == MONDAY + dt.timedelta(weeks=7)
    assert load.activities == 3 * 7 + 1  # nothing after as_of


def test_an_unknown_person_has_no_load(tmp_path: Path) -> None:
    load = training_load(f"sqlite:///{tmp_path / 'none.sqlite3'}", "nobody", dt.date(2026, 1, 1))
    assert load.empty and load.weeks == [] and load.spikes == []
