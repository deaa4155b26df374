"""Time and peak memory of importing large Strava- and Garmin-style exports.

    .venv/bin/python benchmarks/import_archive.py [ACTIVITIES] [--layout strava|garmin|both]

Builds each export in a temporary folder (default 3,000 activities, about
1.5 GB of activity data): GPX runs as Strava writes them and TCX runs as
Garmin Connect writes them (generated, each one different: tests/track_builders.py),
corpus GPX and TCX files with their timestamps moved to another day, and
every corpus FIT file once. Strava's layout: `activities/N.gpx`, `N.tcx.gz`,
`N.fit.gz` joined through `activities.csv`. Garmin's: the uploads in nested
part zips (`.fit`, `.gpx`, `.tcx`, named by upload id, with non-activity
FIT files among them) and the activity list (`summarizedActivities`).

Each export is imported in a fresh process (start-up included) into a fresh
SQLite database with the real `import_paths` (two worker processes). Printed: MB per second of
uncompressed activity data, files per second, the split of the time between
unzipping (reading members), parsing (summed over the processes) and storing,
and the peak resident memory of the whole process tree (this process, the
forkserver and the workers, sampled every 20 ms from /proc).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.track_builders import garmin_tcx, strava_gpx

from heelraise.app.imports import ImportReport, import_paths

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SHIFTED = [
    "goldencheetah/test__runs__10kUNLP2014-Garmin15.tcx",
    "goldencheetah/test__swims__OWswim.tcx",
    "goldencheetah/test__rides__Move_2014_01_16_19_48_44.gpx",
    "goldencheetah/test__rides__UrbanBiker2019-04-18_16-12.gpx",
    "gpxpy/test_files__korita-zbevnica.gpx",
    "tcxreader/tcxreader__tests__data__cross-country-skiing_activity_1.tcx",
]
STAMP = re.compile(rb"(\d{4}-\d{2}-\d{2})T")
NON_ACTIVITY = ["python-fitparse/tests__files__Settings.fit"]


def _shift(data: bytes, days: int) -> bytes:
    def move(match: re.Match[bytes]) -> bytes:
        day = dt.date.fromisoformat(match.group(1).decode()) + dt.timedelta(days=days)
        return day.isoformat().encode() + b"T"

    return STAMP.sub(move, data)


def activities(count: int) -> list[tuple[str, bytes]]:
    """(suffix, bytes) of `count` distinct activities: every corpus FIT once, then
    generated Strava GPX and Garmin TCX runs and shifted corpus files, mixed."""
    rng = random.Random(7)
    fits = sorted(
        path for path in CORPUS.rglob("*") if path.name.lower().endswith((".fit", ".fit.gz"))
    )
    found: list[tuple[str, bytes]] = []
    for path in fits[: count // 10]:
        data = path.read_bytes()
        found.append((".fit", gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data))
    originals = [(name, (CORPUS / name).read_bytes()) for name in SHIFTED]
    index = 0
    while len(found) < count:
        index += 1
        choice = rng.random()
        seconds = rng.randrange(900, 3600)
        if choice < 0.55:
            found.append((".gpx", strava_gpx(index, seconds, pauses=rng.randrange(3))[0]))
        elif choice < 0.85:
            found.append((".tcx", garmin_tcx(index, seconds, laps=rng.randrange(1, 8))[0]))
        else:
            name, data = rng.choice(originals)
            found.append((Path(name).suffix, _shift(data, -index)))  # earlier days: in the past
    return found


def strava_export(target: Path, items: list[tuple[str, bytes]]) -> None:
    rows = ["Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Filename"]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for index, (suffix, data) in enumerate(items):
            packed = suffix in (".tcx", ".fit")
            member = f"activities/{index}{suffix}{'.gz' if packed else ''}"
            archive.writestr(member, gzip.compress(data, 1) if packed else data)
            # No type: the file's own sport stands (a ride is not a record-breaking run).
            rows.append(f"{index},2000-01-01 00:00:00,Copy {index},,3600,{member}")
        archive.writestr("activities.csv", "\n".join(rows) + "\n")


def garmin_export(target: Path, items: list[tuple[str, bytes]]) -> None:
    """Uploads in part zips of 500 files, non-activity FIT files among them, and an
    activity list with three activities that have no file."""
    parts: list[list[tuple[str, bytes]]] = [[]]
    for index, (suffix, data) in enumerate(items):
        if len(parts[-1]) >= 500:
            parts.append([])
        parts[-1].append((f"me@example.com_{100000 + index}{suffix}", data))
    parts[0] += [(f"me@example.com_9{n}.fit", (CORPUS / n).read_bytes()) for n in NON_ACTIVITY]
    listed = [
        {
            "activityId": 900 + n,
            "activityType": {"typeKey": kind},
            "startTimeGmt": 1_500_000_000_000 + n * 86_400_000,
            "duration": 2_400_000.0,
            "distance": distance,
        }
        for n, (kind, distance) in enumerate(
            [("treadmill_running", 800_000.0), ("strength_training", 0.0), ("walking", 250_000.0)]
        )
    ]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(
            "DI_CONNECT/DI-Connect-Fitness/me_0_summarizedActivities.json",
            json.dumps([{"summarizedActivitiesExport": listed}]),
        )
        for number, members in enumerate(parts, start=1):
            folder = "DI_CONNECT/DI-Connect-Uploaded-Files"
            name = f"{folder}/UploadedFiles_0-_Part{number}.zip"
            with (
                archive.open(name, "w") as handle,
                zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as part,
            ):
                for member, data in members:
                    part.writestr(member, data)


class TreeMemory:
    """Peak memory of this process and all its descendants, sampled: proportional set
    size (PSS), so pages the forkserver's children share are counted once."""

    def __init__(self, root: int, interval: float = 0.02) -> None:
        self.root = root
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss(self.root))
            time.sleep(self.interval)


