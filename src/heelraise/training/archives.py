"""Zip archives of activities: Garmin Connect and Strava exports, or any zip.

The archive is streamed member by member, never held decompressed in memory:
`iter_archive` yields `Member`s (bytes of one activity file to parse),
`Parsed` (summaries ready, e.g. Strava manual activities from the CSV alone)
and `Skip`s (a member or archive not read, with a one-line reason).

- Garmin (`DI_CONNECT/...`): activity files in nested zips under
  `DI-Connect-Uploaded-Files/` (older: `DI-Connect-Fitness-Uploaded-Files/`).
  Nested zips are spooled to an anonymous temporary file, then opened.
- Strava (`activities.csv` at the top): files under `activities/` joined to
  the CSV through its `Filename` column; the CSV's name, type and gear win.
- Anything else: every member a reader claims, and zips inside (depth-limited).

Sources read `archive.zip!inner/path` and `outer.zip!inner.zip!member.fit`.
"""

from __future__ import annotations

import dataclasses
import posixpath
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from heelraise.errors import ImportFailed
from heelraise.training.activity import ActivitySummary
from heelraise.training.sports import ON_FOOT
from heelraise.training.strava_csv import StravaRow, looks_like_strava_csv, read_strava_rows

ZIP_MAGIC = b"PK\x03\x04"
GARMIN_UPLOAD_FOLDERS = (
    "DI_CONNECT/DI-Connect-Uploaded-Files/",
    "DI_CONNECT/DI-Connect-Fitness-Uploaded-Files/",
)
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
class _Budget:
    """Bytes decompressed so far from one top-level archive."""

    limits: ArchiveLimits
    used: int = 0


def is_zip(data_head: bytes) -> bool:
    """True for bytes that start like a zip archive."""
    return data_head[:4] == ZIP_MAGIC


def unsafe_name(name: str) -> bool:
    """Absolute paths, drive letters and `..` components are refused."""
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return True
    return ".." in name.replace("\\", "/").split("/")


def iter_archive(
    path: Path, claims: Claims, limits: ArchiveLimits | None = None
) -> Iterator[ArchiveItem]:
    """Stream an archive's activities; see the module docstring."""
    budget = _Budget(limits or ArchiveLimits())
    try:
        with zipfile.ZipFile(path) as archive:
            yield from _iter_zip(archive, str(path), claims, budget, depth=0)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        yield Skip(str(path), f"not a readable zip archive ({_first_line(error)})")


def _first_line(error: BaseException) -> str:
    text = str(error).splitlines()
    return text[0] if text else type(error).__name__


def _iter_zip(
    archive: zipfile.ZipFile, source: str, claims: Claims, budget: _Budget, depth: int
) -> Iterator[ArchiveItem]:
    infos = [info for info in archive.infolist() if not info.is_dir()]
    if len(infos) > budget.limits.max_entries:
        yield Skip(source, f"has {len(infos)} entries, more than {budget.limits.max_entries}")
        return
    names = {info.filename for info in infos}
    if any(name.startswith("DI_CONNECT/") for name in names):
        yield from _garmin(archive, infos, source, claims, budget, depth)
    elif "activities.csv" in names:
        yield from _strava(archive, infos, source, claims, budget, depth)
    else:
        yield from _generic(archive, infos, source, claims, budget, depth)


def _generic(
    archive: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    source: str,
    claims: Claims,
    budget: _Budget,
    depth: int,
) -> Iterator[ArchiveItem]:
    for info in infos:
        name = info.filename
        if name.lower().endswith(".zip"):
            yield from _nested(archive, info, source, claims, budget, depth)
        elif claims(name) or unsafe_name(name):
            yield from _member(archive, info, source, budget)


def _garmin(
    archive: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    source: str,
    claims: Claims,
    budget: _Budget,
    depth: int,
) -> Iterator[ArchiveItem]:
    for info in infos:
        name = info.filename
        if unsafe_name(name):
            yield from _member(archive, info, source, budget)
        elif name.startswith(GARMIN_UPLOAD_FOLDERS):
            if name.lower().endswith(".zip"):
                yield from _nested(archive, info, source, claims, budget, depth)
            elif claims(name):
                yield from _member(archive, info, source, budget)


