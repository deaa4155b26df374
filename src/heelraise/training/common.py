"""Helpers shared by the activity readers: hashing, gzip, geometry, elevation, time."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import math
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, repeat
from math import hypot
from operator import add, mul, sub, truediv
from typing import cast

from heelraise.knowledge.importing import import_rules
from heelraise.training.elevation import Altitudes, AltitudeSample, track_gain, track_gain_of

GZIP_MAGIC = b"\x1f\x8b"
EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG), metres


def content_hash(data: bytes) -> str:
    """sha256 hex of a file's (decompressed) bytes: the identity of an imported file."""
    return hashlib.sha256(data).hexdigest()


def part_hash(file_hash: str, index: int, count: int) -> str:
    """The hash of one activity out of `count` in a file (legs of a multisport file)."""
    if count == 1:
        return file_hash
    return hashlib.sha256(f"{file_hash}#{index}".encode()).hexdigest()


def is_gzip(data: bytes) -> bool:
    """True for gzip-compressed bytes."""
    return data[:2] == GZIP_MAGIC


def strip_gz(name: str) -> str:
    """`run.gpx.gz` → `run.gpx`; other names unchanged."""
    return name[:-3] if name.lower().endswith(".gz") else name


def gzip_bytes(data: bytes) -> bytes:
    """Compress bytes with gzip (deterministic mtime): used to build test archives."""
    return gzip.compress(data, mtime=0)


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two WGS84 points.

    The readers drop positions off the globe first (`plausibility.valid_position`);
    a point that still is not one (a latitude of 200, or inf: `math domain error`
    from `sin`) is a `ValueError` that says so, never a distance.
    """
    if not all(-180.0 <= value <= 180.0 for value in (lon1, lon2)) or not all(
        -90.0 <= value <= 90.0 for value in (lat1, lat2)
    ):
        raise ValueError(f"not a position: ({lat1}, {lon1}) to ({lat2}, {lon2})")
    p1 = math.radians(lat1)
    p2 = math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    half_dp, half_dl = math.sin(dp / 2), math.sin(dl / 2)
    a = half_dp * half_dp + math.cos(p1) * math.cos(p2) * (half_dl * half_dl)
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


_RADIANS_PER_DEGREE = math.pi / 180.0  # exactly the factor `math.radians` multiplies by
_DIAMETER_M = 2 * EARTH_RADIUS_M
_METRES_PER_DEGREE = EARTH_RADIUS_M * _RADIANS_PER_DEGREE
# Steps shorter than this in latitude and in longitude (about 1 km) are measured on
# the local flat earth (see `cumulative_metres`); a numerical choice, not a rule.
FLAT_STEP_DEGREES = 0.01


def cumulative_metres(
    lats: Sequence[float | None], lons: Sequence[float | None]
) -> list[float | None]:
    """The ground covered up to each point: the great-circle steps between consecutive
    positioned points, added up.

    A point without a position (None, or off the globe: `plausibility.valid_position`'s
    rule) gets None and is skipped. Each step is measured as `haversine_m` does, except
    when every step of the track is under `FLAT_STEP_DEGREES` in latitude and in
    longitude: then as on the local flat earth (the longitude scaled by the cosine of
    the mean latitude), which agrees with haversine to 1e-8 of a step or better,
    poles included, at half the cost. The steps run as a chain of `map`s over whole
    columns (both track readers and every path through them use this function).
    """
    count = len(lats)
    if count and None not in lats and None not in lons:
        whole_lats = cast(Sequence[float], lats)
        whole_lons = cast(Sequence[float], lons)
        if _on_the_globe(whole_lats, 90.0) and _on_the_globe(whole_lons, 180.0):
            return list(_walked(whole_lats, whole_lons))
    positioned = [
        index
        for index, (lat, lon) in enumerate(zip(lats, lons, strict=True))
        if lat is not None and lon is not None and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0
    ]
    out: list[float | None] = [None] * count
    walked = _walked(
        [cast(float, lats[index]) for index in positioned],
        [cast(float, lons[index]) for index in positioned],
    )
    for index, metres in zip(positioned, walked, strict=True):
        out[index] = metres
    return out


def _on_the_globe(values: Sequence[float], limit: float) -> bool:
    """Every value finite and within ±limit (a NaN makes the sum NaN)."""
    return math.isfinite(sum(values)) and -limit <= min(values) and max(values) <= limit


def path_metres(lats: Sequence[float | None], lons: Sequence[float | None]) -> float | None:
    """The length of a path every point of which has a position on the globe: the last
    of `cumulative_metres`, without the running totals; None when a point has none."""
    if None in lats or None in lons:
        return None
    whole_lats = cast(Sequence[float], lats)
    whole_lons = cast(Sequence[float], lons)
    if not (_on_the_globe(whole_lats, 90.0) and _on_the_globe(whole_lons, 180.0)):
        return None
    return sum(_steps(whole_lats, whole_lons)) if len(lats) > 1 else 0.0


def _walked(lats: Sequence[float], lons: Sequence[float]) -> Iterator[float]:
    """`cumulative_metres` for valid positions."""
    if len(lats) < 2:
        return iter([0.0] * len(lats))
    return accumulate(_steps(lats, lons), initial=0.0)


def _steps(lats: Sequence[float], lons: Sequence[float]) -> Iterator[float]:
    """The metres of each step between valid positions (two or more), column by column."""
    north = list(map(sub, lats[1:], lats))
    east = list(map(sub, lons[1:], lons))
    flat = FLAT_STEP_DEGREES
    if -flat <= min(north) and max(north) <= flat and -flat <= min(east) and max(east) <= flat:
        middles = map(mul, map(add, lats[1:], lats), repeat(_RADIANS_PER_DEGREE / 2))
        degrees = map(hypot, north, map(mul, east, map(math.cos, middles)))
        return map(mul, degrees, repeat(_METRES_PER_DEGREE))
    return _haversine_steps(lats, lons)


def _haversine_steps(lats: Sequence[float], lons: Sequence[float]) -> Iterator[float]:
    """`_steps` as `haversine_m` measures each, column by column: the same operations on
    the same values in the same order, so the same bits."""
    sin, cos, asin, sqrt = math.sin, math.cos, math.asin, math.sqrt
    phis = list(map(mul, lats, repeat(_RADIANS_PER_DEGREE)))
    cosines = list(map(cos, phis))
    half_dp = list(map(sin, map(truediv, map(sub, phis[1:], phis), repeat(2.0))))
    degrees = map(mul, map(sub, lons[1:], lons), repeat(_RADIANS_PER_DEGREE))
    half_dl = list(map(sin, map(truediv, degrees, repeat(2.0))))
    spread = map(mul, map(mul, cosines, cosines[1:]), map(mul, half_dl, half_dl))
    roots = list(map(sqrt, map(add, map(mul, half_dp, half_dp), spread)))
    if roots and max(roots) > 1.0:  # rounding can pass 1 on antipodal steps
        roots = [min(1.0, root) for root in roots]
    return map(mul, repeat(_DIAMETER_M), map(asin, roots))


def track_climb(samples: Iterable[AltitudeSample] | Altitudes) -> float | None:
    """Total climb in metres under the shared rule (`training.elevation.track_gain`) with
    `[elevation]` from inference.toml; None when no altitude is plausible (or none given).
    The samples one by one, or as columns."""
    if isinstance(samples, Altitudes):
        return track_gain_of(samples, import_rules().elevation)
    return track_gain(samples, import_rules().elevation)


def parse_iso_time(text: str) -> dt.datetime:
    """An ISO 8601 timestamp; naive times are taken as UTC. Raises ValueError."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


def local_name(tag: object) -> str:
    """`{namespace}Name` → `Name` (lxml tags); comments and PIs give ''."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]
