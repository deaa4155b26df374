"""Models of the programme knowledge files: monitoring, stages, exercises,
return to running and escalation."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from heelraise.knowledge.schema import KnowledgeModel

StageKey = Literal["1", "2", "3", "4", "maintenance"]
Tag = Literal["isometric", "heavy", "eccentric", "off_step", "plyometric", "running", "sport"]


class Limits(KnowledgeModel):
    source: str
    max_pain_during: int = Field(ge=0, le=10)
    max_pain_after: int = Field(ge=0, le=10)
    require_settled_by_next_morning: bool
    window_days: int = Field(gt=0)
    min_checkins_to_progress: int = Field(gt=0)
    stiffness_rise_min: float = Field(gt=0)
    stiffness_rise_source: str
    min_checkins_for_trend: int = Field(gt=0)


class StepDown(KnowledgeModel):
    source: str
    load_steps_back: int = Field(ge=0)
    note: str


class Flares(KnowledgeModel):
    episode_gap_days: int = Field(ge=1)


class DecisionText(KnowledgeModel):
    id: str
    source: str
    text: str


class MonitoringFile(KnowledgeModel):
    limits: Limits
    step_down: StepDown
    flares: Flares
    decision: dict[
        Literal["start", "progress", "progress_stage", "hold", "hold_no_data", "reduce"],
        DecisionText,
    ]


class ExitCriterion(KnowledgeModel):
    criterion: str
    value: float | None = None
    source: str
    text: str


class Stage(KnowledgeModel):
    key: StageKey
    name: str
    goal: str
    source: str
    next: StageKey | None
    exit: list[ExitCriterion] = Field(default_factory=list)


class StagesFile(KnowledgeModel):
    default_method: Literal["hsr", "eccentric"]
    default_method_source: str
    stage: list[Stage]

    @model_validator(mode="after")
    def _every_stage_once(self) -> StagesFile:
        keys = [stage.key for stage in self.stage]
        if sorted(keys) != sorted({"1", "2", "3", "4", "maintenance"}):
            raise ValueError("stages 1, 2, 3, 4 and maintenance must each appear once")
        return self


class Exercise(KnowledgeModel):
    id: str
    name: str
    tags: list[Tag] = Field(default_factory=list)
    how: str = Field(min_length=10)
    source: str


class Dose(KnowledgeModel):
    """One dose step: sets with reps, or a hold, or a duration."""

    sets: int | None = Field(default=None, ge=1)
    reps: int | None = Field(default=None, ge=1)
    hold_s: int | None = Field(default=None, ge=1)
    duration_min: int | None = Field(default=None, ge=1)
    load: str
    tempo: str | None = None

    @model_validator(mode="after")
    def _has_dose(self) -> Dose:
        if self.reps is None and self.hold_s is None and self.duration_min is None:
            raise ValueError("a dose needs reps, hold_s or duration_min")
        return self


class Prescription(KnowledgeModel):
    exercise: str
    when: Literal["field_court_sport"] | None = None
    steps: list[Dose] = Field(min_length=1)


class SessionTemplate(KnowledgeModel):
    title: str
    kind: Literal["loading", "heavy", "recovery", "running", "sport"]
    days: list[int] = Field(min_length=1)
    prescriptions: list[Prescription] = Field(min_length=1)

    @model_validator(mode="after")
    def _days_in_week(self) -> SessionTemplate:
        if any(day < 0 or day > 6 for day in self.days):
            raise ValueError("days are offsets 0..6 from the plan's first day")
        return self


class Programme(KnowledgeModel):
    """The week of one stage for one variant (location and method)."""

    stage: StageKey
    variant: str
    locations: list[Literal["midportion", "insertional", "both", "unclear"]]
    methods: list[Literal["hsr", "eccentric"]]
    source: str
    sessions: list[SessionTemplate] = Field(min_length=1)


class ExercisesFile(KnowledgeModel):
    exercise: list[Exercise]
    programme: list[Programme]


class RtrCriterion(KnowledgeModel):
    id: Literal["morning_stiffness", "daily_function", "heel_rise_symmetry", "hop_tolerance"]
    source: str
    text: str
    value: float


class LadderStep(KnowledgeModel):
    walk_min: int = Field(ge=0)
    run_min: int = Field(ge=0)
    repeats: int = Field(ge=1)


class Ladder(KnowledgeModel):
    source: str
    steps: list[LadderStep]
    min_times_each_step: int = Field(ge=1)
    continuous_min: str
    rules: list[str]
    variable_order: list[str]


class TwoVariables(KnowledgeModel):
    id: str
    source: str
    longer_min_increase: float = Field(gt=0)
    faster_min_increase: float = Field(gt=0)
    hillier_min_increase_m_per_km: float = Field(gt=0)
    lookback_days: int = Field(gt=0)
    text: str


class ReturnToRunFile(KnowledgeModel):
    min_checkins: int = Field(gt=0)
    max_test_age_days: int = Field(gt=0)
    criterion: list[RtrCriterion]
    ladder: Ladder
    sport_steps: list[str]
    sport_steps_source: str
    field_court_sports: list[str]
    two_variables: TwoVariables


class EscalationRule(KnowledgeModel):
    id: str
    source: str
    text: str


class Plateau(EscalationRule):
    min_weeks_loading: int = Field(gt=0)
    visa_a_mic: int = Field(gt=0)
    visa_a_min_span_days: int = Field(gt=0)
    heel_rise_min_improvement: float = Field(gt=0)
    heel_rise_min_span_days: int = Field(gt=0)


class RepeatedFlares(EscalationRule):
    min_flares: int = Field(ge=2)
    window_days: int = Field(gt=0)


class AfterWeeks(EscalationRule):
    min_weeks_loading: int = Field(gt=0)


class EscalationFile(KnowledgeModel):
    plateau: Plateau
    repeated_flares: RepeatedFlares
    walking_still_limited: AfterWeeks
    unclear_picture: AfterWeeks
    plateau_unknown: EscalationRule
