"""A seeded mutation fuzz of every reader (tests/fuzzing.py), in a process of its own:
6,800 mutants of small corpus files (FIT, GPX, TCX, CSV, a zip export), each within
2 s, the whole run under 400 MB and well under a minute. Only documented errors
(`ImportFailed` and its subclasses) may escape a reader, and every summary the import
would store passes the plausibility checks and the contract. A failure names the seed
and mutant: `python -m tests.fuzzing SEED` reproduces it. Longer runs: fuzz/README.md.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from tests.memory_probe import child_env, run_measured

REPO = Path(__file__).resolve().parents[2]
SEED = 20261205


def test_mutated_files_raise_only_documented_errors_and_store_only_plausible_values(
    tmp_path: Path,
) -> None:
    python_path = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    command = [sys.executable, "-m", "tests.fuzzing", str(SEED)]
    measured = run_measured(command, env=child_env(tmp_path, PYTHONPATH=python_path), cwd=REPO)
    assert measured.returncode == 0, measured.stderr[-3000:]
    result = json.loads(measured.stdout)
    assert result["failures"] == []
    counts = result["counts"]
    assert sum(tally["mutants"] for tally in counts.values()) >= 6000
    assert all(tally["accepted"] > 0 for tally in counts.values())
    assert result["slowest_s"] < 2
    assert result["seconds"] < 45
    assert measured.peak_mb < 400
