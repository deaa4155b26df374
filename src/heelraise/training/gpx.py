"""GPX 1.0 and 1.1 tracks → one `ActivitySummary` per file.

Distance is the great-circle sum (`common.cumulative_metres`) over consecutive
positioned points within each track segment (never across segments: a new
segment is a pause). GPX records no timer, so duration is the sum of each
segment's first-to-last time, which leaves out pauses between segments; start
is the first point's time (UTC).
Points without a position still count for time; points without time still
count for distance. A position off the globe (latitude beyond ±90, longitude
beyond ±180, or not finite) counts as none, and a heart rate no person has
(`training.plausibility`) as no reading. Heart rate is the mean of the `hr` values in
`gpxtpx:TrackPointExtension` (any namespace, GPX 1.0 files included). Elevation
gain is the shared rule (`training.elevation.track_gain`) over the points'
`ele`, each with its time and the ground covered so far.

Two ways in, one set of rules: `read_gpx` takes the fast path (`gpx_fast`: the
points read straight from the bytes, the rest of the file by the walker below)
when it can vouch for the file, else the lxml reader (`read_gpx_lxml`), which
is the reference; both hand their points to `_Track.add_segment`, so both give
the same summary.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import cast

from lxml import etree

from heelraise.errors import ImportFailed, NotAnActivity
from heelraise.training import gpx_fast
from heelraise.training.activity import ActivitySummary
from heelraise.training.common import (
    content_hash,
    cumulative_metres,
    haversine_m,
    local_name,
    parse_iso_time,
    path_metres,
    track_climb,
)
from heelraise.training.elevation import Altitudes
from heelraise.training.plausibility import plausible_heart_rates, valid_position
from heelraise.training.sports import normalise_sport
from heelraise.training.xmlsafe import iter_elements, release, text_of
from heelraise.training.xmlscan import NotScannable, numbers


@dataclasses.dataclass
class Points:
    """The points of one track segment as read, in order: equal-length columns (None
    where a point has no such value; a position counts only when both coordinates
    are there and on the globe), and every heart-rate value the points carry. The
    lxml reader fills it point by point, the fast path (`gpx_fast`) a segment at a
    time, leaving the positions as written (`lat_texts`, `lon_texts`) until
    `positions` is asked for them: a track without times is refused unread.
    `_Track.add_segment` reads both alike."""

    lats: list[float | None] = dataclasses.field(default_factory=list)
    lons: list[float | None] = dataclasses.field(default_factory=list)
    times: list[dt.datetime | None] = dataclasses.field(default_factory=list)
    eles: list[float | None] = dataclasses.field(default_factory=list)
    heart_rates: list[float] = dataclasses.field(default_factory=list)
    lat_texts: list[bytes] = dataclasses.field(default_factory=list)
    lon_texts: list[bytes] = dataclasses.field(default_factory=list)

    @classmethod
    def scanned(cls, columns: gpx_fast.Columns) -> Points:
        """A segment's points as the fast path read them."""
        lat_texts, lon_texts, times, eles, heart_rates = columns
        return cls([], [], times, eles, heart_rates, lat_texts, lon_texts)

    def positions(self) -> tuple[list[float | None], list[float | None]]:
        """The latitudes and longitudes (the texts read first: while there are texts,
        there are no numbers; `NotScannable` for one `float` refuses, which the lxml
        reader takes as no position)."""
        if self.lat_texts:
            self.lats, self.lons = numbers(self.lat_texts), numbers(self.lon_texts)
            self.lat_texts, self.lon_texts = [], []
        return self.lats, self.lons

    def extend(self, other: Points) -> None:
        if other.lat_texts and not self.times:  # still unread, as the other's are
            self.lat_texts, self.lon_texts = other.lat_texts, other.lon_texts
        else:
            lats, lons = other.positions()
            self.positions()
            self.lats += lats
            self.lons += lons
        self.times += other.times
        self.eles += other.eles
        self.heart_rates += other.heart_rates


