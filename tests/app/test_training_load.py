"""Use case: weekly load and spikes from a person's stored activities."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson

from heelraise.app.imports import import_paths
from heelraise.app.onboarding import init_from_case
from heelraise.app.today import check_in
from heelraise.app.training_load import training_load
from tests.factories import AS_OF, case_document

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


def _journal_with_rehab(tmp_path: Path) -> tuple[str, dt.date]:
    """A person started from a case, with check-ins: exercised on three days, not on one."""
    db = f"sqlite:///{tmp_path / 'rehab.sqlite3'}"
    init_from_case(db, "anna", orjson.dumps(case_document()))
    for offset, exercised in ((0, True), (1, True), (2, False), (8, True)):
        fields = {
            "date": (AS_OF + dt.timedelta(days=offset)).isoformat(),
            "morning_stiffness_0_10": 2,
            "pain_walking_0_10": 1,
            "pain_during_0_10": 2 if exercised else None,
            "exercised": exercised,
        }
        check_in(db, "anna", fields)
    return db, AS_OF


def test_rehab_sessions_done_come_from_exercised_checkins_with_the_days_dose(
    tmp_path: Path,
) -> None:
    db, first = _journal_with_rehab(tmp_path)
    load = training_load(db, "anna", as_of=first + dt.timedelta(days=10))
    assert [day.date for day in load.rehab] == [
        first,
        first + dt.timedelta(days=1),
        first + dt.timedelta(days=8),
    ]
    for day in load.rehab:
        assert day.title  # the plan's session for that day
        assert day.doses and all(" × " in dose for dose in day.doses)
    assert sum(load.rehab_by_week.values()) == 3
    assert not load.empty and load.activities == 0
    # Rehab alone gives weeks to chart, and the table lists only weeks holding something.
    assert load.weeks and load.weeks_with_data
    assert all(
        week.sessions or load.rehab_by_week.get(week.week_start) for week in load.weeks_with_data
    )


def test_rehab_weeks_do_not_make_load_spikes(tmp_path: Path) -> None:
    db, first = _journal_with_rehab(tmp_path)
    import_paths([write_runs(tmp_path, [20, 20, 20])], db, "anna")
    as_of = max(first + dt.timedelta(days=10), MONDAY + dt.timedelta(weeks=3))
    load = training_load(db, "anna", as_of=as_of, weeks=200)
    assert load.activities == 9
    assert not [spike for spike in load.spikes if spike.kind == "weekly_volume"]
