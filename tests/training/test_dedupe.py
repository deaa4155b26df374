"""Duplicate rules: content hash, and the same session from two services."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heelraise.knowledge.importing import import_rules
from heelraise.training.activity import ActivitySummary
from heelraise.training.dedupe import dedupe, same_session
from heelraise.training.elevation import elevation_gain

BASE = ActivitySummary(
    start=dt.datetime(2026, 10, 20, 7, 0, tzinfo=dt.UTC),
    sport="run",
    distance_km=10.0,
    duration_min=50.0,
    source="garmin.fit",
    content_hash="a" * 64,
)
RULE = import_rules().dedupe


def _other(**changes: object) -> ActivitySummary:
    fields: dict[str, object] = {"content_hash": "b" * 64, "source": "strava.gpx"}
    return dataclasses.replace(BASE, **(fields | changes))  # type: ignore[arg-type]


def test_same_hash_is_a_duplicate() -> None:
    kept, duplicates = dedupe([BASE, dataclasses.replace(BASE, source="copy.fit")])
    assert (kept, duplicates) == ([BASE], 1)


def test_same_session_within_the_window_and_tolerance() -> None:
    window = dt.timedelta(seconds=RULE.start_window_s)
    near = _other(start=BASE.start + window, distance_km=10.0 * (1 + RULE.distance_tolerance))
    assert same_session(BASE, near)
    assert dedupe([BASE, near]) == ([BASE], 1)


def test_outside_the_window_or_tolerance_is_kept() -> None:
    window = dt.timedelta(seconds=RULE.start_window_s + 1)
    later = _other(start=BASE.start + window)
    longer = _other(distance_km=10.0 * (1 + 2 * RULE.distance_tolerance), content_hash="c" * 64)
    assert not same_session(BASE, later)
    assert not same_session(BASE, longer)
    assert dedupe([BASE, later, longer]) == ([BASE, later, longer], 0)


def test_sessions_without_distance_compare_duration() -> None:
    gym = dataclasses.replace(BASE, distance_km=0.0, sport="strength")
    same = _other(distance_km=0.0, sport="strength", duration_min=50.5)
    different = _other(distance_km=0.0, sport="strength", duration_min=20)
    assert same_session(gym, same)
    assert not same_session(gym, different)


def test_existing_activities_count() -> None:
    assert dedupe([_other()], existing=[BASE]) == ([], 1)


summaries = st.builds(
    lambda minutes, km, n: ActivitySummary(
        start=BASE.start + dt.timedelta(minutes=minutes),
        sport="run",
        distance_km=km,
        duration_min=30,
        source=f"f{n}",
        content_hash=f"{n:064d}",
    ),
    st.integers(0, 60 * 24 * 30),
    st.floats(0, 50, allow_nan=False),
    st.integers(0, 10**6),
)


@given(st.lists(summaries, max_size=30))
def test_deduping_twice_adds_nothing(items: list[ActivitySummary]) -> None:
    kept, _ = dedupe(items)
    again, duplicates = dedupe(items, existing=kept)
    assert again == []
    assert duplicates == len(items)


@pytest.mark.parametrize(
    ("altitudes", "gain"),
    [
        ([100, 101, 100, 101, 100, 101], 0.0),  # noise below the threshold
        (list(range(100, 111)), 10.0),  # a steady climb counts in full
        ([100, 110, 105, 106, 100, 110], 20.0),  # two climbs from two valleys
        ([], 0.0),
    ],
)
def test_elevation_gain_hysteresis(altitudes: list[float], gain: float) -> None:
    assert elevation_gain(altitudes, 3.0) == pytest.approx(gain)


def test_elevation_rule_comes_from_knowledge() -> None:
    assert import_rules().elevation.gain_hysteresis_m > 0


def test_the_same_short_walk_under_two_sport_labels_is_one_activity() -> None:
    """Issue 15: the same 0.73 km walk stored twice, as `walk` (the track's 0.70 km) and
    as `generic` (the watch's 0.73 km): a 4 % gap, within the 50 m slack."""
    watch = dataclasses.replace(
        BASE, sport="generic", distance_km=0.73, duration_min=11.5, source="watch.fit"
    )
    track = _other(
        sport="walk",
        distance_km=0.70,
        duration_min=11.4,
        start=BASE.start + dt.timedelta(seconds=2),
    )
    assert same_session(watch, track)
    assert dedupe([watch, track]) == ([watch], 1)
    farther = _other(sport="walk", distance_km=0.80, start=BASE.start)
    assert not same_session(watch, farther)  # 70 m apart: beyond 3 % and beyond 50 m
