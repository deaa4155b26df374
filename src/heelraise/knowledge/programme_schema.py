"""Models of the programme knowledge files: monitoring, stages, exercises,
return to running and escalation."""

from __future__ import annotations

from typing import Literal, get_args

from heelraise.knowledge.checked import limit, whole
from heelraise.knowledge.schema import KnowledgeModel

StageKey = Literal["1", "2", "3", "4", "maintenance"]
Tag = Literal["isometric", "heavy", "eccentric", "off_step", "plyometric", "running", "sport"]


class Limits(KnowledgeModel):
    source: str
    max_pain_during: int = limit(ge=0, le=10)
    max_pain_after: int = limit(ge=0, le=10)
    require_settled_by_next_morning: bool
    window_days: int = limit(gt=0)
    min_checkins_to_progress: int = limit(gt=0)
    stiffness_rise_min: float = limit(gt=0)
    stiffness_rise_source: str
    min_checkins_for_trend: int = limit(gt=0)


class StepDown(KnowledgeModel):
    source: str
    load_steps_back: int = limit(ge=1)  # a reduce moves at least one rung down
    eased_sets_fewer: int = limit(ge=1)
    eased_fraction: float = limit(gt=0, lt=1)
    eased_note: str
    note: str


class Flares(KnowledgeModel):
    episode_gap_days: int = limit(ge=1)


class DecisionText(KnowledgeModel):
    id: str
    source: str
    text: str


class Drift(KnowledgeModel):
    id: str
    source: str
    rise_min: float = limit(gt=0)
    rise_source: str
    text: str


class PainStepUp(KnowledgeModel):
    id: str
    source: str
    min_step: int = limit(ge=1, le=10)
    baseline_days: int = limit(gt=0)
    min_baseline_checkins: int = limit(gt=0)
    text: str


class PersistentStiffness(KnowledgeModel):
    id: str
    source: str
    mornings: int = limit(ge=2)
    rise_min: int = limit(ge=1, le=10)
    baseline_days: int = limit(gt=0)
    min_baseline_checkins: int = limit(gt=0)
    text: str


class PushOffLoss(KnowledgeModel):
    id: str
    source: str
    min_drop_points: float = limit(gt=0)
    text: str


class WarningText(KnowledgeModel):
    id: str
    source: str
    text: str


class Warnings(KnowledgeModel):
    source: str
    numbers_source: str
    episode_gap_days: int = limit(ge=1)
    repeat_window_days: int = limit(gt=0)
    pain_step_up: PainStepUp
    persistent_stiffness: PersistentStiffness
    push_off_loss: PushOffLoss
    repeated: WarningText


DecisionName = Literal[
    "start",
    "progress",
    "progress_stage",
    "hold",
    "hold_no_data",
    "hold_drift",
    "hold_retest",
    "hold_pathway",
    "hold_specialist",
    "reduce",
    "reduce_start",
]


class MeasureNames(KnowledgeModel):
    pain_walking: str
    pain_during: str
    pain_after: str
    morning_stiffness: str


class MonitoringFile(KnowledgeModel):
    limits: Limits
    step_down: StepDown
    flares: Flares
    measure_names: MeasureNames
    over_limits: WarningText
    stiffness_rise: WarningText
    drift: Drift
    warnings: Warnings
    decision: dict[DecisionName, DecisionText]

    @whole
    def _every_decision_worded(self) -> None:
        missing = sorted(set(get_args(DecisionName)) - set(self.decision))
        if missing:
            raise ValueError(f"decision texts missing: {', '.join(missing)}")


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
    exit: list[ExitCriterion] = limit(default_factory=list)


class EarlyRunning(KnowledgeModel):
    source: str
    numbers_source: str
    min_load_step: dict[StageKey, int]
    min_checkins: int = limit(gt=0)
    max_pain_walking: int = limit(ge=0, le=10)
    max_pain_during: int = limit(ge=0, le=10)
    max_pain_after: int = limit(ge=0, le=10)


class StagesFile(KnowledgeModel):
    default_method: Literal["hsr", "eccentric"]
    default_method_source: str
    stage: list[Stage]
    early_running: EarlyRunning

    @whole
    def _every_stage_once(self) -> None:
        keys = [stage.key for stage in self.stage]
        if sorted(keys) != sorted({"1", "2", "3", "4", "maintenance"}):
            raise ValueError("stages 1, 2, 3, 4 and maintenance must each appear once")


class Exercise(KnowledgeModel):
    id: str
    name: str
    tags: list[Tag] = limit(default_factory=list)
    how: str = limit(min_length=10)
    source: str
    loaded: bool = True  # false: easy activity that is not tendon loading
    floor_variant: str | None = None  # used instead at `floor_locations`
    # The drawing in `knowledge/illustrations/` (checked at load: it exists and is an
    # accessible SVG) and its alt text: what the picture shows, in plain words.
    illustration: str = limit(pattern=r"^[a-z0-9][a-z0-9-]*\.svg$")
    illustration_alt: str = limit(min_length=20, max_length=300)


class Dose(KnowledgeModel):
    """One dose step: sets with reps, or a hold, or a duration."""

    sets: int | None = limit(default=None, ge=1)
    reps: int | None = limit(default=None, ge=1)
    hold_s: int | None = limit(default=None, ge=1)
    duration_min: int | None = limit(default=None, ge=1)
    load: str
    tempo: str | None = None

    @whole
    def _has_dose(self) -> None:
        if self.reps is None and self.hold_s is None and self.duration_min is None:
            raise ValueError("a dose needs reps, hold_s or duration_min")


