"""`heelraise init`, `checkin` and `status`: the daily journal workflow (calls `heelraise.app`)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from heelraise.cli import app
from heelraise.cli.options import DAY, db_option, parse_as_of, parse_day, person_option, renamed
from heelraise.errors import CheckInExists, InvalidInput

if TYPE_CHECKING:
    from rich.console import Console

    from heelraise.app.questions import Question
    from heelraise.app.status import DayAssessment

# The engine, the journal and Rich are imported inside the commands, so that
# `--help` and the other commands do not pay for them (see `commands.py`).

CHECKIN_FLAGS = {
    "date": "--date",
    "morning_stiffness_0_10": "--morning-stiffness",
    "pain_walking_0_10": "--pain-walking",
    "pain_during_0_10": "--pain-during",
    "pain_after_0_10": "--pain-after",
    "settled_by_next_morning": "--settled/--not-settled",
    "exercised": "--no-exercise",
}


@app.command()
def init(
    from_case: Path | None = typer.Option(
        None, "--from-case", metavar="CASE.json", help="Take the answers from a case document."
    ),
    db: str | None = db_option(),
    person: str | None = person_option(),
) -> None:
    """Start a journal: the triage questions one at a time (or --from-case CASE.json)."""
    from rich.console import Console

    from heelraise.app.onboarding import Answers, init_from_answers, init_from_case, triage_so_far
    from heelraise.app.questions import TRIAGE_QUESTIONS
    from heelraise.cli.assess import read_case_bytes

    out = Console(highlight=False)
    if from_case is not None:
        day, left_out = init_from_case(db, person, read_case_bytes(str(from_case)))
        _show_day(out, day)
        if left_out:
            out.print(
                f"{left_out} check-in(s) in the case were not stored: "
                "enter them with `heelraise checkin`."
            )
        return
    answers = Answers({}, {}, {})
    for question in TRIAGE_QUESTIONS:
        value = _ask(question)
        if value is None:
            continue
        getattr(answers, question.part)[question.field] = value
        if question.part != "person" and triage_so_far(answers).pathway == "urgent":
            out.print("[bold]That answer needs urgent attention: stopping the questions here.[/]")
            break
    _show_day(out, init_from_answers(db, person, answers))


def _ask(question: Question) -> Any:
    if question.kind == "yes_no":
        return typer.confirm(question.text, default=False)
    if question.kind == "choice":
        words = ", ".join(f"{value} ({label})" for value, label in question.choices)
        allowed = [value for value, _ in question.choices]
        while True:
            answer = str(typer.prompt(f"{question.text} [{words}]")).strip().lower()
            if answer in allowed:
                return answer
            typer.echo(f"Please answer one of: {', '.join(allowed)}")
    if question.kind == "score":
        while True:
            number = int(typer.prompt(question.text, type=int))
            if 0 <= number <= 10:
                return number
            typer.echo("Please give a whole number from 0 to 10.")
    if question.kind == "date":
        while True:
            day = parse_day(
                str(typer.prompt(question.text)).strip() or None, question.field, quiet=True
            )
            if day is not None:
                return day.isoformat()
            typer.echo("Please write the date as YYYY-MM-DD.")
    answer = str(typer.prompt(question.text, default="", show_default=False)).strip()
    if not answer:
        return None
    if question.kind == "number":
        return int(answer) if answer.isdigit() else None
    if question.kind == "sports":
        return [part.strip().lower() for part in answer.split(",") if part.strip()]
    return answer


def _show_day(out: Console, day: DayAssessment) -> None:
    from rich.text import Text

    from heelraise.app.reading import plain_date, plain_text
    from heelraise.cli.render import render_assessment

    render_assessment(day.assessment, out)
    advanced = day.advanced
    if advanced is not None:
        step = "" if advanced.load_step is None else f", load step {advanced.load_step}"
        line = Text("Programme record: ", style="bold")
        line.append(
            f"stage {advanced.stage}{step}, from {plain_date(advanced.effective)} "
            f"({plain_text(advanced.reason)})"
        )
        out.print(line)


@app.command()
def checkin(
    date: str | None = typer.Option(
        None, "--date", metavar=DAY, help="Day of the check-in (default today)."
    ),
    morning_stiffness: int | None = typer.Option(
        None, "--morning-stiffness", help="Stiffness on waking, 0-10."
    ),
    pain_walking: int | None = typer.Option(
        None, "--pain-walking", help="Pain with everyday walking and stairs, 0-10."
    ),
    pain_during: int | None = typer.Option(
        None, "--pain-during", help="Pain during the day's loading or running, 0-10."
    ),
    pain_after: int | None = typer.Option(
        None, "--pain-after", help="Pain after it, up to the next morning, 0-10."
    ),
    settled: bool | None = typer.Option(
        None, "--settled/--not-settled", help="Settled by the next morning?"
    ),
    no_exercise: bool = typer.Option(False, "--no-exercise", help="No exercises that day."),
    yes: bool = typer.Option(False, "--yes", help="Replace that day's check-in without asking."),
    db: str | None = db_option(),
    person: str | None = person_option(),
) -> None:
    """Record today's check-in (asks the questions, or takes them as flags)."""
    from heelraise.app.recording import record_checkin

    day = parse_day(date, "--date")
    given = (morning_stiffness, pain_walking, pain_during, pain_after, settled)
    fields: dict[str, Any] = {
        "date": None if day is None else day.isoformat(),
        "morning_stiffness_0_10": morning_stiffness,
        "pain_walking_0_10": pain_walking,
        "pain_during_0_10": pain_during,
        "pain_after_0_10": pain_after,
        "settled_by_next_morning": settled,
        "exercised": not no_exercise,
    }
    if all(value is None for value in given):
        fields.update(_ask_checkin(no_exercise))
    else:
        for field, words in (
            ("morning_stiffness_0_10", "Morning stiffness on waking (0-10)"),
            ("pain_walking_0_10", "Pain with walking and stairs (0-10)"),
        ):
            if fields[field] is None:
                fields[field] = typer.prompt(words, type=int)
    try:
        try:
            name, when, _ = record_checkin(db, person, fields)
            replaced = False
        except CheckInExists as exists:
            if not yes and not typer.confirm(
                f"A check-in for {exists.day} is already recorded. Replace it?", default=False
            ):
                typer.echo("Kept the earlier check-in; nothing changed.")
                raise SystemExit(1) from None
            name, when, replaced = record_checkin(db, person, fields, replace=True)
    except InvalidInput as error:
        raise renamed(error, CHECKIN_FLAGS) from None
    typer.echo(f"{'Replaced' if replaced else 'Recorded'} the check-in for {when}.")
    _answer_checkin(db, name, when)


