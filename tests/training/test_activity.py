"""An activity summary's start: a UTC instant is dated in the local time zone."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from heelraise.training.activity import ActivitySummary


def test_in_time_zone_moves_only_a_utc_start() -> None:
    utc = ActivitySummary(
        start=dt.datetime(2026, 10, 1, 2, 30, tzinfo=dt.UTC),
        sport="run",
        distance_km=5.0,
        duration_min=30.0,
        source="a.gpx",
        content_hash="0" * 64,
    )
    moved = utc.in_time_zone(ZoneInfo("America/Los_Angeles"))
    assert (moved.date, moved.start) == (dt.date(2026, 9, 30), utc.start)
    assert moved.local_time_known
    assert moved.in_time_zone(ZoneInfo("Asia/Tokyo")) is moved  # settled once
    own = dataclasses.replace(utc, local_time_known=True)
    assert own.in_time_zone(ZoneInfo("America/Los_Angeles")).date == dt.date(2026, 10, 1)
