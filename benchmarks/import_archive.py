"""Time and peak memory of importing a large Strava-style export built from the corpus.

    .venv/bin/python benchmarks/import_archive.py [ACTIVITIES]

Builds `ACTIVITIES` (default 3,000) GPX/TCX activity files, each a corpus file
with its timestamps moved to a different day, into one zip in a temporary
folder, imports it into a fresh SQLite database and prints files per second,
MB per second and the peak resident memory of the parent and of the largest worker.
"""

from __future__ import annotations

import datetime as dt
import gzip
import random
import re
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from heelraise.app.imports import import_paths

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SOURCES = [
    "goldencheetah/test__runs__10kUNLP2014-Garmin15.tcx",
    "goldencheetah/test__swims__OWswim.tcx",
    "goldencheetah/test__rides__Move_2014_01_16_19_48_44.gpx",
    "goldencheetah/test__rides__UrbanBiker2019-04-18_16-12.gpx",
    "gpxpy/test_files__korita-zbevnica.gpx",
    "tcxreader/tcxreader__tests__data__cross-country-skiing_activity_1.tcx",
]
STAMP = re.compile(rb"(\d{4}-\d{2}-\d{2})T")


def _shift(data: bytes, days: int) -> bytes:
    def move(match: re.Match[bytes]) -> bytes:
        day = dt.date.fromisoformat(match.group(1).decode()) + dt.timedelta(days=days)
        return day.isoformat().encode() + b"T"

    return STAMP.sub(move, data)


def build(target: Path, count: int) -> int:
    """Write the archive; return its uncompressed activity bytes."""
    originals = [(name, (CORPUS / name).read_bytes()) for name in SOURCES]
    total = 0
    rows = ["Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Filename"]
    rng = random.Random(7)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for index in range(count):
            name, data = rng.choice(originals)
            shifted = _shift(data, index + 1)
            suffix = ".tcx.gz" if name.endswith(".tcx") else ".gpx"
            member = f"activities/{index}{suffix}"
            packed = gzip.compress(shifted, 1) if suffix.endswith("gz") else shifted
            archive.writestr(member, packed)
            rows.append(f"{index},2000-01-01 00:00:00,Copy {index},Run,3600,{member}")
            total += len(shifted)
        archive.writestr("activities.csv", "\n".join(rows) + "\n")
    return total


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "export_1.zip"
        raw = build(archive, count)
        db = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        started = time.perf_counter()
        report = import_paths([archive], db)
        seconds = time.perf_counter() - started
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{count} files, {raw / 1e6:.0f} MB uncompressed, {seconds:.1f} s")
    print(f"{count / seconds:.0f} files/s, {raw / 1e6 / seconds:.1f} MB/s")
    skipped = len(report.skipped)
    print(f"imported {report.imported}, duplicates {report.duplicates}, skipped {skipped}")
    # Workers are forkserver children, invisible to RUSAGE_CHILDREN; watch them with `top`.
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS of the parent: {parent:.0f} MB; largest worker process: {children:.0f} MB")


if __name__ == "__main__":
    main()
