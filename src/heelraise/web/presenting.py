"""How an assessment reads on a page: the knowledge's phrases, grouped for templates.

No clinical logic: the assessment already holds every decision; this module
only looks up the words for it (`knowledge/advice.toml`: headline, condition
and location phrases), as `cli/render.py` does for the terminal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from heelraise.contract import Assessment, PlannedExercise
from heelraise.contract.assessment import ReferralOption
from heelraise.knowledge.loader import default_knowledge
from heelraise.web.charts import trend_svg, weekly_load_svg

LEVEL_LABELS = {
    "urgent": "Urgent",
    "specialist": "Specialist",
    "clinician": "See a clinician",
    "caution": "Caution",
}
PATHWAY_LABELS = {
    "urgent": "Urgent",
    "clinician": "See a clinician",
    "specialist": "Specialist review",
    "self_manage": "Self-management",
}
DECISION_LABELS = {
    "start": "Start the loading programme",
    "progress": "Progress the load",
    "hold": "Hold the load where it is",
    "reduce": "Reduce the load",
}


def dose(exercise: PlannedExercise) -> str:
    """A short dose such as `3 × 15`, `5 × 45 s` or `1 × 20 min`."""
    return exercise.dose_text()


def level_label(level: str) -> str:
    return LEVEL_LABELS.get(level, level)


def pathway_label(pathway: str) -> str:
    return PATHWAY_LABELS.get(pathway, pathway)


@dataclass(frozen=True, slots=True)
class AssessmentView:
    """An assessment and the sentences a page shows for it."""

    assessment: Assessment
    headline: str
    picture: str
    where: str
    decision_label: str | None
    load_chart: Markup | None = None
    trend_charts: list[tuple[str, Markup]] = field(default_factory=list)

    @property
    def urgent(self) -> bool:
        return self.assessment.pathway == "urgent"

    @property
    def options(self) -> list[ReferralOption]:
        return self.assessment.escalation.options


def _points(series: Any, key: str) -> list[tuple[dt.date, float]]:
    return [(item["date"], float(item[key])) for item in series or [] if item.get(key) is not None]


def trend_charts(measures: dict[str, Any]) -> list[tuple[str, Markup]]:
    """(caption, chart) for VISA-A and heel-rise symmetry over time, from `measures`."""
    charts: list[tuple[str, Markup]] = []
    visa = _points(measures.get("visa_a"), "score")
    if visa:
        chart = trend_svg(visa, title="VISA-A score", unit="", y_max=100, chart_id="visa-chart")
        charts.append(("VISA-A score (0–100; higher is better)", chart))
    symmetry = _points(measures.get("heel_rise_symmetry"), "percent")
    if symmetry:
        rules = default_knowledge().return_to_run.criterion
        target = next(rule.value for rule in rules if rule.id == "heel_rise_symmetry")
        chart = trend_svg(
            symmetry,
            title="Heel-rise symmetry",
            unit="%",
            y_max=100,
            target=target,
            chart_id="symmetry-chart",
        )
        charts.append((f"Heel-rise symmetry (%); the dashed line is {target:.0f}%", chart))
    return charts


def view_of(assessment: Assessment) -> AssessmentView:
    advice = default_knowledge().advice
    decision = assessment.decision
    load = assessment.load
    return AssessmentView(
        assessment=assessment,
        headline=advice.headline_for(assessment.pathway, assessment.condition),
        picture=advice.condition_phrase[assessment.condition],
        where=advice.location_phrase[assessment.location],
        decision_label=None if decision is None else DECISION_LABELS[decision],
        load_chart=weekly_load_svg(load.weeks, load.spikes) if load.weeks else None,
        trend_charts=trend_charts(assessment.measures),
    )
