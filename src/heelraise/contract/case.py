"""The case document (`heelraise.case/1`) as pydantic models.

Unknown fields are rejected (a typo in a clinical form must not vanish);
symptom answers may be absent, which the engine treats as "not answered"
and reports as missing rather than guessing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    TypeAdapter,
)
from pydantic_core import PydanticCustomError

from heelraise.contract import case_common


def integral(value: Any) -> Any:
    """JSON has one kind of number: 3.0 is the whole number 3. Anything else (3.5, true,
    "3") is left for the strict integer check to refuse with its `field: message`."""
    if type(value) is float and value.is_integer():
        return int(value)
    return value


# A whole number: strict (no true, no "3"), but 3.0 is 3. Booleans are strict too
# (StrictBool: no 1, no "yes"), and so are numbers (StrictFloat: no true, no "3").
_DAY_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")


def day_text(value: Any) -> Any:
    """A date is written as text, `YYYY-MM-DD` (pydantic alone would read 0, or "0", as a
    Unix time): anything else is refused, worded as a date problem."""
    if isinstance(value, dt.date) or (isinstance(value, str) and _DAY_TEXT.match(value)):
        return value
    raise PydanticCustomError("date_type", "Input should be a valid date")


def instant_text(value: Any) -> Any:
    """A date and time is ISO text (`2026-11-20T07:30:00+00:00`), never a number."""
    if isinstance(value, dt.datetime) or (isinstance(value, str) and _DAY_TEXT.match(value)):
        return value
    raise PydanticCustomError("datetime_type", "Input should be a valid datetime")


def not_bool(value: Any) -> Any:
    """A number from a fixed list (a VISA-A item, a stage) is never true or false
    (pydantic alone reads false as 0)."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


NOT_BOOL = BeforeValidator(not_bool)
Day = Annotated[dt.date, BeforeValidator(day_text)]
Instant = Annotated[dt.datetime, BeforeValidator(instant_text)]

# (The validator comes after the bounds, so it wraps the bounded integer and the JSON
# schema keeps `minimum`/`maximum`.)
INTEGRAL = BeforeValidator(integral)
Score0to10 = Annotated[StrictInt, Field(ge=0, le=10), INTEGRAL]
Side = Literal["left", "right", "both"]
Onset = Literal["gradual", "sudden"]
Site = Literal["midportion", "insertion", "both", "unsure"]
HeelRaise = Literal["able", "unable", "not_tried"]
Sport = Literal[
    "running",
    "football",
    "rugby",
    "netball",
    "basketball",
    "volleyball",
    "tennis",
    "padel",
    "badminton",
    "squash",
    "hockey",
    "dance",
    "other",
]
StageValue = Annotated[Literal[1, 2, 3, 4, "maintenance"], NOT_BOOL]
Method = Literal["hsr", "eccentric"]
TrainingKind = Literal["easy", "long", "tempo", "intervals", "hills", "race", "match", "session"]
Surface = Literal["road", "track", "trail", "treadmill", "grass", "court", "other"]
NonNegative = Annotated[StrictFloat, Field(ge=0, allow_inf_nan=False)]


# Every document part is a frozen, slotted dataclass validated by pydantic
# (unknown fields rejected). Measured: pydantic builds these about three
# times faster than BaseModel instances, which matters for `assess --batch`.
# defer_build: pydantic builds a validator when it first validates, so a command that
# reads its case through the fast decoder (`fast_case.py`) never pays for building it.
contract = dataclass(frozen=True, slots=True, kw_only=True)
FORBID_EXTRA = ConfigDict(extra="forbid", defer_build=True)


@contract
class Person:
    __pydantic_config__ = FORBID_EXTRA

    age: Annotated[StrictInt, Field(ge=5, le=110), INTEGRAL] | None = None
    sports: list[Sport] = field(default_factory=list)
    goal: Annotated[str, Field(max_length=500)] | None = None


@contract
class Symptoms:
    __pydantic_config__ = FORBID_EXTRA

    side: Side | None = None
    onset: Onset | None = None
    started: Day | None = None
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


@contract
class History:
    __pydantic_config__ = FORBID_EXTRA

    fluoroquinolone: StrictBool = False
    steroid_injection: StrictBool = False
    inflammatory_disease: StrictBool = False
    calf_hot_swollen: StrictBool = False
    fever_or_unwell: StrictBool = False
    night_or_rest_pain: StrictBool = False
    numbness_tingling: StrictBool = False
    previous_rupture: StrictBool = False


