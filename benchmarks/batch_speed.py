"""Benchmark: `heelraise assess --batch` throughput on 10,000 random cases, one core.

Runs the real command (a subprocess, startup included) and the in-process
pipeline (parse → assess → serialise) several times; prints medians, and
checks that two runs give byte-identical output. Peer: orjson.loads +
orjson.dumps of the same lines (the floor any JSON-lines tool pays).

    .venv/bin/python benchmarks/batch_speed.py [--cases 10000] [--repeat 5] [--profile]
        [--jobs 1,2]

The command also runs with `--jobs N` for each N of `--jobs` (default 1 and
2): median wall and CPU time of each, the speed-up over one job (target: at
least 1.8x with 2 jobs on 2 cores), and a check that every N writes the same
bytes; then the same batch in process (`run_batch`, start-up left out), and
what two CPU-bound processes get over one on this machine at the same time
(a shared machine gives less than 2x: that is the most --jobs 2 can give).

It also measures the ceiling without clinical logic: parsing every line and
serialising the same cases' assessments (made beforehand), i.e. what the batch
would cost if the engine took no time at all, and so how many µs a case the
engine may take for the target.

`--profile` also times the three stages apart (parse, assess, serialise) in
µs per case of CPU time, median of the repeats. Every in-process repeat uses
a fresh engine, so its caches start cold as they do in the command.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import io
import multiprocessing
import os
import resource
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
from heelraise.app.batch import run_batch
from heelraise.clinical.assess import Engine, default_engine
from heelraise.contract.parsing import parse_case_line
from heelraise.contract.serialise import assessment_to_json


def profile(lines: list[bytes], repeat: int) -> None:
    """CPU µs per case spent parsing, assessing and serialising (median of `repeat`)."""
    clock = time.process_time
    stages: dict[str, list[float]] = {"parse": [], "assess": [], "serialise": [], "total": []}
    for _ in range(repeat):
        engine = Engine(default_engine().knowledge)  # a fresh engine: caches start cold
        parse = assess = serialise = 0.0
        begin = clock()
        for line in lines:
            start = clock()
            case = parse_case_line(line)
            parsed = clock()
            assessment = engine.assess(case)
            assessed = clock()
            assessment_to_json(assessment)
            parse += parsed - start
            assess += assessed - parsed
            serialise += clock() - assessed
        stages["total"].append(clock() - begin)
        stages["parse"].append(parse)
        stages["assess"].append(assess)
        stages["serialise"].append(serialise)
    per_case = {name: statistics.median(times) / len(lines) * 1e6 for name, times in stages.items()}
    print(
        "profile (CPU µs per case, median; total includes the clock calls): "
        + ", ".join(f"{name} {value:.1f}" for name, value in per_case.items())
    )


def ceiling(lines: list[bytes], repeat: int) -> tuple[float, float, float]:
    """(cases/s with no clinical logic, bytes of JSON out per case, engine µs per case), CPU time.

    The first is parse + serialise of the assessments made beforehand (a
    fresh engine, cold caches, per repeat); the last is the engine alone.
    The garbage collector is off while they run: holding 10,000 assessments
    at once would otherwise make its full collections, not the code, the cost.
    """
    clock = time.process_time
    without_logic: list[float] = []
    logic: list[float] = []
    size = 0
    for _ in range(repeat):
        engine = Engine(default_engine().knowledge)
        gc.disable()
        cases = [parse_case_line(line) for line in lines]
        start = clock()
        assessments = [engine.assess(case) for case in cases]
        logic.append(clock() - start)
        start = clock()
        for line in lines:
            parse_case_line(line)
        size = sum(len(assessment_to_json(assessment)) for assessment in assessments)
        without_logic.append(clock() - start)
        del cases, assessments
        gc.enable()
        gc.collect()
    n = len(lines)
    return n / statistics.median(without_logic), size / n, statistics.median(logic) / n * 1e6


def jobs_in_process(data: bytes, job_counts: list[int], repeat: int) -> dict[int, float]:
    """Median wall seconds of `run_batch` over `data` with each number of jobs (interleaved)."""
    times: dict[int, list[float]] = {jobs: [] for jobs in job_counts}
    with open(os.devnull, "wb") as sink:
        for _ in range(repeat):
            for jobs in job_counts:
                start = time.perf_counter()
                run_batch(io.BytesIO(data), sink.write, jobs)
                times[jobs].append(time.perf_counter() - start)
    return {jobs: statistics.median(values) for jobs, values in times.items()}


def _spin(count: int) -> int:
    total = 0
    for number in range(count):
        total += number * number
    return total


def machine_ceiling(repeat: int, count: int = 3_000_000) -> float:
    """How much faster two CPU-bound processes finish two loops than one process does."""
    one: list[float] = []
    two: list[float] = []
    with multiprocessing.get_context("fork").Pool(2) as pool:
        for _ in range(repeat):
            start = time.perf_counter()
            _spin(count)
            _spin(count)
            one.append(time.perf_counter() - start)
            start = time.perf_counter()
            pool.map(_spin, [count, count])
            two.append(time.perf_counter() - start)
    return statistics.median(one) / statistics.median(two)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="time parse/assess/serialise")
    parser.add_argument("--jobs", default="1,2", help="the --jobs values to time, e.g. 1,2")
    args = parser.parse_args()
    job_counts = [int(value) for value in args.jobs.split(",")]
    lines = [orjson.dumps(case) for case in random_cases(args.cases)]
    default_engine()
    if args.profile:
        profile(lines, args.repeat)
    in_process: list[float] = []
    in_process_cpu: list[float] = []
    floor: list[float] = []
    for _ in range(args.repeat):
        engine = Engine(default_engine().knowledge)  # cold caches, as in the command
        start = time.perf_counter()
        start_cpu = time.process_time()
        for _out in assess_lines(lines, engine):
            pass
        in_process_cpu.append(time.process_time() - start_cpu)
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
        timed: dict[int, tuple[list[float], list[float]]] = {n: ([], []) for n in job_counts}
        for _ in range(args.repeat):
            for jobs in job_counts:  # interleaved: a busy spell on the machine hits every N
                # Into a file, as `> out.jsonl` would: a pipe read here would take CPU
                # (160 MB copied) from the very cores the jobs run on.
                with (Path(folder) / "out.jsonl").open("w+b") as sink:
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    start = time.perf_counter()
                    subprocess.run(
                        [*command, "--jobs", str(jobs)], stdout=sink, check=True, env=env
                    )
                    timed[jobs][0].append(time.perf_counter() - start)
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    timed[jobs][1].append(
                        after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                    )
                    sink.seek(0)
                    outputs.append(hashlib.sha256(sink.read()).digest())
    identical = all(output == outputs[0] for output in outputs)
    whole, whole_cpu = timed[job_counts[0]]
    n = args.cases
    median_in = statistics.median(in_process)
    median_cmd = statistics.median(whole)
    median_floor = statistics.median(floor)
    print(f"cases: {n}, repeats: {args.repeat}")
    print(f"in-process  parse+assess+serialise: {n / median_in:>9,.0f} cases/s (median)")
    cpu = statistics.median(in_process_cpu)
    print(f"in-process  same, CPU time:             {n / cpu:>9,.0f} cases/s (median)")
    print(
        f"command     heelraise assess --batch: {n / median_cmd:>9,.0f} cases/s "
        "(median, startup included)"
    )
    print(
        f"command     same, CPU time:           {n / statistics.median(whole_cpu):>9,.0f} cases/s "
        "(median, startup included; the child's user + system time)"
    )
    print(f"peer floor  orjson loads+dumps only:  {n / median_floor:>9,.0f} cases/s (median)")
    print(f"ratio engine / JSON floor: {median_floor / median_in:.2f}")
    print(f"output identical across runs and --jobs values: {identical}")
    one = statistics.median(whole)
    for jobs in job_counts:
        wall = statistics.median(timed[jobs][0])
        cpu = statistics.median(timed[jobs][1])
        print(
            f"--jobs {jobs:<3}  {n / wall:>9,.0f} cases/s (median wall {wall:.2f} s, startup "
            f"included; CPU {cpu:.2f} s); {one / wall:.2f}x --jobs {job_counts[0]}"
        )
    data = b"\n".join(lines) + b"\n"
    local = jobs_in_process(data, job_counts, args.repeat)
    for jobs in job_counts:
        print(
            f"--jobs {jobs:<3}  {n / local[jobs]:>9,.0f} cases/s in process (run_batch, median "
            f"wall, no start-up); {local[job_counts[0]] / local[jobs]:.2f}x --jobs {job_counts[0]}"
        )
    print(
        f"machine     two CPU-bound processes finish {machine_ceiling(args.repeat):.2f}x faster "
        f"than one, now ({os.cpu_count()} CPUs, shared)"
    )
    print("target: --jobs 2 >= 1.8x --jobs 1 on 2 cores")
    top, size, logic = ceiling(lines, args.repeat)
    budget = 1e6 / 8_000 - 1e6 / top
    print(
        f"ceiling     no clinical logic:        {top:>9,.0f} cases/s (CPU time, median; parse + "
        f"serialise only, {size / 1024:.1f} KB of JSON out per case)"
    )
    print(
        f"engine      {logic:.1f} µs a case (CPU time, median); at 8,000 cases/s it may take "
        f"{budget:.1f} µs ({logic / budget:.2f}x the budget)"
    )
    print(
        "target (issue 15): this realistic mix >= 8,000 cases/s in process on one core; "
        "first visits >= 20,000 (batch_categories.py)"
    )


if __name__ == "__main__":
    main()
