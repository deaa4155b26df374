"""Garmin Training Center (TCX) files → one `ActivitySummary` per activity.

Totals come from the lap headers, as the device recorded them: duration is the
sum of `TotalTimeSeconds` (timer time), distance the sum of `DistanceMeters`.
When laps lack them, the track points stand in (last cumulative distance, or
great-circle steps between positions; first-to-last time). Each `<Activity>` is
one summary, so a multisport session gives one summary per leg. The device is the
activity's `Creator/Name`; elevation gain uses the shared hysteresis rule.
Values that cannot be real count as missing: a position off the globe or not
finite, a heart rate no person has, a negative or non-finite time or distance.

Two ways in, one set of rules: `read_tcx` takes the fast path (`tcx_fast`: the
track points read straight from the bytes, the laps, device and sport by the
walker below) when it can vouch for the file, else the lxml reader
(`read_tcx_lxml`), the reference; both fill the same `Points` and `_Activity`,
so both give the same summaries. The distance over positions is only worked
out when neither the laps nor the points give a distance.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterator
from typing import cast

from lxml import etree

from heelraise.errors import ImportFailed, NotAnActivity
from heelraise.knowledge.importing import import_rules
from heelraise.training import tcx_fast
from heelraise.training.activity import ActivitySummary
from heelraise.training.common import (
    content_hash,
    cumulative_metres,
    local_name,
    parse_iso_time,
    part_hash,
    track_climb,
)
from heelraise.training.elevation import Altitudes
from heelraise.training.plausibility import plausible_heart_rate
from heelraise.training.sports import normalise_sport
from heelraise.training.xmlsafe import iter_elements, release, text_of
from heelraise.training.xmlscan import NotScannable, numbers


@dataclasses.dataclass
class Points:
    """Track points as read. One entry per `<Trackpoint>` in `times` … `metres`: its
    time, position (both None when it has none), altitude and cumulative distance
    (None when missing, or not a distance: negative or not finite). Every distance
    reading and every heart rate (None: not one a person has) in `distances` and
    `rates`. The lxml reader fills it point by point, the fast path (`tcx_fast`)
    a track at a time, leaving the positions as written (`lat_texts`, `lon_texts`,
    each checked) until `positions` is asked for them: only an activity whose laps
    and points give no distance needs them."""

    times: list[dt.datetime | None] = dataclasses.field(default_factory=list)
    lats: list[float | None] = dataclasses.field(default_factory=list)
    lons: list[float | None] = dataclasses.field(default_factory=list)
    altitudes: list[float | None] = dataclasses.field(default_factory=list)
    metres: list[float | None] = dataclasses.field(default_factory=list)
    distances: list[float] = dataclasses.field(default_factory=list)
    rates: list[float | None] = dataclasses.field(default_factory=list)
    lat_texts: list[bytes] = dataclasses.field(default_factory=list)
    lon_texts: list[bytes] = dataclasses.field(default_factory=list)

    @classmethod
    def scanned(cls, columns: tcx_fast.Columns) -> Points:
        """A track's points as the fast path read them."""
        times, lat_texts, lon_texts, altitudes, metres, distances, rates = columns
        return cls(times, [], [], altitudes, metres, distances, rates, lat_texts, lon_texts)

    def positions(self) -> tuple[list[float | None], list[float | None]]:
        """The latitudes and longitudes (the texts read first: while there are texts,
        there are no numbers)."""
        if self.lat_texts:
            self.lats, self.lons = numbers(self.lat_texts), numbers(self.lon_texts)
            self.lat_texts, self.lon_texts = [], []
        return self.lats, self.lons

    def extend(self, other: Points) -> None:
        if other.lat_texts and (self.lat_texts or not self.times):  # both still unread
            self.lat_texts += other.lat_texts
            self.lon_texts += other.lon_texts
        else:
            lats, lons = other.positions()
            self.positions()
            self.lats += lats
            self.lons += lons
        self.times += other.times
        self.altitudes += other.altitudes
        self.metres += other.metres
        self.distances += other.distances
        self.rates += other.rates


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
    points: Points = dataclasses.field(default_factory=Points)

    def add_track(self, points: Points) -> None:
        """Points read a track at a time (one time each): the first and last times count."""
        timed = [moment for moment in points.times if moment is not None]
        if timed:
            self.first_time = self.first_time or timed[0]
            self.last_time = timed[-1]
        self.points.extend(points)

    @property
    def max_point_metres(self) -> float | None:
        distances = self.points.distances
        return max(0.0, max(distances)) if distances else None

    @property
    def position_metres(self) -> float:
        walked = cumulative_metres(*self.points.positions())
        return next((value for value in reversed(walked) if value is not None), 0.0)

    @property
    def heart_rates(self) -> list[float]:
        rules = import_rules().plausibility
        low, high = rules.min_heart_rate, rules.max_heart_rate
        return [bpm for bpm in self.points.rates if bpm is not None and low <= bpm <= high]

    @property
    def altitudes(self) -> Altitudes:
        """The altitude samples (each with its time and cumulative distance) as columns."""
        points = self.points
        found, times, metres = points.altitudes, points.times, points.metres
        if None in found:
            kept = [index for index, altitude in enumerate(found) if altitude is not None]
            found = [found[index] for index in kept]
            times = [times[index] for index in kept]
            metres = [metres[index] for index in kept]
        return Altitudes(cast(list[float], found), times, metres)


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
    points = acc.points
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
            if metres is not None:  # every reading counts for the farthest point
                points.distances.append(metres)
        elif name == "HeartRateBpm":
            points.rates.append(_value_child(child, source))
        elif name == "LatitudeDegrees":
            lat = _float(child, "latitude", source)
        elif name == "LongitudeDegrees":
            lon = _float(child, "longitude", source)
    points.times.append(moment)
    lats, lons = points.positions()
    lats.append(lat if lon is not None else None)
    lons.append(lon if lat is not None else None)
    points.altitudes.append(altitude)
    points.metres.append(metres)


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
    """Summarise every activity (or multisport leg) in a TCX file: the fast path when it
    can vouch for the file (`tcx_fast`), else lxml; both give the same summaries."""
    scanned = tcx_fast.scan(data)
    if scanned is not None:
        skeleton, tracks = scanned
        try:
            return _read(skeleton, source, data, map(Points.scanned, tracks))
        except NotAnActivity:
            raise
        except (ImportFailed, NotScannable):
            pass  # the lxml reader says what is wrong, with line numbers
    return read_tcx_lxml(data, source)


