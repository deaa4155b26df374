"""Garmin Training Center (TCX) files → one `ActivitySummary` per activity.

Totals come from the lap headers, as the device recorded them: duration is the
sum of `TotalTimeSeconds` (timer time), distance the sum of `DistanceMeters`.
When laps lack them, the track points stand in (last cumulative distance, or
haversine over positions; first-to-last time). Each `<Activity>` is one
summary, so a multisport session gives one summary per leg. The device is the
activity's `Creator/Name`; elevation gain uses the shared hysteresis rule.
Values that cannot be real count as missing: a position off the globe or not
finite, a heart rate no person has, a negative or non-finite time or distance.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

from lxml import etree

from heelraise.errors import ImportFailed, NotAnActivity
from heelraise.training.activity import ActivitySummary
from heelraise.training.common import (
    content_hash,
    haversine_m,
    local_name,
    parse_iso_time,
    part_hash,
    track_climb,
)
from heelraise.training.elevation import AltitudeSample
from heelraise.training.plausibility import plausible_heart_rate, valid_position
from heelraise.training.sports import normalise_sport
from heelraise.training.xmlsafe import iter_elements, release, text_of


@dataclasses.dataclass
class _Activity:
    """Running totals for one `<Activity>`."""

    lap_seconds: float = 0.0
    lap_metres: float = 0.0
    laps: int = 0
    hr_weighted: float = 0.0
    hr_seconds: float = 0.0
    first_lap_start: dt.datetime | None = None
    first_time: dt.datetime | None = None
    last_time: dt.datetime | None = None
    max_point_metres: float | None = None
    position_metres: float = 0.0
    last_position: tuple[float, float] | None = None
    altitudes: list[AltitudeSample] = dataclasses.field(default_factory=list)
    heart_rates: list[float] = dataclasses.field(default_factory=list)


def _float(element: etree._Element, what: str, source: str) -> float | None:
    text = text_of(element)
    if text is None:
        return None
    try:
        return float(text)
    except ValueError as error:
        line = element.sourceline
        raise ImportFailed(source, f"bad {what} value {text!r} near line {line}") from error


def _amount(element: etree._Element, what: str, source: str) -> float | None:
    """A time or distance: a finite number of zero or more, else missing."""
    value = _float(element, what, source)
    return value if value is not None and 0.0 <= value < math.inf else None


def _bpm(element: etree._Element, source: str) -> float | None:
    bpm = _value_child(element, source)
    return bpm if plausible_heart_rate(bpm) else None


def _time(element: etree._Element, source: str) -> dt.datetime | None:
    text = text_of(element)
    if text is None:
        return None
    try:
        return parse_iso_time(text)
    except ValueError as error:
        line = element.sourceline
        raise ImportFailed(source, f"bad time {text!r} near line {line}") from error


def _value_child(element: etree._Element, source: str) -> float | None:
    for child in element:
        if local_name(child.tag) == "Value":
            return _float(child, "heart rate", source)
    return None


def _read_trackpoint(point: etree._Element, acc: _Activity, source: str) -> None:
    lat: float | None = None
    lon: float | None = None
    moment: dt.datetime | None = None
    altitude: float | None = None
    metres: float | None = None
    for child in point.iter():
        name = local_name(child.tag)
        if name == "Time":
            moment = _time(child, source)
            if moment is not None:
                acc.first_time = acc.first_time or moment
                acc.last_time = moment
        elif name == "AltitudeMeters":
            altitude = _float(child, "altitude", source)
        elif name == "DistanceMeters":
            metres = _amount(child, "distance", source)
            if metres is not None:
                acc.max_point_metres = max(acc.max_point_metres or 0.0, metres)
        elif name == "HeartRateBpm":
            bpm = _bpm(child, source)
            if bpm is not None:
                acc.heart_rates.append(bpm)
        elif name == "LatitudeDegrees":
            lat = _float(child, "latitude", source)
        elif name == "LongitudeDegrees":
            lon = _float(child, "longitude", source)
    if lat is not None and lon is not None and valid_position(lat, lon):
        if acc.last_position is not None:
            acc.position_metres += haversine_m(*acc.last_position, lat, lon)
        acc.last_position = (lat, lon)
    if altitude is not None:
        time_s = None if moment is None else moment.timestamp()
        acc.altitudes.append((altitude, time_s, metres))


def _read_lap(lap: etree._Element, acc: _Activity, source: str) -> None:
    acc.laps += 1
    start = lap.get("StartTime")
    if start and acc.first_lap_start is None:
        try:
            acc.first_lap_start = parse_iso_time(start)
        except ValueError as error:
            raise ImportFailed(source, f"bad lap StartTime {start!r}") from error
    seconds: float | None = None
    bpm: float | None = None
    for child in lap:
        name = local_name(child.tag)
        if name == "TotalTimeSeconds":
            seconds = _amount(child, "TotalTimeSeconds", source)
        elif name == "DistanceMeters":
            acc.lap_metres += _amount(child, "DistanceMeters", source) or 0.0
        elif name == "AverageHeartRateBpm":
            bpm = _bpm(child, source)
    acc.lap_seconds += seconds or 0.0
    if bpm is not None and seconds:
        acc.hr_weighted += bpm * seconds
        acc.hr_seconds += seconds


def _device(activity: etree._Element) -> str | None:
    for child in activity:
        if local_name(child.tag) == "Creator":
            for part in child:
                if local_name(part.tag) == "Name":
                    return text_of(part)
    return None


def _summarise(
    activity: etree._Element, acc: _Activity, source: str, data_hash: str
) -> ActivitySummary:
    sport = normalise_sport(activity.get("Sport"))
    start = acc.first_lap_start or acc.first_time
    if start is None:
        for child in activity:
            if local_name(child.tag) == "Id":
                start = _time(child, source)
    if start is None:
        raise ImportFailed(source, "activity has no start time (no lap StartTime, Id or Time)")
    seconds = acc.lap_seconds
    if seconds <= 0 and acc.first_time is not None and acc.last_time is not None:
        seconds = (acc.last_time - acc.first_time).total_seconds()
    metres = acc.lap_metres
    if metres <= 0:
        metres = acc.max_point_metres or acc.position_metres
    if acc.hr_seconds > 0:
        avg_hr: float | None = acc.hr_weighted / acc.hr_seconds
    elif acc.heart_rates:
        avg_hr = sum(acc.heart_rates) / len(acc.heart_rates)
    else:
        avg_hr = None
    return ActivitySummary(
        start=start,
        sport=sport.sport,
        sub_sport=sport.sub_sport,
        surface=sport.surface,
        distance_km=metres / 1000.0,
        duration_min=seconds / 60.0,
        source=source,
        content_hash=data_hash,
        elevation_gain_m=track_climb(acc.altitudes),
        device=_device(activity),
        avg_hr=avg_hr,
    )


def read_tcx(data: bytes, source: str) -> list[ActivitySummary]:
    """Summarise every activity (or multisport leg) in a TCX file."""
    summaries: list[ActivitySummary] = []
    acc = _Activity()
    root_seen = False
    other_content: str | None = None
    file_hash = content_hash(data)
    for event, element in iter_elements(data, source, events=("start", "end")):
        name = local_name(element.tag)
        if event == "start":
            if not root_seen:
                if name != "TrainingCenterDatabase":
                    raise NotAnActivity(source, f"not a TCX file (root element <{name}>)")
                root_seen = True
            elif name in ("Courses", "Workouts") and other_content is None:
                other_content = "a course" if name == "Courses" else "a planned workout"
            continue
        if name == "Trackpoint":
            _read_trackpoint(element, acc, source)
            release(element)
        elif name == "Lap":
            _read_lap(element, acc, source)
            release(element)
        elif name == "Activity":
            summaries.append(_summarise(element, acc, source, file_hash))
            acc = _Activity()
            release(element)
    if not summaries:
        raise NotAnActivity(source, f"holds {other_content or 'no activity'}, not a recorded one")
    count = len(summaries)
    return [
        dataclasses.replace(summary, content_hash=part_hash(file_hash, index, count))
        for index, summary in enumerate(summaries)
    ]
