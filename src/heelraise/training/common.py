"""Helpers shared by the activity readers: hashing, gzip, geometry, elevation, time."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import math
from collections.abc import Iterable

from heelraise.knowledge.importing import import_rules
from heelraise.training.elevation import AltitudeSample, track_gain

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
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def track_climb(samples: Iterable[AltitudeSample]) -> float | None:
    """Total climb in metres under the shared rule (`training.elevation.track_gain`) with
    `[elevation]` from inference.toml; None when no altitude is plausible (or none given)."""
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
