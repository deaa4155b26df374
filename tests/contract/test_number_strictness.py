"""Integers, numbers and booleans in the case contract: 3.0 is the integer 3 (JSON has
one number type), 3.5 is refused with `field: message`; booleans and numbers are
strict (no `false` for a number, no `1` for a boolean). The msgspec fast path and
pydantic agree on every one."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from heelraise.contract import parse_case_json
from heelraise.contract.parsing import parse_case_line
from heelraise.errors import InvalidCase
from tests.factories import case_document


def _both(document: dict[str, Any]) -> list[str] | Any:
    """The problems (or the case) from pydantic and from the fast path; they must agree."""
    text = orjson.dumps(document)
    results = []
    for parse in (parse_case_json, parse_case_line):
        try:
            results.append(parse(text))
        except InvalidCase as error:
            results.append([str(problem) for problem in error.problems])
    slow, fast = results
    if isinstance(slow, list):
        assert fast == slow
    else:
        assert not isinstance(fast, list)
        assert (fast.symptoms.pain_0_10, fast.checkins) == (slow.symptoms.pain_0_10, slow.checkins)
    return slow


def test_integral_floats_are_integers() -> None:
    document = case_document(
        symptoms={"pain_0_10": 3.0},
        checkins=[{"date": "2026-11-19", "morning_stiffness_0_10": 2.0, "pain_walking_0_10": 1}],
        tests=[{"date": "2026-11-19", "kind": "visa_a", "score": 62.0}],
    )
    case = _both(document)
    assert case.symptoms.pain_0_10 == 3
    assert type(case.symptoms.pain_0_10) is int
    assert type(case.checkins[0].morning_stiffness_0_10) is int
    assert type(case.tests[0].score) is int


@pytest.mark.parametrize(
    ("part", "message"),
    [
        (
            {"symptoms": {"pain_0_10": 3.5}},
            "symptoms.pain_0_10: must be an integer 0..10, got 3.5",
        ),
        (
            {"symptoms": {"pain_0_10": 14}},
            "symptoms.pain_0_10: must be an integer 0..10, got 14",
        ),
        (
            {"symptoms": {"pain_0_10": True}},
            "symptoms.pain_0_10: must be an integer 0..10, got True",
        ),
        ({"symptoms": {"pop": 1}}, "symptoms.pop: must be true or false, got 1"),
        ({"person": {"age": 40.5}}, "person.age: must be a whole number, got 40.5"),
        (
            {"training": [{"date": "2026-11-01", "sport": "run", "avg_hr": False}]},
            "training[0].avg_hr: must be a number, got False",
        ),
        (
            {"training": [{"date": "2026-11-01", "sport": "run", "distance_km": True}]},
            "training[0].distance_km: must be a number, got True",
        ),
        (
            {"training": [{"date": "2026-11-01", "sport": "run", "distance_km": "8"}]},
            "training[0].distance_km: must be a number, got '8'",
        ),
    ],
)
def test_wrong_kinds_are_refused_naming_the_field(part: dict[str, Any], message: str) -> None:
    assert _both(case_document(**part)) == [message]
