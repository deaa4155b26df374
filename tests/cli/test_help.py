"""Every command, sub-command included, has help text that reads well and answers `--help`;
the command line starts without the libraries its commands do not need."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import typer
import typer.main

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


def _built(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command path of the built command line, groups included."""
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _built(sub, (*path, name))


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


def test_command_table_names_the_module_and_help_of_every_command() -> None:
    """`heelraise --help` lists `COMMANDS` without loading them: the table must be right."""
    from heelraise.cli import COMMAND_MODULES, _register_commands
    from heelraise.cli.commands import COMMANDS, Unloaded

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
    built = typer.main.get_group(app)
    for name, entry in COMMANDS.items():
        command = built.commands[name]
        assert not isinstance(command, Unloaded), name
        assert command.help is not None
        assert command.help.split("\n\n")[0] == entry.help, name


def _probe(code: str, *argv: str) -> list[str]:
    """The heavy modules a fresh interpreter holds after `code` (main() run with `argv`)."""
    probe = (
        f"import sys; sys.argv = ['heelraise', *{list(argv)!r}]\n"
        f"{code}\n"
        "heavy = ('sqlalchemy', 'alembic', 'fastapi', 'starlette', 'lxml', 'icalendar',"
        " 'uvicorn', 'heelraise.store', 'heelraise.clinical', 'heelraise.app.engine')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True)
    return list(ast.literal_eval(done.stdout.decode().strip().splitlines()[-1]))


def test_importing_the_command_line_loads_no_database_web_or_xml_library() -> None:
    assert _probe("import heelraise.cli") == []


def test_help_lists_every_command_without_loading_any() -> None:
    run = (
        "import contextlib, io\nfrom heelraise.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "from heelraise.cli.commands import COMMANDS\n"
        "assert all(name in out.getvalue() for name in COMMANDS), out.getvalue()\n"
        "assert not any(m.startswith('heelraise.cli.') and m != 'heelraise.cli.commands'"
        " for m in sys.modules)"
    )
    assert _probe(run, "--help") == []
    assert _probe(run) == []  # no arguments: the same help


def test_a_commands_help_needs_only_its_options() -> None:
    run = (
        "import contextlib, io\nfrom heelraise.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "assert '--db' in out.getvalue(), out.getvalue()"
    )
    assert _probe(run, "status", "--help") == []
    assert _probe(run, "checkin", "--help") == []


def test_assess_alone_loads_no_database_or_web_library() -> None:
    """The batch command starts fast: it does not import SQLAlchemy, FastAPI or icalendar."""
    probe = (
        "import sys; sys.argv = ['heelraise', 'assess', '--batch', '-'];"
        "from heelraise.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('sqlalchemy', 'fastapi', 'icalendar', 'alembic')"
        " if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], input=b"", capture_output=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == b"[]"


def test_assess_file_loads_no_pydantic_for_a_valid_case() -> None:
    """`assess FILE` (issue 15: 150 ms) reads a valid case with the fast decoder and the
    knowledge from its cache: pydantic, and the case's pydantic dataclasses, stay unloaded."""
    example = Path(__file__).resolve().parents[2] / "examples" / "first-visit.json"
    probe = (
        f"import sys; sys.argv = ['heelraise', 'assess', {str(example)!r}]\n"
        "import contextlib, io\nfrom heelraise.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "assert 'consistent with' in out.getvalue(), out.getvalue()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')"
        " or m == 'heelraise.contract.case'))"
    )
    for _ in range(2):  # the first run may validate the knowledge and write its cache
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == b"[]"


def test_a_mistyped_command_is_named_with_a_suggestion() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "heelraise", "staus"], capture_output=True, check=False
    )
    assert done.returncode == 2
    assert b"No such command 'staus'" in done.stderr
    assert b"'status'" in done.stderr


@pytest.mark.parametrize(
    "path",
    sorted(_built(typer.main.get_group(app))),
    ids=lambda path: " ".join(path) or "heelraise",
)
def test_help_reads_well(path: tuple[str, ...]) -> None:
    """No value type after a flag, no doubled brackets, whole sentences, one-line summaries."""
    from heelraise.cli import _register_commands

    _register_commands()
    text = ok(*path, "--help")
    assert "<bool>" not in text
    assert "[[" not in text
    command: click.Command = typer.main.get_group(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert command.help, path
    summary = command.help.split("\n\n")[0]  # what a list of commands shows
    assert "\n" not in summary, f"the summary breaks mid-sentence: {summary!r}"
    assert summary.endswith("."), summary
    for param in command.params:
        words = getattr(param, "help", None)
        assert words, (path, param.name)
        assert words.rstrip().endswith((".", "?")), (path, param.name, words)


def test_the_roles_in_users_add_help_are_the_roles_accepted() -> None:
    from heelraise.app.accounts import ROLES
    from heelraise.cli.users import ROLE_NAMES

    assert tuple(ROLE_NAMES) == tuple(ROLES)
