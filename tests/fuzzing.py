"""A seeded mutation fuzz of the FIT, GPX, TCX, CSV and zip readers.

    python -m tests.fuzzing SEED [SCALE]   prints one JSON line: counts and failures

Seeds are small real files from the shared corpus (and a zip made of some).
Each mutant (bit flips, interesting bytes and numbers such as 0xFFFFFFFF,
-5, inf, nan and 1e308, cut, repeated or dropped lines and slices) is read
the way an import reads it, then screened by `training.plausibility` as the
import does. A failure is anything but a documented error (`ImportFailed` and
its subclasses), a mutant taking longer than `PER_MUTANT_S`, or an accepted
summary that is not plausible or not a valid contract `training` item.
Run in a process of its own so the caller can bound its memory.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import math
import random
import re
import signal
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from pydantic import TypeAdapter

from heelraise.contract import TrainingSession
from heelraise.errors import ImportFailed
from heelraise.training.activity import ActivitySummary
from heelraise.training.archives import Member, Parsed, iter_archive
from heelraise.training.plausibility import problems, screen
from heelraise.training.readers import build_registry

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
PER_MUTANT_S = 2.0
MAX_SEED_BYTES = 24 * 1024
COUNTS = {"fit": 2400, "gpx": 1400, "tcx": 800, "csv": 1400, "zip": 800}
TODAY = dt.date(2026, 12, 5)
NUMBERS = [b"-5", b"inf", b"-inf", b"nan", b"1e308", b"-1e308", b"0", b"200", b"1e9", b"-0.0"]
BYTES = [0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE]
_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_SESSION = TypeAdapter(TrainingSession)
registry = build_registry(plugins=False)


class Hang(Exception):
    """A mutant took longer than PER_MUTANT_S."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang


def _readable(name: str, data: bytes) -> bool:
    try:
        return bool(registry.read_bytes(data, name))
    except ImportFailed:
        return False


def seeds(kind: str) -> list[tuple[str, bytes]]:
    """Small corpus files of one kind that import (the four smallest when few are small);
    CSV adds the two layouts heelraise reads, which the corpus lacks."""
    paths = sorted(CORPUS.rglob(f"*.{kind}")) + sorted(CORPUS.rglob(f"*.{kind.upper()}"))
    small = [path for path in paths if path.stat().st_size <= MAX_SEED_BYTES]
    if len(small) < 4:
        small = sorted(paths, key=lambda path: path.stat().st_size)[:4]
    found = [(path.name, path.read_bytes()) for path in small]
    if kind == "csv":
        found = [*found, *CSV_SEEDS]
    readable = [(name, data) for name, data in found if _readable(name, data)]
    return readable or found


CSV_SEEDS = [
    (
        "log.csv",
        b"date,sport,distance_km,duration_min,elevation_gain_m\n2024-05-01,run,10.2,55,80\n"
        b"2024-05-02T07:30:00Z,ride,42,95.5,400\n2024-05-04,walk,3,40,\n",
    ),
    (
        "activities.csv",
        b"Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,"
        b"Elapsed Time,Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,"
        b"Activity Gear,Filename\n"
        b'1001,"Oct 11, 2014, 6:08:45 PM",Parkrun,Run,,2224,10.01,180,,false,,Pegasus,\n'
        b'1003,"Jun 12, 2017, 7:00:00 AM",Yoga,Yoga,,1800,0,,,false,,,\n',
    ),
]


def zip_seeds() -> list[tuple[str, bytes]]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind in ("fit", "gpx", "tcx"):
            name, data = seeds(kind)[0]
            archive.writestr(f"activities/{name}", data)
        archive.writestr("nested.zip", _inner_zip())
    return [("export.zip", buffer.getvalue())]


def _inner_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as archive:
        name, data = seeds("gpx")[1]
        archive.writestr(name, data)
    return buffer.getvalue()


