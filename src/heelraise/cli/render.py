"""Readable assessment for the terminal (Rich). The notice always comes first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from heelraise.app.reading import (
    call_words,
    day_reasons,
    decision_words,
    headline,
    missing_words,
    other_inputs,
    picture,
    plain_date,
    plain_inputs,
    plain_label,
    plain_text,
    urgent_summary,
)
from heelraise.contract import Assessment, PlannedExercise, PlannedSession
from heelraise.contract.assessment import ReferralOption

LEVEL_STYLE = {
    "urgent": "bold white on red",
    "specialist": "bold magenta",
    "clinician": "bold yellow",
    "caution": "cyan",
}
PATHWAY_STYLE = {
    "urgent": "bold white on red",
    "specialist": "bold magenta",
    "clinician": "bold yellow",
    "self_manage": "bold green",
}


def render_assessment(assessment: Assessment, console: Console | None = None) -> None:
    """The readable assessment; an urgent one shows only what to do now (see `urgent`)."""
    out = console or Console(highlight=False)
    out.print(Panel(assessment.notice, title="About this assessment", border_style="dim"))
    if assessment.pathway == "urgent":
        render_urgent(out, assessment)
        return
    out.print(Text(headline(assessment), style=PATHWAY_STYLE[assessment.pathway]))
    out.print(f"The picture is {picture(assessment)}. (as of {plain_date(assessment.as_of)})")
    missing = missing_words(assessment)
    if missing:
        out.print(Text("Not answered: " + ", ".join(missing), style="yellow"))
    if assessment.flags:
        out.print()
        for flag in assessment.flags:
            out.print(Text(f" {flag.level.upper()} ", style=LEVEL_STYLE[flag.level]), end=" ")
            out.print(_noted(plain_text(flag.text), flag.source))
            _print_inputs(out, flag.inputs)
    if assessment.escalation.recommended and assessment.escalation.options:
        out.print()
        out.print(Text("Where to go", style="bold"))
        _print_options(out, assessment.escalation.options)
    _render_decision(out, assessment)
    if assessment.plan is not None:
        if assessment.plan.note:
            out.print(Text(assessment.plan.note, style="yellow"))
        out.print(plan_table(assessment))
    _render_load(out, assessment)
    _render_return_to_run(out, assessment)
    if assessment.advice:
        out.print()
        out.print(Text("What to do", style="bold"))
        for item in assessment.advice:
            out.print(_noted(f" • {plain_text(item.text)}", item.source))
    out.print()
    out.print(Text("Sources", style="bold"))
    for source in assessment.sources:
        doi = f" doi:{source.doi}" if source.doi else ""
        out.print(Text(f" {source.id}: {source.citation}{doi}", style="dim"))


def render_urgent(out: Console, assessment: Assessment) -> None:
    """Go now, why (the urgent flags only), where, and what to do until seen."""
    urgent = urgent_summary(assessment)
    out.print(Text(urgent.heading, style=PATHWAY_STYLE["urgent"]))
    for flag in urgent.flags:
        out.print(Text(" URGENT ", style=LEVEL_STYLE["urgent"]), end=" ")
        out.print(_noted(plain_text(flag.text), flag.source))
    if urgent.destinations:
        out.print()
        out.print(Text("Where to go now", style="bold"))
        _print_options(out, urgent.destinations)
    if urgent.until_seen:
        out.print()
        out.print(Text("Until you are seen", style="bold"))
        for item in urgent.until_seen:
            out.print(_noted(f" • {plain_text(item.text)}", item.source))


def _noted(text: str | Text, source: str) -> Text:
    """The text with its source as a dimmed trailing note (never a rule id or a field path)."""
    line = Text(text) if isinstance(text, str) else text
    line.append(f" ({source})", style="dim")
    return line


def _print_options(out: Console, options: list[ReferralOption]) -> None:
    for option in options:
        link = f" {call_words(option.url)}" if option.url else ""
        out.print(Text(f" • {option.name} ({option.kind.upper()}): {option.how}{link}"))


def _print_inputs(out: Console, inputs: dict[str, Any]) -> None:
    if inputs:
        words = "; ".join(f"{label}: {value}" for label, value in plain_inputs(inputs))
        out.print(Text(f"   Why: {words}", style="dim"))


def _render_decision(out: Console, assessment: Assessment) -> None:
    words = decision_words(assessment.decision)
    if assessment.stage is None or words is None:
        return
    out.print()
    out.print(Text(f"Today: {words} (Stage {assessment.stage})", style="bold"))
    for reason in day_reasons(assessment):
        out.print(f" • {reason}")
    rule = assessment.decision_rule
    if rule is not None:
        out.print(_noted(plain_text(rule.text), rule.source))
        _print_inputs(out, other_inputs(rule.inputs))
    if assessment.stage_rule is not None:
        out.print(Text(plain_text(assessment.stage_rule.text), style="dim"))


def dose(exercise: PlannedExercise) -> str:
    """A short dose such as `3 × 15`, `5 × 45 s` or `1 × 20 min`."""
    return exercise.dose_text()


def plan_table(assessment: Assessment) -> Table:
    """The week's sessions; consecutive days with the same session share one row
    (`Fri 20 – Thu 26 Nov`), so a week of one routine reads as one routine."""
    plan = assessment.plan
    assert plan is not None
    table = Table(title=f"This week from {plain_date(plan.week_of)}", show_lines=False)
    table.add_column("Day")
    table.add_column("Session")
    table.add_column("Exercise")
    table.add_column("Dose")
    table.add_column("Load")
    for first, last, session in same_day_runs(plan.sessions):
        for index, exercise in enumerate(session.exercises):
            table.add_row(
                day_span(first, last) if index == 0 else "",
                session.title if index == 0 else "",
                exercise.name,
                dose(exercise) + (f" · {exercise.tempo}" if exercise.tempo else ""),
                exercise.load,
            )
    return table


def same_day_runs(
    sessions: list[PlannedSession],
) -> list[tuple[dt.date, dt.date, PlannedSession]]:
    """(first day, last day, session) for each run of consecutive days with the same session
    (same title, kind and exercises)."""
    runs: list[tuple[dt.date, dt.date, PlannedSession]] = []
    for session in sessions:
        if runs:
            first, last, held = runs[-1]
            if session.date == last + dt.timedelta(days=1) and _same_session(held, session):
                runs[-1] = (first, session.date, held)
                continue
        runs.append((session.date, session.date, session))
    return runs


def _same_session(one: PlannedSession, other: PlannedSession) -> bool:
    return (one.title, one.kind, one.exercises) == (other.title, other.kind, other.exercises)


def day_span(first: dt.date, last: dt.date) -> str:
    """`Fri 20 Nov`, `Fri 20 – Thu 26 Nov`, or `Mon 30 Nov – Sun 6 Dec`."""
    end = f"{last:%a} {last.day} {last:%b}"
    if first == last:
        return end
    start = (
        f"{first:%a} {first.day}"
        if first.month == last.month
        else f"{first:%a} {first.day} {first:%b}"
    )
    return f"{start} – {end}"


def _render_load(out: Console, assessment: Assessment) -> None:
    load = assessment.load
    out.print()
    out.print(Text("Training load", style="bold"))
    if load.note:
        out.print(f"[dim]{load.note}[/dim]")
    if load.weeks:
        weeks = Table(show_header=True, box=None)
        weeks.add_column("Week of")
        weeks.add_column("Run km", justify="right")
        weeks.add_column("Sessions", justify="right")
        for week in load.weeks[-8:]:
            weeks.add_row(plain_date(week.week_start), f"{week.run_km:.1f}", str(week.sessions))
        out.print(weeks)
    for spike in load.spikes:
        marker = "▲ likely contributor" if spike.before_onset else "▲"
        line = Text(f" {marker} ")
        line.append(plain_label(spike.kind), style="bold")
        line.append(f" ({plain_date(spike.date)}): {plain_text(spike.detail)}")
        out.print(_noted(line, spike.source))


def _render_return_to_run(out: Console, assessment: Assessment) -> None:
    rtr = assessment.return_to_run
    out.print()
    title = "Return to running: ready" if rtr.ready else "Return to running: not yet"
    out.print(Text(title, style="bold green" if rtr.ready else "bold"))
    rows = []
    for criterion in rtr.criteria:
        mark = {True: "[green]✓[/green]", False: "[red]✗[/red]", None: "[yellow]?[/yellow]"}
        rows.append(f" {mark[criterion.met]} {escape(plain_text(criterion.detail))}")
    out.print(Group(*rows))
