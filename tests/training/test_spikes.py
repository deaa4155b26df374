"""Load spikes against the person's own baseline (case-format.md "Load spikes")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from heelraise.clinical.assess import default_engine
from heelraise.contract import Assessment
from heelraise.knowledge.loader import default_knowledge
from tests.factories import AS_OF, make_case, weekly_runs

SPIKES = default_knowledge().spikes
FIRST_MONDAY = dt.date(2026, 9, 28)


def assess_training(training: list[dict[str, Any]], started: str = "2026-11-14") -> Assessment:
    return default_engine().assess(make_case(symptoms={"started": started}, training=training))


def run(day: dt.date, km: float, **extra: Any) -> dict[str, Any]:
    return {
        "date": day.isoformat(),
        "sport": "run",
        "distance_km": km,
        "duration_min": km * 5.6,
        "surface": "road",
        "shoe": "Daily trainer",
        **extra,
    }


def kinds(result: Assessment) -> list[str]:
    return sorted({spike.kind for spike in result.load.spikes})


def test_steady_training_has_no_spikes() -> None:
    result = assess_training(weekly_runs(FIRST_MONDAY, 7))
    assert result.load.spikes == []
    assert [week.run_km for week in result.load.weeks[:7]] == [30.0] * 7


def test_single_session_just_over_ten_percent() -> None:
    longest = 10.5
    limit = longest * (1 + SPIKES.single_session.min_increase)
    history = weekly_runs(FIRST_MONDAY, 6)
    over = assess_training([*history, run(dt.date(2026, 11, 10), round(limit + 0.1, 1))])
    under = assess_training([*history, run(dt.date(2026, 11, 10), round(limit - 0.1, 1))])
    assert "single_session" in kinds(over)
    assert "single_session" not in kinds(under)
    spike = next(s for s in over.load.spikes if s.kind == "single_session")
    assert spike.before_onset
    assert spike.source == SPIKES.single_session.source


def test_single_session_needs_thirty_days_of_history() -> None:
    short = [run(dt.date(2026, 11, 1), 5.0), run(dt.date(2026, 11, 10), 15.0)]
    assert "single_session" not in kinds(assess_training(short))


def test_weekly_volume_needs_four_earlier_weeks() -> None:
    three_weeks = weekly_runs(FIRST_MONDAY, 3) + weekly_runs(
        FIRST_MONDAY + dt.timedelta(weeks=3), 1, (12.0, 12.0, 12.0, 12.0)
    )
    four_weeks = weekly_runs(FIRST_MONDAY, 4) + weekly_runs(
        FIRST_MONDAY + dt.timedelta(weeks=4), 1, (12.0, 12.0, 12.0, 12.0)
    )
    assert "weekly_volume" not in kinds(assess_training(three_weeks))
    result = assess_training(four_weeks)
    assert "weekly_volume" in kinds(result)
    spike = next(s for s in result.load.spikes if s.kind == "weekly_volume")
    assert "weaker" in spike.detail


def test_changes_stacked_in_one_week() -> None:
    history = weekly_runs(FIRST_MONDAY, 5)
    new = [
        run(dt.date(2026, 11, 3), 8.0, kind="intervals", surface="track", shoe="Racing flat"),
        run(dt.date(2026, 11, 5), 7.0, kind="hills", elevation_gain_m=250),
    ]
    result = assess_training([*history, *new])
    assert {"new_speed", "new_hills", "surface_change", "shoe_change", "stacked_changes"} <= set(
        kinds(result)
    )


def test_extra_high_load_sport() -> None:
    history = weekly_runs(FIRST_MONDAY, 5)
    padel = {"date": "2026-11-04", "sport": "padel", "distance_km": 0, "duration_min": 90}
    assert "extra_sport" in kinds(assess_training([*history, padel]))


def test_spikes_long_after_onset_are_not_contributors() -> None:
    history = weekly_runs(FIRST_MONDAY, 6)
    result = assess_training([*history, run(dt.date(2026, 11, 10), 20.0)], started="2026-10-01")
    spike = next(s for s in result.load.spikes if s.kind == "single_session")
    assert spike.before_onset is False


def test_weeks_run_to_the_as_of_week_with_gaps_as_zero() -> None:
    result = assess_training([run(dt.date(2026, 10, 1), 5.0)])
    weeks = result.load.weeks
    assert weeks[0].week_start == dt.date(2026, 9, 28)
    assert weeks[-1].week_start == AS_OF - dt.timedelta(days=AS_OF.weekday())
    assert [w.run_km for w in weeks[1:]] == [0.0] * (len(weeks) - 1)


def test_a_second_session_on_the_same_day_is_judged_against_the_days_before() -> None:
    """Football ten days ago, then twice today: not new (the first of today's two is not
    history for the second), and a new thing seen twice in one day is one spike."""
    history = weekly_runs(FIRST_MONDAY, 5)

    def football(day: str) -> dict[str, Any]:
        return {"date": day, "sport": "football", "distance_km": 0, "duration_min": 60}

    seen_lately = [*history, football("2026-10-20"), football("2026-10-30"), football("2026-10-30")]
    assert "extra_sport" not in kinds(assess_training(seen_lately))
    trail_twice = [
        *history,
        run(dt.date(2026, 11, 3), 6, surface="trail"),
        run(dt.date(2026, 11, 3), 4, surface="trail"),
    ]
    changes = [s for s in assess_training(trail_twice).load.spikes if s.kind == "surface_change"]
    assert [s.date for s in changes] == [dt.date(2026, 11, 3)]


def test_a_vanishingly_small_baseline_does_not_stop_the_assessment() -> None:
    """A subnormal distance (5e-324 km) as the longest recent run: the next run's rise is
    too big for a float; the spike says ∞ % instead of the assessment failing."""
    tiny = [run(FIRST_MONDAY + dt.timedelta(days=day), 5e-324) for day in range(0, 35, 2)]
    later = run(FIRST_MONDAY + dt.timedelta(days=36), 5)
    spikes = [s for s in assess_training([*tiny, later]).load.spikes if s.kind == "single_session"]
    assert spikes and "∞" in spikes[-1].detail