When = Literal["field_court_sport", "not_field_court_sport", "running_allowed"]


class Prescription(KnowledgeModel):
    """An exercise's doses on the rungs `from_step`, `from_step + 1`, ... of its stage's
    ladder (absent outside them); one dose without `from_step` holds on every rung."""

    exercise: str
    when: When | None = None
    from_step: int = limit(default=0, ge=0)
    steps: list[Dose] = limit(min_length=1)
    eased: Dose | None = None  # the dose below the first rung (else the generic easing)

    @property
    def constant(self) -> bool:
        return len(self.steps) == 1 and self.from_step == 0

    @property
    def last_step(self) -> int:
        return self.from_step + len(self.steps) - 1

    def dose_at(self, step: int) -> Dose | None:
        """The dose on rung `step`, or None where the prescription is not in the plan."""
        if self.constant:
            return self.steps[0]
        if self.from_step <= step <= self.last_step:
            return self.steps[step - self.from_step]
        return None

    def applies(self, field_court: bool, running_allowed: bool) -> bool:
        when = self.when
        if when is None:
            return True
        if when == "running_allowed":
            return running_allowed
        return field_court == (when == "field_court_sport")


class SessionTemplate(KnowledgeModel):
    title: str
    kind: Literal["loading", "heavy", "recovery", "running", "sport"]
    days: list[int] = limit(min_length=1)
    prescriptions: list[Prescription] = limit(min_length=1)

    @whole
    def _days_in_week(self) -> None:
        if any(day < 0 or day > 6 for day in self.days):
            raise ValueError("days are offsets 0..6 from the plan's first day")


class Programme(KnowledgeModel):
    """The week of one stage for one variant (location and method)."""

    stage: StageKey
    variant: str
    locations: list[Literal["midportion", "insertional", "both", "unclear"]]
    methods: list[Literal["hsr", "eccentric"]]
    source: str
    sessions: list[SessionTemplate] = limit(min_length=1)


class ExercisesFile(KnowledgeModel):
    floor_locations: list[Literal["midportion", "insertional", "both", "unclear"]]
    exercise: list[Exercise]
    programme: list[Programme]


class RtrCriterion(KnowledgeModel):
    id: Literal["morning_stiffness", "daily_function", "heel_rise_symmetry", "hop_tolerance"]
    source: str
    text: str
    value: float


class LadderStep(KnowledgeModel):
    walk_min: int = limit(ge=0)
    run_min: int = limit(ge=0)
    repeats: int = limit(ge=1)


class Ladder(KnowledgeModel):
    source: str
    steps: list[LadderStep]
    min_times_each_step: int = limit(ge=1)
    continuous_min: str
    rules: list[str]
    variable_order: list[str]


class TwoVariables(KnowledgeModel):
    id: str
    source: str
    longer_min_increase: float = limit(gt=0)
    faster_min_increase: float = limit(gt=0)
    hillier_min_increase_m_per_km: float = limit(gt=0)
    lookback_days: int = limit(gt=0)
    text: str


class ReturnToRunFile(KnowledgeModel):
    min_checkins: int = limit(gt=0)
    max_test_age_days: int = limit(gt=0)
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
    min_weeks_loading: int = limit(gt=0)
    visa_a_mic: int = limit(gt=0)
    visa_a_min_span_days: int = limit(gt=0)
    heel_rise_min_improvement: float = limit(gt=0)
    heel_rise_min_span_days: int = limit(gt=0)


class RepeatedFlares(EscalationRule):
    min_flares: int = limit(ge=2)
    window_days: int = limit(gt=0)


class AfterWeeks(EscalationRule):
    min_weeks_loading: int = limit(gt=0)


class EscalationFile(KnowledgeModel):
    plateau: Plateau
    repeated_flares: RepeatedFlares
    walking_still_limited: AfterWeeks
    unclear_picture: AfterWeeks
    plateau_unknown: EscalationRule


PathwayKey = Literal["urgent", "clinician", "specialist", "self_manage"]
DecisionKey = Literal["start", "progress", "hold", "reduce"]


class PathwayPolicy(KnowledgeModel):
    """What one pathway lets the decision and the plan say."""

    decisions: list[DecisionKey]
    instead_of_progress: Literal["hold"] | None = None
    plan: Literal["none", "light", "current"]
    source: str

    @whole
    def _consistent(self) -> None:
        if self.plan == "none" and self.decisions:
            raise ValueError("a pathway with no plan allows no decision")
        if self.plan != "none" and "progress" not in self.decisions:
            if self.instead_of_progress is None:
                raise ValueError("say what replaces progress (instead_of_progress)")
            if self.instead_of_progress not in self.decisions:
                raise ValueError("instead_of_progress must be one of the decisions")
        if self.plan == "light" and "progress" in self.decisions:
            raise ValueError("a light plan cannot progress")


class LightPlan(KnowledgeModel):
    stage: StageKey
    load_step: int = limit(ge=0)
    note: str


class DecisionPhrase(KnowledgeModel):
    text: str = limit(min_length=3)
    decisions: list[Literal["none", "start", "progress", "hold", "reduce"]] = limit(min_length=1)


class PathwaysFile(KnowledgeModel):
    pathway: dict[PathwayKey, PathwayPolicy]
    light_plan: LightPlan
    phrase: list[DecisionPhrase]

    @whole
    def _every_pathway(self) -> None:
        missing = sorted(set(get_args(PathwayKey)) - set(self.pathway))
        if missing:
            raise ValueError(f"pathways missing: {', '.join(missing)}")
        if self.pathway["urgent"].plan != "none":
            raise ValueError("the urgent pathway has no plan")
