"""How fast `read_fit` summarises FIT files, against a full fitdecode decode.

Loads every FIT file of the shared corpus (`../shared/corpus` beside the
repository, or a folder given as the first argument) into memory, then times,
in the same process and run, `read_fit` and fitdecode reading every frame of
the same bytes (gzipped files are given to fitdecode decompressed; throughput
is counted on the FIT bytes for both). Every file is timed on its own, each
pass repeated (`--repeats`, at least 5), and the medians of the pass totals
reported: for all files, and split into files the fast path summarises alone,
files whose session lacks only a total ascent (the record stage adds the climb),
files the stdlib record stage completes (no usable session, or no distance),
and files that still need fitdecode's full decode.

    .venv/bin/python benchmarks/fit_speed.py [corpus-dir] [--repeats N]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import statistics
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import fitdecode

from heelraise.errors import ImportFailed
from heelraise.training.fit import read_fit
from heelraise.training.fit.facts import activity_from_messages
from heelraise.training.fit.reader import complete_with_records
from heelraise.training.fit.scan import scan_fit

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
FIT_SUFFIXES = (".fit", ".fit.gz")
MEGABYTE = 1_000_000


@dataclass
class CorpusFile:
    """One file: its name, bytes as stored, FIT bytes, and the path that summarises it."""

    name: str
    stored: bytes
    fit: bytes
    path: str  # "fast", "climb" (fast, then records for the ascent), "records" or "fitdecode"


@dataclass
class Timings:
    """Per-pass totals (seconds) for one group of files."""

    label: str
    files: list[CorpusFile]
    fast: list[float] = field(default_factory=list)
    full: list[float] = field(default_factory=list)

    def report(self) -> str:
        megabytes = sum(len(file.fit) for file in self.files) / MEGABYTE
        fast, full = statistics.median(self.fast), statistics.median(self.full)
        return (
            f"{self.label:<38} {len(self.files):3d} files {megabytes:6.2f} MB | "
            f"read_fit {fast * 1000:8.1f} ms {megabytes / fast:7.1f} MB/s | "
            f"fitdecode {full * 1000:8.1f} ms {megabytes / full:5.2f} MB/s | "
            f"ratio {full / fast:6.0f}x"
        )


def reading_path(name: str, fit: bytes) -> str:
    """Which stage summarises the file: the fast scan, the record stage or fitdecode."""
    try:
        activity = activity_from_messages(scan_fit(fit, name))
    except ImportFailed:
        return "fast"
    if activity.needs_records:
        return "records" if complete_with_records(fit, activity) is not None else "fitdecode"
    return "climb" if activity.lacks_ascent else "fast"


def load_corpus(folder: Path) -> list[CorpusFile]:
    """Every FIT file under `folder`, in memory."""
    files = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name.lower().endswith(FIT_SUFFIXES):
            stored = path.read_bytes()
            fit = gzip.decompress(stored) if stored.startswith(b"\x1f\x8b") else stored
            files.append(CorpusFile(path.name, stored, fit, reading_path(path.name, fit)))
    return files


def summarise_file(file: CorpusFile) -> float:
    """Seconds `read_fit` takes over one file."""
    started = time.perf_counter()
    with contextlib.suppress(ImportFailed):
        read_fit(file.stored, file.name)
    return time.perf_counter() - started


def decode_file(file: CorpusFile) -> float:
    """Seconds fitdecode takes to read every frame of one file."""
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = fitdecode.FitReader(
                file.fit,
                check_crc=fitdecode.CrcCheck.DISABLED,
                error_handling=fitdecode.ErrorHandling.IGNORE,
            )
            with reader:
                for _frame in reader:
                    pass
        except Exception:  # damaged corpus files end fitdecode's pass early, as they should
            pass
    return time.perf_counter() - started


def main() -> None:
    """Time both readers and print medians, MB/s and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args()
    repeats = max(5, arguments.repeats)
    files = load_corpus(arguments.corpus)
    groups = [
        Timings("all FIT files", files),
        Timings(
            "fast path alone (and non-activities)", [file for file in files if file.path == "fast"]
        ),
        Timings("fast path, climb from records", [f for f in files if f.path == "climb"]),
        Timings("through the record stage", [file for file in files if file.path == "records"]),
        Timings(
            "through the fitdecode fallback", [file for file in files if file.path == "fitdecode"]
        ),
    ]
    for file in files:  # warm-up: imports, caches
        summarise_file(file)
    for _ in range(repeats):
        fast = {file.name: summarise_file(file) for file in files}
        full = {file.name: decode_file(file) for file in files}
        for group in groups:
            group.fast.append(sum(fast[file.name] for file in group.files))
            group.full.append(sum(full[file.name] for file in group.files))
    print(f"{repeats} repeats, medians of pass totals, one process")
    for group in groups:
        if group.files:
            print(group.report())


if __name__ == "__main__":
    main()