def _strava(
    archive: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    source: str,
    claims: Claims,
    budget: _Budget,
    depth: int,
) -> Iterator[ArchiveItem]:
    csv_info = next(info for info in infos if info.filename == "activities.csv")
    rows: list[StravaRow] = []
    for item in _member(archive, csv_info, source, budget):
        if isinstance(item, Skip):
            yield item
        elif isinstance(item, Member):
            try:
                rows = read_strava_rows(item.data, item.source)
            except ImportFailed as error:
                yield Skip(error.source, error.reason)
    by_file = {posixpath.normpath(row.filename): row for row in rows if row.filename}
    present: set[str] = set()
    for info in infos:
        name = info.filename
        if unsafe_name(name):
            yield from _member(archive, info, source, budget)
        elif name.startswith("activities/") and claims(name):
            row = by_file.get(posixpath.normpath(name))
            present.add(posixpath.normpath(name))
            for item in _member(archive, info, source, budget):
                if isinstance(item, Member) and row is not None:
                    item = dataclasses.replace(item, overlay=_overlay(row))
                yield item
    for row in rows:
        if row.filename is None or posixpath.normpath(row.filename) not in present:
            yield Parsed(row.summary.source, [row.summary])


def is_strava_folder(folder: Path) -> bool:
    """True for an unzipped Strava export (a Strava `activities.csv` at the top)."""
    csv_path = folder / "activities.csv"
    if not csv_path.is_file():
        return False
    with csv_path.open("rb") as handle:
        return looks_like_strava_csv(handle.read(4096))


def iter_strava_folder(
    folder: Path, claims: Claims, limits: ArchiveLimits | None = None
) -> Iterator[ArchiveItem]:
    """An unzipped Strava export, joined through `Filename` like the zip."""
    limit = (limits or ArchiveLimits()).max_member_bytes
    csv_path = folder / "activities.csv"
    rows: list[StravaRow] = []
    try:
        rows = read_strava_rows(csv_path.read_bytes(), str(csv_path))
    except ImportFailed as error:
        yield Skip(error.source, error.reason)
    by_file = {posixpath.normpath(row.filename): row for row in rows if row.filename}
    present: set[str] = set()
    files = folder / "activities"
    for path in sorted(files.rglob("*")) if files.is_dir() else []:
        relative = path.relative_to(folder).as_posix()
        if not path.is_file() or not claims(path.name):
            continue
        present.add(relative)
        if path.stat().st_size > limit:
            yield Skip(str(path), f"is larger than {limit // 1024**2} MB")
            continue
        row = by_file.get(relative)
        yield Member(str(path), path.read_bytes(), _overlay(row) if row else None)
    for row in rows:
        if row.filename is None or posixpath.normpath(row.filename) not in present:
            yield Parsed(row.summary.source, [row.summary])


def _overlay(row: StravaRow) -> Overlay:
    summary = row.summary
    return Overlay(
        name=summary.name,
        sport=summary.sport,
        sub_sport=summary.sub_sport,
        surface=summary.surface,
        shoe=summary.shoe,
    )


def _check(info: zipfile.ZipInfo, source: str, budget: _Budget) -> Skip | None:
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


def _read_bounded(handle: IO[bytes], limit: int, sink: IO[bytes] | None = None) -> bytes | int:
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


_CORRUPT = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError)


def _member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, budget: _Budget
) -> Iterator[Member | Skip]:
    where = f"{source}!{info.filename}"
    problem = _check(info, source, budget)
    if problem is not None:
        yield problem
        return
    limit = min(budget.limits.max_member_bytes, budget.limits.max_total_bytes - budget.used)
    try:
        with archive.open(info) as handle:
            data = _read_bounded(handle, limit)
    except ValueError as error:
        yield Skip(where, str(error))
        return
    except _CORRUPT as error:
        yield Skip(where, f"corrupt archive member ({_first_line(error)})")
        return
    assert isinstance(data, bytes)
    budget.used += len(data)
    yield Member(where, data)


def _nested(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    source: str,
    claims: Claims,
    budget: _Budget,
    depth: int,
) -> Iterator[ArchiveItem]:
    where = f"{source}!{info.filename}"
    if depth + 1 > budget.limits.max_depth:
        yield Skip(where, f"archive nested deeper than {budget.limits.max_depth} levels; not read")
        return
    if unsafe_name(info.filename):
        yield Skip(where, "unsafe member name (absolute or '..' path), not read")
        return
    limit = budget.limits.max_total_bytes - budget.used
    with tempfile.TemporaryFile(prefix="heelraise-") as spool:
        try:
            with archive.open(info) as handle:
                copied = _read_bounded(handle, limit, spool)
        except ValueError as error:
            yield Skip(where, str(error))
            return
        except _CORRUPT as error:
            yield Skip(where, f"corrupt archive member ({_first_line(error)})")
            return
        assert isinstance(copied, int)
        budget.used += copied
        spool.seek(0)
        try:
            with zipfile.ZipFile(spool) as inner:
                yield from _iter_zip(inner, where, claims, budget, depth + 1)
        except (zipfile.BadZipFile, EOFError) as error:
            yield Skip(where, f"not a readable zip archive ({_first_line(error)})")


__all__ = [
    "ArchiveItem",
    "ArchiveLimits",
    "Member",
    "Overlay",
    "Parsed",
    "Skip",
    "is_zip",
    "iter_archive",
]