@contract
class Programme:
    __pydantic_config__ = FORBID_EXTRA

    started: Day
    stage: StageValue
    stage_started: Day | None = None
    method: Method | None = None
    # Extension: the load step within the stage (0 = its first dose). When absent
    # the engine counts whole weeks since `stage_started`.
    load_step: Annotated[StrictInt, Field(ge=0, le=52), INTEGRAL] | None = None

    # When the current stage (or its last load change) began.
    current_stage_started = property(case_common.current_stage_started)


@contract
class CheckIn:
    __pydantic_config__ = FORBID_EXTRA

    date: Day
    morning_stiffness_0_10: Score0to10
    pain_walking_0_10: Score0to10
    pain_during_0_10: Score0to10 | None = None
    pain_after_0_10: Score0to10 | None = None
    settled_by_next_morning: StrictBool | None = None
    exercised: StrictBool = True


@contract
class HeelRiseTest:
    __pydantic_config__ = FORBID_EXTRA

    date: Day
    kind: Literal["heel_rise"]
    affected_reps: Annotated[StrictInt, Field(ge=0, le=200), INTEGRAL]
    other_reps: Annotated[StrictInt, Field(ge=0, le=200), INTEGRAL]
    affected_height_cm: Annotated[StrictFloat, Field(gt=0, le=30)] | None = None
    other_height_cm: Annotated[StrictFloat, Field(gt=0, le=30)] | None = None


@contract
class HopTest:
    __pydantic_config__ = FORBID_EXTRA

    date: Day
    kind: Literal["hop"]
    pain_0_10: Score0to10
    flare_24h: StrictBool | None = None


VisaItem0to10 = Annotated[StrictInt, Field(ge=0, le=10), INTEGRAL]


@contract
class VisaAAnswers:
    __pydantic_config__ = FORBID_EXTRA

    """The eight VISA-A items as published (robinson-2001); exactly one of q8a/q8b/q8c."""

    q1: VisaItem0to10
    q2: VisaItem0to10
    q3: VisaItem0to10
    q4: VisaItem0to10
    q5: VisaItem0to10
    q6: VisaItem0to10
    q7: Annotated[Literal[0, 4, 7, 10], NOT_BOOL]  # 4.0 is 4 here too (pydantic's literal)
    q8a: Annotated[Literal[0, 7, 14, 21, 30], NOT_BOOL] | None = None
    q8b: Annotated[Literal[0, 4, 10, 14, 20], NOT_BOOL] | None = None
    q8c: Annotated[Literal[0, 2, 5, 7, 10], NOT_BOOL] | None = None

    # The answered branch of item 8 (None unless exactly one), and the published total.
    item_8 = case_common.item_8
    total = case_common.total


@contract
class VisaATest:
    __pydantic_config__ = FORBID_EXTRA

    date: Day
    kind: Literal["visa_a"]
    score: Annotated[StrictInt, Field(ge=0, le=100), INTEGRAL] | None = None
    answers: VisaAAnswers | None = None


Test = Annotated[HeelRiseTest | HopTest | VisaATest, Field(discriminator="kind")]


@contract
class TrainingSession:
    __pydantic_config__ = FORBID_EXTRA

    """One activity summary, as the importer produces it."""

    date: Day
    sport: Annotated[str, Field(min_length=1, max_length=40)]
    distance_km: NonNegative = 0.0
    duration_min: NonNegative = 0.0
    elevation_gain_m: NonNegative | None = None
    kind: TrainingKind | None = None
    surface: Surface | None = None
    shoe: Annotated[str, Field(max_length=200)] | None = None
    # Importer extras (optional): provenance and detail of an imported file.
    start: Instant | None = None
    source: str | None = None
    device: str | None = None
    sub_sport: str | None = None
    avg_hr: Annotated[StrictFloat, Field(ge=0, le=260)] | None = None
    content_hash: str | None = None
    kind_inferred: StrictBool | None = None
    name: str | None = None


@contract
class Case:
    __pydantic_config__ = FORBID_EXTRA

    format: Literal["heelraise.case/1"] = "heelraise.case/1"
    as_of: Day
    person: Person = field(default_factory=lambda: Person())
    symptoms: Symptoms
    history: History = field(default_factory=lambda: History())
    programme: Programme | None = None
    checkins: list[CheckIn] = field(default_factory=list)
    tests: list[Test] = field(default_factory=list)
    training: list[TrainingSession] = field(default_factory=list)
    # Test vignettes carry their expected outcome here; the engine ignores it.
    expect: dict[str, Any] | None = None


CASE_ADAPTER: TypeAdapter[Case] = TypeAdapter(Case)
