"""The case document (`heelraise.case/1`) as pydantic models.

Unknown fields are rejected (a typo in a clinical form must not vanish);
symptom answers may be absent, which the engine treats as "not answered"
and reports as missing rather than guessing.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

CASE_FORMAT = "heelraise.case/1"

Score0to10 = Annotated[StrictInt, Field(ge=0, le=10)]
Side = Literal["left", "right", "both"]
Onset = Literal["gradual", "sudden"]
Site = Literal["midportion", "insertion", "both", "unsure"]
HeelRaise = Literal["able", "unable", "not_tried"]
Sport = Literal[
    "running", "football", "rugby", "netball", "basketball", "volleyball", "tennis",
    "padel", "badminton", "squash", "hockey", "dance", "other",
]
StageValue = Literal[1, 2, 3, 4, "maintenance"]
Method = Literal["hsr", "eccentric"]
TrainingKind = Literal["easy", "long", "tempo", "intervals", "hills", "race", "match", "session"]
Surface = Literal["road", "track", "trail", "treadmill", "grass", "court", "other"]
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class ContractModel(BaseModel):
    """Base for every document part: frozen, unknown fields rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Person(ContractModel):
    age: Annotated[StrictInt, Field(ge=5, le=110)] | None = None
    sports: list[Sport] = Field(default_factory=list)
    goal: Annotated[str, Field(max_length=500)] | None = None


class Symptoms(ContractModel):
    side: Side | None = None
    onset: Onset | None = None
    started: dt.date | None = None
    site: Site | None = None
    pop: StrictBool | None = None
    sudden_sharp_pain: StrictBool | None = None
    push_off_difficulty: StrictBool | None = None
    marked_swelling: StrictBool | None = None
    contour_change: StrictBool | None = None
    single_leg_heel_raise: HeelRaise | None = None
    morning_stiffness: StrictBool | None = None
    eases_when_warm: StrictBool | None = None
    worse_after_fast_or_next_day: StrictBool | None = None
    pain_0_10: Score0to10 | None = None
    limits_walking_or_stairs: StrictBool | None = None
    worsening_weeks: StrictBool | None = None


class History(ContractModel):
    fluoroquinolone: StrictBool = False
    steroid_injection: StrictBool = False
    inflammatory_disease: StrictBool = False
    calf_hot_swollen: StrictBool = False
    fever_or_unwell: StrictBool = False
    night_or_rest_pain: StrictBool = False
    numbness_tingling: StrictBool = False
    previous_rupture: StrictBool = False


class Programme(ContractModel):
    started: dt.date
    stage: StageValue
    stage_started: dt.date | None = None
    method: Method | None = None

    @property
    def current_stage_started(self) -> dt.date:
        """When the current stage (or its last load change) began."""
        return self.stage_started or self.started


class CheckIn(ContractModel):
    date: dt.date
    morning_stiffness_0_10: Score0to10
    pain_walking_0_10: Score0to10
    pain_during_0_10: Score0to10 | None = None
    pain_after_0_10: Score0to10 | None = None
    settled_by_next_morning: StrictBool | None = None
    exercised: StrictBool = True


class HeelRiseTest(ContractModel):
    date: dt.date
    kind: Literal["heel_rise"]
    affected_reps: Annotated[StrictInt, Field(ge=0, le=200)]
    other_reps: Annotated[StrictInt, Field(ge=0, le=200)]
    affected_height_cm: Annotated[float, Field(gt=0, le=30)] | None = None
    other_height_cm: Annotated[float, Field(gt=0, le=30)] | None = None


class HopTest(ContractModel):
    date: dt.date
    kind: Literal["hop"]
    pain_0_10: Score0to10
    flare_24h: StrictBool | None = None


VisaItem0to10 = Annotated[StrictInt, Field(ge=0, le=10)]


class VisaAAnswers(ContractModel):
    """The eight VISA-A items as published (robinson-2001); exactly one of q8a/q8b/q8c."""

    q1: VisaItem0to10
    q2: VisaItem0to10
    q3: VisaItem0to10
    q4: VisaItem0to10
    q5: VisaItem0to10
    q6: VisaItem0to10
    q7: Literal[0, 4, 7, 10]
    q8a: Literal[0, 7, 14, 21, 30] | None = None
    q8b: Literal[0, 4, 10, 14, 20] | None = None
    q8c: Literal[0, 2, 5, 7, 10] | None = None


class VisaATest(ContractModel):
    date: dt.date
    kind: Literal["visa_a"]
    score: Annotated[StrictInt, Field(ge=0, le=100)] | None = None
    answers: VisaAAnswers | None = None


Test = Annotated[HeelRiseTest | HopTest | VisaATest, Field(discriminator="kind")]


class TrainingSession(ContractModel):
    """One activity summary, as the importer produces it."""

    date: dt.date
    sport: Annotated[str, Field(min_length=1, max_length=40)]
    distance_km: NonNegative = 0.0
    duration_min: NonNegative = 0.0
    elevation_gain_m: NonNegative | None = None
    kind: TrainingKind | None = None
    surface: Surface | None = None
    shoe: Annotated[str, Field(max_length=200)] | None = None
    # Importer extras (optional): provenance and detail of an imported file.
    start: dt.datetime | None = None
    source: str | None = None
    device: str | None = None
    sub_sport: str | None = None
    avg_hr: Annotated[float, Field(ge=0, le=260)] | None = None
    content_hash: str | None = None
    kind_inferred: StrictBool | None = None
    name: str | None = None


class Case(ContractModel):
    format: Literal["heelraise.case/1"] = CASE_FORMAT
    as_of: dt.date
    person: Person = Field(default_factory=Person)
    symptoms: Symptoms
    history: History = Field(default_factory=History)
    programme: Programme | None = None
    checkins: list[CheckIn] = Field(default_factory=list)
    tests: list[Test] = Field(default_factory=list)
    training: list[TrainingSession] = Field(default_factory=list)
    # Test vignettes carry their expected outcome here; the engine ignores it.
    expect: dict[str, Any] | None = Field(default=None, exclude=True)
