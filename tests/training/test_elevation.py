"""The shared elevation-gain rule: glitch filter and hysteresis, `[elevation]` in inference.toml."""

from __future__ import annotations

import math
from importlib import resources
from itertools import pairwise

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from heelraise.errors import KnowledgeError
from heelraise.knowledge.importing import INFERENCE_FILE, import_rules, parse_import_rules
from heelraise.training.elevation import (
    AltitudeSample,
    elevation_gain,
    plausible_runs,
    track_gain,
)
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


# ---- the plausibility filter in front of the hysteresis (`track_gain`)

RULE = import_rules().elevation


def timed(altitudes: list[float], every_s: float = 1.0) -> list[AltitudeSample]:
    """Samples one every `every_s` seconds, without distance."""
    return [(altitude, i * every_s, None) for i, altitude in enumerate(altitudes)]


def test_the_filter_thresholds_come_from_the_knowledge_file() -> None:
    assert (RULE.min_altitude_m, RULE.max_altitude_m) == (-450.0, 9000.0)
    assert RULE.max_vertical_speed_m_per_s == 10.0
    assert RULE.max_gradient == 1.0
    assert RULE.reanchor_after_samples == 3


def test_a_genuine_steady_climb_is_kept_in_full() -> None:
    """300 m in 20 minutes (0.25 m/s), with half-metre wobble, one sample a second."""
    altitudes = [500 + 300 * i / 1200 + (0.5 if i % 2 else 0.0) for i in range(1201)]
    assert track_gain(timed(altitudes), RULE) == pytest.approx(elevation_gain(altitudes, 3.0))
    assert track_gain(timed(altitudes), RULE) == pytest.approx(300.0, abs=0.6)


def test_a_fast_genuine_descent_and_climb_are_kept() -> None:
    """3 m/s down and up (a fast mountain-bike descent) is well within reach."""
    down_and_up = [1000 - 3 * i for i in range(100)] + [703 + 3 * i for i in range(100)]
    assert track_gain(timed(down_and_up), RULE) == pytest.approx(297.0)


def test_glitch_spikes_are_ignored() -> None:
    """The corpus glitches: 12,136 m (out of range) and -400 m (in range, impossibly fast)."""
    clean = [1085.0 + i * 0.2 for i in range(60)]
    spiked = [*clean[:20], 12136.0, *clean[21:40], -400.0, *clean[41:]]
    assert track_gain(timed(spiked), RULE) == pytest.approx(track_gain(timed(clean), RULE))
    assert plausible_runs(timed(spiked), RULE) == [clean[:20] + clean[21:40] + clean[41:]]


def test_one_bad_sample_does_not_cascade() -> None:
    """After a 500 m jump every later genuine sample is judged against the last good one."""
    clean = [200.0 + (i % 7) for i in range(30)]  # 6 m ups and downs
    spiked = [*clean[:10], 700.0, *clean[10:]]
    samples = [(altitude, float(i), None) for i, altitude in enumerate(spiked)]
    assert plausible_runs(samples, RULE) == [clean]
    assert track_gain(samples, RULE) == pytest.approx(elevation_gain(clean, 3.0))


def test_a_long_glitch_plateau_neither_counts_nor_cascades() -> None:
    """36 s stuck at 6,707 m (as in the corpus): counting restarts at the plateau and back,
    and neither jump counts as a climb."""
    flat = [1132.0] * 40
    glitched = flat[:10] + [6707.2] * 36 + flat[10:]
    assert track_gain(timed(glitched), RULE) == 0.0
    runs = plausible_runs(timed(glitched), RULE)
    assert [len(run) for run in runs] == [10, 36, 30]


def test_a_glitch_in_the_first_sample_does_not_stand() -> None:
    clean = [300.0 + 2 * i for i in range(20)]  # 38 m of climb at 2 m/s
    samples = [(5000.0, -1.0, None), *timed(clean)]
    assert track_gain(samples, RULE) == pytest.approx(38.0)


