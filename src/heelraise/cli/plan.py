"""`heelraise plan [CASE.json] [--ics FILE]`: this week's sessions, or an iCalendar file.

With a CASE the plan comes from that document; without one, from the journal
(the day's assessment, stored as `heelraise status` would). The iCalendar file
holds the sessions, each with an alarm at `--session-at`, and a daily check-in
reminder at `--checkin-at` (local times, default 08:00 and 17:30).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from heelraise.cli import app
from heelraise.cli.options import DAY, db_option, parse_as_of, person_option
from heelraise.errors import HeelraiseError, InvalidInput, Problem

if TYPE_CHECKING:
    from heelraise.export.ics import Reminders


@app.command()
def plan(
    case: str | None = typer.Argument(
        None, metavar="CASE", help="Case JSON file, or - for stdin (default: your journal)."
    ),
    ics: Path | None = typer.Option(
        None, "--ics", metavar="FILE", help="Write the week as iCalendar events, with reminders."
    ),
    checkin_at: str = typer.Option(
        "08:00", "--checkin-at", metavar="HH:MM", help="Daily check-in reminder (local time)."
    ),
    session_at: str = typer.Option(
        "17:30", "--session-at", metavar="HH:MM", help="Each session's reminder (local time)."
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

    reminders = _reminders(checkin_at, session_at)
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
            ics.write_bytes(plan_ics(assessment, reminders))
        except OSError as error:
            raise HeelraiseError(f"{ics}: cannot write ({error.strerror})") from None
        console.print(f"Wrote {ics}")


def _reminders(checkin_at: str, session_at: str) -> Reminders:
    from heelraise.export.ics import DEFAULT_REMINDERS, Reminders, parse_clock

    problems = []
    times = {}
    for option, text in (("--checkin-at", checkin_at), ("--session-at", session_at)):
        try:
            times[option] = parse_clock(text)
        except ValueError as error:
            problems.append(Problem(option, str(error)))
    if problems:
        raise InvalidInput(problems)
    return Reminders(
        times["--checkin-at"], times["--session-at"], uid_domain=DEFAULT_REMINDERS.uid_domain
    )
