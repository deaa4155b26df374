"""Use case: questionnaire answers assessed as of today, through the contract."""

from __future__ import annotations

import datetime as dt

import pytest

from heelraise.app.questionnaire import assess_answers, case_from_answers
from heelraise.errors import InvalidCase
from tests.factories import BASE_SYMPTOMS

AS_OF = dt.date(2026, 11, 20)


def test_answers_become_a_case_dated_as_of() -> None:
    document = case_from_answers({"symptoms": {"side": "left"}}, AS_OF)
    assert document == {
        "format": "heelraise.case/1",
        "as_of": "2026-11-20",
        "person": {},
        "symptoms": {"side": "left"},
        "history": {},
    }


def test_a_full_first_visit_is_self_managed() -> None:
    assessment = assess_answers({"symptoms": BASE_SYMPTOMS}, AS_OF)
    assert assessment.pathway == "self_manage" and assessment.plan is not None


def test_unanswered_questions_err_to_the_safer_pathway() -> None:
    assessment = assess_answers({"symptoms": {"side": "left"}}, AS_OF)
    assert assessment.pathway != "self_manage"
    assert "symptoms.pop" in assessment.missing or "pop" in " ".join(assessment.missing)


def test_a_bad_answer_names_the_field() -> None:
    with pytest.raises(InvalidCase) as caught:
        assess_answers({"symptoms": {"pain_0_10": 14}}, AS_OF)
    assert [p.field for p in caught.value.problems] == ["symptoms.pain_0_10"]
