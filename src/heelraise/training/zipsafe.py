"""Safe reading of zip members: limits, name checks, bounded reads, item types.

These are safety limits, not clinical thresholds: they stop zip bombs and
hostile archives from exhausting memory or disk while leaving real exports
untouched.
"""

from __future__ import annotations

import dataclasses
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import IO

from heelraise.training.activity import ActivitySummary
from heelraise.training.sports import ON_FOOT

_COPY_CHUNK = 1024 * 1024


@dataclasses.dataclass(frozen=True, slots=True)
class ArchiveLimits:
    """Safety limits for opening zip archives: protection, not clinical thresholds.

    They stop zip bombs and hostile archives from exhausting memory or disk while
    leaving real exports (a decade of Garmin uploads is a few GB) untouched.
    """

    max_total_bytes: int = 32 * 1024**3  # uncompressed bytes read from one archive, nested incl.
    max_member_bytes: int = 256 * 1024**2  # one activity file, uncompressed
    max_entries: int = 200_000  # members in one (possibly nested) archive
    max_ratio: float = 200.0  # uncompressed ÷ compressed size of one member
    ratio_floor_bytes: int = 1024**2  # members smaller than this skip the ratio check
    max_depth: int = 2  # zips inside zips inside the archive


@dataclasses.dataclass(frozen=True, slots=True)
class Overlay:
    """What a Strava CSV row says about a file: it overrides the file's own view."""

    name: str | None
    sport: str
    sub_sport: str | None
    surface: str | None
    shoe: str | None

    def apply(self, summary: ActivitySummary) -> ActivitySummary:
        """The summary with the CSV's name, sport and shoe where the CSV has them."""
        shoe = self.shoe if self.sport in ON_FOOT else None
        sport_known = self.sport != "other"
        return dataclasses.replace(
            summary,
            name=self.name or summary.name,
            sport=self.sport if sport_known else summary.sport,
            sub_sport=self.sub_sport if sport_known else summary.sub_sport,
            surface=self.surface or summary.surface,
            shoe=shoe or summary.shoe,
        )


@dataclasses.dataclass(frozen=True, slots=True)
class Member:
    """One activity file from an archive, to be parsed."""

    source: str
    data: bytes
    overlay: Overlay | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Parsed:
    """Summaries that need no parsing (a Strava CSV row without a file)."""

    source: str
    summaries: list[ActivitySummary]


@dataclasses.dataclass(frozen=True, slots=True)
class Skip:
    """Something in an archive that was not read, and why; `bad` when it was broken."""

    source: str
    reason: str
    bad: bool = True


ArchiveItem = Member | Parsed | Skip
Claims = Callable[[str], bool]


@dataclasses.dataclass
class Budget:
    """Bytes decompressed so far from one top-level archive."""

    limits: ArchiveLimits
    used: int = 0


def unsafe_name(name: str) -> bool:
    """Absolute paths, drive letters and `..` components are refused."""
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return True
    return ".." in name.replace("\\", "/").split("/")


def first_line(error: BaseException) -> str:
    """The first line of an error message (messages stay one line)."""
    text = str(error).splitlines()
    return text[0] if text else type(error).__name__


def check_member(info: zipfile.ZipInfo, source: str, budget: Budget) -> Skip | None:
    """Why a member must not be read (name, encryption, size, ratio, budget), or None."""
    limits = budget.limits
    where = f"{source}!{info.filename}"
    if unsafe_name(info.filename):
        return Skip(where, "unsafe member name (absolute or '..' path), not read")
    if info.flag_bits & 0x1:
        return Skip(where, "is encrypted")
    if info.file_size > limits.max_member_bytes:
        return Skip(where, f"is larger than {limits.max_member_bytes // 1024**2} MB uncompressed")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size >= limits.ratio_floor_bytes and ratio > limits.max_ratio:
        return Skip(where, f"compresses {ratio:.0f}:1, which looks like a zip bomb; not read")
    if budget.used + info.file_size > limits.max_total_bytes:
        return Skip(where, f"archive exceeds {limits.max_total_bytes // 1024**3} GB uncompressed")
    return None


def read_bounded(handle: IO[bytes], limit: int, sink: IO[bytes] | None = None) -> bytes | int:
    """Read at most `limit` bytes; return the bytes, or the count copied into `sink`."""
    if sink is None:
        data = handle.read(limit + 1)
        if len(data) > limit:
            raise ValueError(f"holds more than {limit // 1024**2} MB, more than declared")
        return data
    copied = 0
    while chunk := handle.read(_COPY_CHUNK):
        copied += len(chunk)
        if copied > limit:
            raise ValueError(f"holds more than {limit // 1024**2} MB, more than declared")
        sink.write(chunk)
    return copied


CORRUPT = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError)


def read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, budget: Budget
) -> Iterator[Member | Skip]:
    """Read one member within the limits: the `Member`, or a `Skip` saying why not."""
    where = f"{source}!{info.filename}"
    problem = check_member(info, source, budget)
    if problem is not None:
        yield problem
        return
    limit = min(budget.limits.max_member_bytes, budget.limits.max_total_bytes - budget.used)
    try:
        with archive.open(info) as handle:
            data = read_bounded(handle, limit)
    except ValueError as error:
        yield Skip(where, str(error))
        return
    except CORRUPT as error:
        yield Skip(where, f"corrupt archive member ({first_line(error)})")
        return
    assert isinstance(data, bytes)
    budget.used += len(data)
    yield Member(where, data)
