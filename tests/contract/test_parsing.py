"""Case validation: every problem named by its field, in plain words."""

from __future__ import annotations

from typing import Any

import pytest

from heelraise.contract import parse_case, parse_case_json
from heelraise.errors import InvalidCase
from tests.factories import case_document, daily_checkins


def problems(document: Any) -> list[str]:
    with pytest.raises(InvalidCase) as caught:
        parse_case(document)
    return [str(problem) for problem in caught.value.problems]


def test_pain_out_of_range_names_the_field() -> None:
    assert problems(case_document(symptoms={"pain_0_10": 14})) == [
        "symptoms.pain_0_10: must be an integer 0..10, got 14"
    ]


def test_wrong_enum_lists_the_choices() -> None:
    [message] = problems(case_document(symptoms={"site": "calf"}))
    assert message.startswith("symptoms.site: must be one of")
    assert "'midportion'" in message and "got 'calf'" in message


def test_unknown_field_is_rejected_not_dropped() -> None:
    [message] = problems(case_document(symptoms={"swolen": True}))
    assert message.startswith("symptoms.swolen: unknown field")


def test_date_after_as_of_is_an_error() -> None:
    assert problems(case_document(symptoms={"started": "2026-12-01"})) == [
        "symptoms.started: 2026-12-01 is after as_of (2026-11-20)"
    ]


def test_all_problems_are_reported_together() -> None:
    found = problems(
        case_document(symptoms={"pain_0_10": 14, "onset": "slow", "extra": 1}, as_of="2026-13-01")
    )
    fields = sorted(message.split(":")[0] for message in found)
    assert fields == ["as_of", "symptoms.extra", "symptoms.onset", "symptoms.pain_0_10"]


def test_booleans_are_not_numbers_and_numbers_are_not_booleans() -> None:
    assert problems(case_document(symptoms={"pop": 1})) == [
        "symptoms.pop: must be true or false, got 1"
    ]
    assert problems(case_document(symptoms={"pain_0_10": True})) == [
        "symptoms.pain_0_10: must be an integer 0..10, got True"
    ]


def test_one_checkin_a_day() -> None:
    import datetime as dt

    day = dt.date(2026, 11, 18)
    checkins = daily_checkins(day, day) * 2
    document = case_document(programme={"started": "2026-11-01", "stage": 1}, checkins=checkins)
    [message] = problems(document)
    assert message.startswith("checkins[1].date: a second check-in on 2026-11-18")


def test_stage_started_before_programme_started() -> None:
    document = case_document(
        programme={"started": "2026-11-01", "stage": 2, "stage_started": "2026-10-01"}
    )
    [message] = problems(document)
    assert message.startswith("programme.stage_started: 2026-10-01 is before")


def test_test_kind_is_checked() -> None:
    document = case_document(tests=[{"date": "2026-11-01", "kind": "sprint", "score": 3}])
    [message] = problems(document)
    assert message.startswith("tests[0]: kind must be one of")


def test_visa_a_needs_one_item_8_branch() -> None:
    answers = {"q1": 5, "q2": 5, "q3": 5, "q4": 5, "q5": 5, "q6": 5, "q7": 4, "q8a": 7, "q8b": 4}
    document = case_document(tests=[{"date": "2026-11-01", "kind": "visa_a", "answers": answers}])
    assert problems(document) == ["tests[0].answers: answer exactly one of q8a, q8b and q8c"]


def test_visa_a_needs_score_or_answers() -> None:
    document = case_document(tests=[{"date": "2026-11-01", "kind": "visa_a"}])
    assert problems(document) == ["tests[0]: give either score or answers"]


def test_bad_json_is_one_clear_problem() -> None:
    with pytest.raises(InvalidCase) as caught:
        parse_case_json(b'{"as_of": ')
    assert "not valid JSON" in str(caught.value)


def test_not_an_object() -> None:
    assert problems([1, 2]) == ["a case must be a JSON object, got a list"]


def test_symptom_answers_may_be_missing_but_symptoms_may_not() -> None:
    document = case_document()
    del document["symptoms"]
    assert problems(document) == ["symptoms: required field is missing"]
    assert parse_case(case_document(symptoms={})).symptoms.site == "midportion"
    bare = case_document()
    bare["symptoms"] = {}
    assert parse_case(bare).symptoms.pop is None
