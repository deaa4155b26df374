"""Where `assess --batch` spends its time: throughput by kind of case.

Splits the 10,000 seeded random cases of `batch_speed.py` into four kinds
(first visit or programme, with or without a training history) and times
parse → assess → serialise for each: median CPU time of the repeats (steadier
than wall time on a shared machine), fresh engine per repeat.
`--profile KIND` prints a cProfile of one kind (e.g. `programme`).

    .venv/bin/python benchmarks/batch_categories.py [--repeat 5] [--profile first-visit+training]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from random_cases import random_cases

from heelraise.app.assessing import assess_lines
from heelraise.clinical.assess import Engine, default_engine


def kind_of(case: dict[str, object]) -> str:
    """first-visit | programme, with `+training` when the case carries a training history."""
    kind = "programme" if "programme" in case else "first-visit"
    return kind + ("+training" if "training" in case else "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", metavar="KIND", help="cProfile one kind, e.g. first-visit")
    args = parser.parse_args()
    kinds: dict[str, list[bytes]] = {}
    for case in random_cases(args.cases):
        kinds.setdefault(kind_of(case), []).append(orjson.dumps(case))
    knowledge = default_engine().knowledge
    if args.profile:
        lines = kinds[args.profile]
        engine = Engine(knowledge)
        profiler = cProfile.Profile()
        profiler.enable()
        for _out in assess_lines(lines, engine):
            pass
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        return
    total = 0.0
    for kind, lines in sorted(kinds.items()):
        times = []
        for _ in range(args.repeat):
            engine = Engine(knowledge)
            start = time.process_time()
            for _out in assess_lines(lines, engine):
                pass
            times.append(time.process_time() - start)
        median = statistics.median(times)
        total += median
        print(
            f"{kind:<20} {len(lines):>5} cases  {len(lines) / median:>8,.0f} cases/s  "
            f"{median / len(lines) * 1e6:>6.1f} µs/case"
        )
    count = sum(len(lines) for lines in kinds.values())
    print(
        f"{'all':<20} {count:>5} cases  {count / total:>8,.0f} cases/s (sum of the kinds' medians)"
    )


if __name__ == "__main__":
    main()
