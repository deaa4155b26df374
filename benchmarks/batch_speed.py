"""Benchmark: `heelraise assess --batch` throughput on 10,000 random cases, one core.

Runs the real command (a subprocess, startup included) and the in-process
pipeline (parse → assess → serialise) several times; prints medians, and
checks that two runs give byte-identical output. Peer: orjson.loads +
orjson.dumps of the same lines (the floor any JSON-lines tool pays).

    .venv/bin/python benchmarks/batch_speed.py [--cases 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from random_cases import random_cases

from heelraise.app.assessing import assess_lines
from heelraise.clinical.assess import default_engine


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    lines = [orjson.dumps(case) for case in random_cases(args.cases)]
    default_engine()
    in_process: list[float] = []
    floor: list[float] = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for _out in assess_lines(lines):
            pass
        in_process.append(time.perf_counter() - start)
        start = time.perf_counter()
        for line in lines:
            orjson.dumps(orjson.loads(line))
        floor.append(time.perf_counter() - start)
    with tempfile.TemporaryDirectory() as folder:
        batch = Path(folder) / "cases.jsonl"
        batch.write_bytes(b"\n".join(lines) + b"\n")
        command = [sys.executable, "-m", "heelraise", "assess", "--batch", str(batch)]
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        outputs: list[bytes] = []
        whole: list[float] = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, check=True, env=env)
            whole.append(time.perf_counter() - start)
            outputs.append(done.stdout)
    identical = all(output == outputs[0] for output in outputs)
    n = args.cases
    median_in = statistics.median(in_process)
    median_cmd = statistics.median(whole)
    median_floor = statistics.median(floor)
    print(f"cases: {n}, repeats: {args.repeat}")
    print(f"in-process  parse+assess+serialise: {n / median_in:>9,.0f} cases/s (median)")
    print(
        f"command     heelraise assess --batch: {n / median_cmd:>9,.0f} cases/s "
        "(median, startup included)"
    )
    print(f"peer floor  orjson loads+dumps only:  {n / median_floor:>9,.0f} cases/s (median)")
    print(f"ratio engine / JSON floor: {median_floor / median_in:.2f}")
    print(f"output identical across runs: {identical}")
    print("target: >= 20,000 cases/s on one core")


if __name__ == "__main__":
    main()
