"""Plausibility at the boundary: each check, and the thresholds' home."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest

from heelraise.store.models import Activity
from heelraise.training.activity import ActivitySummary
from heelraise.training.common import haversine_m
from heelraise.training.plausibility import (
    TEXT_LIMITS,
    problems,
    record_seconds,
    screen,
    valid_position,
)

TODAY = dt.date(2026, 11, 24)
RUN = ActivitySummary(
    start=dt.datetime(2026, 11, 1, 7, tzinfo=dt.UTC),
    sport="run",
    distance_km=10.0,
    duration_min=50.0,
    source="run.fit",
    content_hash="0" * 64,
    elevation_gain_m=80.0,
    avg_hr=150.0,
)


def _with(**changes: object) -> ActivitySummary:
    return dataclasses.replace(RUN, **changes)  # type: ignore[arg-type]


def test_an_ordinary_run_passes_untouched() -> None:
    assert screen(RUN, TODAY).summary == RUN
    assert problems(RUN, TODAY) == []


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"distance_km": math.inf}, "implausible distance inf"),
        ({"distance_km": math.nan}, "implausible distance nan"),
        ({"duration_min": -1.0}, "implausible duration -1"),
        ({"start": dt.datetime(1899, 12, 31, tzinfo=dt.UTC)}, "before 1900-01-01"),
        ({"start": dt.datetime(2085, 1, 1, tzinfo=dt.UTC)}, "after the day of the import"),
        ({"sport": "multisport", "distance_km": 55_044.0, "duration_min": 128_440.0}, "168 h"),
        ({"sport": "multisport", "distance_km": 55_044.0, "duration_min": 9000.0}, "2,000 km"),
        ({"sport": "ride", "distance_km": 100.0, "duration_min": 60.0}, "faster than 80 km/h"),
        ({"distance_km": 10.0, "duration_min": 22.0}, "faster than the world record"),
        ({"distance_km": 42.195, "duration_min": 110.0}, "faster than the world record"),
    ],
)
def test_an_activity_that_cannot_be_real_is_refused(
    changes: dict[str, object], reason: str
) -> None:
    screened = screen(_with(**changes), TODAY)
    assert screened.summary is None
    assert reason in (screened.refused or "")
    assert (screened.refused or "").endswith("; not stored")


def test_a_fast_but_real_run_is_kept() -> None:
    assert screen(_with(distance_km=42.195, duration_min=125.0), TODAY).summary is not None
    assert record_seconds(42.195) == pytest.approx(7235.0)
    assert record_seconds(0.05) == pytest.approx(4.79)
    assert screen(_with(start=dt.datetime(2026, 11, 25, 23, tzinfo=dt.UTC)), TODAY).summary


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"avg_hr": -5.0}, "avg_hr"),
        ({"avg_hr": math.inf}, "avg_hr"),
        ({"avg_hr": 1e308}, "avg_hr"),
        ({"avg_hr": 251.0}, "avg_hr"),
        (
            {"sport": "ride", "distance_km": 0.24, "duration_min": 3.0, "elevation_gain_m": 2585.0},
            "elevation_gain_m",
        ),
        ({"elevation_gain_m": -3.0}, "elevation_gain_m"),
        ({"kind": "sprint"}, "kind"),
        ({"surface": "lava"}, "surface"),
        ({"name": "x" * 501}, "name"),
        ({"shoe": "x" * 201}, "shoe"),
    ],
)
def test_a_field_that_cannot_be_real_is_left_out(changes: dict[str, object], field: str) -> None:
    screened = screen(_with(**changes), TODAY)
    assert screened.summary is not None
    assert [item.field for item in screened.dropped] == [field]
    assert getattr(screened.summary, field) is None
    assert problems(screened.summary, TODAY) == []


def test_an_offset_that_is_no_time_zone_is_dropped() -> None:
    odd = _with(start=dt.datetime(2026, 11, 1, 7, tzinfo=dt.timezone(dt.timedelta(hours=20))))
    screened = screen(odd, TODAY)
    assert screened.summary is not None
    assert screened.summary.start == odd.start
    assert screened.summary.start.utcoffset() == dt.timedelta(0)


def test_positions_off_the_globe_are_not_positions() -> None:
    assert valid_position(51.5, -0.1)
    for lat, lon in ((200, 0), (math.inf, 0), (math.nan, 0), (0, 181), (0, -math.inf)):
        assert not valid_position(lat, lon)
    with pytest.raises(ValueError, match="not a position"):
        haversine_m(math.inf, 0.0, 0.0, 0.0)  # no `math domain error`, a reason


def test_text_limits_are_the_journals_column_sizes() -> None:
    for name, limit in TEXT_LIMITS.items():
        assert Activity.__table__.columns[name].type.length == limit


def test_the_kinds_and_surfaces_are_the_contracts() -> None:
    """`plausibility` writes them out (so an import need not load the contract)."""
    from typing import get_args

    from heelraise.contract.case import Surface, TrainingKind
    from heelraise.training.plausibility import KINDS, SURFACES

    assert frozenset(get_args(TrainingKind)) == KINDS
    assert frozenset(get_args(Surface)) == SURFACES
