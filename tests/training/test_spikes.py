"""Load spikes against the person's own baseline (case-format.md "Load spikes")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


def runs_on(first: dt.date, days: list[int], km: float) -> list[dict[str, Any]]:
    return [run(first + dt.timedelta(days=day), km) for day in days]


def weekly_volume(result: Assessment) -> list[Any]:
    return [spike for spike in result.load.spikes if spike.kind == "weekly_volume"]


def block_from_saturday(factor: float) -> list[dict[str, Any]]:
    """Runs on Tue, Thu, Sat and Sun (7.5 km: 30 km a week) from 29 Sep 2026, and the
    7 days from Saturday 7 Nov with each run `factor` times as long."""
    block_start = dt.date(2026, 11, 7)
    training = []
    for day in range((AS_OF - FIRST_MONDAY).days + 1):
        date = FIRST_MONDAY + dt.timedelta(days=day)
        if date.weekday() in (1, 3, 5, 6):
            in_block = block_start <= date < block_start + dt.timedelta(days=7)
            training.append(run(date, 7.5 * factor if in_block else 7.5))
    return training


def test_a_block_starting_on_a_saturday_is_found() -> None:
    """+60% for the 7 days from a Saturday: each calendar week holds only +30% of it
    (the old rule missed it); any 7 days is one spike, dated on the Saturday."""
    spikes = weekly_volume(assess_training(block_from_saturday(1.6)))
    assert [spike.date for spike in spikes] == [dt.date(2026, 11, 7)]
    assert spikes[0].detail.startswith(
        "The 7 days from 2026-11-07 held 48.0 km of running, 60% above your usual 7-day "
        "volume over the previous 4 weeks (30.0 km)."
    )
    assert "weaker" in spikes[0].detail
    assert weekly_volume(assess_training(block_from_saturday(1.25))) == []


def test_a_block_is_one_spike_on_the_first_day_of_its_biggest_seven_days() -> None:
    """Ten days at +70% (Mon, Wed, Fri, Sun runs): overlapping 7-day periods all rise;
    one spike is shown, for the 7 days most above the usual volume."""
    history = weekly_runs(FIRST_MONDAY, 5)
    block_start = FIRST_MONDAY + dt.timedelta(weeks=5)
    block = [
        {**session, "distance_km": session["distance_km"] * 1.7}
        for session in weekly_runs(block_start, 2)
        if dt.date.fromisoformat(session["date"]) < block_start + dt.timedelta(days=10)
    ]
    spikes = weekly_volume(assess_training([*history, *block], started="2026-11-19"))
    assert [spike.date for spike in spikes] == [block_start]


# Three runs a calendar week, on different days each week: every calendar week
# holds 3 runs, but 7 days from a Friday may hold 6 (Fri, Sat, Sun, then Mon,
# Tue, Wed) after 4 days without a run.
IRREGULAR_WEEKS = [
    (0, 1, 2), (4, 5, 6), (0, 1, 2), (1, 3, 5), (0, 2, 6), (4, 5, 6),
    (0, 1, 2), (3, 4, 6), (0, 1, 5), (2, 5, 6), (0, 1, 3), (2, 4, 6),
]  # fmt: skip


def irregular_history() -> list[dict[str, Any]]:
    start = AS_OF - dt.timedelta(weeks=len(IRREGULAR_WEEKS), days=AS_OF.weekday())  # a Monday
    return [
        run(start + dt.timedelta(weeks=week, days=day), (8.0, 9.5, 7.0)[index])
        for week, days in enumerate(IRREGULAR_WEEKS)
        for index, day in enumerate(days)
    ]


def test_steady_running_on_irregular_days_is_not_a_spike() -> None:
    training = irregular_history()
    days = {dt.date.fromisoformat(session["date"]): session["distance_km"] for session in training}
    first = min(days)

    def volume(start: dt.date, length: int) -> float:
        return sum(days.get(start + dt.timedelta(days=d), 0.0) for d in range(length))

    # some 7 days hold far more than the 28 days before them, per 7 days ...
    rises = [
        first + dt.timedelta(days=offset)
        for offset in range(28, (max(days) - first).days)
        if volume(first + dt.timedelta(days=offset), 7)
        > 1.5 * volume(first + dt.timedelta(days=offset - 28), 28) / 4
    ]
    assert rises
    # ... but the runs were moved, not added: no weekly volume spike
    assert weekly_volume(assess_training(training)) == []


def test_extra_runs_of_a_regular_runner_are_a_spike() -> None:
    """Mon, Wed, Fri every week; one week also Tue and Thu (5 runs instead of 3). The 7
    days from the Friday before hold the same 5 runs: the earliest of equal rises is shown."""
    history = runs_on(FIRST_MONDAY, [7 * week + day for week in range(6) for day in (0, 2, 4)], 8)
    extra = runs_on(FIRST_MONDAY + dt.timedelta(weeks=5), [1, 3], 8)
    spikes = weekly_volume(assess_training([*history, *extra]))
    assert [spike.date for spike in spikes] == [FIRST_MONDAY + dt.timedelta(weeks=5, days=-3)]
    assert "40.0 km of running, 67% above" in spikes[0].detail
    assert weekly_volume(assess_training(history)) == []


def test_no_weekly_volume_spike_without_28_days_of_history_before_the_period() -> None:
    """A big block in days 24-27 after the first activity is not judged (every 7 days
    holding it start within 28 days of the first activity); with the first activity 4 days
    earlier, the 7 days from day 24 are judged, and are a spike."""
    steady = runs_on(FIRST_MONDAY, list(range(0, 22, 2)), 7.5)
    block = runs_on(FIRST_MONDAY, [24, 25, 26, 27], 20.0)
    after = runs_on(FIRST_MONDAY, list(range(28, 53, 2)), 7.5)
    assert weekly_volume(assess_training([*steady, *block, *after])) == []
    earlier = run(FIRST_MONDAY - dt.timedelta(days=4), 7.5)
    spikes = weekly_volume(assess_training([earlier, *steady, *block, *after]))
    assert [spike.date for spike in spikes] == [FIRST_MONDAY + dt.timedelta(days=24)]


def test_days_before_the_first_activity_are_not_zeros() -> None:
    """A record that starts on a Thursday, then steady: no spike. Weeks of cycling, then
    running: judged against the recorded days without running, never "∞% above 0.0 km"
    (as the calendar-week rule said), and one spike, not one a week."""
    thursday = FIRST_MONDAY + dt.timedelta(days=3)
    steady = runs_on(thursday, [day for day in range(50) if day % 7 in (0, 2, 4, 5)], 7.5)
    assert weekly_volume(assess_training(steady)) == []
    # cycling recorded for weeks, then running from nothing: judged against the recorded
    # weeks without running, never "above 0.0 km"
    rides = [
        {"date": (FIRST_MONDAY + dt.timedelta(days=d)).isoformat(), "sport": "ride",
         "distance_km": 30.0, "duration_min": 60.0}
        for d in range(0, 28, 3)
    ]  # fmt: skip
    running = runs_on(FIRST_MONDAY, list(range(28, 52, 2)), 6.0)
    spikes = weekly_volume(assess_training([*rides, *running]))
    assert len(spikes) == 1
    assert "∞" not in spikes[0].detail
    assert "(0.0 km)" not in spikes[0].detail


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, 80),
            st.sampled_from(["run", "ride"]),
            st.sampled_from([0.0, 0.0004, 0.3, 3.0, 8.0, 15.0, 40.0]),
        ),
        max_size=40,
    )
)
def test_weekly_volume_never_says_infinite_or_above_nothing(
    sessions: list[tuple[int, str, float]],
) -> None:
    training = [
        {"date": (AS_OF - dt.timedelta(days=day)).isoformat(), "sport": sport,
         "distance_km": km, "duration_min": 30.0}
        for day, sport, km in sessions
    ]  # fmt: skip
    result = assess_training(training)
    first = min((dt.date.fromisoformat(s["date"]) for s in training), default=AS_OF)
    for spike in weekly_volume(result):
        assert "∞" not in spike.detail
        assert "(0.0 km)" not in spike.detail
        assert (spike.date - first).days >= 28


def test_a_block_in_the_four_weeks_before_onset_is_marked() -> None:
    marker = SPIKES.before_onset.text
    training = block_from_saturday(1.6)
    before = weekly_volume(assess_training(training, started="2026-11-12"))
    assert [(spike.before_onset, spike.detail.endswith(marker)) for spike in before] == [
        (True, True)
    ]
    after_onset = weekly_volume(assess_training(training, started="2026-10-20"))
    assert [(spike.date, spike.before_onset) for spike in after_onset] == [
        (dt.date(2026, 11, 7), False)
    ]
    assert not after_onset[0].detail.endswith(marker)


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
