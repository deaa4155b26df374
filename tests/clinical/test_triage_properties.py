"""Triage invariants that must hold for every possible case (hypothesis)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from heelraise.clinical.assess import Engine, default_engine
from heelraise.clinical.levels import PATHWAY_RANK
from heelraise.contract import Assessment, parse_case
from tests.strategies import cases

ENGINE: Engine = default_engine()
CLINICIAN_SYMPTOMS = ("limits_walking_or_stairs", "worsening_weeks")
CLINICIAN_HISTORY = (
    "fluoroquinolone",
    "steroid_injection",
    "inflammatory_disease",
    "fever_or_unwell",
    "night_or_rest_pain",
    "numbness_tingling",
)
# Every answer that, switched on, points towards more danger.
RED_FLAG_SWITCHES: list[tuple[str, str, Any]] = [
    ("symptoms", "pop", True),
    ("symptoms", "contour_change", True),
    ("symptoms", "sudden_sharp_pain", True),
    ("symptoms", "push_off_difficulty", True),
    ("symptoms", "marked_swelling", True),
    ("symptoms", "single_leg_heel_raise", "unable"),
    ("symptoms", "onset", "sudden"),
    ("symptoms", "limits_walking_or_stairs", True),
    ("symptoms", "worsening_weeks", True),
    ("symptoms", "pain_0_10", 9),
    ("history", "calf_hot_swollen", True),
    *[("history", name, True) for name in CLINICIAN_HISTORY],
]


def assess(document: dict[str, Any]) -> Assessment:
    return ENGINE.assess(parse_case(document))


def switched(document: dict[str, Any], part: str, name: str, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    changed.setdefault(part, {})[name] = value
    return changed


# Each sign on its own is urgent, whatever the onset (case-format.md "Triage semantics").
URGENT_ON_ITS_OWN: list[tuple[str, Any]] = [
    ("pop", True),
    ("contour_change", True),
    ("sudden_sharp_pain", True),
    ("marked_swelling", True),
    ("single_leg_heel_raise", "unable"),
]


@given(
    cases(),
    st.sampled_from(URGENT_ON_ITS_OWN),
    st.sampled_from(["gradual", "sudden"]),
    st.sampled_from(["able", "not_tried"]),
)
def test_each_rupture_sign_alone_is_urgent_whatever_the_onset(
    document: dict[str, Any], sign: tuple[str, Any], onset: str, heel_raise: str
) -> None:
    changed = switched(document, "symptoms", "onset", onset)
    changed["symptoms"]["single_leg_heel_raise"] = heel_raise  # "able" never clears a sign
    name, value = sign
    changed["symptoms"][name] = value
    result = assess(changed)
    assert result.pathway == "urgent"
    # A hot swollen calf names the clot first; otherwise the picture is a possible rupture.
    expected = "possible_dvt" if changed.get("history", {}).get("calf_hot_swollen") else None
    assert result.condition == (expected or "possible_rupture")


@given(cases(), st.sampled_from(["able", "not_tried"]))
def test_push_off_difficulty_after_a_sudden_onset_is_urgent(
    document: dict[str, Any], heel_raise: str
) -> None:
    changed = switched(document, "symptoms", "onset", "sudden")
    changed["symptoms"]["push_off_difficulty"] = True
    changed["symptoms"]["single_leg_heel_raise"] = heel_raise
    assert assess(changed).pathway == "urgent"


@given(cases(), st.sampled_from([("single_leg_heel_raise", "unable"), ("marked_swelling", True)]))
def test_gradual_onset_with_unable_heel_raise_or_marked_swelling_is_urgent(
    document: dict[str, Any], sign: tuple[str, Any]
) -> None:
    changed = switched(document, "symptoms", "onset", "gradual")
    changed["symptoms"][sign[0]] = sign[1]
    result = assess(changed)
    assert result.pathway == "urgent"
    assert result.stage is None and result.decision is None and result.plan is None


@given(cases())
def test_hot_swollen_calf_is_urgent_and_a_possible_clot(document: dict[str, Any]) -> None:
    result = assess(switched(document, "history", "calf_hot_swollen", True))
    assert result.pathway == "urgent"
    assert result.condition == "possible_dvt"
    flag = next(f for f in result.flags if f.id == "triage.dvt.calf_hot_swollen")
    assert "clot" in flag.text
    for word in ("tendinopathy", "orthopaedic", "rupture"):
        assert word not in flag.text.lower()


@given(cases())
def test_site_unsure_needs_a_clinician_and_floor_level_loading(document: dict[str, Any]) -> None:
    result = assess(switched(document, "symptoms", "site", "unsure"))
    assert PATHWAY_RANK[result.pathway] >= PATHWAY_RANK["clinician"]
    if result.plan is not None:
        for session in result.plan.sessions:
            for exercise in session.exercises:
                assert "off_step" not in exercise.tags


@given(cases())
def test_urgent_means_no_stage_decision_or_plan(document: dict[str, Any]) -> None:
    result = assess(document)
    if result.pathway == "urgent":
        assert result.stage is None
        assert result.decision is None
        assert result.plan is None
        assert result.return_to_run.ready is False


@given(cases(), st.sampled_from(RED_FLAG_SWITCHES))
@settings(max_examples=300)
def test_a_further_red_flag_never_lowers_the_pathway(
    document: dict[str, Any], switch: tuple[str, str, Any]
) -> None:
    before = assess(document)
    after = assess(switched(document, *switch))
    assert PATHWAY_RANK[after.pathway] >= PATHWAY_RANK[before.pathway]
    if before.pathway != "self_manage":
        assert after.pathway != "self_manage"
    if before.pathway == "urgent":
        assert after.pathway == "urgent"


@given(
    cases(),
    st.sampled_from(
        [("symptoms", n, True) for n in CLINICIAN_SYMPTOMS]
        + [("history", n, True) for n in CLINICIAN_HISTORY]
        + [("symptoms", "pain_0_10", 8)]
    ),
)
def test_clinician_red_flags_need_at_least_a_clinician(
    document: dict[str, Any], switch: tuple[str, str, Any]
) -> None:
    result = assess(switched(document, *switch))
    assert PATHWAY_RANK[result.pathway] >= PATHWAY_RANK["clinician"]
    assert result.escalation.recommended


@given(
    cases(allow_missing=False),
    st.sampled_from(
        [
            "onset",
            "pop",
            "contour_change",
            "sudden_sharp_pain",
            "push_off_difficulty",
            "marked_swelling",
            "single_leg_heel_raise",
            "pain_0_10",
            "limits_walking_or_stairs",
            "worsening_weeks",
        ]
    ),
)
def test_missing_safety_answers_are_named_and_raise_to_clinician(
    document: dict[str, Any], name: str
) -> None:
    del document["symptoms"][name]
    result = assess(document)
    assert f"symptoms.{name}" in result.missing
    assert PATHWAY_RANK[result.pathway] >= PATHWAY_RANK["clinician"]


@given(cases())
def test_every_flag_and_advice_item_cites_a_listed_source(document: dict[str, Any]) -> None:
    result = assess(document)
    listed = {source.id for source in result.sources}
    for item in [*result.flags, *result.advice, *result.return_to_run.criteria]:
        assert item.id
        assert item.source in listed
    for spike in result.load.spikes:
        assert spike.rule and spike.source in listed
    for reason in result.escalation.reasons:
        assert reason.source in listed
    if result.decision_rule is not None:
        assert result.decision_rule.rule and result.decision_rule.source in listed


@given(cases())
def test_no_words_of_certainty(document: dict[str, Any]) -> None:
    result = assess(document)
    texts = [f.text for f in result.flags] + [a.text for a in result.advice] + [result.notice]
    for text in texts:
        assert "you have " not in text.lower()


def test_the_triage_memo_key_holds_every_answer_triage_reads() -> None:
    """Triage results are shared between cases with the same answers (TriageRules): the
    key must hold every symptom and history answer, all but the start date."""
    import dataclasses
    import re
    from pathlib import Path

    from heelraise.clinical import triage, triage_predicates
    from heelraise.contract.case import History, Symptoms

    symptoms = {f.name for f in dataclasses.fields(Symptoms)}
    assert set(triage.TRIAGE_SYMPTOMS) == symptoms - {"started"}
    assert set(triage.TRIAGE_HISTORY) == {f.name for f in dataclasses.fields(History)}
    source = Path(triage_predicates.__file__).read_text(encoding="utf-8")
    source += Path(triage.__file__).read_text(encoding="utf-8")
    read = set(re.findall(r"case\.(\w+)", source))
    assert read <= {"symptoms", "history"}, read


@given(cases(), st.integers(0, 400))
def test_the_remembered_triage_is_the_one_worked_out_afresh(
    document: dict[str, Any], days: int
) -> None:
    rules = ENGINE._triage
    case = parse_case(document)
    assert rules.triage(case) == rules._triage(case)
    moved = copy.deepcopy(document)
    if "started" in moved["symptoms"]:
        started = dt.date.fromisoformat(moved["as_of"]) - dt.timedelta(days=days)
        moved["symptoms"]["started"] = started.isoformat()
    assert rules.triage(parse_case(moved)) == rules._triage(case)
