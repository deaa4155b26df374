"""Kind inference: the thresholds load from knowledge/inference.toml and behave as documented."""

from __future__ import annotations

import pytest

from heelraise.training.inference import (
    infer_kind,
    inference_thresholds,
    is_hill_session,
    is_interval_session,
)


def km_laps(*seconds_per_km: float) -> list[tuple[float, float]]:
    return [(1000.0, seconds) for seconds in seconds_per_km]


def test_thresholds_load_from_the_knowledge_file() -> None:
    limits = inference_thresholds()
    assert limits.hills_min_ascent_m_per_km > 0
    assert 0 < limits.intervals_min_speed_gap < 1
    assert limits.intervals_min_laps >= 4
    assert "run" in limits.sports


def test_reps_between_a_warm_up_and_a_cool_down_are_intervals() -> None:
    assert is_interval_session(km_laps(380, 250, 420, 250, 420, 250, 420, 390))


def test_pool_rests_without_distance_are_left_out() -> None:
    laps = [(400.0, 90.0), (0.0, 60.0), (400.0, 130.0), (0.0, 60.0), (400.0, 90.0), (400.0, 130.0)]
    assert is_interval_session(laps)


@pytest.mark.parametrize(
    "laps",
    [
        km_laps(300, 240, 300),  # too few laps
        km_laps(300, 295, 305, 290, 300),  # steady
        km_laps(300, 300, 300, 240, 240, 240),  # one change of pace, not alternation
        km_laps(300, 280, 300, 280, 300),  # alternating, but less than the gap
    ],
)
def test_other_lap_patterns_are_not_intervals(laps: list[tuple[float, float]]) -> None:
    assert not is_interval_session(laps)


def test_hills_needs_the_climbing_rate_and_a_long_enough_outing() -> None:
    limits = inference_thresholds()
    rate = limits.hills_min_ascent_m_per_km
    distance = limits.hills_min_distance_km + 1
    assert is_hill_session(distance, rate * distance)
    assert not is_hill_session(distance, rate * distance * 0.9)
    assert not is_hill_session(limits.hills_min_distance_km / 2, rate * 10)
    assert not is_hill_session(distance, None)
    assert not is_hill_session(0.0, 100.0)


def test_kinds_are_only_inferred_for_sports_on_foot() -> None:
    reps = km_laps(380, 250, 420, 250, 420, 250)
    assert infer_kind("run", 6.0, 10.0, reps) == "intervals"
    assert infer_kind("ride", 6.0, 10.0, reps) is None
    assert infer_kind("run", 6.0, 600.0, reps) == "hills"
