"""`heelraise test heel-rise | hop | visa-a`: record a capacity test (calls `heelraise.app`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import typer

from heelraise.app.visa_a_items import ACTIVITY_ITEM, BRANCHES, SCALE_ITEMS, VisaItem
from heelraise.cli import app
from heelraise.cli.options import DAY, db_option, parse_day, person_option, renamed
from heelraise.errors import InvalidInput, Problem

tests_app = typer.Typer(help="Record a capacity test: heel-rise, hop or VISA-A.")
app.add_typer(tests_app, name="test")

DATE_HELP = "Day of the test (default today)."


def _store(
    db: str | None, person: str | None, fields: dict[str, Any], names: dict[str, str]
) -> dict[str, Any]:
    from heelraise.app.recording import record_test  # the journal: only recording needs it

    try:
        return record_test(db, person, fields)
    except InvalidInput as error:
        raise renamed(error, {"date": "--date", **names}) from None


@tests_app.command("heel-rise")
def heel_rise(
    affected: int = typer.Option(..., "--affected", help="Single-leg heel raises, painful side."),
    other: int = typer.Option(..., "--other", help="Single-leg heel raises, other side."),
    height_cm: float | None = typer.Option(
        None, "--height-cm", help="Heel-rise height on the painful side, cm."
    ),
    other_height_cm: float | None = typer.Option(
        None, "--other-height-cm", help="Heel-rise height on the other side, cm."
    ),
    date: str | None = typer.Option(None, "--date", metavar=DAY, help=DATE_HELP),
    db: str | None = db_option(),
    person: str | None = person_option(),
) -> None:
    """Heel-rise test: repetitions to fatigue on each side."""
    day = parse_day(date, "--date")
    fields = {
        "kind": "heel_rise",
        "date": None if day is None else day.isoformat(),
        "affected_reps": affected,
        "other_reps": other,
        "affected_height_cm": height_cm,
        "other_height_cm": other_height_cm,
    }
    names = {
        "affected_reps": "--affected",
        "other_reps": "--other",
        "affected_height_cm": "--height-cm",
        "other_height_cm": "--other-height-cm",
    }
    item = _store(db, person, fields, names)
    from heelraise.app.capacity import heel_rise_result

    measures = {key: fields[key] for key in names}
    result = heel_rise_result(measures, dt.date.fromisoformat(item["date"]))
    typer.echo(
        f"Recorded the heel-rise test for {item['date']} "
        f"({result.percent:.0f}% of the other side, by {result.basis})."
    )


@tests_app.command("hop")
def hop(
    pain: int = typer.Option(..., "--pain", help="Pain while hopping, 0-10."),
    flare: bool | None = typer.Option(
        None, "--flare/--no-flare", help="Did it flare within 24 hours?"
    ),
    date: str | None = typer.Option(None, "--date", metavar=DAY, help=DATE_HELP),
    db: str | None = db_option(),
    person: str | None = person_option(),
) -> None:
    """Hop test: pain while hopping, and whether it flared within 24 hours."""
    day = parse_day(date, "--date")
    fields = {
        "kind": "hop",
        "date": None if day is None else day.isoformat(),
        "pain_0_10": pain,
        "flare_24h": flare,
    }
    item = _store(db, person, fields, {"pain_0_10": "--pain", "flare_24h": "--flare"})
    typer.echo(f"Recorded the hop test for {item['date']}.")


@tests_app.command("visa-a")
def visa_a(
    answers: str | None = typer.Option(
        None,
        "--answers",
        help="All items at once, e.g. q1=7,q2=8,q3=6,q4=7,q5=6,q6=5,q7=4,q8b=10.",
    ),
    score: int | None = typer.Option(None, "--score", help="A total already scored, 0-100."),
    date: str | None = typer.Option(None, "--date", metavar=DAY, help=DATE_HELP),
    db: str | None = db_option(),
    person: str | None = person_option(),
) -> None:
    """VISA-A questionnaire (the published items, asked one at a time, then scored)."""
    day = parse_day(date, "--date")
    given: dict[str, int] | None
    if answers is not None:
        given = _parse_answers(answers)
    elif score is None:
        given = _ask_visa_a()
    else:
        given = None
    fields = {
        "kind": "visa_a",
        "date": None if day is None else day.isoformat(),
        "score": score,
        "answers": given,
    }
    item = _store(db, person, fields, {"score": "--score", "answers": "--answers"})
    typer.echo(f"Recorded VISA-A for {item['date']}: {item['score']}/100.")


def _parse_answers(text: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for part in text.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep or not value.strip().lstrip("-").isdigit():
            raise InvalidInput(
                [Problem("--answers", f"write items as q1=7,q2=8,...; got {part!r}")]
            )
        found[key.strip().lower()] = int(value)
    return found


def _ask_visa_a() -> dict[str, int]:
    found: dict[str, int] = {}
    for item in SCALE_ITEMS:
        while True:
            value = int(typer.prompt(f"{item.key.upper()}. {item.text}", type=int))
            if 0 <= value <= 10:
                found[item.key] = value
                break
            typer.echo("Please give a whole number from 0 to 10.")
    found[ACTIVITY_ITEM.key] = _choose(ACTIVITY_ITEM)
    branch = _choose(
        VisaItem(
            "q8",
            "Q8. Which describes you best in Achilles-loading sport?",
            (
                (1, "no pain (A)"),
                (2, "some pain, but I can complete training (B)"),
                (3, "pain stops me completing training (C)"),
            ),
        )
    )
    chosen = BRANCHES[branch - 1]
    found[chosen.key] = _choose(chosen)
    return found


def _choose(item: VisaItem) -> int:
    typer.echo(item.text)
    for number, (_, words) in enumerate(item.options, start=1):
        typer.echo(f"  {number}. {words}")
    while True:
        picked = int(typer.prompt("Choose a number", type=int))
        if 1 <= picked <= len(item.options):
            return item.options[picked - 1][0]
        typer.echo(f"Please choose 1 to {len(item.options)}.")
