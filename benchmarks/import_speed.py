"""Benchmark: `heelraise import` of every FIT file in the corpus vs a full fitdecode decode.

    .venv/bin/python benchmarks/import_speed.py [--repeat 5]

Three timings of the same files in the same run, medians of `--repeat` runs:
  import   the real use case (`import_paths`: read, summarise, dedupe, store in a
           fresh SQLite database; two worker processes when there are enough files)
  readers  the reader registry alone, in this process (no store, no pool)
  peer     fitdecode decoding every frame of every file (one process)
MB are of FIT data as decoded (after gunzip). Per-core figures divide by the
number of worker processes the import used. Targets (issue 4): import ≥ 100×
fitdecode and ≥ 50 MB/s of FIT per core including the store.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import os
import statistics
import tempfile
import time
import warnings
from pathlib import Path

import fitdecode

from heelraise.app import imports
from heelraise.app.imports import import_paths
from heelraise.errors import ImportFailed
from heelraise.training.readers import build_registry

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def fit_files() -> list[Path]:
    found = [
        p for p in CORPUS.rglob("*") if p.is_file() and p.name.lower().endswith((".fit", ".fit.gz"))
    ]
    return sorted(found)


def decoded(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def time_import(paths: list[Path]) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as home:
        os.environ["HEELRAISE_HOME"] = home
        start = time.perf_counter()
        report = import_paths(paths, f"sqlite:///{home}/bench.sqlite3")
        elapsed = time.perf_counter() - start
    return elapsed, report.imported, len(report.skipped)


def time_readers(blobs: list[tuple[str, bytes]]) -> float:
    registry = build_registry(plugins=False)
    start = time.perf_counter()
    for name, data in blobs:
        with contextlib.suppress(ImportFailed):
            registry.read_bytes(data, name)
    return time.perf_counter() - start


def time_fitdecode(blobs: list[tuple[str, bytes]]) -> float:
    start = time.perf_counter()
    for _name, data in blobs:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with fitdecode.FitReader(
                    io.BytesIO(data),
                    check_crc=fitdecode.CrcCheck.DISABLED,
                    error_handling=fitdecode.ErrorHandling.IGNORE,
                ) as reader:
                    for _frame in reader:
                        pass
        except Exception:  # the peer may fail on a corrupt file: go on
            continue
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--peer-repeat", type=int, default=3)
    args = parser.parse_args()
    paths = fit_files()
    blobs = [(p.name, decoded(p)) for p in paths]
    megabytes = sum(len(data) for _, data in blobs) / 1e6
    raw_bytes = sum(p.stat().st_size for p in paths)
    pooled = raw_bytes >= imports.POOL_MIN_BYTES or len(paths) >= imports.POOL_MIN_FILES
    workers = min(imports.WORKERS, os.cpu_count() or 1) if pooled else 1
    runs = [time_import(paths) for _ in range(args.repeat)]
    readers = [time_readers(blobs) for _ in range(args.repeat)]
    peers = [time_fitdecode(blobs) for _ in range(args.peer_repeat)]
    imported = statistics.median(t for t, _, _ in runs)
    reader = statistics.median(readers)
    peer = statistics.median(peers)
    print(
        f"files: {len(paths)} FIT files, {megabytes:.2f} MB decoded; "
        f"imported {runs[0][1]}, skipped {runs[0][2]}"
    )
    print(
        f"import (store included): {imported:7.3f} s  {megabytes / imported:7.1f} MB/s  "
        f"{megabytes / imported / workers:7.1f} MB/s per core ({workers} process(es))"
    )
    print(f"readers only, 1 core:    {reader:7.3f} s  {megabytes / reader:7.1f} MB/s")
    print(f"fitdecode full decode:   {peer:7.3f} s  {megabytes / peer:7.1f} MB/s")
    print(f"ratio import / fitdecode (wall clock): {peer / imported:6.1f}x")
    print(f"ratio import / fitdecode (per core):   {peer / (imported * workers):6.1f}x")
    print(f"ratio readers / fitdecode (1 core):    {peer / reader:6.1f}x")
    print("targets: >= 100x fitdecode and >= 50 MB/s of FIT per core including the store")


if __name__ == "__main__":
    main()
