"""atheris (libFuzzer) targets for heelraise's readers, for runs longer than the suite's.

    pip install atheris          # a wheel for CPython 3.11 on Linux x86-64
    python fuzz/fuzz_readers.py fit fuzz/corpus-fit -max_total_time=600

TARGET is fit, gpx, tcx, csv or zip; the rest of the command line goes to
libFuzzer (a corpus folder to grow, seeded with files from ../shared/corpus,
`-max_total_time`, `-rss_limit_mb`, ...). A crash is any exception that is not
`ImportFailed`, or a stored summary that is not plausible.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from heelraise.errors import ImportFailed
    from heelraise.training.archives import Member, iter_archive
    from heelraise.training.plausibility import problems, screen
    from heelraise.training.readers import build_registry

REGISTRY = build_registry(plugins=False)
NAMES = {"fit": "a.fit", "gpx": "a.gpx", "tcx": "a.tcx", "csv": "a.csv", "zip": "a.zip"}
TODAY = dt.date.today()
SPOOL = Path(tempfile.mkdtemp(prefix="heelraise-atheris-")) / "a.zip"


def _summaries(target: str, data: bytes) -> list[object]:
    if target != "zip":
        return list(REGISTRY.read_bytes(data, NAMES[target]))
    SPOOL.write_bytes(data)
    found: list[object] = []
    for item in iter_archive(SPOOL, REGISTRY.claims_name):
        if isinstance(item, Member):
            with contextlib.suppress(ImportFailed):
                found += REGISTRY.read_bytes(item.data, item.source)
    return found


def make_target(target: str):  # type: ignore[no-untyped-def]
    def one_input(data: bytes) -> None:
        try:
            summaries = _summaries(target, data)
        except ImportFailed:
            return
        for summary in summaries:
            kept = screen(summary, TODAY).summary  # type: ignore[arg-type]
            if kept is not None and problems(kept, TODAY):
                raise AssertionError(f"stored but implausible: {problems(kept, TODAY)}")

    return one_input


if __name__ == "__main__":
    target = sys.argv.pop(1)
    if target not in NAMES:
        raise SystemExit(f"target must be one of {', '.join(NAMES)}")
    atheris.Setup(sys.argv, make_target(target))
    atheris.Fuzz()
