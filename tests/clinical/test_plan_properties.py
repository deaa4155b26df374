"""Plan and return-to-run rules that must hold for any case (hypothesis)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from hypothesis import given, settings

from heelraise.clinical.assess import default_engine
from heelraise.contract import Assessment, parse_case
from tests.strategies import cases

ENGINE = default_engine()


def assess(document: dict[str, Any]) -> Assessment:
    return ENGINE.assess(parse_case(document))


@given(cases())
@settings(max_examples=200)
def test_plan_follows_the_pathway(document: dict[str, Any]) -> None:
    result = assess(document)
    if result.pathway == "urgent":
        assert result.plan is None
    else:
        assert result.plan is not None
        assert result.plan.sessions
        dates = {session.date for session in result.plan.sessions}
        as_of = result.as_of
        assert dates == {as_of + dt.timedelta(days=offset) for offset in range(7)}


@given(cases())
@settings(max_examples=200)
def test_no_heavy_sessions_on_consecutive_days(document: dict[str, Any]) -> None:
    result = assess(document)
    if result.plan is None:
        return
    heavy_days = sorted(
        {
            session.date
            for session in result.plan.sessions
            if any("heavy" in exercise.tags for exercise in session.exercises)
        }
    )
    for earlier, later in itertools.pairwise(heavy_days):
        assert (later - earlier).days >= 2


@given(cases())
@settings(max_examples=200)
def test_insertional_early_stages_never_go_off_the_step(document: dict[str, Any]) -> None:
    result = assess(document)
    if result.plan is None or result.location == "midportion":
        return
    if result.plan.stage in (1, 2):
        for session in result.plan.sessions:
            for exercise in session.exercises:
                assert "off_step" not in exercise.tags


@given(cases())
@settings(max_examples=200)
def test_every_exercise_has_a_dose_and_a_listed_source(document: dict[str, Any]) -> None:
    result = assess(document)
    if result.plan is None:
        return
    listed = {source.id for source in result.sources}
    for session in result.plan.sessions:
        for exercise in session.exercises:
            assert exercise.sets is not None and exercise.sets >= 1
            assert (
                exercise.reps is not None
                or exercise.hold_s is not None
                or exercise.duration_min is not None
            )
            assert exercise.load and exercise.notes
            assert exercise.source in listed


@given(cases())
@settings(max_examples=200)
def test_ready_only_when_every_criterion_is_met(document: dict[str, Any]) -> None:
    result = assess(document)
    rtr = result.return_to_run
    ids = [criterion.id for criterion in rtr.criteria]
    assert ids == ["morning_stiffness", "daily_function", "heel_rise_symmetry", "hop_tolerance"]
    if rtr.ready:
        assert all(criterion.met is True for criterion in rtr.criteria)
        assert rtr.next_step is not None and rtr.next_step["kind"] == "walk_run_ladder"


@given(cases())
def test_stage_moves_up_only_on_progress(document: dict[str, Any]) -> None:
    result = assess(document)
    programme = document.get("programme")
    if result.stage is None or programme is None:
        return
    order = [1, 2, 3, 4, "maintenance"]
    before = order.index(programme["stage"])
    after = order.index(result.stage)
    if result.decision != "progress":
        assert after == before
    else:
        assert after in (before, min(before + 1, len(order) - 1))
