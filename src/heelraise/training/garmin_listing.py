"""Garmin Connect's own activity list: `DI_CONNECT/DI-Connect-Fitness/*_summarizedActivities.json`.

Every activity of the account is listed there with Garmin's summary, those
without an uploaded file too (manual entries, treadmill runs, strength
sessions). `read_listing` takes every layout the export has used: the
`[{"summarizedActivitiesExport": [...]}]` wrapper, the same without the list,
a bare list of activities; the list may be split over several files, each
read alone.

Units are settled per file against what is plausible, never taken on trust
(formats.md reports durations in milliseconds and distance and elevation in
centimetres, second hand): durations are milliseconds when the median is
above `_MS_MEDIAN` (an hour is 3,600,000 ms, or 3,600 s); distance is
centimetres when that makes the median speed of on-foot and cycling
activities a human one (a 10 km run listed as 1,000,000 comes out as 10 km,
and as 10,000 m it would too); elevation goes with the distance's unit unless
that gives more than 300 m of climb per km. A start is `startTimeGmt`
(milliseconds since 1970, or `2024-05-06 07:30:00` as UTC), and
`startTimeLocal` gives its UTC offset.

Multisport activities are listed as a parent (`parent: true`, or with
`childIds`, or of type `multi_sport`) and one child per leg: parents are
skipped, so each leg counts once, as an activity of its own. Each entry
becomes an `ActivitySummary` whose hash is made from the activity id (the
same list imported twice adds nothing); the import joins them to the
activities read from uploaded files by start time and stores only the ones
without a file (`app.imports`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import statistics
from typing import Any

import orjson

from heelraise.errors import ImportFailed
from heelraise.training.activity import ActivitySummary
from heelraise.training.sports import normalise_sport

_MS_MEDIAN = 50_000  # a median duration above this is in milliseconds
_HUMAN_KMH = (2.0, 60.0)  # median speed of on-foot and cycling activities
_MOVING_SPORTS = frozenset({"run", "walk", "hike", "ride"})
_MAX_CLIMB_PER_KM = 300.0
_WRAPPER = "summarizedActivitiesExport"
_GENERIC = frozenset({"generic", "uncategorized", "other"})


@dataclasses.dataclass(frozen=True, slots=True)
class Listing:
    """What one list file holds: a summary per activity (multisport legs included,
    their parents not), and the counts the import reports."""

    source: str
    summaries: list[ActivitySummary]
    parents: int = 0
    legs: int = 0
    unreadable: int = 0


def is_listing(name: str) -> bool:
    """True for a member name of Garmin's activity list."""
    return name.startswith("DI_CONNECT/") and name.endswith("summarizedActivities.json")


def read_listing(data: bytes, source: str) -> Listing:
    """The activities one list file holds; `ImportFailed` when it is not such a list."""
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise ImportFailed(source, f"not valid JSON ({error})") from None
    items = _items(document)
    if items is None:
        raise ImportFailed(source, "not a Garmin activity list (no summarizedActivitiesExport)")
    entries = [item for item in items if isinstance(item, dict)]
    units = _Units.settle(entries)
    summaries: list[ActivitySummary] = []
    parents = legs = unreadable = 0
    for item in entries:
        if _is_parent(item):
            parents += 1
            continue
        summary = _summary(item, units, source)
        if summary is None:
            unreadable += 1
            continue
        legs += _is_leg(item)
        summaries.append(summary)
    unreadable += len(items) - len(entries)
    return Listing(source, summaries, parents, legs, unreadable)


def _items(document: Any) -> list[Any] | None:
    """The activities of any known layout, or None."""
    if isinstance(document, dict):
        found = document.get(_WRAPPER)
        return found if isinstance(found, list) else None
    if not isinstance(document, list):
        return None
    wrapped = [item for item in document if isinstance(item, dict) and _WRAPPER in item]
    if wrapped:
        return [
            entry
            for item in wrapped
            if isinstance(item[_WRAPPER], list)
            for entry in item[_WRAPPER]
        ]
    return document  # a bare list (empty included)


def _number(item: dict[str, Any], key: str) -> float | None:
    value = item.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _is_parent(item: dict[str, Any]) -> bool:
    kind = _type_key(item) or ""
    return item.get("parent") is True or bool(item.get("childIds")) or kind == "multi_sport"


def _is_leg(item: dict[str, Any]) -> bool:
    return item.get("parentId") is not None or item.get("parentActivityId") is not None


