"""The shared elevation-gain rule: hysteresis from `[elevation]` in inference.toml."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heelraise.training.elevation import elevation_gain
from heelraise.training.inference import elevation_hysteresis_m


def test_the_threshold_comes_from_the_knowledge_file() -> None:
    assert elevation_hysteresis_m() == 3.0


def test_no_altitudes_and_one_altitude_climb_nothing() -> None:
    assert elevation_gain([], 3.0) == 0.0
    assert elevation_gain([120.0], 3.0) == 0.0


def test_noise_below_the_threshold_adds_nothing() -> None:
    assert elevation_gain([100, 102, 100, 102.9, 100, 101, 100], 3.0) == 0.0


def test_a_climb_counts_from_the_valley_once_it_clears_the_threshold() -> None:
    assert elevation_gain([100, 99, 101, 102, 105, 110, 108, 112], 3.0) == pytest.approx(13.0)


def test_a_descent_must_clear_the_threshold_to_start_a_new_valley() -> None:
    # 100 -> 110 (+10), dip to 108 (within 3 m: still climbing), 115 (+5),
    # down to 105 (new valley), 109 (+4).
    altitudes = [100, 110, 108, 115, 105, 109]
    assert elevation_gain(altitudes, 3.0) == pytest.approx(19.0)


def test_zero_hysteresis_sums_every_rise() -> None:
    assert elevation_gain([0, 1, 0, 2, 1, 3], 0.0) == pytest.approx(5.0)


@given(st.lists(st.floats(-500, 9000), max_size=60), st.floats(0, 50))
def test_gain_is_never_negative_nor_more_than_every_rise(
    altitudes: list[float], hysteresis: float
) -> None:
    every_rise = sum(max(0.0, b - a) for a, b in pairwise(altitudes))
    gain = elevation_gain(altitudes, hysteresis)
    assert 0.0 <= gain <= every_rise + 1e-6
