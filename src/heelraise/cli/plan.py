"""`heelraise plan CASE.json [--ics FILE]`: this week's sessions, or an iCalendar file."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from heelraise.app.assessing import assess_json_text
from heelraise.cli import app
from heelraise.cli.assess import read_case_bytes
from heelraise.cli.render import plan_table
from heelraise.errors import HeelraiseError
from heelraise.export.ics import plan_ics


@app.command()
def plan(
    case: str = typer.Argument(..., metavar="CASE", help="Case JSON file, or - for stdin."),
    ics: Path | None = typer.Option(None, "--ics", help="Write the week as iCalendar events."),
) -> None:
    """This week's plan for a case (7 days from as_of)."""
    assessment = assess_json_text(read_case_bytes(case))
    console = Console(highlight=False)
    console.print(assessment.notice, style="dim")
    if assessment.plan is None:
        console.print(
            "No home programme while a possible rupture or another urgent problem is open: "
            "see the urgent advice (heelraise assess)."
        )
        if ics is None:
            return
    else:
        console.print(plan_table(assessment))
    if ics is not None:
        try:
            ics.write_bytes(plan_ics(assessment))
        except OSError as error:
            raise HeelraiseError(f"{ics}: cannot write ({error.strerror})") from None
        console.print(f"Wrote {ics}")