def _answer_checkin(db: str | None, person: str, day: dt.date) -> None:
    """The decision the day's assessment makes with the new check-in (nothing stored:
    `heelraise status` stores it), with the day's reasons in words."""
    from heelraise.app.reading import day_reasons, decision_words, headline, plain_date
    from heelraise.app.today import today_for

    answer = today_for(db, person, day).assessment
    if answer is None:
        return
    words = decision_words(answer.decision)
    if answer.pathway == "urgent" or words is None:
        typer.echo(f"{plain_date(day)}: {headline(answer)} Run `heelraise status` to see it.")
        return
    typer.echo(f"{plain_date(day)}: {words}.")
    for reason in day_reasons(answer):
        typer.echo(f" • {reason}")


def _ask_checkin(no_exercise: bool) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "morning_stiffness_0_10": typer.prompt("Morning stiffness on waking (0-10)", type=int),
        "pain_walking_0_10": typer.prompt("Pain with walking and stairs (0-10)", type=int),
    }
    exercised = not no_exercise and typer.confirm("Did you do your exercises?", default=True)
    answers["exercised"] = exercised
    if exercised:
        answers["pain_during_0_10"] = typer.prompt("Pain during them (0-10)", type=int)
        answers["pain_after_0_10"] = typer.prompt(
            "Pain after them, up to the next morning (0-10)", type=int
        )
        answers["settled_by_next_morning"] = typer.confirm(
            "Had it settled by the next morning?", default=True
        )
    return answers


@app.command()
def status(
    json_output: bool = typer.Option(False, "--json", help="Print the assessment document."),
    as_of: str | None = typer.Option(
        None, "--as-of", metavar=DAY, help="The day to assess (default today)."
    ),
    db: str | None = db_option(),
    person: str | None = person_option(),
) -> None:
    """Today's assessment from the journal (stored, and the programme advanced when due)."""
    from heelraise.app.status import assess_day

    day = assess_day(db, person, parse_as_of(as_of))
    if json_output:
        from heelraise.app.assessing import assessment_json

        sys.stdout.buffer.write(assessment_json(day.assessment, indent=True) + b"\n")
        sys.stdout.flush()
        return
    from rich.console import Console

    _show_day(Console(highlight=False), day)
