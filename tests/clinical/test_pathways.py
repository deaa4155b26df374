"""One message per pathway: the decision, the plan and every flag say the same thing.

case-format.md, "Pathways and decisions agree": on the clinician and specialist
pathways the decision is never `progress`; urgent means no stage, decision or
plan; and no flag text contradicts the decision shown (the phrases that assert
a decision are listed in `pathways.toml`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings

from heelraise.clinical.assess import default_engine
from heelraise.contract import Assessment, parse_case
from heelraise.knowledge.loader import default_knowledge
from tests.factories import AS_OF, daily_checkins, make_case
from tests.strategies import cases

ENGINE = default_engine()
PATHWAYS = default_knowledge().pathways
HEAVY_TAGS = {"heavy", "eccentric", "plyometric", "running", "sport", "off_step"}


def assess(document: dict[str, Any]) -> Assessment:
    return ENGINE.assess(parse_case(document))


def contradictions(result: Assessment) -> list[str]:
    """Every text beside the decision that asserts another decision."""
    shown = result.decision or "none"
    texts = [flag.text for flag in result.flags]
    texts += [reason.text for reason in result.escalation.reasons]
    if result.decision_rule is not None:
        texts.append(result.decision_rule.text)
    found = []
    for text in texts:
        for phrase in PATHWAYS.phrase:
            if phrase.text.lower() in text.lower() and shown not in phrase.decisions:
                found.append(f"{phrase.text!r} beside {shown}: {text}")
    return found


@settings(max_examples=400)
@given(cases())
def test_the_pathway_bounds_the_decision_and_the_plan(document: dict[str, Any]) -> None:
    result = assess(document)
    policy = PATHWAYS.pathway[result.pathway]
    if result.pathway == "urgent":
        assert (result.stage, result.decision, result.plan) == (None, None, None)
        assert result.return_to_run.ready is False
        return
    assert result.decision in policy.decisions
    if result.pathway in ("clinician", "specialist"):
        assert result.decision != "progress"
    assert result.plan is not None
    if policy.plan == "light":
        assert result.plan.stage == 1
        assert result.plan.note
        for session in result.plan.sessions:
            for exercise in session.exercises:
                assert not HEAVY_TAGS & set(exercise.tags), exercise.id


@settings(max_examples=400)
@given(cases())
def test_no_flag_contradicts_the_decision_beside_it(document: dict[str, Any]) -> None:
    assert contradictions(assess(document)) == []


def test_the_phrase_check_notices_a_contradiction() -> None:
    result = make_and_assess(symptoms={"pain_0_10": 8})
    assert result.decision == "start"
    assert contradictions(result) == []
    broken = type(result.flags[0])(
        "test.flag", "clinician", "See a GP before starting a home programme.", "consensus"
    )
    result.flags.append(broken)  # type: ignore[attr-defined]
    assert contradictions(result)


def make_and_assess(**parts: Any) -> Assessment:
    return ENGINE.assess(make_case(**parts))


def test_severe_pain_starts_gentle_loading_and_says_so() -> None:
    result = make_and_assess(symptoms={"pain_0_10": 8})
    assert result.pathway == "clinician"
    assert result.decision == "start"
    assert result.plan is not None and result.plan.stage == 1
    severe = next(flag for flag in result.flags if flag.id == "triage.severe_pain")
    assert "gentle loading" in severe.text
    assert "before starting" not in severe.text


def test_a_fluoroquinolone_during_stage_2_holds_at_light_loading() -> None:
    yesterday = AS_OF - dt.timedelta(days=1)
    result = make_and_assess(
        history={"fluoroquinolone": True},
        programme={"started": "2026-09-01", "stage": 2, "load_step": 2},
        checkins=daily_checkins(AS_OF - dt.timedelta(days=14), yesterday),
    )
    assert result.pathway == "clinician"
    assert result.decision == "hold"
    assert result.decision_rule is not None
    assert result.decision_rule.rule == "decision.hold.pathway"
    assert "can rise" not in result.decision_rule.text
    assert (result.stage, result.load_step) == (2, 2)  # the programme's own load is kept
    assert result.plan is not None and result.plan.stage == 1 and result.plan.note


def test_a_specialist_pathway_keeps_loading_at_the_current_dose() -> None:
    yesterday = AS_OF - dt.timedelta(days=1)
    result = make_and_assess(
        symptoms={"site": "midportion", "limits_walking_or_stairs": False},
        programme={"started": "2026-07-01", "stage": 2, "load_step": 3},
        checkins=daily_checkins(AS_OF - dt.timedelta(days=14), yesterday),
        tests=[
            {"date": "2026-07-02", "kind": "visa_a", "score": 50},
            {"date": "2026-11-10", "kind": "visa_a", "score": 55},
        ],
    )
    assert result.pathway == "specialist"
    assert result.decision == "hold"
    assert result.load_step == 3
    assert result.plan is not None and result.plan.stage == 2 and result.plan.note is None