def test_a_glitch_in_the_first_sample_of_a_short_track_does_not_stand() -> None:
    """Fewer than `reanchor_after_samples` genuine samples still outvote one glitch."""
    samples = [(5000.0, -1.0, None), *timed([300.0, 310.0])]
    assert plausible_runs(samples, RULE) == [[5000.0], [300.0, 310.0]]
    assert track_gain(samples, RULE) == pytest.approx(10.0)


def test_glitches_in_a_row_that_disagree_do_not_restart_counting() -> None:
    """Only rejected samples that could follow each other mark a new level."""
    clean = [800.0 + i for i in range(10)]
    glitched = [*clean[:5], 5000.0, -300.0, 7000.0, 2000.0, *clean[5:]]
    assert plausible_runs(timed(glitched), RULE) == [clean]
    assert track_gain(timed(glitched), RULE) == pytest.approx(9.0)


def test_a_real_level_shift_restarts_counting_without_counting_the_step() -> None:
    """A barometer recalibrated mid-run: 60 m in one second, then steady again."""
    shifted = [400.0] * 20 + [460.0] * 20
    assert track_gain(timed(shifted), RULE) == 0.0
    assert [len(run) for run in plausible_runs(timed(shifted), RULE)] == [20, 20]


def test_samples_outside_the_plausible_range_are_dropped() -> None:
    samples = timed([-460.0, 100.0, 9100.0, 104.0, math.nan, 108.0, math.inf])
    assert plausible_runs(samples, RULE) == [[100.0, 104.0, 108.0]]
    assert track_gain(samples, RULE) == pytest.approx(8.0)


def test_the_range_bounds_are_inclusive() -> None:
    assert plausible_runs([(-450.0, None, None)], RULE) == [[-450.0]]
    assert plausible_runs([(9000.0, None, None)], RULE) == [[9000.0]]


def test_no_plausible_altitude_gives_no_climb() -> None:
    assert track_gain([], RULE) is None
    assert track_gain(timed([-500.0, -487.2, -500.0]), RULE) is None  # FIT altitude 0 is -500 m


def test_the_rate_allows_the_hysteresis_plus_ten_metres_a_second() -> None:
    # From 100 m: 3 m of noise plus 10 m/s over 2 s reaches 123 m, not 124.
    assert plausible_runs([(100.0, 0.0, None), (123.0, 2.0, None)], RULE) == [[100.0, 123.0]]
    assert plausible_runs([(100.0, 0.0, None), (124.0, 2.0, None)], RULE) == [[100.0]]
    assert plausible_runs([(100.0, 0.0, None), (76.0, 2.0, None)], RULE) == [[100.0]]
    # Samples sharing a time may still differ by the hysteresis.
    assert plausible_runs([(100.0, 5.0, None), (103.0, 5.0, None)], RULE) == [[100.0, 103.0]]


def test_without_times_a_gradient_limit_applies_along_the_distance() -> None:
    # 1 m of climb per metre travelled, plus the 3 m hysteresis.
    steep = [(100.0, None, 0.0), (113.0, None, 10.0), (140.0, None, 20.0)]
    assert plausible_runs(steep, RULE) == [[100.0, 113.0]]
    gentle = [(100.0, None, 0.0), (113.0, None, 10.0), (140.0, None, 40.0)]
    assert plausible_runs(gentle, RULE) == [[100.0, 113.0, 140.0]]


def test_time_wins_over_distance_when_both_are_known() -> None:
    """A 40 m rise over 1 m of ground is fine after a 10-minute pause (a lift, a stop)."""
    samples = [(100.0, 0.0, 50.0), (140.0, 600.0, 51.0)]
    assert plausible_runs(samples, RULE) == [[100.0, 140.0]]


def test_without_time_or_distance_only_the_range_is_checked() -> None:
    samples = [(100.0, None, None), (600.0, None, None), (9500.0, None, None)]
    assert plausible_runs(samples, RULE) == [[100.0, 600.0]]
    assert track_gain(samples, RULE) == pytest.approx(500.0)


TimedTrack = list[tuple[float, float, None]]