def read_tcx_lxml(data: bytes, source: str) -> list[ActivitySummary]:
    """Summarise a TCX file with lxml alone (the reference the fast path must match)."""
    return _read(data, source, data, None)


def _read(
    document: bytes, source: str, data: bytes, tracks: Iterator[Points] | None
) -> list[ActivitySummary]:
    """Walk `document` (the file, or its skeleton with each track's points in `tracks`,
    taken as each `Track` ends); `data` is the whole file, for its hash."""
    summaries: list[ActivitySummary] = []
    acc = _Activity()
    root_seen = False
    other_content: str | None = None
    file_hash = content_hash(data)
    for event, element in iter_elements(document, source, events=("start", "end")):
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
        elif name == "Track" and tracks is not None:
            track = next(tracks, None)
            if track is None:
                raise NotScannable("more tracks met than were cut")
            acc.add_track(track)
        elif name == "Lap":
            _read_lap(element, acc, source)
            release(element)
        elif name == "Activity":
            summaries.append(_summarise(element, acc, source, file_hash))
            acc = _Activity()
            release(element)
    if tracks is not None and next(tracks, None) is not None:
        raise NotScannable("more tracks cut than the walker met")
    if not summaries:
        raise NotAnActivity(source, f"holds {other_content or 'no activity'}, not a recorded one")
    count = len(summaries)
    return [
        dataclasses.replace(summary, content_hash=part_hash(file_hash, index, count))
        for index, summary in enumerate(summaries)
    ]
