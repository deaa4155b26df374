"""The `heelraise` command line (Typer). Commands call `heelraise.app` only.

Each command module registers itself on `app`; `main()` is the boundary that
turns any `HeelraiseError` into a plain message and a non-zero exit status.
"""

from __future__ import annotations

import importlib
import sys

import typer

from heelraise.errors import HeelraiseError, InvalidInput

app = typer.Typer(
    name="heelraise",
    help=(
        "Achilles pain: is this consistent with tendinopathy, and what to do now. "
        "Information and self-management support, not a diagnosis."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_INVALID_INPUT = 2


# Which module registers each top-level command. `main()` imports only the
# module the command line names, so `heelraise assess --batch` does not pay for
# the database, web and calendar libraries; anything else (help, a typo) loads
# them all. A test checks this table against what the modules register.
COMMAND_MODULES: dict[str, str] = {
    "assess": "assess",
    "data": "data",
    "export": "export",
    "history": "history",
    "import": "importing",
    "activities": "importing",
    "init": "journal",
    "checkin": "journal",
    "status": "journal",
    "plan": "plan",
    "referrals": "referrals",
    "report": "report",
    "serve": "serve",
    "test": "testing",
    "users": "users",
}


def _register_commands(argv: list[str] | None = None) -> None:
    """Import the command modules (each adds its commands to `app`): all of them, or
    only the one that registers the command `argv` names."""
    module = COMMAND_MODULES.get(argv[0]) if argv else None
    names = sorted(set(COMMAND_MODULES.values())) if module is None else [module]
    for name in names:
        importlib.import_module(f"heelraise.cli.{name}")


@app.callback()
def _root() -> None:
    """Achilles pain: is this consistent with tendinopathy, and what to do now.

    Information and self-management support, not a diagnosis.
    """


def main() -> None:
    """Entry point for `heelraise` and `python -m heelraise`.

    Typer handles usage errors (exit 2) and --help; heelraise's own errors are
    printed here as plain messages, never as a traceback.
    """
    _register_commands(sys.argv[1:2])
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
