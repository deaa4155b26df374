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
