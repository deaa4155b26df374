"""How an assessment reads on a page: the words for it, grouped for templates.

No clinical logic: the assessment already holds every decision; this module
only gathers the words for it (`app/reading.py`, which `cli/render.py` uses
for the terminal too): the headline, the picture, today's decision and its
day reasons, and for an urgent pathway only the urgent part.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from markupsafe import Markup

from heelraise.app.reading import (
    DayAnswer,
    UrgentSummary,
    day_answer,
    day_reasons,
    decision_words,
    headline,
    missing_words,
    picture,
    urgent_summary,
)
from heelraise.contract import Assessment, PlannedExercise
from heelraise.contract.assessment import PlannedSession, ReferralOption
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


def day_words(day: dt.date) -> str:
    """`Saturday 5 December`: a day as the pages write it."""
    return f"{day:%A} {day.day} {day:%B}"


EXERCISE_PICTURES = "/static/exercises"  # where the app serves knowledge/illustrations/
PICTURE_WIDTH, PICTURE_HEIGHT = 340, 236  # the drawings' viewBox (scripts/draw_exercises.py)


@dataclass(frozen=True, slots=True)
class Picture:
    """An exercise's illustration: its URL and its alt text."""

    src: str
    alt: str
    width: int = PICTURE_WIDTH
    height: int = PICTURE_HEIGHT


@cache
def _pictures() -> dict[str, Picture]:
    return {
        exercise.id: Picture(
            f"{EXERCISE_PICTURES}/{exercise.illustration}", exercise.illustration_alt
        )
        for exercise in default_knowledge().exercises.exercise
    }


def exercise_picture(exercise_id: str) -> Picture | None:
    """The illustration of an exercise in the plan (None for an id the knowledge lacks)."""
    return _pictures().get(exercise_id)


def tempo_words(tempo: str | None) -> str | None:
    """`3-0-3` (up, pause, down, in seconds) as `3 s up, 3 s down`; `0-0-3` as
    `lower over 3 s`; anything else as `tempo …`."""
    if not tempo:
        return None
    parts = tempo.split("-")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return f"tempo {tempo}"
    up, pause, down = (int(part) for part in parts)
    words = [f"{up} s up"] if up else []
    if pause:
        words.append(f"hold {pause} s")
    words.append(f"{down} s down" if up else f"lower over {down} s")
    return ", ".join(words)


def dose(exercise: PlannedExercise) -> str:
    """A short dose such as `3 × 15`, `5 × 45 s` or `1 × 20 min`."""
    return exercise.dose_text()


def dose_line(exercise: PlannedExercise) -> str:
    """The dose in words: `3 sets of 12 · 12RM`, `5 holds of 45 seconds`, `30 minutes`."""
    sets = exercise.sets or 1
    if exercise.hold_s is not None:
        amount = f"{sets} hold{'s' if sets != 1 else ''} of {exercise.hold_s} seconds"
    elif exercise.reps is not None:
        amount = f"{sets} set{'s' if sets != 1 else ''} of {exercise.reps}"
    else:
        amount = f"{exercise.duration_min} minutes"
        if sets > 1:
            amount = f"{sets} × {amount}"
    if exercise.load and exercise.load != "bodyweight":
        return f"{amount} · {exercise.load}"
    return amount


def level_label(level: str) -> str:
    return LEVEL_LABELS.get(level, level)


def pathway_label(pathway: str) -> str:
    return PATHWAY_LABELS.get(pathway, pathway)


@dataclass(frozen=True, slots=True)
class WeekRow:
    """Days in a row with the same session: one line of the week's table."""

    first: dt.date
    last: dt.date
    session: PlannedSession
    same_as_today: bool  # the same exercises as the day's session

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def _exercise_ids(session: PlannedSession | None) -> list[str]:
    return [] if session is None else [exercise.id for exercise in session.exercises]


@dataclass(frozen=True, slots=True)
class AssessmentView:
    """An assessment and the sentences a page shows for it."""

    assessment: Assessment
    headline: str
    answer: DayAnswer
    picture: str
    decision_label: str | None
    day_reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    urgent_part: UrgentSummary | None = None  # only for an urgent pathway
    load_chart: Markup | None = None
    trend_charts: list[tuple[str, Markup]] = field(default_factory=list)

    @property
    def urgent(self) -> bool:
        return self.urgent_part is not None

    @property
    def options(self) -> list[ReferralOption]:
        return self.assessment.escalation.options

    @property
    def session_today(self) -> PlannedSession | None:
        """The plan's session on the assessment's day (None: no plan, or none that day)."""
        plan = self.assessment.plan
        if plan is None:
            return None
        return next((s for s in plan.sessions if s.date == self.assessment.as_of), None)

    @property
    def rest_of_week(self) -> list[PlannedSession]:
        """The plan's other sessions, in order."""
        plan = self.assessment.plan
        today = self.session_today
        return [] if plan is None else [s for s in plan.sessions if s is not today]

    @property
    def week_rows(self) -> list[WeekRow]:
        """The rest of the week, days in a row with the same session on one line."""
        today = _exercise_ids(self.session_today)
        rows: list[WeekRow] = []
        for session in self.rest_of_week:
            ids = _exercise_ids(session)
            last = rows[-1] if rows else None
            if (
                last is not None
                and last.session.title == session.title
                and _exercise_ids(last.session) == ids
                and last.last + dt.timedelta(days=1) == session.date
            ):
                rows[-1] = WeekRow(last.first, session.date, last.session, last.same_as_today)
            else:
                rows.append(
                    WeekRow(session.date, session.date, session, bool(ids) and ids == today)
                )
        return rows

    def citation(self, source: str) -> str | None:
        """The citation of one of the assessment's sources (None when it lists no such id)."""
        return next((s.citation for s in self.assessment.sources if s.id == source), None)


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
    """The words for every part; an urgent page shows `urgent_part` only (a clinician may
    open the rest)."""
    load = assessment.load
    return AssessmentView(
        assessment=assessment,
        headline=headline(assessment),
        answer=day_answer(assessment),
        picture=picture(assessment),
        decision_label=decision_words(assessment.decision),
        day_reasons=day_reasons(assessment),
        missing=missing_words(assessment),
        urgent_part=urgent_summary(assessment) if assessment.pathway == "urgent" else None,
        load_chart=weekly_load_svg(load.weeks, load.spikes) if load.weeks else None,
        trend_charts=trend_charts(assessment.measures),
    )