def mutate(data: bytes, rng: random.Random, text: bool) -> bytes:
    """One to three mutations of `data`."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        if not out:
            out += bytes(rng.randrange(256) for _ in range(8))
        choice = rng.random()
        at = rng.randrange(len(out))
        if text and choice < 0.5:
            matches = list(_NUMBER.finditer(out))
            if matches:
                hit = rng.choice(matches)
                out[hit.start() : hit.end()] = rng.choice(NUMBERS)
                continue
        if choice < 0.2:
            out[at] ^= 1 << rng.randrange(8)
        elif choice < 0.35:
            out[at] = rng.choice(BYTES)
        elif choice < 0.45:
            out[at : at + 4] = b"\xff\xff\xff\xff"
        elif choice < 0.55:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif choice < 0.65:
            del out[at : at + rng.randint(1, 64)]
        elif choice < 0.75:
            end = min(len(out), at + rng.randint(1, 256))
            out[at:at] = out[at:end] * rng.randint(1, 4)
        elif choice < 0.85:
            del out[at:]
        elif text:
            lines = bytes(out).split(b"\n")
            pick = rng.randrange(len(lines))
            lines.insert(rng.randrange(len(lines)), lines[pick])
            out = bytearray(b"\n".join(lines))
        else:
            out[at] = rng.randrange(256)
    return bytes(out)


def check(summary: ActivitySummary) -> str | None:
    """Why an accepted (screened) summary is not fit to store, or None."""
    found = problems(summary, TODAY)
    if found:
        return "; ".join(found)
    for value in (summary.distance_km, summary.duration_min):
        if not math.isfinite(value) or value < 0:
            return f"bad number {value}"
    if summary.avg_hr is not None and not 25 <= summary.avg_hr <= 250:
        return f"heart rate {summary.avg_hr}"
    try:
        _SESSION.validate_python(summary.to_training())
    except ValueError as error:
        return f"not a contract training item: {str(error).splitlines()[0]}"
    return None


def read(kind: str, name: str, data: bytes, folder: Path) -> list[ActivitySummary]:
    if kind != "zip":
        return registry.read_bytes(data, name)
    path = folder / name
    path.write_bytes(data)
    summaries: list[ActivitySummary] = []
    for item in iter_archive(path, registry.claims_name):
        if isinstance(item, Member):
            with contextlib.suppress(ImportFailed):
                summaries += registry.read_bytes(item.data, item.source)
        elif isinstance(item, Parsed):
            summaries += item.summaries
    return summaries


def run(seed: int, scale: float = 1.0) -> dict[str, object]:
    rng = random.Random(seed)
    signal.signal(signal.SIGALRM, _alarm)
    pools: dict[str, list[tuple[str, bytes]]] = {
        kind: seeds(kind) for kind in COUNTS if kind != "zip"
    }
    pools["zip"] = zip_seeds()
    counts: dict[str, dict[str, int]] = {}
    failures: list[str] = []
    slowest = 0.0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="heelraise-fuzz-") as folder:
        for kind, total in COUNTS.items():
            tally = {"mutants": 0, "accepted": 0, "refused": 0, "screened_out": 0}
            for number in range(int(total * scale)):
                name, original = rng.choice(pools[kind])
                data = mutate(original, rng, text=kind in ("gpx", "tcx", "csv"))
                tally["mutants"] += 1
                where = f"{kind} #{number} from {name}"
                began = time.perf_counter()
                signal.setitimer(signal.ITIMER_REAL, PER_MUTANT_S)
                try:
                    summaries = read(kind, name, data, Path(folder))
                except ImportFailed:
                    tally["refused"] += 1
                    continue
                except Hang:
                    failures.append(f"{where}: took longer than {PER_MUTANT_S} s")
                    continue
                except Exception as error:  # the point of the fuzz: nothing else may escape
                    failures.append(f"{where}: {type(error).__name__}: {error}"[:300])
                    continue
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                    slowest = max(slowest, time.perf_counter() - began)
                for summary in summaries:
                    screened = screen(summary, TODAY)
                    if screened.summary is None:
                        tally["screened_out"] += 1
                        continue
                    tally["accepted"] += 1
                    problem = check(screened.summary)
                    if problem:
                        failures.append(f"{where}: accepted but {problem}"[:300])
            counts[kind] = tally
    return {
        "seed": seed,
        "counts": counts,
        "failures": failures,
        "slowest_s": round(slowest, 3),
        "seconds": round(time.perf_counter() - started, 1),
    }


if __name__ == "__main__":
    arguments: list[Callable[[str], object]] = [int, float]
    values = [convert(text) for convert, text in zip(arguments, sys.argv[1:], strict=False)]
    print(json.dumps(run(*values)))  # type: ignore[arg-type]
