"""Strava bulk exports, zipped or unzipped: activity files joined to `activities.csv`.

Files under `activities/` are joined to CSV rows through the `Filename` column;
the CSV's name, type and gear override the file's own. Rows without a file
(manual activities) become summaries from the CSV row alone.
"""

from __future__ import annotations

import dataclasses
import posixpath
import zipfile
from collections.abc import Iterator
from pathlib import Path

from heelraise.errors import ImportFailed
from heelraise.training import inflate
from heelraise.training.inflate import Budget
from heelraise.training.strava_csv import StravaRow, looks_like_strava_csv, read_strava_rows
from heelraise.training.zipsafe import (
    ArchiveItem,
    Claims,
    Member,
    Overlay,
    Parsed,
    Skip,
    read_member,
    unsafe_name,
)


def iter_strava_zip(
    archive: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    source: str,
    claims: Claims,
    budget: Budget,
    depth: int = 0,
) -> Iterator[ArchiveItem]:
    """The activities of a zipped Strava export (`activities.csv` at the top)."""
    csv_info = next(info for info in infos if info.filename == "activities.csv")
    rows: list[StravaRow] = []
    for item in read_member(archive, csv_info, source, budget, depth):
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
            yield from read_member(archive, info, source, budget, depth)
        elif name.startswith("activities/") and claims(name):
            row = by_file.get(posixpath.normpath(name))
            present.add(posixpath.normpath(name))
            for item in read_member(archive, info, source, budget, depth):
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
    folder: Path, claims: Claims, budget: Budget | None = None
) -> Iterator[ArchiveItem]:
    """An unzipped Strava export, joined through `Filename` like the zip; every file read
    within the budget (gzip layers taken off)."""
    budget = budget or Budget.default()
    csv_path = folder / "activities.csv"
    rows: list[StravaRow] = []
    try:
        rows = read_strava_rows(inflate.read_file(csv_path, str(csv_path), budget), str(csv_path))
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
        try:
            data = inflate.read_file(path, str(path), budget)
        except ImportFailed as error:
            yield Skip(error.source, error.reason)
            continue
        row = by_file.get(relative)
        yield Member(str(path), data, _overlay(row) if row else None)
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
