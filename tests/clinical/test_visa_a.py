"""VISA-A scored exactly as published (robinson-2001), including the item-8 branches."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heelraise.clinical.visa_a import visa_a_score
from heelraise.contract import parse_case
from heelraise.contract.case import VisaATest
from tests.factories import case_document

BRANCHES = {"q8a": (0, 7, 14, 21, 30), "q8b": (0, 4, 10, 14, 20), "q8c": (0, 2, 5, 7, 10)}


def visa_test(answers: dict[str, Any]) -> VisaATest:
    case = parse_case(
        case_document(tests=[{"date": "2026-11-01", "kind": "visa_a", "answers": answers}])
    )
    test = case.tests[0]
    assert isinstance(test, VisaATest)
    return test


def test_best_possible_score_is_100() -> None:
    answers = {f"q{i}": 10 for i in range(1, 7)} | {"q7": 10, "q8a": 30}
    assert visa_a_score(visa_test(answers)) == 100


def test_worst_possible_score_is_0() -> None:
    answers = {f"q{i}": 0 for i in range(1, 7)} | {"q7": 0, "q8c": 0}
    assert visa_a_score(visa_test(answers)) == 0


def test_branch_b_caps_item_8_at_20() -> None:
    answers = {f"q{i}": 10 for i in range(1, 7)} | {"q7": 7, "q8b": 20}
    assert visa_a_score(visa_test(answers)) == 87


@given(
    st.lists(st.integers(0, 10), min_size=6, max_size=6),
    st.sampled_from([0, 4, 7, 10]),
    st.sampled_from(sorted(BRANCHES)),
    st.data(),
)
def test_total_is_the_sum_of_items(
    items: list[int], q7: int, branch: str, data: st.DataObject
) -> None:
    q8 = data.draw(st.sampled_from(BRANCHES[branch]))
    answers = {f"q{i + 1}": value for i, value in enumerate(items)} | {"q7": q7, branch: q8}
    score = visa_a_score(visa_test(answers))
    assert score == sum(items) + q7 + q8
    assert 0 <= score <= 100


@pytest.mark.parametrize(("item", "value"), [("q7", 5), ("q8a", 10), ("q8c", 3), ("q1", 11)])
def test_values_not_on_the_published_scale_are_refused(item: str, value: int) -> None:
    from heelraise.errors import InvalidCase

    answers: dict[str, Any] = {f"q{i}": 5 for i in range(1, 7)} | {"q7": 4, "q8b": 10}
    answers[item] = value
    with pytest.raises(InvalidCase, match=f"tests\\[0\\].answers.{item}"):
        visa_test(answers)


def test_recorded_score_is_used_when_no_answers() -> None:
    case = parse_case(case_document(tests=[{"date": "2026-11-01", "kind": "visa_a", "score": 62}]))
    test = case.tests[0]
    assert isinstance(test, VisaATest)
    assert visa_a_score(test) == 62
