"""Zip archives of activities: Garmin Connect and Strava exports, or any zip.

The archive is streamed member by member, never held decompressed in memory:
`iter_archive` yields `Member`s (bytes of one activity file to parse),
`Parsed` (summaries ready, e.g. Strava manual activities from the CSV alone)
and `Skip`s (a member or archive not read, with a one-line reason).

- Garmin (`DI_CONNECT/...`): activity files in nested zips under
  `DI-Connect-Uploaded-Files/` (older: `DI-Connect-Fitness-Uploaded-Files/`).
  Nested zips are spooled to an anonymous temporary file, then opened. The
  activity list (`DI-Connect-Fitness/*_summarizedActivities.json`, perhaps
  split) comes out as `Listed` items: the import stores the listed
  activities that no uploaded file holds (`training.garmin_listing`).

Every byte comes through `training.inflate` and counts against one `Budget`
(members by any method, nested zips and the gzip inside them alike; entries of
nested archives count with the archive's own).
- Strava (`activities.csv` at the top): files under `activities/` joined to
  the CSV through its `Filename` column; the CSV's name, type and gear win.
- Anything else: every member a reader claims, and zips inside (depth-limited).

Sources read `archive.zip!inner/path` and `outer.zip!inner.zip!member.fit`.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from heelraise.errors import ImportFailed
from heelraise.training import inflate
from heelraise.training.garmin_listing import is_listing, read_listing
from heelraise.training.inflate import Budget
from heelraise.training.strava_export import (
    is_strava_folder,
    iter_strava_folder,
    iter_strava_zip,
)
from heelraise.training.zipsafe import (
    ArchiveItem,
    Claims,
    Listed,
    Member,
    Overlay,
    Parsed,
    Skip,
    first_line,
    read_member,
    unsafe_name,
)

ZIP_MAGIC = b"PK\x03\x04"
GARMIN_UPLOAD_FOLDERS = (
    "DI_CONNECT/DI-Connect-Uploaded-Files/",
    "DI_CONNECT/DI-Connect-Fitness-Uploaded-Files/",
)


def is_zip(data_head: bytes) -> bool:
    """True for bytes that start like a zip archive."""
    return data_head[:4] == ZIP_MAGIC


def iter_archive(path: Path, claims: Claims, budget: Budget | None = None) -> Iterator[ArchiveItem]:
    """Stream an archive's activities; see the module docstring."""
    budget = budget or Budget.default()
    try:
        with zipfile.ZipFile(path) as archive:
            yield from _iter_zip(archive, str(path), claims, budget, depth=0)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        yield Skip(str(path), f"not a readable zip archive ({first_line(error)})")


def _iter_zip(
    archive: zipfile.ZipFile, source: str, claims: Claims, budget: Budget, depth: int
) -> Iterator[ArchiveItem]:
    infos = [info for info in archive.infolist() if not info.is_dir()]
    budget.entries += len(infos)
    if budget.entries > budget.limits.max_entries:
        limit = budget.limits.max_entries
        yield Skip(source, f"has {len(infos):,} entries, more than {limit:,} in all; not read")
        return
    names = {info.filename for info in infos}
    if any(name.startswith("DI_CONNECT/") for name in names):
        yield from _garmin(archive, infos, source, claims, budget, depth)
    elif "activities.csv" in names:
        yield from iter_strava_zip(archive, infos, source, claims, budget, depth)
    else:
        yield from _generic(archive, infos, source, claims, budget, depth)


def _generic(
    archive: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    source: str,
    claims: Claims,
    budget: Budget,
    depth: int,
) -> Iterator[ArchiveItem]:
    for info in infos:
        name = info.filename
        if name.lower().endswith(".zip"):
            yield from _nested(archive, info, source, claims, budget, depth)
        elif claims(name) or unsafe_name(name):
            yield from read_member(archive, info, source, budget, depth)


def _garmin(
    archive: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    source: str,
    claims: Claims,
    budget: Budget,
    depth: int,
) -> Iterator[ArchiveItem]:
    for info in infos:
        name = info.filename
        if unsafe_name(name):
            yield from read_member(archive, info, source, budget, depth)
        elif is_listing(name):
            yield from _listing(archive, info, source, budget, depth)
        elif name.startswith(GARMIN_UPLOAD_FOLDERS):
            if name.lower().endswith(".zip"):
                yield from _nested(archive, info, source, claims, budget, depth)
            elif claims(name):
                yield from read_member(archive, info, source, budget, depth)


def _listing(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, budget: Budget, depth: int
) -> Iterator[ArchiveItem]:
    """Garmin's activity list, read within the budget."""
    for item in read_member(archive, info, source, budget, depth):
        if isinstance(item, Member):
            try:
                yield Listed(item.source, read_listing(item.data, item.source))
            except ImportFailed as error:
                yield Skip(error.source, error.reason)
        else:
            yield item


def iter_garmin_folder_listings(
    folder: Path, budget: Budget | None = None
) -> Iterator[ArchiveItem]:
    """The activity list files of an unzipped Garmin export (`DI_CONNECT/…` in `folder`)."""
    budget = budget or Budget.default()
    for path in sorted((folder / "DI_CONNECT").rglob("*summarizedActivities.json")):
        try:
            data = inflate.read_file(path, str(path), budget)
            yield Listed(str(path), read_listing(data, str(path)))
        except ImportFailed as error:
            yield Skip(error.source, error.reason)


def _nested(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    source: str,
    claims: Claims,
    budget: Budget,
    depth: int,
) -> Iterator[ArchiveItem]:
    """Spool a zip inside the archive to a temporary file (counted as temporary disk,
    with the same ratio and total limits as any member), then read it in turn."""
    where = f"{source}!{info.filename}"
    if depth + 1 > budget.limits.max_depth:
        yield Skip(where, f"archive nested deeper than {budget.limits.max_depth} levels; not read")
        return
    if unsafe_name(info.filename):
        yield Skip(where, "unsafe member name (absolute or '..' path), not read")
        return
    if info.flag_bits & 0x1:
        yield Skip(where, "is encrypted")
        return
    with tempfile.TemporaryFile(prefix="heelraise-") as spool:
        try:
            written = inflate.spool_member(archive, info, where, budget, spool)
        except ImportFailed as error:
            yield Skip(where, error.reason)
            return
        try:
            spool.seek(0)
            with zipfile.ZipFile(spool) as inner:
                yield from _iter_zip(inner, where, claims, budget, depth + 1)
        except (zipfile.BadZipFile, EOFError) as error:
            yield Skip(where, f"not a readable zip archive ({first_line(error)})")
        finally:
            budget.release_temp(written)


__all__ = [
    "ArchiveItem",
    "Budget",
    "Listed",
    "Member",
    "Overlay",
    "Parsed",
    "Skip",
    "is_strava_folder",
    "is_zip",
    "iter_archive",
    "iter_garmin_folder_listings",
    "iter_strava_folder",
    "unsafe_name",
]
