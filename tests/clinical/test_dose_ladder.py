"""The dose ladder: a reduce reduces, a progress steps up one rung, the dose comes from the rung.

Every stage, method, site and rung is tried: the same case with and without a
flare (a day over the limits yesterday) must give `reduce`, a lower load step
and a visibly lighter plan than the case without it, whether that case holds
(too few days since the last change) or progresses (a full week within the limits).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from heelraise.clinical.assess import default_engine
from heelraise.contract import Assessment, Plan
from heelraise.knowledge.loader import default_knowledge
from tests.factories import AS_OF, daily_checkins, make_case

KNOWLEDGE = default_knowledge()
LOADED = {e.id for e in KNOWLEDGE.exercises.exercise if e.loaded}
STAGES: list[Any] = [1, 2, 3, 4, "maintenance"]
METHODS = ["hsr", "eccentric"]
SITES = ["midportion", "insertion", "both", "unsure"]
YESTERDAY = AS_OF - dt.timedelta(days=1)


def top_rung(stage: Any, site: str, method: str, field_court: bool) -> int:
    location = {"midportion": "midportion", "insertion": "insertional"}.get(site, site)
    location = "unclear" if site == "unsure" else location
    return default_engine()._plans.top_step(str(stage), location, method, field_court)  # type: ignore[arg-type]


def course(
    stage: Any,
    method: str,
    site: str,
    step: int,
    *,
    days_since_change: int,
    flare: bool,
    sport: str = "running",
) -> Assessment:
    """A programme on `step` of `stage`, changed `days_since_change` days ago, with daily
    check-ins since then: calm, or with yesterday over the limits. Walking pain 4/10 keeps
    every stage's exit criteria unmet, so "progress" stays within the stage."""
    changed = AS_OF - dt.timedelta(days=days_since_change)
    checkins = daily_checkins(changed, YESTERDAY, walking=4)
    if flare:
        checkins[-1].update(pain_during_0_10=8, pain_after_0_10=7, settled_by_next_morning=False)
    return default_engine().assess(
        make_case(
            person={"age": 30, "sports": [sport]},
            symptoms={"site": site},
            programme={
                "started": "2026-06-01",
                "stage": stage,
                "stage_started": changed.isoformat(),
                "method": method,
                "load_step": step,
            },
            checkins=checkins,
        )
    )


def loaded(plan: Plan) -> dict[str, set[tuple[object, ...]]]:
    """Each loaded exercise's doses in the plan, by exercise id."""
    found: dict[str, set[tuple[object, ...]]] = {}
    for session in plan.sessions:
        for e in session.exercises:
            if e.id in LOADED:
                dose = (e.dose_step, e.sets, e.reps, e.hold_s, e.duration_min, e.load)
                found.setdefault(e.id, set()).add(dose)
    return found


def assert_lighter(reduced: Plan, other: Plan) -> None:
    """`reduced` doses no loaded exercise higher than `other`, and at least one visibly lower
    (its sets, reps, hold, time or load differ), or leaves one out."""
    low, high = loaded(reduced), loaded(other)
    assert low, "a reduced plan still loads the tendon"
    visibly = False
    for exercise, doses in low.items():
        if exercise not in high:
            continue
        steps_low = {d[0] for d in doses}
        steps_high = {d[0] for d in high[exercise]}
        assert max(s if s is not None else 99 for s in steps_low) <= max(
            s if s is not None else 99 for s in steps_high
        ), exercise
        if doses != high[exercise]:
            visibly = True
    dropped = set(high) - set(low)
    assert visibly or dropped, "the reduced plan is not visibly lighter"


CASES = [
    (stage, method, site, field_court)
    for stage, method, site in itertools.product(STAGES, METHODS, SITES)
    for field_court in ((False, True) if stage in (4, "maintenance") else (False,))
]


