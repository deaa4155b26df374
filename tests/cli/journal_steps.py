"""Drive the journal commands in-process, as a person would type them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from heelraise.cli import _register_commands, app

_register_commands()
runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> Result:
    """Invoke `heelraise ARGS...`; heelraise's own errors are left in `result.exception`."""
    result = runner.invoke(app, list(args), input=stdin)
    assert "Traceback" not in result.output
    return result


def ok(*args: str, stdin: str | None = None) -> str:
    """Invoke and require success; return the output."""
    result = run(*args, stdin=stdin)
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result.output


def checkin_flags(item: dict[str, Any]) -> list[str]:
    """The `heelraise checkin` flags for a contract check-in item."""
    flags = [
        "--date",
        item["date"],
        "--morning-stiffness",
        str(item["morning_stiffness_0_10"]),
        "--pain-walking",
        str(item["pain_walking_0_10"]),
    ]
    if item.get("pain_during_0_10") is not None:
        flags += ["--pain-during", str(item["pain_during_0_10"])]
    if item.get("pain_after_0_10") is not None:
        flags += ["--pain-after", str(item["pain_after_0_10"])]
    if item.get("settled_by_next_morning") is not None:
        flags.append("--settled" if item["settled_by_next_morning"] else "--not-settled")
    if item.get("exercised") is False:
        flags.append("--no-exercise")
    return flags


def journal_from_case(case: dict[str, Any], tmp: Path, *where: str) -> dict[str, Any]:
    """`init --from-case`, every check-in through `checkin` flags, then `status --json`."""
    path = tmp / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    ok("init", "--from-case", str(path), *where)
    for item in case.get("checkins", []):
        ok("checkin", *checkin_flags(item), *where)
    status: dict[str, Any] = json.loads(ok("status", "--json", "--as-of", case["as_of"], *where))
    return status


def assess_case(case: dict[str, Any], tmp: Path) -> dict[str, Any]:
    """`heelraise assess --json` on the whole case."""
    path = tmp / "whole-case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    assessed: dict[str, Any] = json.loads(ok("assess", "--json", str(path)))
    return assessed


DECIDING = ("pathway", "stage", "decision")


def deciding(assessment: dict[str, Any]) -> tuple[Any, ...]:
    """The fields the acceptance compares."""
    return (*(assessment[key] for key in DECIDING), assessment["return_to_run"]["ready"])
