"""Every triage question fills a real case field, and every safety answer is asked."""

from __future__ import annotations

import dataclasses

from heelraise.clinical.triage_predicates import SAFETY_ANSWERS
from heelraise.contract.case import History, Symptoms
from heelraise.knowledge.questions import triage_questions


def test_questions_name_real_fields_once() -> None:
    fields = [f"{q.part}.{q.field}" for q in triage_questions() if q.part != "person"]
    assert len(fields) == len(set(fields))
    known = {f"symptoms.{f.name}" for f in dataclasses.fields(Symptoms)} | {
        f"history.{f.name}" for f in dataclasses.fields(History)
    }
    assert set(fields) <= known
    assert {f"symptoms.{name}" for name in SAFETY_ANSWERS} <= set(fields)
    assert set(fields) == known  # every answer the engine reads is asked


def test_rupture_and_clot_questions_come_before_the_rest() -> None:
    order = [f"{q.part}.{q.field}" for q in triage_questions()]
    first = {"symptoms.pop", "symptoms.contour_change", "history.calf_hot_swollen"}
    assert max(order.index(name) for name in first) < order.index("symptoms.pain_0_10")
