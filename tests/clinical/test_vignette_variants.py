"""Metamorphic checks on the vignettes: changes that must not change the answer.

The vignettes are a floor; unseen ones are run too. These variants stand in
for them: the same story told on other dates (whole weeks earlier or later, so
weeks keep their weekdays), with lists in another order, on the other side, or
with the shoes renamed. Each must meet the vignette's `expect` and give the
same clinical answer as the original.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heelraise.app.assessing import assessment_json
from heelraise.clinical.assess import Engine, default_engine
from heelraise.contract import Assessment, parse_case
from tests.clinical.test_vignettes import check_expectations
from tests.conftest import load_vignette, vignette_paths

VIGNETTES = {path.stem: load_vignette(path) for path in vignette_paths()}
NAMES = sorted(VIGNETTES)
DATE_KEYS = {"as_of", "started", "stage_started", "date"}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _shifted(document: Any, days: int) -> Any:
    """The document with every date moved by `days`."""
    if isinstance(document, dict):
        return {
            key: (
                (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()
                if key in DATE_KEYS and isinstance(value, str)
                else _shifted(value, days)
            )
            for key, value in document.items()
        }
    if isinstance(document, list):
        return [_shifted(item, days) for item in document]
    return document


def _answer(assessment: Assessment, days: int = 0) -> dict[str, Any]:
    """The clinical answer, with dates moved back by `days` so variants compare."""

    def back(day: dt.date) -> dt.date:
        return day - dt.timedelta(days=days)

    return {
        "pathway": assessment.pathway,
        "condition": assessment.condition,
        "location": assessment.location,
        "stage": assessment.stage,
        "decision": assessment.decision,
        "flags": sorted((flag.id, flag.level) for flag in assessment.flags),
        "spikes": sorted((spike.kind, back(spike.date)) for spike in assessment.load.spikes),
        "ready": assessment.return_to_run.ready,
        "criteria": [(c.id, c.met) for c in assessment.return_to_run.criteria],
        "escalation": (assessment.escalation.recommended, assessment.escalation.to),
        "advice": sorted(item.id for item in assessment.advice),
        "plan": None
        if assessment.plan is None
        else [
            (back(session.date), [exercise.id for exercise in session.exercises])
            for session in assessment.plan.sessions
        ],
    }


def _assess(engine: Engine, document: dict[str, Any]) -> Assessment:
    return engine.assess(parse_case(document))


@SETTINGS
@given(name=st.sampled_from(NAMES), weeks=st.integers(-104, 104))
def test_the_same_story_whole_weeks_earlier_or_later(name: str, weeks: int) -> None:
    document, expect = VIGNETTES[name]
    engine = default_engine()
    moved = _assess(engine, _shifted(document, 7 * weeks))
    assert check_expectations(moved, expect) == []
    assert _answer(moved, 7 * weeks) == _answer(_assess(engine, document))


@SETTINGS
@given(name=st.sampled_from(NAMES), days=st.integers(-800, 800))
def test_the_same_story_on_any_other_dates_meets_the_expectations(name: str, days: int) -> None:
    """Any shift, by part of a week too: weekly volume is judged on any 7 days, so a
    rise is found whatever weekday it starts on (the calendar weeks of the table move)."""
    document, expect = VIGNETTES[name]
    assert check_expectations(_assess(default_engine(), _shifted(document, days)), expect) == []


TRAINING_NAMES = [name for name in NAMES if VIGNETTES[name][0].get("training")]


@pytest.mark.parametrize("days", [1, 2, 3, 4, 5, 6, -3, 17])
@pytest.mark.parametrize("name", TRAINING_NAMES)
def test_a_shift_by_part_of_a_week_gives_the_same_spikes(name: str, days: int) -> None:
    """Every spike rule is calendar-free: the same story a few days later has the same
    spikes on the same days of the story (the weekly volume spike included)."""
    document, expect = VIGNETTES[name]
    engine = default_engine()
    moved = _assess(engine, _shifted(document, days))
    assert check_expectations(moved, expect) == []
    assert _answer(moved, days)["spikes"] == _answer(_assess(engine, document))["spikes"]


@SETTINGS
@given(name=st.sampled_from(NAMES), data=st.data())
def test_lists_in_any_order_give_the_same_bytes(name: str, data: st.DataObject) -> None:
    document, _ = VIGNETTES[name]
    engine = default_engine()
    shuffled = copy.deepcopy(document)
    for key in ("checkins", "tests", "training"):
        if shuffled.get(key):
            shuffled[key] = data.draw(st.permutations(shuffled[key]), label=key)
    assert assessment_json(_assess(engine, shuffled)) == assessment_json(_assess(engine, document))


@pytest.mark.parametrize("name", NAMES)
def test_the_other_side_gives_the_same_answer(name: str) -> None:
    document, expect = VIGNETTES[name]
    engine = default_engine()
    other = copy.deepcopy(document)
    side = other["symptoms"].get("side")
    other["symptoms"]["side"] = {"left": "right", "right": "left"}.get(side, side)
    mirrored = _assess(engine, other)
    assert check_expectations(mirrored, expect) == []
    assert _answer(mirrored) == _answer(_assess(engine, document))


@pytest.mark.parametrize("name", NAMES)
def test_renamed_shoes_give_the_same_answer(name: str) -> None:
    document, expect = VIGNETTES[name]
    engine = default_engine()
    renamed = copy.deepcopy(document)
    for session in renamed.get("training", []):
        if session.get("shoe"):
            session["shoe"] = "Shoe " + session["shoe"][::-1]
    assert check_expectations(_assess(engine, renamed), expect) == []
    assert _answer(_assess(engine, renamed)) == _answer(_assess(engine, document))