def _type_key(item: dict[str, Any]) -> str | None:
    kind = item.get("activityType")
    if isinstance(kind, dict):
        kind = kind.get("typeKey")
    if not isinstance(kind, str) or not kind:
        kind = item.get("sportType")
    return kind.lower() if isinstance(kind, str) and kind else None


@dataclasses.dataclass(frozen=True, slots=True)
class _Units:
    """Divisors that turn one file's numbers into seconds and metres."""

    duration: float = 1000.0
    distance: float = 100.0
    elevation: float = 100.0

    @classmethod
    def settle(cls, items: list[dict[str, Any]]) -> _Units:
        durations = [d for item in items if (d := _number(item, "duration")) and d > 0]
        duration = 1000.0 if not durations or statistics.median(durations) > _MS_MEDIAN else 1.0
        pairs = [
            (distance, seconds / duration)
            for item in items
            if normalise_sport(_type_key(item)).sport in _MOVING_SPORTS
            and (distance := _number(item, "distance"))
            and (seconds := _number(item, "duration"))
            and distance > 0
            and seconds > 0
        ]
        distance_unit = 100.0
        if pairs:
            low, high = _HUMAN_KMH

            def human(divisor: float) -> bool:
                speed = statistics.median(d / divisor / 1000 / (s / 3600) for d, s in pairs)
                return low <= speed <= high

            if not human(100.0) and human(1.0):
                distance_unit = 1.0
        climbs = [
            gain / distance
            for item in items
            if (gain := _number(item, "elevationGain"))
            and (distance := _number(item, "distance"))
            and gain > 0
            and distance / distance_unit > 1000
        ]
        elevation = distance_unit
        if climbs:
            ratio = statistics.median(climbs)  # listed climb per listed distance

            def per_km(divisor: float) -> float:
                return ratio * distance_unit * 1000 / divisor

            other = 1.0 if elevation == 100.0 else 100.0
            if per_km(elevation) > _MAX_CLIMB_PER_KM >= per_km(other):
                elevation = other
        return cls(duration, distance_unit, elevation)


def _moment(value: Any) -> dt.datetime | None:
    """Milliseconds since 1970, or an ISO-like text, as a naive UTC (or wall) time."""
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=value)
        if isinstance(value, str) and value.strip():
            text = value.strip().replace(" ", "T")
            if text.endswith(("Z", "z")):
                text = text[:-1]
            moment = dt.datetime.fromisoformat(text)
            return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo else moment
    except (ValueError, OverflowError):
        return None
    return None


def _start(item: dict[str, Any]) -> tuple[dt.datetime, bool] | None:
    """The start, in its own local offset when the list gives one."""
    gmt = _moment(item.get("startTimeGmt")) or _moment(item.get("beginTimestamp"))
    if gmt is None:
        return None
    utc = gmt.replace(tzinfo=dt.UTC)
    local = _moment(item.get("startTimeLocal"))
    if local is None:
        return utc, False
    quarters = round((local - gmt).total_seconds() / 900)
    if abs(quarters) > 14 * 4:
        return utc, False
    return utc.astimezone(dt.timezone(dt.timedelta(minutes=15 * quarters))), True


def _summary(item: dict[str, Any], units: _Units, source: str) -> ActivitySummary | None:
    started = _start(item)
    duration = _number(item, "duration") or _number(item, "elapsedDuration")
    if started is None or duration is None or duration < 0:
        return None
    start, local = started
    kind = _type_key(item)
    sport = normalise_sport(None if kind in _GENERIC else kind)
    distance = _number(item, "distance") or 0.0
    gain = _number(item, "elevationGain")
    avg_hr = _number(item, "avgHr") or _number(item, "averageHR")
    identity = str(item.get("activityId", ""))
    name = item.get("name")
    return ActivitySummary(
        start=start,
        sport=sport.sport,
        sub_sport=sport.sub_sport,
        surface=sport.surface,
        distance_km=max(0.0, distance) / units.distance / 1000,
        duration_min=duration / units.duration / 60,
        source=f"{source}#{identity}" if identity else source,
        content_hash=hashlib.sha256(f"garmin-activity:{identity or start}".encode()).hexdigest(),
        elevation_gain_m=None if gain is None else gain / units.elevation,
        avg_hr=avg_hr,
        name=name if isinstance(name, str) and name else None,
        device=None,
        local_time_known=local,
    )
