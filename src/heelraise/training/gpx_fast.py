"""GPX track points straight from the bytes: the fast path of `training.gpx`.

`scan` cuts every `<trkseg>` body out of a document that `xmlscan.scannable`
accepts and reads each body's points with one precompiled regular expression
(per set of declared namespace prefixes): `<trkpt lat="…" lon="…">` (or `lon`
first; or `/>`), then optionally `<ele>`, `<time>`, any number of leaf
elements (`<speed>`, `<sat>`, `<hdop>`, `<gpxdata:temp>`, …) and one
`<extensions>` block of leaves and containers, one of which may hold the heart
rate (`<gpxtpx:TrackPointExtension><gpxtpx:hr>`, any declared prefix, `hr` or
`heartrate`). A body must hold nothing else (whitespace between points aside),
and no element the lxml reader reads (`ele`, `time`, `hr`, …, by local name)
may hide anywhere else in a point. Anything else — a second heart rate, a
nested element outside `<extensions>`, an attribute, non-ASCII text, an
entity, an undeclared prefix — sends the whole file to lxml. The skeleton left behind is read by
`gpx`'s own walker, which takes each body's points as its `trkseg` ends.
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
    attribute,
    capture,
    columns,
    join_columns,
    moments,
    numbers,
    scan_tracks,
)

Columns = tuple[
    list[bytes],  # latitudes as written (read when the ground is walked: `gpx.Points`)
    list[bytes],  # longitudes as written
    list[dt.datetime | None],  # times
    list[float | None],  # elevations
    list[float],  # heart rates
]

_READ = rb"ele|time|hr|heartrate|trkpt|trkseg|trk|rtept|metadata|gpx|extensions"


@functools.lru_cache(maxsize=32)
def _points_pattern(declared: frozenset[bytes], lon_first: bool) -> re.Pattern[bytes]:
    """A point, or any other character that is not whitespace (`stray`, which fails the
    body). Named groups: `lat`, `lon`, `ele`, `time`, `rate`; the others are element
    names for back-references."""
    grammar = Grammar(declared, _READ)
    prefix = grammar.prefix

    def rate(group: str) -> bytes:
        name = group.encode() + b"_tag"  # the end tag names the start tag, prefix and all
        return (
            rb"<(?P<"
            + name
            + rb">"
            + prefix
            + rb"(?:hr|heartrate))>"
            + capture(group, NUMBER)
            + rb"</(?P="
            + name
            + rb")"
            + WS
            + rb">"
            + WS
        )

    def others() -> bytes:
        return rb"(?:" + grammar.leaf() + rb"|" + grammar.container() + rb")*+"

    # The heart rate in a container (`gpxtpx:TrackPointExtension`) or straight inside
    # (`gpxdata:hr`, Movescount); one at most.
    extensions = (
        rb"<extensions>"
        + WS
        + others()
        + rb"(?:(?:"
        + grammar.container(rate("rate"))
        + rb"|"
        + rate("rate2")
        + rb")"
        + others()
        + rb")?</extensions>"
        + WS
    )
    point = (
        _start(lon_first)
        + rb"(?:/>|>"
        + WS
        + rb"(?:<ele>"
        + capture("ele", NUMBER)
        + rb"</ele>"
        + WS
        + rb")?"
        + rb"(?:<time>"
        + capture("time", TIME)
        + rb"</time>"
        + WS
        + rb")?"
        + rb"(?:"
        + grammar.leaf()
        + rb")*+(?:"
        + extensions
        + rb")?</trkpt"
        + WS
        + rb">)"
    )
    return re.compile(point + rb"|" + capture("stray", rb"[^ \t\r\n]"))


def _start(lon_first: bool) -> bytes:
    """`<trkpt lat="…" lon="…"` (or `lon` first), the coordinates captured."""
    lat, lon = attribute(b"lat", "lat"), attribute(b"lon", "lon")
    return rb"<trkpt" + (lon + lat if lon_first else lat + lon) + WS


_GROUPS = {b"ele": "ele", b"time": "time", b"hr": "rate", b"heartrate": "rate"}


def _group_for(path: tuple[bytes, ...]) -> str | None:
    return _GROUPS.get(path[-1])


def scan(data: bytes) -> tuple[bytes, list[Columns]] | None:
    """(skeleton, each segment's points) when the fast path can read the file, else None."""
    return scan_tracks(data, b"trkseg", _points)


def _points(body: bytes, declared: frozenset[bytes]) -> Columns:
    """The points of one `<trkseg>` body, a slice at a time; raises `NotScannable` for
    anything else in it."""
    return join_columns([_piece(piece, declared) for piece in slices(body, b"<trkpt")])


def _piece(body: bytes, declared: frozenset[bytes]) -> Columns:
    first = body.find(b"<trkpt")
    if first < 0:
        if body.strip(b" \t\r\n"):
            raise NotScannable("a segment holds something besides points")
        return [], [], [], [], []
    lon_first = body[first + 6 : first + 64].lstrip().startswith(b"lon")
    grammar = _points_pattern(declared, lon_first)
    runs = read_rows(body, b"<trkpt", grammar, _start(lon_first), _group_for)
    lats, lons, eles, times, rates, more = columns(
        runs, "lat", "lon", "ele", "time", "rate", "rate2"
    )
    if any(run.named("rate2") for run in runs):
        rates = [first or second for first, second in zip(rates, more, strict=True)]
    heart_rates = numbers(list(filter(None, rates)))
    if None in heart_rates:  # a blank text
        heart_rates = [bpm for bpm in heart_rates if bpm is not None]
    return (
        lats,
        lons,
        moments(times),
        numbers(eles),
        cast(list[float], heart_rates),
    )
