"""Readable assessment for the terminal (Rich). The notice always comes first."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from heelraise.contract import Assessment, PlannedExercise
from heelraise.knowledge.loader import default_knowledge

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
    out = console or Console(highlight=False)
    advice = default_knowledge().advice
    out.print(Panel(assessment.notice, title="About this assessment", border_style="dim"))
    headline = advice.headline_for(assessment.pathway, assessment.condition)
    picture = advice.condition_phrase[assessment.condition]
    where = advice.location_phrase[assessment.location]
    out.print(Text(headline, style=PATHWAY_STYLE[assessment.pathway]))
    out.print(f"The picture is {picture}, {where}. (as of {assessment.as_of})")
    if assessment.missing:
        out.print(Text("Not answered: " + ", ".join(assessment.missing), style="yellow"))
    if assessment.flags:
        out.print()
        for flag in assessment.flags:
            out.print(Text(f" {flag.level.upper()} ", style=LEVEL_STYLE[flag.level]), end=" ")
            out.print(f"{flag.text} [dim]({flag.id}; {flag.source})[/dim]")
    if assessment.escalation.recommended and assessment.escalation.options:
        out.print()
        out.print(Text("Where to go", style="bold"))
        for option in assessment.escalation.options:
            out.print(f" • {option.name} ({option.kind.upper()}): {option.how}")
    if assessment.stage is not None and assessment.decision is not None:
        out.print()
        rule = assessment.decision_rule
        out.print(Text(f"Stage {assessment.stage} · decision: {assessment.decision}", style="bold"))
        if rule is not None:
            out.print(f"{rule.text} [dim]({rule.rule}; {rule.source})[/dim]")
        if assessment.stage_rule is not None:
            out.print(f"[dim]{assessment.stage_rule.text}[/dim]")
    if assessment.plan is not None:
        out.print(plan_table(assessment))
    _render_load(out, assessment)
    _render_return_to_run(out, assessment)
    if assessment.advice:
        out.print()
        out.print(Text("What to do", style="bold"))
        for item in assessment.advice:
            out.print(f" • {item.text} [dim]({item.source})[/dim]")
    out.print()
    out.print(Text("Sources", style="bold"))
    for source in assessment.sources:
        doi = f" doi:{source.doi}" if source.doi else ""
        out.print(f"[dim] {source.id}: {source.citation}{doi}[/dim]")


def dose(exercise: PlannedExercise) -> str:
    """A short dose such as `3 × 15`, `5 × 45 s` or `1 × 20 min`."""
    return exercise.dose_text()


def plan_table(assessment: Assessment) -> Table:
    plan = assessment.plan
    assert plan is not None
    table = Table(title=f"This week from {plan.week_of} ({plan.variant})", show_lines=False)
    table.add_column("Day")
    table.add_column("Session")
    table.add_column("Exercise")
    table.add_column("Dose")
    table.add_column("Load")
    for session in plan.sessions:
        day = session.date.strftime("%a %d %b")
        for index, exercise in enumerate(session.exercises):
            table.add_row(
                day if index == 0 else "",
                session.title if index == 0 else "",
                exercise.name,
                dose(exercise) + (f" · {exercise.tempo}" if exercise.tempo else ""),
                exercise.load,
            )
    return table


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
            weeks.add_row(str(week.week_start), f"{week.run_km:.1f}", str(week.sessions))
        out.print(weeks)
    for spike in load.spikes:
        marker = "▲ likely contributor" if spike.before_onset else "▲"
        out.print(
            f" {marker} [bold]{spike.kind}[/bold]: {spike.detail} [dim]({spike.source})[/dim]"
        )


def _render_return_to_run(out: Console, assessment: Assessment) -> None:
    rtr = assessment.return_to_run
    out.print()
    title = "Return to running: ready" if rtr.ready else "Return to running: not yet"
    out.print(Text(title, style="bold green" if rtr.ready else "bold"))
    rows = []
    for criterion in rtr.criteria:
        mark = {True: "[green]✓[/green]", False: "[red]✗[/red]", None: "[yellow]?[/yellow]"}
        rows.append(f" {mark[criterion.met]} {criterion.detail}")
    out.print(Group(*rows))
