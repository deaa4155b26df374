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
    from heelraise.cli import (
        assess,  # noqa: F401
        importing,  # noqa: F401
    )


def main() -> None:
    """Entry point for `heelraise` and `python -m heelraise`."""
    _register_commands()
    try:
        app(standalone_mode=False)
    except InvalidInput as error:
        for problem in error.problems:
            print(str(problem), file=sys.stderr)
        sys.exit(EXIT_INVALID_INPUT)
    except HeelraiseError as error:
        print(f"heelraise: {error.message}", file=sys.stderr)
        sys.exit(1)
    except (typer.Abort, KeyboardInterrupt):
        print("Aborted.", file=sys.stderr)
        sys.exit(130)
    except Exception as error:
        import click

        if isinstance(error, click.exceptions.Exit):
            sys.exit(error.exit_code)
        if isinstance(error, click.ClickException):
            error.show()
            sys.exit(error.exit_code)
        raise