@dataclasses.dataclass
class _Track:
    """Running totals for the whole file."""

    metres: float = 0.0
    seconds: float = 0.0
    start: dt.datetime | None = None
    points: int = 0
    # The altitude samples as columns (`elevation.Altitudes`): altitude, time, distance.
    altitude_metres: list[float] = dataclasses.field(default_factory=list)
    altitude_times: list[dt.datetime | None] = dataclasses.field(default_factory=list)
    altitude_distances: list[float | None] = dataclasses.field(default_factory=list)
    heart_rates: list[float] = dataclasses.field(default_factory=list)
    name: str | None = None
    sport_word: str | None = None
    route_points: int = 0
    gap_metres: float = 0.0  # straight lines across the pauses between segments
    closed_position: tuple[float, float] | None = None  # last position of the closed segments
    segments: list[Points] = dataclasses.field(default_factory=list)  # not walked yet

    def add_segment(self, points: Points) -> None:
        """Count one segment's points (then the segment is closed): its time runs from its
        first to its last timed point. Its ground is walked by `walk`, once the file
        is known to be an activity."""
        times = points.times
        self.points += len(times)
        timed = times if None not in times else [moment for moment in times if moment is not None]
        if self.start is None and timed:
            self.start = timed[0]
        if len(timed) > 1:
            self.seconds += max(0.0, (timed[-1] - timed[0]).total_seconds())  # type: ignore[operator]
        # A sensor fault (-5, inf, 1e308) counts for nothing.
        self.heart_rates += plausible_heart_rates(points.heart_rates)
        if times:
            self.segments.append(points)

    def walk(self) -> None:
        """The distance and the altitude samples of every segment, in order. When every
        point has a time, no sample's distance is read (`elevation`): only the length
        of each segment is worked out then."""
        every_time = all(None not in points.times for points in self.segments)
        for points in self.segments:
            self._walk_segment(points, distances=not every_time)
        self.segments = []

    def altitudes(self) -> Altitudes:
        return Altitudes(self.altitude_metres, self.altitude_times, self.altitude_distances)

    def _walk_segment(self, points: Points, *, distances: bool) -> None:
        """Distance is the great-circle sum over the segment's positioned points. Each
        altitude goes with its time and (when `distances`) the ground covered so far,
        the pauses between segments counted as straight lines (for the altitude
        filter only)."""
        (lats, lons), times, eles = points.positions(), points.times, points.eles
        length = None if distances else path_metres(lats, lons)
        if length is not None:  # every point positioned
            self._bridge(_given(lats[0]), _given(lons[0]))
            self._add_altitudes(eles, times, [None] * len(eles))
            self.metres += length
            self.closed_position = (_given(lats[-1]), _given(lons[-1]))
            return
        walked = cumulative_metres(lats, lons)
        if None not in walked:
            positioned: list[int] = [0, len(walked) - 1] if walked else []
        else:
            positioned = [index for index, metres in enumerate(walked) if metres is not None]
        if positioned:
            first = positioned[0]
            self._bridge(_given(lats[first]), _given(lons[first]))
        base = self.metres + self.gap_metres
        ground = [None if metres is None else base + metres for metres in walked]
        self._add_altitudes(eles, times, ground)
        if positioned:
            last = positioned[-1]
            self.metres += _given(walked[last])
            self.closed_position = (_given(lats[last]), _given(lons[last]))

    def _bridge(self, lat: float, lon: float) -> None:
        """The straight line from the last closed segment's last position to this one."""
        if self.closed_position is not None:
            self.gap_metres += haversine_m(*self.closed_position, lat, lon)

    def _add_altitudes(
        self,
        eles: list[float | None],
        times: list[dt.datetime | None],
        ground: list[float | None],
    ) -> None:
        """The samples of the points that have an altitude."""
        if None in eles:
            kept = [index for index, altitude in enumerate(eles) if altitude is not None]
            eles = [eles[index] for index in kept]
            times = [times[index] for index in kept]
            ground = [ground[index] for index in kept]
        self.altitude_metres += cast(list[float], eles)
        self.altitude_times += times
        self.altitude_distances += ground


