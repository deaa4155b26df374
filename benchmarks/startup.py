"""Benchmark: how long `heelraise` takes to start and finish, per command.

hyperfine-like: each command runs `--runs` times (default 15) after one
warm-up run; prints the median wall time and the median CPU time (the
child's user + system) and the ratio to `python -c pass` (the floor: the
interpreter alone). The journal commands run on a temporary journal
(`HEELRAISE_HOME` in a temporary folder, started with `init --from-case`).

`--against SRC` also times another source tree (e.g. a checkout of main's
`src/`, put first on `PYTHONPATH`), run for run in turn with this one, so a
busy spell on a shared machine hits both alike: before and after, side by side.

Bytecode: an installed package has its `.pyc` files; a checkout run with
`PYTHONDONTWRITEBYTECODE=1` compiles every heelraise module from source on
every run. By default the commands run as installed (bytecode cached under a
temporary `PYTHONPYCACHEPREFIX`, written by the warm-up run); `--no-bytecode`
times them compiling from source.

    .venv/bin/python benchmarks/startup.py [--runs 15] [--only status] [--no-bytecode]
        [--against ../main/src]

Targets (issue 15): `--help` and `assess FILE` within 150 ms; `checkin` and
`status`, which open the journal, within 300 ms.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "examples" / "first-visit.json"
TARGETS_MS = {"--help": 150, "assess FILE": 150, "checkin …": 300, "status": 300}
CHECKIN = ["--morning-stiffness", "3", "--pain-walking", "2", "--pain-during", "3"]
CHECKIN += ["--pain-after", "2", "--settled", "--yes"]


def heelraise() -> list[str]:
    """The installed `heelraise` script next to this interpreter, as a person runs it."""
    script = Path(sys.executable).parent / "heelraise"
    found = str(script) if script.is_file() else shutil.which("heelraise")
    return [found] if found else [sys.executable, "-m", "heelraise"]


def timed(
    command: list[str], envs: dict[str, dict[str, str]], runs: int
) -> dict[str, tuple[float, float]]:
    """(median wall s, median CPU s) of `command` in each environment, runs taken in turn."""
    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in envs}
    for env in envs.values():
        subprocess.run(command, env=env, capture_output=True, check=True)  # warm-up
    for _ in range(runs):
        for name, env in envs.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, env=env, capture_output=True, check=True)
            times[name][0].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            times[name][1].append(cpu)
    return {
        name: (statistics.median(wall), statistics.median(cpu))
        for name, (wall, cpu) in times.items()
    }


def environments(home: Path, against: Path | None, no_bytecode: bool) -> dict[str, dict[str, str]]:
    base = {**os.environ, "HEELRAISE_HOME": str(home / "journal"), "PYTHONHASHSEED": "0"}
    base.pop("HEELRAISE_DATABASE_URL", None)
    trees = {"this": ROOT / "src"}
    if against is not None:
        trees["against"] = against
    envs: dict[str, dict[str, str]] = {}
    for name, source in trees.items():
        env = {**base, "PYTHONPATH": str(source.resolve())}
        if no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(home / f"pycache-{name}")
        envs[name] = env
    return envs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", help="time this command only (e.g. status), beside the floor")
    parser.add_argument("--no-bytecode", action="store_true", help="compile from source each run")
    parser.add_argument("--against", type=Path, help="another src/ folder to time in turn")
    args = parser.parse_args()
    cli = heelraise()
    with tempfile.TemporaryDirectory() as folder:
        envs = environments(Path(folder), args.against, args.no_bytecode)
        start = [*cli, "init", "--from-case", str(CASE)]
        subprocess.run(start, env=envs["this"], check=True, stdout=subprocess.DEVNULL)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "--help": [*cli, "--help"],
            "assess FILE": [*cli, "assess", str(CASE)],
            "checkin …": [*cli, "checkin", *CHECKIN],
            "status": [*cli, "status"],
        }
        bytecode = "compiled from source" if args.no_bytecode else "bytecode cached"
        print(f"{args.runs} runs each (median), {' '.join(cli)}, {bytecode}")
        if args.against:
            print(f"against: {args.against} (runs taken in turn with this tree)")
        columns = "".join(f" | {name + ' wall':>13} {'CPU':>5} {'× floor':>7}" for name in envs)
        print(f"{'command':<16}{columns} | target")
        floor: dict[str, float] = {}
        for name, command in commands.items():
            if args.only and name != "python -c pass" and not name.startswith(args.only):
                continue
            results = timed(command, envs, args.runs)
            line = f"{name:<16}"
            for tree, (wall, cpu) in results.items():
                floor.setdefault(tree, wall)
                line += f" | {wall * 1e3:>10.0f} ms {cpu * 1e3:>5.0f} {wall / floor[tree]:>7.1f}"
            target = TARGETS_MS.get(name)
            if target is not None:
                wall = results["this"][0]
                line += f" | {target} ms {'ok' if wall * 1e3 <= target else '✗'}"
            print(line)


if __name__ == "__main__":
    main()
