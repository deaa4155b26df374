"""Every top-level command, named and described here, loaded only when it runs.

`heelraise --help` lists the commands from `COMMANDS` without importing any of
them (the engine, the database and the web libraries stay unloaded); running
or asking for the help of one command imports the one module that registers
it. A test checks this table against what the modules register, help text
included.

Typer's Rich help also prints the type of a flag (`--json <bool>`); a flag
takes no value, so `hide_flag_types` makes it print nothing there, as Typer's
plain help already does.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, NamedTuple

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup, TyperOption


class CommandEntry(NamedTuple):
    """Which module of `heelraise.cli` registers a command, and its help in one line."""

    module: str
    help: str


# In the order `heelraise --help` lists them: the daily journal first.
COMMANDS: dict[str, CommandEntry] = {
    "init": CommandEntry(
        "journal", "Start a journal: the triage questions one at a time (or --from-case CASE.json)."
    ),
    "checkin": CommandEntry(
        "journal", "Record today's check-in (asks the questions, or takes them as flags)."
    ),
    "status": CommandEntry(
        "journal",
        "Today's assessment from the journal (stored, and the programme advanced when due).",
    ),
    "plan": CommandEntry(
        "plan", "This week's plan (7 days from the day assessed), from a case or from your journal."
    ),
    "test": CommandEntry("testing", "Record a capacity test: heel-rise, hop or VISA-A."),
    "history": CommandEntry(
        "history", "Morning stiffness, pain, VISA-A, heel-rise symmetry and weekly km over time."
    ),
    "assess": CommandEntry(
        "assess",
        "Assess a case: is this consistent with Achilles tendinopathy, and what to do now.",
    ),
    "import": CommandEntry(
        "importing",
        "Import activities (FIT, GPX, TCX, CSV; Garmin and Strava exports) or a FHIR bundle.",
    ),
    "activities": CommandEntry(
        "importing", "List imported activities (with their ids); `delete ID` removes one."
    ),
    "report": CommandEntry(
        "report",
        "A PDF report for a physio, GP or specialist, two A4 pages at most.",
    ),
    "export": CommandEntry(
        "export", "Export the journal in a standard format (FHIR R4) for a clinician's system."
    ),
    "data": CommandEntry("data", "Take your data away, bring it back, erase it, back it up."),
    "referrals": CommandEntry(
        "referrals",
        "Show the referral destinations in force (NHS and private examples by default).",
    ),
    "serve": CommandEntry(
        "serve", "Start the web app: the questionnaire, training view and JSON API (/api)."
    ),
    "users": CommandEntry("users", "Logins for a clinic server: patients and clinicians."),
}


def register_commands(names: list[str] | None = None) -> None:
    """Import the modules that register the named commands (default: every command)."""
    chosen = COMMANDS if names is None else [name for name in names if name in COMMANDS]
    for module in dict.fromkeys(COMMANDS[name].module for name in chosen):
        importlib.import_module(f"heelraise.cli.{module}")


class Unloaded(TyperCommand):
    """A command listed by name and help only; `Commands` loads the real one before it runs."""

    def __init__(self, name: str, help: str) -> None:
        super().__init__(name=name, help=help, add_help_option=False)

    def invoke(self, ctx: Any) -> Any:
        raise RuntimeError(f"heelraise {self.name}: the command was not loaded")


class Commands(TyperGroup):
    """The root group: every command of `COMMANDS`, each loaded on first use."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        loaded = dict(self.commands)
        listed: dict[str, Any] = {}
        for name, entry in COMMANDS.items():
            listed[name] = loaded.pop(name) if name in loaded else Unloaded(name, entry.help)
        listed.update(loaded)  # a command missing from the table still runs
        self.commands = listed

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and isinstance(self.commands.get(args[0]), Unloaded):
            self._load(args[0])
        return super().resolve_command(ctx, args)

    def _load(self, name: str) -> None:
        from heelraise.cli import app  # the Typer app the command modules register on

        register_commands([name])
        built = typer.main.get_group(app)
        command = built.commands.get(name)
        if command is not None and not isinstance(command, Unloaded):
            self.commands[name] = command


def hide_flag_types() -> None:
    """Make Rich help print no type after a flag (`--json`, not `--json <bool>`).

    Typer's Rich help prints every option's type, a flag's included; its plain
    help leaves a flag's out. This replaces `TyperOption.display_type_rich`, once
    for the process, with one that leaves a flag's out too (a test renders every
    command's help and looks for `<bool>`)."""
    shown: Callable[[TyperOption, Any], str | None] | None = getattr(
        TyperOption, "display_type_rich", None
    )
    if shown is None or getattr(shown, "hides_flag_types", False):
        return  # Typer before 0.29 prints no type after a flag itself

    def display_type_rich(self: TyperOption, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        assert shown is not None
        return shown(self, ctx)

    display_type_rich.hides_flag_types = True  # type: ignore[attr-defined]
    setattr(TyperOption, "display_type_rich", display_type_rich)  # noqa: B010 - a method
