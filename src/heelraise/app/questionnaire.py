"""Use case: assess the triage questionnaire's answers as of today.

The application owns the clock: the answers (the case's `person`, `symptoms`
and `history` parts) become a `heelraise.case/1` document dated today and go
through the same validation and engine as any case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from heelraise.app.assessing import assess_data
from heelraise.app.clock import today
from heelraise.clinical.assess import Engine
from heelraise.contract import CASE_FORMAT, Assessment

PARTS = ("person", "symptoms", "history")


def case_from_answers(answers: Mapping[str, Mapping[str, Any]], as_of: dt.date) -> dict[str, Any]:
    """The case document for questionnaire answers (unanswered questions left out)."""
    document: dict[str, Any] = {"format": CASE_FORMAT, "as_of": as_of.isoformat()}
    for part in PARTS:
        document[part] = dict(answers.get(part, {}))
    return document


def assess_answers(
    answers: Mapping[str, Mapping[str, Any]],
    as_of: dt.date | None = None,
    engine: Engine | None = None,
) -> Assessment:
    """Assess the answers; raise `InvalidCase` naming each bad field (`symptoms.pain_0_10`)."""
    return assess_data(case_from_answers(answers, as_of or today()), engine)
