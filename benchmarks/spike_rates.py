"""How often `weekly_volume` cries wolf, and how often it finds a real +50% block.

Seeded and deterministic: a few hundred steady histories (regular or irregular
days, 3-6 runs a week, ±15% distance noise, 2-20 weeks) and the same histories
with a +50% 7-day block inserted at each of the 7 weekday offsets (generator:
`tests/training/spike_histories.py`). Each history is assessed in full by the
packaged engine. Prints the false-spike rate (steady histories with any
`weekly_volume` spike) and the detection rate per weekday the block starts on,
then the same with a weekly long run (a harder case, not in the targets).

    .venv/bin/python benchmarks/spike_rates.py [--count 400] [--seed 11]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.training.spike_histories import engine_spike_days, measure, report, samples

from heelraise.clinical.assess import default_engine
from heelraise.contract import parse_case


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    engine = default_engine()
    spike_days = engine_spike_days(lambda document: engine.assess(parse_case(document)))
    for long_run, title in (
        (False, "Steady histories (the targets: false spikes < 5%, blocks found >= 95%)"),
        (True, "With a weekly long run twice the usual distance (harder; no target)"),
    ):
        items = samples(args.seed, args.count, long_run=long_run)
        print(report(measure(items, spike_days), f"{title}, {args.count} histories"))


if __name__ == "__main__":
    main()
