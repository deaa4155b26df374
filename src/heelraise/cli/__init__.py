"""The `heelraise` command line (Typer). Commands call `heelraise.app` only.

Each command module registers itself on `app`; `main()` is the boundary that
turns any `HeelraiseError` into a plain message and a non-zero exit status.
"""

from __future__ import annotations

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


def _register_commands() -> None:
    # Imported for their side effect: each module adds its commands to `app`.
    from heelraise.cli import (  # noqa: F401
        assess,
        data,
        history,
        importing,
        journal,
        plan,
        referrals,
        serve,
        testing,
        users,
    )


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
    _register_commands()
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
