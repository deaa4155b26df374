"""Hypothesis strategies for whole case documents (any answers, any history)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from tests.factories import AS_OF

BOOLEAN_SYMPTOMS = (
    "pop",
    "sudden_sharp_pain",
    "push_off_difficulty",
    "marked_swelling",
    "contour_change",
    "morning_stiffness",
    "eases_when_warm",
    "worse_after_fast_or_next_day",
    "limits_walking_or_stairs",
    "worsening_weeks",
)
HISTORY_FIELDS = (
    "fluoroquinolone",
    "steroid_injection",
    "inflammatory_disease",
    "calf_hot_swollen",
    "fever_or_unwell",
    "night_or_rest_pain",
    "numbness_tingling",
    "previous_rupture",
)


@st.composite
def symptoms(draw: st.DrawFn, allow_missing: bool = True) -> dict[str, Any]:
    values: dict[str, Any] = {
        "side": draw(st.sampled_from(["left", "right", "both"])),
        "onset": draw(st.sampled_from(["gradual", "sudden"])),
        "started": (AS_OF - dt.timedelta(days=draw(st.integers(0, 400)))).isoformat(),
        "site": draw(st.sampled_from(["midportion", "insertion", "both", "unsure"])),
        "single_leg_heel_raise": draw(st.sampled_from(["able", "unable", "not_tried"])),
        "pain_0_10": draw(st.integers(0, 10)),
    }
    for name in BOOLEAN_SYMPTOMS:
        values[name] = draw(st.booleans())
    if allow_missing:
        for name in draw(st.sets(st.sampled_from(sorted(values)), max_size=3)):
            del values[name]
    return values


@st.composite
def checkins(draw: st.DrawFn, first: dt.date) -> list[dict[str, Any]]:
    days = (AS_OF - first).days
    chosen = draw(st.sets(st.integers(0, max(0, days)), max_size=21))
    score = st.integers(0, 10)
    return [
        {
            "date": (first + dt.timedelta(days=offset)).isoformat(),
            "morning_stiffness_0_10": draw(score),
            "pain_walking_0_10": draw(score),
            "pain_during_0_10": draw(score),
            "pain_after_0_10": draw(score),
            "settled_by_next_morning": draw(st.booleans()),
            "exercised": True,
        }
        for offset in sorted(chosen)
    ]


@st.composite
def tests_list(draw: st.DrawFn) -> list[dict[str, Any]]:
    day = (AS_OF - dt.timedelta(days=draw(st.integers(0, 60)))).isoformat()
    items: list[dict[str, Any]] = []
    if draw(st.booleans()):
        items.append(
            {
                "date": day,
                "kind": "heel_rise",
                "affected_reps": draw(st.integers(0, 40)),
                "other_reps": draw(st.integers(1, 40)),
            }
        )
    if draw(st.booleans()):
        items.append(
            {
                "date": day,
                "kind": "hop",
                "pain_0_10": draw(st.integers(0, 10)),
                "flare_24h": draw(st.booleans()),
            }
        )
    if draw(st.booleans()):
        items.append({"date": day, "kind": "visa_a", "score": draw(st.integers(0, 100))})
    return items


@st.composite
def training(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(0, 25))
    sessions = []
    for _ in range(count):
        distance = draw(st.floats(0, 40, allow_nan=False).map(lambda x: round(x, 1)))
        sessions.append(
            {
                "date": (AS_OF - dt.timedelta(days=draw(st.integers(0, 120)))).isoformat(),
                "sport": draw(st.sampled_from(["run", "run", "ride", "padel", "football"])),
                "distance_km": distance,
                "duration_min": round(distance * 6, 1),
                "elevation_gain_m": draw(st.integers(0, 600)),
                "kind": draw(st.sampled_from(["easy", "long", "tempo", "intervals", "hills"])),
                "surface": draw(st.sampled_from(["road", "trail", "track"])),
                "shoe": draw(st.sampled_from(["A", "B"])),
            }
        )
    return sessions


@st.composite
def cases(draw: st.DrawFn, allow_missing: bool = True) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": "heelraise.case/1",
        "as_of": AS_OF.isoformat(),
        "person": {
            "sports": draw(
                st.lists(
                    st.sampled_from(["running", "tennis", "football"]), max_size=2, unique=True
                )
            )
        },
        "symptoms": draw(symptoms(allow_missing)),
        "history": {name: draw(st.booleans()) for name in HISTORY_FIELDS if draw(st.booleans())},
    }
    if draw(st.booleans()):
        started = AS_OF - dt.timedelta(days=draw(st.integers(0, 150)))
        stage = draw(st.sampled_from([1, 2, 3, 4, "maintenance"]))
        document["programme"] = {
            "started": started.isoformat(),
            "stage": stage,
            "method": draw(st.sampled_from(["hsr", "eccentric"])),
        }
        if draw(st.booleans()):
            document["programme"]["load_step"] = draw(st.integers(0, 9))
        if draw(st.booleans()):
            days = draw(st.integers(0, (AS_OF - started).days))
            document["programme"]["stage_started"] = (AS_OF - dt.timedelta(days=days)).isoformat()
        document["checkins"] = draw(checkins(started))
        document["tests"] = draw(tests_list())
    if draw(st.booleans()):
        document["training"] = draw(training())
    return document
