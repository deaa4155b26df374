"""GPX 1.0 and 1.1 tracks → one `ActivitySummary` per file.

Distance is the haversine sum over consecutive positioned points within each
track segment (never across segments: a new segment is a pause). GPX records
no timer, so duration is the sum of each segment's first-to-last time, which
leaves out pauses between segments; start is the first point's time (UTC).
Points without a position still count for time; points without time still
count for distance. A position off the globe (latitude beyond ±90, longitude
beyond ±180, or not finite) counts as none, and a heart rate no person has
(`training.plausibility`) as no reading. Heart rate is the mean of the `hr` values in
`gpxtpx:TrackPointExtension` (any namespace, GPX 1.0 files included). Elevation
gain is the shared rule (`training.elevation.track_gain`) over the points'
`ele`, each with its time and the ground covered so far.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from lxml import etree

from heelraise.errors import ImportFailed, NotAnActivity
from heelraise.training.activity import ActivitySummary
from heelraise.training.common import (
    content_hash,
    haversine_m,
    local_name,
    parse_iso_time,
    track_climb,
)
from heelraise.training.elevation import AltitudeSample
from heelraise.training.plausibility import plausible_heart_rate, valid_position
from heelraise.training.sports import normalise_sport
from heelraise.training.xmlsafe import iter_elements, release, text_of


@dataclasses.dataclass
class _Segment:
    """Running totals for one `trkseg`."""

    metres: float = 0.0
    last_position: tuple[float, float] | None = None
    first_time: dt.datetime | None = None
    last_time: dt.datetime | None = None

    def add(self, position: tuple[float, float] | None, moment: dt.datetime | None) -> None:
        if position is not None:
            if self.last_position is not None:
                self.metres += haversine_m(*self.last_position, *position)
            self.last_position = position
        if moment is not None:
            if self.first_time is None:
                self.first_time = moment
            self.last_time = moment

    @property
    def seconds(self) -> float:
        if self.first_time is None or self.last_time is None:
            return 0.0
        return max(0.0, (self.last_time - self.first_time).total_seconds())


@dataclasses.dataclass
class _Track:
    """Running totals for the whole file."""

    metres: float = 0.0
    seconds: float = 0.0
    start: dt.datetime | None = None
    points: int = 0
    altitudes: list[AltitudeSample] = dataclasses.field(default_factory=list)
    heart_rates: list[float] = dataclasses.field(default_factory=list)
    name: str | None = None
    sport_word: str | None = None
    route_points: int = 0
    segment: _Segment = dataclasses.field(default_factory=_Segment)
    gap_metres: float = 0.0  # straight lines across the pauses between segments
    closed_position: tuple[float, float] | None = None  # last position of the closed segments

    def add_point(self, position: tuple[float, float] | None, moment: dt.datetime | None) -> None:
        starts_segment = self.segment.last_position is None
        if position is not None and starts_segment and self.closed_position is not None:
            self.gap_metres += haversine_m(*self.closed_position, *position)
        self.segment.add(position, moment)

    @property
    def path_metres(self) -> float:
        """Ground covered up to the latest point, pauses as straight lines (for altitudes only)."""
        return self.metres + self.gap_metres + self.segment.metres

    def close_segment(self) -> None:
        self.metres += self.segment.metres
        self.seconds += self.segment.seconds
        self.closed_position = self.segment.last_position or self.closed_position
        self.segment = _Segment()


def _position(point: etree._Element) -> tuple[float, float] | None:
    try:
        lat = float(point.get("lat", ""))
        lon = float(point.get("lon", ""))
    except ValueError:
        return None
    if not valid_position(lat, lon):
        return None  # off the globe (or not finite): dropped before any distance counts
    return lat, lon


def _read_point(point: etree._Element, track: _Track, source: str) -> None:
    moment: dt.datetime | None = None
    altitude: float | None = None
    for child in point.iter():
        name = local_name(child.tag)
        text = text_of(child)
        if text is None:
            continue
        try:
            if name == "time":
                moment = parse_iso_time(text)
            elif name == "ele":
                altitude = float(text)
            elif name in ("hr", "heartrate"):
                bpm = float(text)
                if plausible_heart_rate(bpm):  # a sensor fault (-5, inf, 1e308) counts for nothing
                    track.heart_rates.append(bpm)
        except ValueError as error:
            line = point.sourceline
            raise ImportFailed(source, f"bad {name} value {text!r} near line {line}") from error
    if moment is not None and track.start is None:
        track.start = moment
    track.points += 1
    position = _position(point)
    track.add_point(position, moment)
    if altitude is not None:
        track.altitudes.append(
            (
                altitude,
                None if moment is None else moment.timestamp(),
                None if position is None else track.path_metres,
            )
        )


def read_gpx(data: bytes, source: str) -> list[ActivitySummary]:
    """Summarise a GPX file's recorded track(s) as one activity."""
    track = _Track()
    creator: str | None = None
    seen_root = False
    for event, element in iter_elements(data, source, events=("start", "end")):
        name = local_name(element.tag)
        if event == "start":
            if not seen_root:
                if name != "gpx":
                    raise NotAnActivity(source, f"not a GPX file (root element <{name}>)")
                seen_root = True
                creator = element.get("creator")
            continue
        if name == "trkpt":
            _read_point(element, track, source)
            release(element)
        elif name == "trkseg":
            track.close_segment()
        elif name == "rtept":
            track.route_points += 1
        elif name in ("name", "type"):
            parent = element.getparent()
            parent_name = local_name(parent.tag) if parent is not None else ""
            if name == "type" and parent_name == "trk":
                track.sport_word = track.sport_word or text_of(element)
            elif name == "name" and parent_name in ("trk", "metadata", "gpx"):
                track.name = track.name or text_of(element)
    track.close_segment()
    return [_summary(track, data, source, creator)]


def _summary(track: _Track, data: bytes, source: str, creator: str | None) -> ActivitySummary:
    if track.points == 0:
        what = "a planned route" if track.route_points else "waypoints or metadata"
        raise NotAnActivity(source, f"holds {what} but no recorded track")
    if track.start is None:
        raise NotAnActivity(source, "a track without times (a drawn or planned route)")
    if track.seconds <= 0:
        raise NotAnActivity(source, "a track whose points all share one time, so no activity")
    sport = normalise_sport(track.sport_word)
    return ActivitySummary(
        start=track.start,
        sport=sport.sport,
        sub_sport=sport.sub_sport,
        surface=sport.surface,
        distance_km=track.metres / 1000.0,
        duration_min=track.seconds / 60.0,
        source=source,
        content_hash=content_hash(data),
        elevation_gain_m=track_climb(track.altitudes),
        device=creator,
        avg_hr=sum(track.heart_rates) / len(track.heart_rates) if track.heart_rates else None,
        name=track.name,
    )
