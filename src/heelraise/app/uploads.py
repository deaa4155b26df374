"""Use case: import files uploaded through the web (the training page and the API).

Each upload is written under a numbered name in a temporary folder (two uploads
may share a name) and the folder is imported (`app/imports.py`). The report is
given back in the person's terms: each skipped file by the name they chose,
never the folder or the number; a file no reader claims (a `.txt`) is reported
as skipped, not passed over in silence; and every reason has its words for a
page (`UploadReport.lines`), as well as the reader's own for the API.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from heelraise.app.imports import import_paths
from heelraise.knowledge.importing import DecompressionLimits
from heelraise.training.readers import default_registry

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
READABLE = "a .fit, .gpx, .tcx or .csv file, or a Garmin or Strava export .zip"
# Readers' reasons as a person reads them (the start of the reason → words).
REASON_WORDS = (
    ("empty file", "the file is empty"),
    ("not well-formed XML", "the file is damaged or cut short (its XML cannot be read)"),
    (
        "a CSV without a known header",
        "heelraise cannot tell what the columns of this CSV are: it reads a Strava "
        "activities.csv, or one whose first line names the date, sport, distance in km "
        "and duration in minutes",
    ),
    ("not a FIT file", "the file is damaged, or not a FIT file after all"),
    ("unreadable FIT data", "the FIT file is damaged"),
    ("not a readable zip archive", "the zip file is damaged or not complete"),
)


@dataclass(frozen=True, slots=True)
class SkippedUpload:
    """A file (or a file inside an export) that was not imported."""

    name: str  # as the person knows it: their file's name, and the path inside an export
    reason: str  # the reader's own words (the API gives these)
    words: str  # the reason for a page


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A value dropped from an imported activity as implausible (the activity was kept)."""

    name: str  # the file as the person knows it
    field: str
    reason: str


@dataclass(frozen=True, slots=True)
class UploadReport:
    imported: int
    duplicates: int
    skipped: list[SkippedUpload] = field(default_factory=list)
    not_activity_files: list[str] = field(default_factory=list)  # names no reader claims
    left_out: list[LeftOut] = field(default_factory=list)
    limits: DecompressionLimits | None = None  # the decompression limits the import ran under

    @property
    def headline(self) -> str:
        """What the upload did, in one sentence."""
        files = self.not_activity_files
        if self.imported == 0 and self.duplicates == 0 and not self.skipped and len(files) == 1:
            return (
                "That file is not an activity file heelraise can read: "
                f"{_suffix(files[0])}. Try {READABLE}."
            )
        there = f"{_activities(self.duplicates)} {_was(self.duplicates)} already there."
        if not self.imported:
            return f"Nothing new: {there}" if self.duplicates else "Nothing was imported."
        words = f"Imported {_activities(self.imported)}."
        return f"{words} {there[:1].upper()}{there[1:]}" if self.duplicates else words

    @property
    def lines(self) -> list[str]:
        """One line per file not imported, naming it and saying why."""
        shown = [f"{item.name}: {item.words}." for item in self.skipped]
        if self.not_activity_files and not self.headline.startswith("That file"):
            shown += [
                f"{name}: not an activity file heelraise can read ({_suffix(name)})."
                for name in self.not_activity_files
            ]
            shown.append(f"heelraise reads {READABLE}.")
        return shown


def safe_upload_name(filename: str | None) -> str:
    """A browser-given file name reduced to safe characters (never a path)."""
    base = _UNSAFE_NAME.sub("_", Path(filename or "upload").name).lstrip(".")
    return base or "upload"


def import_uploads(
    db_url: str | None, person: str, uploads: Iterable[tuple[str | None, BinaryIO]]
) -> UploadReport:
    """Import the uploaded files (name as the browser gave it, and its bytes) for `person`."""
    registry = default_registry()
    with tempfile.TemporaryDirectory(prefix="heelraise-upload-") as folder:
        root = Path(folder)
        names: dict[str, str] = {}
        unclaimed: list[str] = []
        for index, (filename, stream) in enumerate(uploads):
            name = safe_upload_name(filename)
            stored = f"{index:04d}-{name}"
            names[stored] = name
            with (root / stored).open("wb") as out:
                shutil.copyfileobj(stream, out, length=1024 * 1024)
            if Path(name).suffix.lower() != ".zip" and not registry.claims_name(name):
                unclaimed.append(name)
        report = import_paths([root], db_url, person)
    prefix = str(root) + "/"

    def known_as(source: str) -> str:
        """The person's name for a stored file, and the member inside it (`zip!member`
        or a folder path) if any."""
        relative = source.replace(prefix, "", 1)
        cut = min((i for i in (relative.find("/"), relative.find("!")) if i >= 0), default=-1)
        stored, inside = (relative, "") if cut < 0 else (relative[:cut], relative[cut + 1 :])
        name = names.get(stored, stored)
        return f"{name}, {inside}" if inside else name

    skipped = [
        SkippedUpload(known_as(item.source), item.reason, reason_words(item.reason))
        for item in report.skipped
    ]
    left_out = [LeftOut(known_as(e.source), e.field, e.reason) for e in report.left_out]
    return UploadReport(
        report.imported, report.duplicates, skipped, unclaimed, left_out, report.limits
    )


def reason_words(reason: str) -> str:
    """A reader's reason for skipping a file, as a person reads it."""
    for start, words in REASON_WORDS:
        if reason.startswith(start):
            return words
    return reason


def _suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return suffix or "a file with no type in its name"


def _activities(count: int) -> str:
    return f"{count} activit{'y' if count == 1 else 'ies'}"


def _was(count: int) -> str:
    return "was" if count == 1 else "were"