@st.composite
def clean_tracks(draw: st.DrawFn) -> TimedTrack:
    """Samples 1-5 s apart whose every step is within reach (no glitch to filter),
    always inside the plausible range."""
    count = draw(st.integers(0, 60))
    samples: TimedTrack = []
    time, altitude = 0.0, draw(st.floats(3000, 5000))
    for _ in range(count):
        samples.append((altitude, time, None))
        gap = draw(st.integers(1, 5))
        reach = RULE.gain_hysteresis_m + RULE.max_vertical_speed_m_per_s * gap
        altitude += draw(st.floats(-0.999 * reach, 0.999 * reach))
        time += gap
    return samples


@given(clean_tracks())
def test_the_filter_leaves_a_clean_track_to_the_hysteresis(samples: TimedTrack) -> None:
    altitudes = [altitude for altitude, _, _ in samples]
    assert plausible_runs(samples, RULE) == ([altitudes] if altitudes else [])
    gain = track_gain(samples, RULE)
    assert gain == (elevation_gain(altitudes, RULE.gain_hysteresis_m) if altitudes else None)


@given(clean_tracks(), st.data())
def test_one_spike_moves_the_gain_by_no_more_than_the_hysteresis(
    samples: TimedTrack, data: st.DataObject
) -> None:
    """A spike out of range, or one that no sample of the track can reach at human speed
    (the glitches seen in real files are hundreds to thousands of metres in a second)."""
    assume(samples)
    at = data.draw(st.integers(0, len(samples)), label="position")
    time = samples[at - 1][1] + 0.5 if at else -0.5  # between its neighbours
    altitudes = [altitude for altitude, _, _ in samples]
    duration = samples[-1][1] - samples[0][1] + 1  # more than any time to the spike
    reach = RULE.gain_hysteresis_m + RULE.max_vertical_speed_m_per_s * duration
    high, low = max(altitudes) + reach, min(altitudes) - reach
    spike = data.draw(
        st.one_of(
            st.floats(high + 1e-3, high + 20_000),
            st.floats(low - 20_000, low - 1e-3),
            st.floats(RULE.max_altitude_m + 1e-3, 1e6),
            st.floats(-1e6, RULE.min_altitude_m - 1e-3),
        ),
        label="spike",
    )
    spiked = [*samples[:at], (spike, time, None), *samples[at:]]
    clean_gain = track_gain(samples, RULE)
    spiked_gain = track_gain(spiked, RULE)
    assert clean_gain is not None and spiked_gain is not None
    assert abs(spiked_gain - clean_gain) <= RULE.gain_hysteresis_m


# ---- the thresholds are validated when inference.toml is loaded

PACKAGED_TEXT = (
    resources.files("heelraise.knowledge").joinpath(INFERENCE_FILE).read_text(encoding="utf-8")
)


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("max_altitude_m = 9000.0", "max_altitude_m = -500.0", "elevation.max_altitude_m"),
        ("max_vertical_speed_m_per_s = 10.0", "max_vertical_speed_m_per_s = 0", None),
        ("max_gradient = 1.0", "max_gradient = -1.0", "elevation.max_gradient"),
        ("max_gradient = 1.0", "max_gradient = nan", "elevation.max_gradient"),
        ("reanchor_after_samples = 3", "reanchor_after_samples = 1", None),
        ("min_altitude_m = -450.0", "min_altitude_m = 'low'", "elevation.min_altitude_m"),
        ("min_altitude_m = -450.0\n", "", "elevation.min_altitude_m"),
    ],
)
def test_a_broken_elevation_threshold_names_the_file_and_key(
    old: str, new: str, key: str | None
) -> None:
    assert old in PACKAGED_TEXT
    with pytest.raises(KnowledgeError) as caught:
        parse_import_rules(PACKAGED_TEXT.replace(old, new, 1))
    assert caught.value.file == INFERENCE_FILE
    assert caught.value.key == (key or f"elevation.{old.split(' =')[0]}")


def test_the_packaged_text_parses_to_the_loaded_rules() -> None:
    assert parse_import_rules(PACKAGED_TEXT) == import_rules()
