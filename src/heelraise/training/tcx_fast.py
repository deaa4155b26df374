"""TCX track points straight from the bytes: the fast path of `training.tcx`.

`scan` cuts every `<Track>` body out of a document that `xmlscan.scannable`
accepts and reads each body's `<Trackpoint>`s with one precompiled regular
expression (per set of declared namespace prefixes), in the schema's order:
optionally `<Time>`, `<Position>` (latitude, then longitude), `<AltitudeMeters>`,
`<DistanceMeters>`, `<HeartRateBpm>` (its `<Value>`; an `xsi:type` attribute
allowed), then any leaves (`<Cadence>`, `<SensorState>`) and one `<Extensions>`
block of leaves and containers (`<ns3:TPX>`, `<TPX xmlns="…">`). A body must
hold nothing else, and no element the lxml reader reads may hide anywhere
else in a point; otherwise the whole file goes to lxml. The lap headers,
device and sport stay in the skeleton, read by `tcx`'s own walker, which takes
each body's points as its `Track` ends.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import cast

from heelraise.training.pointshape import read_rows, slices
from heelraise.training.xmlscan import (
    NUMBER,
    TIME,
    WS,
    Grammar,
    NotScannable,
    amounts,
    capture,
    check_numbers,
    columns,
    join_columns,
    moments,
    numbers,
    scan_tracks,
)

Columns = tuple[
    list[dt.datetime | None],  # times
    list[bytes],  # latitudes as written, each checked (read only if needed: `tcx.Points`)
    list[bytes],  # longitudes as written, each checked
    list[float | None],  # altitudes
    list[float | None],  # cumulative distances (None: missing or not a distance)
    list[float],  # every distance reading
    list[float | None],  # heart rates
]

# Local names the lxml reader reads in a point, or that would change what it reads.
_READ = (
    rb"Time|AltitudeMeters|DistanceMeters|HeartRateBpm|LatitudeDegrees|LongitudeDegrees|"
    rb"Position|Trackpoint|Track|Lap|Activity|Activities|MultiSportSession|Courses|"
    rb"Workouts|TrainingCenterDatabase|Extensions"
)
_START = rb"<Trackpoint" + WS  # up to its `>`
_GROUPS = {
    (b"Time",): "time",
    (b"Position", b"LatitudeDegrees"): "lat",
    (b"Position", b"LongitudeDegrees"): "lon",
    (b"AltitudeMeters",): "alt",
    (b"DistanceMeters",): "dist",
    (b"HeartRateBpm", b"Value"): "rate",
}


def _group_for(path: tuple[bytes, ...]) -> str | None:
    return _GROUPS.get(path)


def _leaf(name: bytes, group: str, value: bytes = NUMBER) -> bytes:
    return rb"<" + name + WS + rb">" + capture(group, value) + rb"</" + name + WS + rb">" + WS


@functools.lru_cache(maxsize=32)
def _points_pattern(declared: frozenset[bytes]) -> re.Pattern[bytes]:
    """A point, or any other character that is not whitespace (`stray`, which fails the
    body). Named groups: `time`, `lat`, `lon`, `alt`, `dist`, `rate`; the others are
    element names for back-references."""
    grammar = Grammar(declared, _READ)
    kind = (
        rb"(?:[ \t\r\n]++"
        + grammar.prefix
        + rb"type"
        + WS
        + rb"="
        + WS
        + rb'"[A-Za-z0-9_:.-]{0,64}+")?'
    )
    extensions = (
        rb"<Extensions"
        + WS
        + rb">"
        + WS
        + rb"(?:"
        + grammar.leaf()
        + rb"|"
        + grammar.container()
        + rb")*+"
        + rb"</Extensions"
        + WS
        + rb">"
        + WS
    )
    point = (
        _START
        + rb">"
        + WS
        + rb"(?:"
        + _leaf(b"Time", "time", TIME)
        + rb")?"
        + rb"(?:<Position"
        + WS
        + rb">"
        + WS
        + _leaf(b"LatitudeDegrees", "lat")
        + _leaf(b"LongitudeDegrees", "lon")
        + rb"</Position"
        + WS
        + rb">"
        + WS
        + rb")?"
        + rb"(?:"
        + _leaf(b"AltitudeMeters", "alt")
        + rb")?"
        + rb"(?:"
        + _leaf(b"DistanceMeters", "dist")
        + rb")?"
        + rb"(?:<HeartRateBpm"
        + kind
        + WS
        + rb">"
        + WS
        + _leaf(b"Value", "rate")
        + rb"</HeartRateBpm"
        + WS
        + rb">"
        + WS
        + rb")?"
        + rb"(?:"
        + grammar.leaf()
        + rb")*+(?:"
        + extensions
        + rb")?"
        + rb"</Trackpoint"
        + WS
        + rb">"
    )
    return re.compile(point + rb"|" + capture("stray", rb"[^ \t\r\n]"))


def scan(data: bytes) -> tuple[bytes, list[Columns]] | None:
    """(skeleton, each track's points) when the fast path can read the file, else None."""
    return scan_tracks(data, b"Track", _points)


def _points(body: bytes, declared: frozenset[bytes]) -> Columns:
    """The points of one `<Track>` body, a slice at a time; raises `NotScannable` for
    anything else in it."""
    return join_columns([_piece(piece, declared) for piece in slices(body, b"<Trackpoint")])


def _piece(body: bytes, declared: frozenset[bytes]) -> Columns:
    if body.find(b"<Trackpoint") < 0:
        if body.strip(b" \t\r\n"):
            raise NotScannable("a track holds something besides points")
        return [], [], [], [], [], [], []
    runs = read_rows(body, b"<Trackpoint", _points_pattern(declared), _START, _group_for)
    times, lats, lons, alts, dists, rates = columns(
        runs, "time", "lat", "lon", "alt", "dist", "rate"
    )
    metres = amounts(numbers(dists))
    check_numbers(lats)
    check_numbers(lons)
    return (
        moments(times),
        lats,
        lons,
        numbers(alts),
        metres,
        cast(list[float], metres)
        if None not in metres
        else [value for value in metres if value is not None],
        numbers(rates),
    )
