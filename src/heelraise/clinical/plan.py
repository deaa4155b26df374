"""This week's plan: dated sessions for the 7 days from `as_of`.

Built from the programme templates in `exercises.toml` for the stage, the
location (insertional variants stay at floor level) and the heavy-loading
method. Plans are cached per engine: the same inputs give the same plan.
A week's sessions depend on the date only through their dates, so the
undated week (titles, kinds and exercise lists) is cached apart and a new
date costs only the dated sessions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from heelraise.contract.assessment import (
    Location,
    Plan,
    PlannedExercise,
    PlannedSession,
    StageValue,
)
from heelraise.errors import KnowledgeError
from heelraise.knowledge.loader import Knowledge
from heelraise.knowledge.programme_schema import Dose, Exercise, Programme, StageKey

UndatedSession = tuple[
    dt.timedelta, str, list[PlannedExercise], str
]  # offset, title, exercises, kind
WeekKey = tuple[
    StageKey, Location, str, int, bool
]  # stage, location, method, load step, field/court


@dataclass(frozen=True, slots=True)
class PlanRequest:
    stage: StageKey
    location: Location
    method: str
    load_step: int
    first_day: dt.date
    field_court: bool


class PlanBuilder:
    """Turns plan requests into plans, remembering the ones already built."""

    def __init__(self, knowledge: Knowledge) -> None:
        self._exercises: dict[str, Exercise] = {e.id: e for e in knowledge.exercises.exercise}
        self._programmes = knowledge.exercises.programme
        self._cache: dict[PlanRequest, Plan] = {}
        self._weeks: dict[WeekKey, tuple[Programme, list[UndatedSession]]] = {}
        self._check()

    def _check(self) -> None:
        for p_index, programme in enumerate(self._programmes):
            for s_index, session in enumerate(programme.sessions):
                for r_index, prescription in enumerate(session.prescriptions):
                    if prescription.exercise not in self._exercises:
                        raise KnowledgeError(
                            "exercises.toml",
                            f"programme[{p_index}].sessions[{s_index}]"
                            f".prescriptions[{r_index}].exercise",
                            f"no exercise with id {prescription.exercise!r}",
                        )
        for stage in ("1", "2", "3", "4", "maintenance"):
            for location in ("midportion", "insertional", "both", "unclear"):
                for method in ("hsr", "eccentric"):
                    self.programme_for(stage, location, method)

    def programme_for(self, stage: StageKey, location: Location, method: str) -> Programme:
        for programme in self._programmes:
            if (
                programme.stage == stage
                and location in programme.locations
                and method in programme.methods
            ):
                return programme
        raise KnowledgeError(
            "exercises.toml", "programme", f"no programme for stage {stage}, {location}, {method}"
        )

    def plan(self, request: PlanRequest) -> Plan:
        cached = self._cache.get(request)
        if cached is None:
            cached = self._cache[request] = self._build(request)
        return cached

    def _build(self, request: PlanRequest) -> Plan:
        key = (
            request.stage,
            request.location,
            request.method,
            request.load_step,
            request.field_court,
        )
        known = self._weeks.get(key)
        if known is None:
            programme = self.programme_for(request.stage, request.location, request.method)
            known = self._weeks[key] = (programme, self._week(programme, request))
        programme, week = known
        first_day = request.first_day
        sessions = [
            PlannedSession(first_day + offset, title, exercises, kind)
            for offset, title, exercises, kind in week
        ]
        stage: StageValue = "maintenance" if request.stage == "maintenance" else int(request.stage)
        return Plan(
            week_of=first_day,
            sessions=sessions,
            stage=stage,
            variant=programme.variant,
            source=programme.source,
        )

    def _week(self, programme: Programme, request: PlanRequest) -> list[UndatedSession]:
        """The week's sessions by day offset, in order, before they are given dates."""
        week: list[UndatedSession] = []
        for offset in range(7):
            for template in programme.sessions:
                if offset not in template.days:
                    continue
                exercises = [
                    self._exercise(prescription.exercise, prescription.steps, request.load_step)
                    for prescription in template.prescriptions
                    if prescription.when is None or request.field_court
                ]
                week.append((dt.timedelta(days=offset), template.title, exercises, template.kind))
        return week

    def _exercise(self, exercise_id: str, steps: list[Dose], load_step: int) -> PlannedExercise:
        exercise = self._exercises[exercise_id]
        dose = steps[min(max(load_step, 0), len(steps) - 1)]
        return PlannedExercise(
            id=exercise.id,
            name=exercise.name,
            sets=dose.sets,
            reps=dose.reps,
            hold_s=dose.hold_s,
            duration_min=dose.duration_min,
            load=dose.load,
            tempo=dose.tempo,
            tags=list(exercise.tags),
            notes=exercise.how,
            source=exercise.source,
        )
