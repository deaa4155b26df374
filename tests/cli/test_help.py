"""Every command, sub-command included, has help text and answers `--help`."""

from __future__ import annotations

import typer

from heelraise.cli import app
from tests.cli.journal_steps import ok


def _commands(group: typer.Typer, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [
        (*prefix, info.name or (info.callback.__name__ if info.callback else ""))
        for info in group.registered_commands
    ]
    for sub in group.registered_groups:
        assert sub.typer_instance is not None and sub.name is not None
        found += _commands(sub.typer_instance, (*prefix, sub.name))
    return found


def test_every_command_has_help() -> None:
    commands = _commands(app)
    names = {" ".join(command) for command in commands}
    expected = {
        "init",
        "checkin",
        "status",
        "history",
        "plan",
        "test heel-rise",
        "test hop",
        "test visa-a",
        "data export",
        "data import",
        "data erase",
        "data backup",
        "data restore",
    }
    assert expected <= names
    for command in commands:
        text = ok(*command, "--help")
        assert "Usage" in text
        assert len(text.splitlines()) > 4


def test_command_table_names_the_module_of_every_command() -> None:
    """`main()` imports only the module the command line names: the table must be right."""
    from heelraise.cli import COMMAND_MODULES, _register_commands

    _register_commands()
    where: dict[str, set[str]] = {}
    for info in app.registered_commands:
        assert info.callback is not None
        name = info.name or info.callback.__name__
        where.setdefault(name, set()).add(info.callback.__module__)
    for sub in app.registered_groups:
        assert sub.typer_instance is not None and sub.name is not None
        for info in sub.typer_instance.registered_commands:
            assert info.callback is not None
            where.setdefault(sub.name, set()).add(info.callback.__module__)
    assert set(where) == set(COMMAND_MODULES)
    for name, modules in where.items():
        assert modules == {f"heelraise.cli.{COMMAND_MODULES[name]}"}, name


def test_assess_alone_loads_no_database_or_web_library() -> None:
    """The batch command starts fast: it does not import SQLAlchemy, FastAPI or icalendar."""
    import subprocess
    import sys

    probe = (
        "import sys; sys.argv = ['heelraise', 'assess', '--batch', '-'];"
        "from heelraise.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('sqlalchemy', 'fastapi', 'icalendar', 'alembic')"
        " if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], input=b"", capture_output=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == b"[]"
