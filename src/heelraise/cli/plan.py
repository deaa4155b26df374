"""`heelraise plan [CASE.json] [--ics FILE]`: this week's sessions, or an iCalendar file.

With a CASE the plan comes from that document; without one, from the journal
(the day's assessment, stored as `heelraise status` would).
"""

from __future__ import annotations

from pathlib import Path

import typer

from heelraise.cli import app
from heelraise.cli.options import DAY, db_option, parse_as_of, person_option
from heelraise.errors import HeelraiseError


@app.command()
def plan(
    case: str | None = typer.Argument(
        None, metavar="CASE", help="Case JSON file, or - for stdin (default: your journal)."
    ),
    ics: Path | None = typer.Option(
        None, "--ics", metavar="FILE", help="Write the week as iCalendar events."
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", metavar=DAY, help="Journal day to plan from (default today)."
    ),
    db: str | None = db_option(),
    person: str | None = person_option(),
) -> None:
    """This week's plan (7 days from the day assessed), from a case or from your journal."""
    from rich.console import Console

    from heelraise.cli.render import plan_table, render_urgent

    if case is not None:
        from heelraise.app.assessing import assess_json_text
        from heelraise.cli.assess import read_case_bytes

        assessment = assess_json_text(read_case_bytes(case))
    else:
        from heelraise.app.status import assess_day

        assessment = assess_day(db, person, parse_as_of(as_of)).assessment
    console = Console(highlight=False)
    console.print(assessment.notice, style="dim")
    if assessment.plan is None:
        if assessment.pathway == "urgent":
            render_urgent(console, assessment)
        console.print("No home programme until a clinician has seen you.")
        if ics is None:
            return
    else:
        console.print(plan_table(assessment))
    if ics is not None:
        from heelraise.export.ics import plan_ics  # icalendar: only --ics needs it

        try:
            ics.write_bytes(plan_ics(assessment))
        except OSError as error:
            raise HeelraiseError(f"{ics}: cannot write ({error.strerror})") from None
        console.print(f"Wrote {ics}")
