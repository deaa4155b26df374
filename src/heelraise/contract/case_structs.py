"""The case document as msgspec Structs, for the fast decoder (`contract/fast_case.py`).

Written by `python -m heelraise.contract.case_structs_source` from `contract/case.py`:
do not edit; change `case.py` and write this again (a test checks that it is current).
"""

# ruff: noqa: E501

import datetime as dt
from typing import Annotated, Any, Literal

import msgspec

from heelraise.contract import case_common


class Person(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    age: Annotated[int, msgspec.Meta(ge=5, le=110)] | None = None
    sports: list[Literal["running", "football", "rugby", "netball", "basketball", "volleyball", "tennis", "padel", "badminton", "squash", "hockey", "dance", "other"]] = msgspec.field(default_factory=list)
    goal: Annotated[str, msgspec.Meta(max_length=500)] | None = None


class Symptoms(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    side: Literal["left", "right", "both"] | None = None
    onset: Literal["gradual", "sudden"] | None = None
    started: dt.date | None = None
    site: Literal["midportion", "insertion", "both", "unsure"] | None = None
    pop: bool | None = None
    sudden_sharp_pain: bool | None = None
    push_off_difficulty: bool | None = None
    marked_swelling: bool | None = None
    contour_change: bool | None = None
    single_leg_heel_raise: Literal["able", "unable", "not_tried"] | None = None
    morning_stiffness: bool | None = None
    eases_when_warm: bool | None = None
    worse_after_fast_or_next_day: bool | None = None
    pain_0_10: Annotated[int, msgspec.Meta(ge=0, le=10)] | None = None
    limits_walking_or_stairs: bool | None = None
    worsening_weeks: bool | None = None


class History(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    fluoroquinolone: bool = False
    steroid_injection: bool = False
    inflammatory_disease: bool = False
    calf_hot_swollen: bool = False
    fever_or_unwell: bool = False
    night_or_rest_pain: bool = False
    numbness_tingling: bool = False
    previous_rupture: bool = False


class Programme(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    started: dt.date
    stage: Literal[1, 2, 3, 4, "maintenance"]
    stage_started: dt.date | None = None
    method: Literal["hsr", "eccentric"] | None = None
    load_step: Annotated[int, msgspec.Meta(ge=0, le=52)] | None = None

    current_stage_started = property(case_common.current_stage_started)


class CheckIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    date: dt.date
    morning_stiffness_0_10: Annotated[int, msgspec.Meta(ge=0, le=10)]
    pain_walking_0_10: Annotated[int, msgspec.Meta(ge=0, le=10)]
    pain_during_0_10: Annotated[int, msgspec.Meta(ge=0, le=10)] | None = None
    pain_after_0_10: Annotated[int, msgspec.Meta(ge=0, le=10)] | None = None
    settled_by_next_morning: bool | None = None
    exercised: bool = True


class HeelRiseTest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False, tag_field="kind", tag="heel_rise"):
    date: dt.date
    affected_reps: Annotated[int, msgspec.Meta(ge=0, le=200)]
    other_reps: Annotated[int, msgspec.Meta(ge=0, le=200)]
    affected_height_cm: Annotated[float, msgspec.Meta(gt=0, le=30)] | None = None
    other_height_cm: Annotated[float, msgspec.Meta(gt=0, le=30)] | None = None

    @property
    def kind(self) -> Literal["heel_rise"]:
        return "heel_rise"


class HopTest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False, tag_field="kind", tag="hop"):
    date: dt.date
    pain_0_10: Annotated[int, msgspec.Meta(ge=0, le=10)]
    flare_24h: bool | None = None

    @property
    def kind(self) -> Literal["hop"]:
        return "hop"


class VisaAAnswers(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    q1: Annotated[int, msgspec.Meta(ge=0, le=10)]
    q2: Annotated[int, msgspec.Meta(ge=0, le=10)]
    q3: Annotated[int, msgspec.Meta(ge=0, le=10)]
    q4: Annotated[int, msgspec.Meta(ge=0, le=10)]
    q5: Annotated[int, msgspec.Meta(ge=0, le=10)]
    q6: Annotated[int, msgspec.Meta(ge=0, le=10)]
    q7: Literal[0, 4, 7, 10]
    q8a: Literal[0, 7, 14, 21, 30] | None = None
    q8b: Literal[0, 4, 10, 14, 20] | None = None
    q8c: Literal[0, 2, 5, 7, 10] | None = None

    item_8 = case_common.item_8
    total = case_common.total


class VisaATest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False, tag_field="kind", tag="visa_a"):
    date: dt.date
    score: Annotated[int, msgspec.Meta(ge=0, le=100)] | None = None
    answers: VisaAAnswers | None = None

    @property
    def kind(self) -> Literal["visa_a"]:
        return "visa_a"


class TrainingSession(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    date: dt.date
    sport: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    distance_km: Annotated[float, msgspec.Meta(ge=0)] = 0.0
    duration_min: Annotated[float, msgspec.Meta(ge=0)] = 0.0
    elevation_gain_m: Annotated[float, msgspec.Meta(ge=0)] | None = None
    kind: Literal["easy", "long", "tempo", "intervals", "hills", "race", "match", "session"] | None = None
    surface: Literal["road", "track", "trail", "treadmill", "grass", "court", "other"] | None = None
    shoe: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    start: str | None = None
    source: str | None = None
    device: str | None = None
    sub_sport: str | None = None
    avg_hr: Annotated[float, msgspec.Meta(ge=0, le=260)] | None = None
    content_hash: str | None = None
    kind_inferred: bool | None = None
    name: str | None = None


class Case(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    format: Literal["heelraise.case/1"] = "heelraise.case/1"
    as_of: dt.date
    person: Person = msgspec.field(default_factory=Person)
    symptoms: Symptoms
    history: History = msgspec.field(default_factory=History)
    programme: Programme | None = None
    checkins: list[CheckIn] = msgspec.field(default_factory=list)
    tests: list[HeelRiseTest | HopTest | VisaATest] = msgspec.field(default_factory=list)
    training: list[TrainingSession] = msgspec.field(default_factory=list)
    expect: dict[str, Any] | None = None


# What `fast_case.py` looks at after decoding a Struct of each kind:
# (field, the check its text needs or None, the Struct inside it to look at or None).
AFTER: dict[type[msgspec.Struct], tuple[tuple[str, str | None, Any], ...]] = {
    TrainingSession: (("start", "datetime", None),),
    Case: (("training", None, TrainingSession),),
}

CASE = Case