@pytest.mark.parametrize(("stage", "method", "site", "field_court"), CASES)
def test_a_flare_reduces_at_every_rung_of_every_stage_method_and_site(
    stage: Any, method: str, site: str, field_court: bool
) -> None:
    sport = "football" if field_court else "running"
    for step in range(top_rung(stage, site, method, field_court) + 1):
        for days in (3, 10):  # without the flare: a hold (3 days) or a progress (10 days)
            calm = course(
                stage, method, site, step, days_since_change=days, flare=False, sport=sport
            )
            flared = course(
                stage, method, site, step, days_since_change=days, flare=True, sport=sport
            )
            context = f"stage {stage}, {method}, {site}, rung {step}, {days} days"
            assert flared.decision == "reduce", context
            assert calm.decision != "reduce", context
            assert flared.stage == calm.stage == stage, context
            assert flared.load_step is not None and calm.load_step is not None
            assert flared.load_step < calm.load_step, context
            assert flared.load_step == step - 1, context  # one rung (-1: the eased first dose)
            assert flared.plan is not None and calm.plan is not None
            assert_lighter(flared.plan, calm.plan)


def test_the_issue_example_eccentric_insertional_step_3_steps_down_to_plus_10_kg() -> None:
    calm = course(2, "eccentric", "insertion", 3, days_since_change=3, flare=False)
    flared = course(2, "eccentric", "insertion", 3, days_since_change=3, flare=True)
    assert calm.plan is not None and flared.plan is not None
    calm_loads = {e.load for s in calm.plan.sessions for e in s.exercises}
    flared_loads = {e.load for s in flared.plan.sessions for e in s.exercises}
    assert calm_loads == {"backpack +15 kg, twice a day"}
    assert flared_loads == {"backpack +10 kg, twice a day"}
    assert (calm.load_step, flared.load_step) == (3, 2)


def test_a_reduce_at_the_first_rung_eases_the_dose_without_changing_stage() -> None:
    calm = course(2, "hsr", "midportion", 0, days_since_change=3, flare=False)
    flared = course(2, "hsr", "midportion", 0, days_since_change=3, flare=True)
    assert flared.stage == 2 and flared.load_step == -1
    assert flared.stage_rule is not None and flared.stage_rule.rule == "stage.eased.2"
    assert flared.plan is not None and calm.plan is not None
    heavy = [e for s in flared.plan.sessions for e in s.exercises if "heavy" in e.tags]
    calm_heavy = [e for s in calm.plan.sessions for e in s.exercises if "heavy" in e.tags]
    assert heavy and all(e.sets == 2 and e.reps == 15 for e in heavy)
    assert all(e.sets == 3 and e.reps == 15 for e in calm_heavy)


@pytest.mark.parametrize("stage", STAGES)
def test_progress_moves_exactly_one_rung_up(stage: Any) -> None:
    top = top_rung(stage, "midportion", "hsr", False)
    for step in range(top + 1):
        result = course(stage, "hsr", "midportion", step, days_since_change=10, flare=False)
        assert result.decision == "progress"
        assert result.load_step == min(step + 1, top)
        assert result.plan is not None and result.plan.load_step == result.load_step


def test_the_dose_comes_from_the_rung_not_the_weeks_elapsed() -> None:
    """No load step in the case means the stage's first rung, however long ago it began."""
    for weeks in (0, 4, 12):
        started = AS_OF - dt.timedelta(weeks=weeks, days=1)
        result = default_engine().assess(
            make_case(programme={"started": started.isoformat(), "stage": 2, "method": "hsr"})
        )
        assert result.load_step == 0
        assert result.plan is not None
        heavy = [e for s in result.plan.sessions for e in s.exercises if "heavy" in e.tags]
        assert {e.load for e in heavy} == {"15RM"}


def test_a_reduce_already_made_is_not_repeated_while_the_flare_stays_in_the_week() -> None:
    """The step down is made once, on the day of the flare; the days after it hold there."""
    flare_day = AS_OF - dt.timedelta(days=3)
    checkins = daily_checkins(AS_OF - dt.timedelta(days=12), YESTERDAY, walking=4)
    for checkin in checkins:
        if checkin["date"] == flare_day.isoformat():
            checkin.update(pain_during_0_10=8, settled_by_next_morning=False)
    result = default_engine().assess(
        make_case(
            programme={
                "started": "2026-06-01",
                "stage": 2,
                "stage_started": flare_day.isoformat(),  # the step down, recorded that day
                "load_step": 2,
            },
            checkins=checkins,
        )
    )
    assert result.decision == "reduce"
    assert result.load_step == 2
    assert result.stage_rule is not None and "already been stepped down" in result.stage_rule.text
