"""`heelraise.cli.main`: the collector settings of a command run, in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "first-visit.json"


def _after_main(*argv: str) -> tuple[str, str]:
    """What an exit handler registered before `main()` sees, and what the command printed."""
    probe = (
        "import atexit, gc, sys\n"
        f"sys.argv = ['heelraise', *{list(argv)!r}]\n"
        "atexit.register(lambda: print('after', gc.get_threshold()[0], gc.get_freeze_count() > 0,"
        " file=sys.stderr))\n"
        "from heelraise.cli import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=False)
    return done.stdout.decode(), done.stderr.decode()


def test_a_command_runs_with_fewer_collections_and_exits_frozen() -> None:
    from heelraise.cli import CLI_GC_THRESHOLD

    out, err = _after_main("assess", str(EXAMPLE))
    assert "consistent with" in out  # the command did its work and its output was flushed
    assert f"after {CLI_GC_THRESHOLD} True" in err  # exit handlers still run


def test_a_failing_command_is_frozen_too_and_keeps_its_message() -> None:
    out, err = _after_main("assess", "no-such-case.json")
    assert out == ""
    assert "no-such-case.json" in err
    assert err.rstrip().endswith("True")
