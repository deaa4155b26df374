"""Run a command in a process tree of its own and measure its peak memory.

A small Python wrapper starts the command and, once it has ended, reads
`getrusage(RUSAGE_CHILDREN).ru_maxrss`: the largest resident set of any
process in the command's tree (the command and the workers it waited for),
untouched by anything else the test run started. The wrapper can also cap the
size of any file the tree writes (`RLIMIT_FSIZE`): a write past it fails with
EFBIG (Python ignores SIGXFSZ), which changes the import's reason for skipping
the file, so "under N MB of temporary disk" is checked, not hoped.

    python -m tests.memory_probe -- COMMAND...   prints the peak (MB) and the exit status
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

_WRAPPER = r"""
import json, resource, subprocess, sys
limit = int(sys.argv[1])
command = json.loads(sys.argv[2])

def cap_files():
    if limit:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

done = subprocess.run(command, preexec_fn=cap_files, capture_output=True)
print(json.dumps({
    "returncode": done.returncode,
    "stdout": done.stdout.decode("utf-8", "replace"),
    "stderr": done.stderr.decode("utf-8", "replace"),
    "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""


@dataclass(frozen=True)
class Measured:
    returncode: int
    stdout: str
    stderr: str
    peak_mb: float  # the largest resident set in the command's process tree


def run_measured(
    command: list[str],
    *,
    env: dict[str, str] | None = None,
    max_file_bytes: int = 0,
    cwd: Path | None = None,
    timeout: float = 300,
) -> Measured:
    """Run `command` under the wrapper; `max_file_bytes` > 0 caps every file it writes."""
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(max_file_bytes), json.dumps(command)],
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
        check=True,
    )
    result = json.loads(done.stdout)
    return Measured(
        result["returncode"], result["stdout"], result["stderr"], result["maxrss_kb"] / 1024
    )


def heelraise_command(*arguments: str) -> list[str]:
    """`python -m heelraise ARGUMENTS` with this interpreter."""
    return [sys.executable, "-m", "heelraise", *arguments]


def child_env(tmp: Path, **extra: str) -> dict[str, str]:
    """The environment for a child: temporary files in `tmp`, its own data folder, UTC."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("HEELRAISE_")}
    env.update(TMPDIR=str(tmp), HEELRAISE_HOME=str(tmp / "home"), TZ="UTC", **extra)
    return env


if __name__ == "__main__":  # pragma: no cover - a tool for measuring by hand
    separator = sys.argv.index("--")
    measured = run_measured(sys.argv[separator + 1 :], timeout=3600)
    print(f"peak {measured.peak_mb:,.0f} MB, exit {measured.returncode}")
    print(measured.stdout[-3000:])
    print(measured.stderr[-3000:], file=sys.stderr)
