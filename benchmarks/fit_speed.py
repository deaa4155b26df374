"""How fast `read_fit` summarises FIT files, against a full fitdecode decode.

Loads every FIT file of the shared corpus (`../shared/corpus` beside the
repository, or a folder given as the first argument) into memory, then times,
in the same process and run, `read_fit` over all of them and fitdecode reading
every frame of the same bytes (gzipped files are given to fitdecode
decompressed; throughput is counted on the FIT bytes for both). Each pass is
repeated (`--repeats`, at least 5) and the medians are reported.

    .venv/bin/python benchmarks/fit_speed.py [corpus-dir] [--repeats N]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import fitdecode

from heelraise.errors import ImportFailed
from heelraise.training.fit import read_fit

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
FIT_SUFFIXES = (".fit", ".fit.gz")
MEGABYTE = 1_000_000


def load_corpus(folder: Path) -> list[tuple[str, bytes, bytes]]:
    """(name, bytes as stored, FIT bytes) for every FIT file under `folder`."""
    files = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name.lower().endswith(FIT_SUFFIXES):
            stored = path.read_bytes()
            fit = gzip.decompress(stored) if stored.startswith(b"\x1f\x8b") else stored
            files.append((path.name, stored, fit))
    return files


def summarise_all(files: list[tuple[str, bytes, bytes]]) -> None:
    """One pass of `read_fit` over every file."""
    for name, stored, _ in files:
        with contextlib.suppress(ImportFailed):
            read_fit(stored, name)


def decode_all(files: list[tuple[str, bytes, bytes]]) -> None:
    """One pass of fitdecode reading every frame of every file."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _, _, fit in files:
            try:
                reader = fitdecode.FitReader(
                    fit,
                    check_crc=fitdecode.CrcCheck.DISABLED,
                    error_handling=fitdecode.ErrorHandling.IGNORE,
                )
                with reader:
                    for _frame in reader:
                        pass
            except Exception:  # damaged corpus files end fitdecode's pass early, as they should
                pass


def median_seconds(work: Callable[[], None], repeats: int) -> float:
    """The median wall time of `repeats` runs of `work`."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    """Time both readers and print medians, MB/s and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args()
    repeats = max(5, arguments.repeats)
    files = load_corpus(arguments.corpus)
    megabytes = sum(len(fit) for _, _, fit in files) / MEGABYTE
    summarise_all(files)  # warm-up: imports, caches
    fast = median_seconds(lambda: summarise_all(files), repeats)
    full = median_seconds(lambda: decode_all(files), repeats)
    print(f"{len(files)} FIT files, {megabytes:.2f} MB of FIT data, {repeats} repeats (medians)")
    print(f"read_fit   {fast * 1000:9.1f} ms  {megabytes / fast:8.1f} MB/s")
    print(f"fitdecode  {full * 1000:9.1f} ms  {megabytes / full:8.2f} MB/s")
    print(f"ratio      {full / fast:9.0f}x")


if __name__ == "__main__":
    main()
