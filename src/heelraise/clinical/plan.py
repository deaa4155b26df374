"""This week's plan: dated sessions for the 7 days from `as_of`, dosed from the ladder.

Built from the programme templates in `exercises.toml` for the stage, the
location (insertional, both-site and unclear pain get the floor-level
variants), the heavy-loading method and the load step: the rung of the
stage's dose ladder (see the file's header). Every loaded exercise's dose is a
function of (stage, method, site, rung) and nothing else; the rung never comes
from the weeks elapsed.

Plans are cached per engine: the same inputs give the same plan. A week's
sessions depend on the date only through their dates, so the undated week
(titles, kinds and exercise lists) is cached apart and a new date costs only
the dated sessions.
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
from heelraise.knowledge.programme_schema import (
    Dose,
    Exercise,
    Prescription,
    Programme,
    StageKey,
    StepDown,
)

EASED = -1  # the rung below a stage's first: its eased dose (monitoring.toml [step_down])

UndatedSession = tuple[
    dt.timedelta, str, list[PlannedExercise], str
]  # offset, title, exercises, kind
WeekKey = tuple[
    StageKey, Location, str, int, bool, bool
]  # stage, location, method, load step, field/court, running allowed

STAGES: tuple[StageKey, ...] = ("1", "2", "3", "4", "maintenance")
LOCATIONS: tuple[Location, ...] = ("midportion", "insertional", "both", "unclear")
METHODS = ("hsr", "eccentric")


@dataclass(frozen=True, slots=True)
class PlanRequest:
    stage: StageKey
    location: Location
    method: str
    load_step: int
    first_day: dt.date
    field_court: bool
    running_allowed: bool = False
    note: str | None = None


class PlanBuilder:
    """Turns plan requests into plans, remembering the ones already built."""

    def __init__(self, knowledge: Knowledge) -> None:
        self._exercises: dict[str, Exercise] = {e.id: e for e in knowledge.exercises.exercise}
        self._programmes = knowledge.exercises.programme
        self._floor = frozenset(knowledge.exercises.floor_locations)
        self._step_down = knowledge.monitoring.step_down
        self._cache: dict[PlanRequest, Plan] = {}
        self._weeks: dict[WeekKey, tuple[Programme, list[UndatedSession]]] = {}
        self._tops: dict[tuple[StageKey, Location, str, bool], int] = {}
        self._check()

    # -- checks at load --------------------------------------------------------

    def _check(self) -> None:
        for index, exercise in enumerate(self._exercises.values()):
            variant = exercise.floor_variant
            if variant is None:
                continue
            if variant not in self._exercises:
                raise KnowledgeError(
                    "exercises.toml",
                    f"exercise[{index}].floor_variant",
                    f"no exercise with id {variant!r}",
                )
            if "off_step" in self._exercises[variant].tags:
                raise KnowledgeError(
                    "exercises.toml",
                    f"exercise[{index}].floor_variant",
                    f"{variant!r} drops the heel below the step (off_step)",
                )
        for p_index, programme in enumerate(self._programmes):
            for s_index, session in enumerate(programme.sessions):
                for r_index, prescription in enumerate(session.prescriptions):
                    key = f"programme[{p_index}].sessions[{s_index}].prescriptions[{r_index}]"
                    if prescription.exercise not in self._exercises:
                        raise KnowledgeError(
                            "exercises.toml",
                            f"{key}.exercise",
                            f"no exercise with id {prescription.exercise!r}",
                        )
                    if prescription.when == "running_allowed" and not prescription.constant:
                        raise KnowledgeError(
                            "exercises.toml",
                            f"{key}.steps",
                            "a run allowed by the check-ins has one dose, not a ladder",
                        )
            for field_court in (False, True):
                self._check_ladder(p_index, programme, field_court)
        for stage in STAGES:
            for location in LOCATIONS:
                for method in METHODS:
                    self.programme_for(stage, location, method)
                    self._check_floor(stage, location, method)

    def _check_ladder(self, p_index: int, programme: Programme, field_court: bool) -> None:
        """Every rung holds a loaded exercise, and differs visibly from the one below."""
        top = self._top_of(programme, field_court)
        who = "field and court sports" if field_court else "other sports"
        previous: dict[int, Dose] | None = None
        for step in range(EASED, top + 1):
            doses = self._loaded_doses(programme, step, field_court)
            if not doses:
                raise KnowledgeError(
                    "exercises.toml",
                    f"programme[{p_index}]",
                    f"rung {step} ({who}) has no loaded exercise",
                )
            if previous is not None and doses == previous:
                raise KnowledgeError(
                    "exercises.toml",
                    f"programme[{p_index}]",
                    f"rung {step} ({who}) doses the same as rung {step - 1}: "
                    "a step must change sets, reps, hold, time or load",
                )
            previous = doses

    def _loaded_doses(self, programme: Programme, step: int, field_court: bool) -> dict[int, Dose]:
        doses: dict[int, Dose] = {}
        number = 0
        for session in programme.sessions:
            for prescription in session.prescriptions:
                number += 1
                if not prescription.applies(field_court, running_allowed=False):
                    continue
                if not self._exercises[prescription.exercise].loaded:
                    continue
                dose = self._dose(prescription, step)
                if dose is not None:
                    doses[number] = dose
        return doses

    def _dose(self, prescription: Prescription, step: int) -> Dose | None:
        """The prescription's dose on rung `step` (EASED: below the first), or None."""
        if step >= 0:
            return prescription.dose_at(step)
        first = prescription.dose_at(0)
        if first is None or not self._exercises[prescription.exercise].loaded:
            return first
        return prescription.eased or eased(first, self._step_down)

    def _check_floor(self, stage: StageKey, location: Location, method: str) -> None:
        if location not in self._floor:
            return
        programme = self.programme_for(stage, location, method)
        for session in programme.sessions:
            for prescription in session.prescriptions:
                exercise = self._variant(prescription.exercise, location)
                if "off_step" in exercise.tags:
                    raise KnowledgeError(
                        "exercises.toml",
                        f"programme {programme.variant!r}",
                        f"{exercise.id!r} drops the heel below the step, for {location} pain",
                    )

    # -- ladders -----------------------------------------------------------------

    @staticmethod
    def _top_of(programme: Programme, field_court: bool) -> int:
        tops = [
            prescription.last_step
            for session in programme.sessions
            for prescription in session.prescriptions
            if not prescription.constant and prescription.applies(field_court, False)
        ]
        return max(tops, default=0)

    def top_step(self, stage: StageKey, location: Location, method: str, field_court: bool) -> int:
        """The highest rung of this stage's dose ladder for this person."""
        key = (stage, location, method, field_court)
        top = self._tops.get(key)
        if top is None:
            top = self._tops[key] = self._top_of(
                self.programme_for(stage, location, method), field_court
            )
        return top

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

    # -- plans -------------------------------------------------------------------

    def plan(self, request: PlanRequest) -> Plan:
        cached = self._cache.get(request)
        if cached is None:
            if len(self._cache) >= 65536:
                self._cache.clear()
            cached = self._cache[request] = self._build(request)
        return cached

    def _build(self, request: PlanRequest) -> Plan:
        step = min(
            max(request.load_step, EASED),
            self.top_step(request.stage, request.location, request.method, request.field_court),
        )
        key = (
            request.stage,
            request.location,
            request.method,
            step,
            request.field_court,
            request.running_allowed,
        )
        known = self._weeks.get(key)
        if known is None:
            programme = self.programme_for(request.stage, request.location, request.method)
            known = self._weeks[key] = (programme, self._week(programme, request, step))
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
            load_step=step,
            note=request.note,
        )

    def _week(self, programme: Programme, request: PlanRequest, step: int) -> list[UndatedSession]:
        """The week's sessions by day offset, in order, before they are given dates."""
        week: list[UndatedSession] = []
        exercises_by_template: list[list[PlannedExercise]] = []
        for template in programme.sessions:
            exercises_by_template.append(
                [
                    planned
                    for prescription in template.prescriptions
                    if prescription.applies(request.field_court, request.running_allowed)
                    for planned in [self._exercise(prescription, step, request.location)]
                    if planned is not None
                ]
            )
        for offset in range(7):
            for template, exercises in zip(programme.sessions, exercises_by_template, strict=True):
                if offset in template.days and exercises:
                    week.append(
                        (dt.timedelta(days=offset), template.title, exercises, template.kind)
                    )
        return week

    def _variant(self, exercise_id: str, location: Location) -> Exercise:
        exercise = self._exercises[exercise_id]
        if exercise.floor_variant is not None and location in self._floor:
            return self._exercises[exercise.floor_variant]
        return exercise

    def _exercise(
        self, prescription: Prescription, step: int, location: Location
    ) -> PlannedExercise | None:
        dose = self._dose(prescription, step)
        if dose is None:
            return None
        exercise = self._variant(prescription.exercise, location)
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
            dose_step=None if prescription.constant and dose is prescription.steps[0] else step,
        )


def eased(dose: Dose, rule: StepDown) -> Dose:
    """A visibly lighter dose than `dose`: fewer sets, or with one set a fraction of
    its time, hold or reps (monitoring.toml [step_down])."""
    load = f"{dose.load} ({rule.eased_note})"
    sets = dose.sets or 1
    if sets > rule.eased_sets_fewer:
        return dose.model_copy(update={"sets": sets - rule.eased_sets_fewer, "load": load})

    def part(value: int | None) -> int | None:
        return None if value is None else max(1, min(value - 1, round(value * rule.eased_fraction)))

    return dose.model_copy(
        update={
            "duration_min": part(dose.duration_min),
            "hold_s": part(dose.hold_s),
            "reps": part(dose.reps),
            "load": load,
        }
    )
