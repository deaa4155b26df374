"""Options shared by the journal commands, and turning typed text into values."""

from __future__ import annotations

import datetime as dt

import typer

from heelraise.errors import InvalidInput, Problem

DAY = "YYYY-MM-DD"  # the metavar of every date option
DB_HELP = "Database URL (default: HEELRAISE_DATABASE_URL, else SQLite in the data folder)."
PERSON_HELP = "Whose journal (default: the only person in it)."


def db_option() -> str | None:
    return typer.Option(None, "--db", metavar="URL", help=DB_HELP)  # type: ignore[no-any-return]


def person_option() -> str | None:
    return typer.Option(  # type: ignore[no-any-return]
        None, "--person", metavar="NAME", help=PERSON_HELP
    )


def parse_day(value: str | None, flag: str, *, quiet: bool = False) -> dt.date | None:
    """A YYYY-MM-DD option value, or a `flag: ...` problem (None instead, when `quiet`)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        if quiet:
            return None
        raise InvalidInput(
            [Problem(flag, f"must be a date written YYYY-MM-DD, got {value!r}")]
        ) from None


def parse_as_of(value: str | None, flag: str = "--as-of") -> dt.date | None:
    """A day to assess: YYYY-MM-DD within the date rule (1900 to a year after today)."""
    from heelraise.app.clock import today
    from heelraise.contract.dates import as_of_problems

    day = parse_day(value, flag)
    if day is not None:
        problems = as_of_problems(flag, day, today())
        if problems:
            raise InvalidInput(problems)
    return day


def renamed(error: InvalidInput, names: dict[str, str]) -> InvalidInput:
    """The same problems, located by command-line flag instead of contract field."""
    problems = []
    for problem in error.problems:
        head, _, rest = problem.field.partition(".")
        flag = names.get(head, head)
        problems.append(Problem(flag + (f".{rest}" if rest else ""), problem.message))
    return InvalidInput(problems)
