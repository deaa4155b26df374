"""The `heelraise` command line (Typer). Commands call `heelraise.app` only.

Each command module registers itself on `app`, and is imported only when its
command runs (`commands.py`): `heelraise --help` lists every command from a
table without loading the engine, the database or the web libraries.
`main()` is the boundary that turns any `HeelraiseError` into a plain message
and a non-zero exit status.
"""

from __future__ import annotations

import gc
import sys

import typer

from heelraise.cli.commands import COMMANDS, Commands, hide_flag_types, register_commands
from heelraise.errors import HeelraiseError, InvalidInput

hide_flag_types()

app = typer.Typer(
    name="heelraise",
    cls=Commands,
    help=(
        "Achilles pain: is this consistent with tendinopathy, and what to do now. "
        "Information and self-management support, not a diagnosis."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_INVALID_INPUT = 2

# A command allocates most of its objects once, while it imports its modules and
# loads the knowledge: Python's default collector would walk them again and again
# (every 700 new objects), and once more when the interpreter exits. Measured on
# `assess FILE` (benchmarks/startup.py): 268 ms by default, 206 ms without the
# collection at exit, 190 ms with this threshold too. Cycles are still collected.
CLI_GC_THRESHOLD = 50_000

# Which module registers each top-level command (a test checks it).
COMMAND_MODULES: dict[str, str] = {name: entry.module for name, entry in COMMANDS.items()}


def _register_commands(names: list[str] | None = None) -> None:
    """Register every command (or the named ones) on `app` now, e.g. before a test runs."""
    register_commands(names)


@app.callback()
def _root() -> None:
    """Achilles pain: is this consistent with tendinopathy, and what to do now.

    Information and self-management support, not a diagnosis.
    """


def main() -> None:
    """Entry point for `heelraise` and `python -m heelraise`.

    Typer handles usage errors (exit 2) and --help; heelraise's own errors are
    printed here as plain messages, never as a traceback.

    The collector runs less often while the command runs (`CLI_GC_THRESHOLD`),
    and what is left when it ends is frozen, so the interpreter's exit does not
    walk every object once more; buffers are flushed and exit handlers run as
    usual.
    """
    gc.set_threshold(CLI_GC_THRESHOLD, *gc.get_threshold()[1:])
    try:
        _run()
    finally:
        gc.freeze()


def _run() -> None:
    try:
        app()
    except InvalidInput as error:
        for problem in error.problems:
            print(str(problem), file=sys.stderr)
        sys.exit(EXIT_INVALID_INPUT)
    except HeelraiseError as error:
        print(f"heelraise: {error.message}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        sys.exit(130)
