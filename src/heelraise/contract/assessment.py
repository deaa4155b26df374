"""The assessment document (`heelraise.assessment/1`) as plain dataclasses.

The engine builds these directly and orjson serialises them in field order;
pydantic's `TypeAdapter(Assessment)` gives the JSON schema and validation
where an interface needs them. Fields beyond the
contract (`notice`, `missing`, `decision_rule`, ...) are optional extensions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from typing_extensions import dataclass_transform

ASSESSMENT_FORMAT = "heelraise.assessment/1"

Pathway = Literal["urgent", "clinician", "specialist", "self_manage"]
Condition = Literal["possible_rupture", "possible_dvt", "tendinopathy", "uncertain"]
Location = Literal["midportion", "insertional", "both", "unclear"]
FlagLevel = Literal["urgent", "clinician", "specialist", "caution"]
Decision = Literal["start", "progress", "hold", "reduce"]
StageValue = int | Literal["maintenance"]

_Record = TypeVar("_Record")


@dataclass_transform(frozen_default=True)
def record(cls: type[_Record]) -> type[_Record]:
    """A part of the assessment: read-only to the type checker, a plain dataclass at run time.

    Measured in `assess --batch` (benchmarks/batch_speed.py --profile): orjson
    serialises dataclasses that keep a `__dict__` about twice as fast as slotted
    ones (serialise 26 → 15 µs a case), and a plain `__init__` builds them faster
    than a frozen one (assess −6 µs a case). `mypy --strict` still refuses any
    assignment to a field, so the parts the engine shares between assessments
    (plans, advice lists, sources) are not changed by the code that reads them.
    """
    return dataclass(cls)


@record
class Flag:
    id: str
    level: FlagLevel
    text: str
    source: str
    inputs: dict[str, Any] = field(default_factory=dict)


@record
class AdviceItem:
    id: str
    text: str
    source: str


@record
class WeekLoad:
    week_start: dt.date
    run_km: float
    sessions: int
    run_sessions: int
    other_sessions: int
    total_km: float
    duration_min: float
    elevation_gain_m: float
    longest_run_km: float


@record
class Spike:
    kind: str
    date: dt.date
    detail: str
    source: str
    rule: str
    before_onset: bool


@record
class LoadSummary:
    weeks: list[WeekLoad]
    spikes: list[Spike]
    note: str | None = None


@record
class Criterion:
    id: str
    met: bool | None
    detail: str
    source: str


@record
class ReturnToRun:
    ready: bool
    criteria: list[Criterion]
    next_step: dict[str, Any] | None = None


@record
class EscalationReason:
    id: str
    text: str
    source: str


@record
class ReferralOption:
    name: str
    kind: str
    how: str
    url: str | None = None


@record
class Escalation:
    recommended: bool
    to: Literal["clinician", "specialist", "urgent"] | None
    reasons: list[EscalationReason]
    options: list[ReferralOption] = field(default_factory=list)


@record
class PlannedExercise:
    id: str
    name: str
    sets: int | None
    reps: int | None
    hold_s: int | None
    duration_min: int | None
    load: str
    tempo: str | None
    tags: list[str]
    notes: str
    source: str
    # The rung of this exercise's dose on its stage's ladder (None: the same dose on
    # every rung). A lower rung of the same exercise is a lighter dose.
    dose_step: int | None = None

    def dose_text(self) -> str:
        """A short dose for people to read: `3 × 15`, `5 × 45 s` or `1 × 20 min`."""
        if self.hold_s is not None:
            amount = f"{self.hold_s} s"
        elif self.reps is not None:
            amount = str(self.reps)
        else:
            amount = f"{self.duration_min} min"
        return f"{self.sets or 1} × {amount}"


@record
class PlannedSession:
    date: dt.date
    title: str
    exercises: list[PlannedExercise]
    kind: str = "loading"


@record
class Plan:
    week_of: dt.date
    sessions: list[PlannedSession]
    stage: StageValue | None = None
    variant: str | None = None
    source: str | None = None
    load_step: int | None = None  # the rung of the stage's ladder the plan is dosed at
    note: str | None = None  # why the plan is not the programme's own (e.g. until seen)


@record
class SourceRef:
    id: str
    citation: str
    doi: str | None


@record
class RuleTrace:
    """Why a decision or stage was given: the rule, its source, and the inputs it read."""

    rule: str
    source: str
    text: str
    inputs: dict[str, Any] = field(default_factory=dict)


@record
class Assessment:
    format: str
    as_of: dt.date
    notice: str
    pathway: Pathway
    condition: Condition
    location: Location
    flags: list[Flag]
    stage: StageValue | None
    decision: Decision | None
    load: LoadSummary
    return_to_run: ReturnToRun
    escalation: Escalation
    advice: list[AdviceItem]
    plan: Plan | None
    sources: list[SourceRef]
    missing: list[str] = field(default_factory=list)
    load_step: int | None = None
    decision_rule: RuleTrace | None = None
    stage_rule: RuleTrace | None = None
    measures: dict[str, Any] = field(default_factory=dict)
    knowledge_version: str = ""