def _tree_rss(root: int) -> int:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    total = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        total += _pss(pid)
        stack.extend(children.get(pid, []))
    return total


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run(layout: str, archive: Path, raw: int, kinds: dict[str, int], folder: Path) -> None:
    """Import in a fresh process (start-up and all), watching its process tree's memory."""
    db = f"sqlite:///{folder / f'{layout}.sqlite3'}"
    count = sum(kinds.values())
    command = [sys.executable, __file__, "--import-into", db, str(archive)]
    with (
        subprocess.Popen(command, stdout=subprocess.PIPE) as child,
        TreeMemory(child.pid) as memory,
    ):
        output, _ = child.communicate()
    result = json.loads(output)
    seconds = result["seconds"]
    print(f"== {layout}: {count} activities {kinds}, {raw / 1e6:.0f} MB uncompressed")
    print(f"   archive {archive.stat().st_size / 1e6:.0f} MB on disk")
    print(f"   {seconds:.1f} s: {raw / 1e6 / seconds:.1f} MB/s, {count / seconds:.0f} files/s")
    print(
        f"   unzip {result['read_s']:.1f} s (this process), parse {result['parse_s']:.1f} s "
        f"(summed over processes), store {result['store_s']:.1f} s (this process)"
    )
    print(
        f"   imported {result['imported']}, duplicates {result['duplicates']}, "
        f"skipped {result['skipped']} ({result['failed']} unreadable); "
        f"listed without a file {result['without_file']}"
    )
    print(f"   peak memory (PSS), whole process tree: {memory.peak / 1e6:.0f} MB")


def import_into(db: str, archive: Path) -> None:
    """The child's side: import and print the figures as JSON."""
    started = time.perf_counter()
    report: ImportReport = import_paths([archive], db)
    seconds = time.perf_counter() - started
    timings = report.timings
    figures = {
        "seconds": seconds,
        "read_s": timings.read_s,
        "parse_s": timings.parse_s,
        "store_s": timings.store_s,
        "imported": report.imported,
        "duplicates": report.duplicates,
        "skipped": len(report.skipped),
        "failed": len(report.failed),
        "without_file": report.listing.without_file,
    }
    print(json.dumps(figures))


def main() -> None:
    if sys.argv[1:2] == ["--import-into"]:  # the child process of `run`
        import_into(sys.argv[2], Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=3000)
    parser.add_argument("--layout", choices=["strava", "garmin", "both"], default="both")
    args = parser.parse_args()
    layouts = ["strava", "garmin"] if args.layout == "both" else [args.layout]
    with tempfile.TemporaryDirectory() as folder:
        items = activities(args.count)
        raw = sum(len(data) for _, data in items)
        kinds = {
            suffix: sum(1 for s, _ in items if s == suffix) for suffix in (".gpx", ".tcx", ".fit")
        }
        archives = {}
        for layout in layouts:
            archives[layout] = Path(folder) / f"{layout}.zip"
            (strava_export if layout == "strava" else garmin_export)(archives[layout], items)
        del items
        for layout in layouts:
            run(layout, archives[layout], raw, kinds, Path(folder))
    print("target: >= 100 MB/s of uncompressed activity data, store included; peak < 300 MB")


if __name__ == "__main__":
    main()