def _given(value: float | None) -> float:
    if value is None:  # pragma: no cover - callers pass positioned points only
        raise ValueError("a position was expected")
    return value


def _position(point: etree._Element) -> tuple[float, float] | None:
    try:
        lat = float(point.get("lat", ""))
        lon = float(point.get("lon", ""))
    except ValueError:
        return None
    if not valid_position(lat, lon):
        return None  # off the globe (or not finite): dropped before any distance counts
    return lat, lon


def _read_point(point: etree._Element, points: Points, source: str) -> None:
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
                points.heart_rates.append(float(text))
        except ValueError as error:
            line = point.sourceline
            raise ImportFailed(source, f"bad {name} value {text!r} near line {line}") from error
    position = _position(point)
    lats, lons = points.positions()
    lats.append(None if position is None else position[0])
    lons.append(None if position is None else position[1])
    points.times.append(moment)
    points.eles.append(altitude)


def read_gpx(data: bytes, source: str) -> list[ActivitySummary]:
    """Summarise a GPX file's recorded track(s) as one activity: the fast path when it
    can vouch for the file (`gpx_fast`), else lxml; both give the same summary."""
    scanned = gpx_fast.scan(data)
    if scanned is not None:
        skeleton, segments = scanned
        try:
            return _read(skeleton, source, data, map(Points.scanned, segments))
        except NotAnActivity:
            raise  # what the file holds, worked out the same way on both paths
        except (ImportFailed, NotScannable):
            pass  # the lxml reader says what is wrong, with line numbers
    return read_gpx_lxml(data, source)


def read_gpx_lxml(data: bytes, source: str) -> list[ActivitySummary]:
    """Summarise a GPX file with lxml alone (the reference the fast path must match)."""
    return _read(data, source, data, None)


def _read(
    document: bytes, source: str, data: bytes, segments: Iterator[Points] | None
) -> list[ActivitySummary]:
    """Walk `document` (the file, or its skeleton with each segment's points in
    `segments`, taken as each `trkseg` ends); `data` is the whole file, for its hash."""
    track = _Track()
    pending = Points()
    creator: str | None = None
    seen_root = False
    for event, element in iter_elements(document, source, events=("start", "end")):
        name = local_name(element.tag)
        if event == "start":
            if not seen_root:
                if name != "gpx":
                    raise NotAnActivity(source, f"not a GPX file (root element <{name}>)")
                seen_root = True
                creator = element.get("creator")
            continue
        if name == "trkpt":
            _read_point(element, pending, source)
            release(element)
        elif name == "trkseg":
            if segments is not None:
                body = next(segments, None)
                if body is None:
                    raise NotScannable("more segments met than were cut")
                pending.extend(body)
            track.add_segment(pending)
            pending = Points()
        elif name == "rtept":
            track.route_points += 1
        elif name in ("name", "type"):
            parent = element.getparent()
            parent_name = local_name(parent.tag) if parent is not None else ""
            if name == "type" and parent_name == "trk":
                track.sport_word = track.sport_word or text_of(element)
            elif name == "name" and parent_name in ("trk", "metadata", "gpx"):
                track.name = track.name or text_of(element)
    track.add_segment(pending)
    if segments is not None and next(segments, None) is not None:
        raise NotScannable("more segments cut than the walker met")
    return [_summary(track, data, source, creator)]


def _summary(track: _Track, data: bytes, source: str, creator: str | None) -> ActivitySummary:
    if track.points == 0:
        what = "a planned route" if track.route_points else "waypoints or metadata"
        raise NotAnActivity(source, f"holds {what} but no recorded track")
    if track.start is None:
        raise NotAnActivity(source, "a track without times (a drawn or planned route)")
    if track.seconds <= 0:
        raise NotAnActivity(source, "a track whose points all share one time, so no activity")
    track.walk()
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
        elevation_gain_m=track_climb(track.altitudes()),
        device=creator,
        avg_hr=sum(track.heart_rates) / len(track.heart_rates) if track.heart_rates else None,
        name=track.name,
    )
