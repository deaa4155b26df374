"""`common.cumulative_metres`: great-circle steps, flat-earth steps when every step is short."""

from __future__ import annotations

import math
import random

import pytest

from heelraise.training.common import FLAT_STEP_DEGREES, cumulative_metres, haversine_m


def _haversine_walk(lats: list[float], lons: list[float]) -> list[float]:
    walked = [0.0]
    for index in range(1, len(lats)):
        step = haversine_m(lats[index - 1], lons[index - 1], lats[index], lons[index])
        walked.append(walked[-1] + step)
    return walked


@pytest.mark.parametrize("latitude", [0.0, 45.0, -60.0, 89.9])
def test_short_steps_agree_with_haversine(latitude: float) -> None:
    rng = random.Random(int(latitude * 10))
    lats, lons = [latitude], [10.0]
    for _ in range(2000):
        lats.append(max(-90.0, min(90.0, lats[-1] + rng.uniform(-1, 1) * FLAT_STEP_DEGREES)))
        lons.append(lons[-1] + rng.uniform(-1, 1) * FLAT_STEP_DEGREES)
    walked = cumulative_metres(lats, lons)
    expected = _haversine_walk(lats, lons)
    for metres, reference in zip(walked, expected, strict=True):
        assert metres == pytest.approx(reference, rel=1e-8, abs=1e-6)


def test_a_long_step_is_measured_by_haversine_exactly() -> None:
    lats, lons = [51.5, 51.5001, 48.85], [-0.1, -0.1, 2.35]  # a jump from London to Paris
    assert cumulative_metres(lats, lons) == _haversine_walk(lats, lons)


def test_the_antimeridian_is_crossed_the_short_way() -> None:
    walked = cumulative_metres([-17.0, -17.0], [179.9999, -179.9999])
    assert walked[-1] == pytest.approx(
        2 * 0.0001 * math.pi / 180 * 6_371_008.8 * math.cos(math.radians(17.0)), rel=1e-6
    )


def test_points_without_a_position_are_skipped() -> None:
    lats = [51.5, None, 51.5001, 200.0, 51.5002]
    lons = [-0.1, -0.1, -0.1, -0.1, math.inf]
    walked = cumulative_metres(lats, lons)
    assert walked[1] is None and walked[3] is None and walked[4] is None
    assert walked[0] == 0.0
    assert walked[2] == pytest.approx(haversine_m(51.5, -0.1, 51.5001, -0.1), rel=1e-9)
    assert cumulative_metres([], []) == []
    assert cumulative_metres([None], [1.0]) == [None]
