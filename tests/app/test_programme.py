"""The programme record: a case's programme survives the stage history exactly."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from heelraise.app.journal import build_case, open_journal
from heelraise.app.onboarding import init_from_case
from heelraise.app.programme import case_programme_rows, programme_as_of
from heelraise.contract import parse_case
from tests.case_values import assert_same_value
from tests.factories import AS_OF, case_document, daily_checkins

PROGRAMMES: list[dict[str, Any]] = [
    {"started": "2026-10-01", "stage": 2},
    {"started": "2026-10-01", "stage": 2, "stage_started": "2026-10-01"},  # given, equal
    {"started": "2026-10-01", "stage": 2, "stage_started": "2026-11-20"},  # on as_of
    {"started": "2026-11-20", "stage": 1, "load_step": 0},  # started on as_of
    {
        "started": "2026-10-01",
        "stage": 3,
        "stage_started": "2026-11-01",
        "method": "eccentric",
        "load_step": 2,
    },
    {"started": "2026-08-01", "stage": "maintenance"},
]


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_a_case_programme_comes_back_exactly(programme: dict[str, Any]) -> None:
    rows = case_programme_rows(programme)
    assert programme_as_of(rows, AS_OF) == programme


@pytest.mark.parametrize("programme", PROGRAMMES)
@pytest.mark.usefixtures("journal_repository")
def test_the_journal_case_is_the_case(programme: dict[str, Any]) -> None:
    checkins = daily_checkins(dt.date(2026, 11, 6), AS_OF, after=5, settled=False)
    document = case_document(programme=programme, checkins=checkins)
    init_from_case(None, None, json.dumps(document))
    with open_journal(None) as journal:
        rebuilt = build_case(journal, "me", AS_OF)
    assert rebuilt.programme is not None
    original = parse_case(document)
    # The journal's case is read by the fast decoder: the same values, maybe as Structs.
    assert_same_value(rebuilt.programme, original.programme)
    assert_same_value(rebuilt.tests, original.tests)
    assert_same_value(rebuilt.training, original.training)
