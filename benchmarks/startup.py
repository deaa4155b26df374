"""Benchmark: how long `heelraise` takes to start and finish, per command.

hyperfine-like: each command runs `--runs` times (default 15) after one
warm-up run; prints the median wall time and the median CPU time (the
child's user + system) and the ratio to `python -c pass` (the floor: the
interpreter alone). The journal commands run on a temporary journal
(`HEELRAISE_HOME` in a temporary folder, started with `init --from-case`).

Bytecode: an installed package has its `.pyc` files; a checkout run with
`PYTHONDONTWRITEBYTECODE=1` compiles every heelraise module from source on
every run. By default the commands run as installed (bytecode cached under a
temporary `PYTHONPYCACHEPREFIX`, written by the warm-up run); `--no-bytecode`
times them compiling from source.

    .venv/bin/python benchmarks/startup.py [--runs 15] [--only status] [--no-bytecode]

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


def heelraise() -> list[str]:
    """The installed `heelraise` script next to this interpreter, as a person runs it."""
    script = Path(sys.executable).parent / "heelraise"
    found = str(script) if script.is_file() else shutil.which("heelraise")
    return [found] if found else [sys.executable, "-m", "heelraise"]


def timed(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """(median wall s, median CPU s) of `runs` runs of `command`, after one warm-up run."""
    subprocess.run(command, env=env, capture_output=True, check=True)
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=True)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", help="time this command only (e.g. status), beside the floor")
    parser.add_argument("--no-bytecode", action="store_true", help="compile from source each run")
    args = parser.parse_args()
    cli = heelraise()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HEELRAISE_HOME": home, "PYTHONHASHSEED": "0"}
        env.pop("HEELRAISE_DATABASE_URL", None)
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(home) / "pycache")
        subprocess.run([*cli, "init", "--from-case", str(CASE)], env=env, check=True, stdout=-3)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "--help": [*cli, "--help"],
            "assess FILE": [*cli, "assess", str(CASE)],
            "checkin …": [
                *cli,
                "checkin",
                "--morning-stiffness",
                "3",
                "--pain-walking",
                "2",
                "--pain-during",
                "3",
                "--pain-after",
                "2",
                "--settled",
                "--yes",
            ],
            "status": [*cli, "status"],
        }
        bytecode = "compiled from source" if args.no_bytecode else "bytecode cached"
        print(f"{args.runs} runs each (median), {' '.join(cli)}, {bytecode}")
        print(f"{'command':<16} {'wall ms':>8} {'CPU ms':>8} {'× floor':>8} {'target':>8}")
        floor = None
        for name, command in commands.items():
            if args.only and name != "python -c pass" and not name.startswith(args.only):
                continue
            wall, cpu = timed(command, env, args.runs)
            floor = floor or wall
            target = TARGETS_MS.get(name)
            verdict = "" if target is None else f"{target} {'ok' if wall * 1e3 <= target else '✗'}"
            print(
                f"{name:<16} {wall * 1e3:>8.0f} {cpu * 1e3:>8.0f} {wall / floor:>8.1f} {verdict:>8}"
            )


if __name__ == "__main__":
    main()
