"""The fast case decoder never judges a document differently from pydantic.

`contract/fast_case.py` derives msgspec Structs from `contract/case.py`. The
property that keeps the pair honest: whatever the fast decoder accepts,
pydantic accepts too, with equal values (same types, same numbers, same
dates); whatever it declines goes to pydantic, so `parse_case_line` (batch)
and `parse_case_json` give the same case or the same problems.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from heelraise.contract.case import CASE_ADAPTER
from heelraise.contract.fast_case import decode_case
from heelraise.contract.parsing import parse_case_json, parse_case_line
from heelraise.errors import InvalidCase
from tests.case_values import assert_same_value
from tests.factories import BASE_SYMPTOMS

FULL_CASE: dict[str, Any] = {
    "format": "heelraise.case/1",
    "as_of": "2026-11-20",
    "person": {"age": 41, "sports": ["running", "padel"], "goal": "Run a half marathon"},
    "symptoms": {**BASE_SYMPTOMS, "started": "2026-08-01"},
    "history": {"fluoroquinolone": False, "steroid_injection": True},
    "programme": {
        "started": "2026-09-01",
        "stage": 2,
        "stage_started": "2026-10-01",
        "method": "hsr",
    },
    "checkins": [
        {
            "date": f"2026-11-{day:02d}",
            "morning_stiffness_0_10": 2,
            "pain_walking_0_10": 1,
            "pain_during_0_10": 3,
            "pain_after_0_10": 2,
            "settled_by_next_morning": True,
            "exercised": True,
        }
        for day in range(10, 20)
    ],
    "tests": [
        {
            "date": "2026-11-15",
            "kind": "heel_rise",
            "affected_reps": 20,
            "other_reps": 25,
            "affected_height_cm": 8.5,
            "other_height_cm": 9,
        },
        {"date": "2026-11-16", "kind": "hop", "pain_0_10": 2, "flare_24h": False},
        {"date": "2026-11-17", "kind": "visa_a", "score": 70},
        {
            "date": "2026-11-18",
            "kind": "visa_a",
            "answers": {
                "q1": 7,
                "q2": 8,
                "q3": 6,
                "q4": 7,
                "q5": 5,
                "q6": 6,
                "q7": 7,
                "q8b": 14,
            },
        },
    ],
    "training": [
        {
            "date": "2026-11-12",
            "sport": "Run",
            "distance_km": 8,
            "duration_min": 45.5,
            "elevation_gain_m": 120,
            "kind": "easy",
            "surface": "road",
            "shoe": "Daily trainer",
            "start": "2026-11-12T07:30:00+01:00",
            "source": "archive.zip!activities/1.fit",
            "device": "Watch",
            "sub_sport": "street",
            "avg_hr": 142.5,
            "content_hash": "ab" * 32,
            "kind_inferred": False,
            "name": "Morning run",
        },
        {"date": "2026-11-14", "sport": "ride", "distance_km": 30.2, "duration_min": 60},
    ],
    "expect": {"pathway": "self_manage", "n": 10**30, "list": [1, 2.5, None]},
}

EDGE_TEXT = [
    "",
    "x",
    "r" * 41,
    "2026-11-20",
    "2026-02-29",
    "2024-02-29",
    "2026-11-20T00:00:00",
    "2026-11-20T10:30:00",
    "2026-11-20T10:30:00Z",
    "2026-11-20T10:30:00.123456789+05:30",
    "2026-11-20T24:00:00",
    "2026-11-20T10:30:60",
    "2026-11-20 10:30",
    "2026-11-20T10:30",
    "20261120",
    "2026-11-20 ",
    "1700000000",
    "heelraise.case/1",
    "heel_rise",
    "hop",
    "visa_a",
    "maintenance",
    "running",
    "left",
    "sudden",
    "insertion",
    "able",
    "hsr",
    "easy",
    "road",
    "true",
    "3",
    "4.5",
    "é" * 40,
    "\u0000",
]
EDGE_NUMBERS = [
    0,
    -1,
    1,
    2,
    3,
    4,
    5,
    7,
    10,
    11,
    14,
    20,
    21,
    30,
    31,
    100,
    101,
    110,
    111,
    200,
    201,
    260,
    261,
    2**63,
    10**25,
    0.0,
    -0.0,
    0.5,
    3.0,
    4.5,
    30.0,
    30.000001,
    1e-300,
    1e300,
    260.0,
]

leaves = st.one_of(
    st.sampled_from(EDGE_TEXT),
    st.sampled_from(EDGE_NUMBERS),
    st.booleans(),
    st.none(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
edge_values = st.sampled_from([*EDGE_TEXT, *EDGE_NUMBERS, True, False, None])
json_values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["date", "kind", "x", "q8a", "pain_0_10"]), inner),
    ),
    max_leaves=6,
)


def _dumps(value: Any) -> bytes:
    return json.dumps(value).encode()  # not orjson: the documents hold integers past 64 bits


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix and prefix[:2] != ("expect", "list") else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """The full case with one to three changes: a value replaced, a key dropped or added."""
    doc = copy.deepcopy(FULL_CASE)
    for _ in range(draw(st.integers(min_value=1, max_value=2))):
        paths = _paths(doc)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = doc
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "replace", "replace", "drop", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(edge_values if draw(st.integers(0, 9)) < 8 else json_values)
        elif action == "drop":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "kind", "q8c", "start", "date"]))] = draw(
                json_values
            )
    return _dumps(doc)


def outcome(parse: Any, text: bytes) -> tuple[str, Any]:
    try:
        return "case", parse(text)
    except InvalidCase as error:
        return "problems", [str(problem) for problem in error.problems]


def test_the_full_case_takes_the_fast_path() -> None:
    text = _dumps(FULL_CASE)
    fast = decode_case(text)
    assert fast is not None
    assert_same_value(fast, CASE_ADAPTER.validate_json(text))
    assert fast.programme is not None
    assert fast.programme.current_stage_started == dt.date(2026, 10, 1)
    assert [test.kind for test in fast.tests] == ["heel_rise", "hop", "visa_a", "visa_a"]


@pytest.mark.parametrize(
    "text",
    [
        b'{"as_of": "2026-11-20", "symptoms": {}, "symptoms": {"pain_0_10": 3}}',
        b'{"as_of": "2026-11-20", "symptoms": {"pain_0_10": 3, "pain_0_10": 14}}',
        b'{"as_of": "2026-11-20T00:00:00", "symptoms": {}}',
        b'{"as_of": "2026-11-20", "symptoms": {}, "training": [{"date": "2026-11-01",'
        b' "sport": "run", "distance_km": 1e400}]}',
        b'{"as_of": "2026-11-20", "symptoms": {"side": "left\\ud800"}}',
        b'{"as_of": "2026-11-20", "symptoms": {}, "tests": [{"kind": "hop", "date":'
        b' "2026-11-01", "pain_0_10": 1, "kind": "visa_a"}]}',
        b'{"as_of": "2026-11-20", "symptoms": {}}\xff',
        b'{"as_of": "2026-11-20", "symptoms": {}, "person": null}',
    ],
)
def test_awkward_documents(text: bytes) -> None:
    check(text)


@settings(max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
@example(_dumps(FULL_CASE))
def test_fast_decoder_agrees_with_pydantic(text: bytes) -> None:
    event(check(text))


def check(text: bytes) -> str:
    """Check one document; say which of the two decoders accepted it."""
    fast = decode_case(text)
    try:
        slow = CASE_ADAPTER.validate_json(text)
    except Exception:  # pydantic's ValidationError
        label = "pydantic rejects"
        assert fast is None, "the fast decoder accepted a document pydantic rejects"
    else:
        label = "both accept" if fast is not None else "only pydantic accepts"
        if fast is not None:
            assert_same_value(fast, slow)
    kind, line_result = outcome(parse_case_line, text)
    json_kind, json_result = outcome(parse_case_json, text)
    assert kind == json_kind
    if kind == "problems" or fast is None:
        assert line_result == json_result
    else:
        assert_same_value(line_result, json_result)
    return label
