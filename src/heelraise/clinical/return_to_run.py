"""Return to running: four checkpoints, the walk-run ladder, one variable at a time."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from heelraise.clinical.capacity import CapacityRecord, Symmetry
from heelraise.clinical.monitoring import CheckinWindow
from heelraise.contract.assessment import Criterion, Flag, ReturnToRun
from heelraise.contract.case import Case, HopTest, TrainingSession
from heelraise.knowledge.programme_schema import ReturnToRunFile, RtrCriterion


@dataclass(frozen=True, slots=True)
class Checkpoints:
    """The four checkpoint rules of `return_to_run.toml`, looked up by id once."""

    morning_stiffness: RtrCriterion
    daily_function: RtrCriterion
    heel_rise_symmetry: RtrCriterion
    hop_tolerance: RtrCriterion
    min_checkins: int
    max_test_age_days: int

    @classmethod
    def of(cls, config: ReturnToRunFile) -> Checkpoints:
        by_id = {c.id: c for c in config.criterion}
        return cls(
            by_id["morning_stiffness"],
            by_id["daily_function"],
            by_id["heel_rise_symmetry"],
            by_id["hop_tolerance"],
            config.min_checkins,
            config.max_test_age_days,
        )


def criteria(
    case: Case, win: CheckinWindow, tests: CapacityRecord, rules: Checkpoints
) -> list[Criterion]:
    """Each checkpoint met (True), not met (False) or unknown (None), with why."""
    recent = case.as_of - dt.timedelta(days=rules.max_test_age_days)
    return [
        _symptom_criterion(
            rules.morning_stiffness,
            [c.morning_stiffness_0_10 for c in win.this_week],
            "morning stiffness",
            rules.min_checkins,
        ),
        _daily_function(case, win, rules.daily_function, rules.min_checkins),
        _heel_rise(tests.heel_rise, rules.heel_rise_symmetry, recent),
        _hop(tests.latest_hop, rules.hop_tolerance, recent),
    ]


def _symptom_criterion(
    rule: RtrCriterion, values: list[int], what: str, min_checkins: int
) -> Criterion:
    if len(values) < min_checkins:
        return Criterion(
            rule.id,
            None,
            f"Only {len(values)} check-ins in the last week (need {min_checkins}) to judge "
            f"{what}. {rule.text}.",
            rule.source,
        )
    worst = max(values)
    met = worst <= rule.value
    return Criterion(
        rule.id, met, f"Worst {what} in the last week {worst}/10. {rule.text}.", rule.source
    )


def _daily_function(
    case: Case, win: CheckinWindow, rule: RtrCriterion, min_checkins: int
) -> Criterion:
    if case.symptoms.limits_walking_or_stairs is True:
        return Criterion(
            rule.id, False, f"Walking or stairs are limited. {rule.text}.", rule.source
        )
    return _symptom_criterion(
        rule, [c.pain_walking_0_10 for c in win.this_week], "pain with walking", min_checkins
    )


def _heel_rise(history: list[Symmetry], rule: RtrCriterion, recent: dt.date) -> Criterion:
    if not history or history[-1].date < recent:
        return Criterion(
            rule.id, None, f"No heel-rise test in the last 4 weeks. {rule.text}.", rule.source
        )
    latest = history[-1]
    met = latest.percent >= rule.value
    return Criterion(
        rule.id,
        met,
        f"Heel-rise symmetry {latest.percent:.0f}% ({latest.basis}) on {latest.date}. {rule.text}.",
        rule.source,
    )


def _hop(hop: HopTest | None, rule: RtrCriterion, recent: dt.date) -> Criterion:
    if hop is None or hop.date < recent:
        return Criterion(
            rule.id, None, f"No hop test in the last 4 weeks. {rule.text}.", rule.source
        )
    if hop.flare_24h is None:
        return Criterion(
            rule.id,
            None,
            f"Hop test on {hop.date}: the next 24 hours were not recorded. {rule.text}.",
            rule.source,
        )
    met = hop.flare_24h is False and hop.pain_0_10 <= rule.value
    flare = "a flare" if hop.flare_24h else "no flare"
    return Criterion(
        rule.id,
        met,
        f"Hop test on {hop.date}: pain {hop.pain_0_10}/10, {flare} in the next 24 hours. "
        f"{rule.text}.",
        rule.source,
    )


def next_step(
    ready: bool,
    criteria_list: list[Criterion],
    blocked_by: list[str],
    field_court: bool,
    config: ReturnToRunFile,
) -> dict[str, Any]:
    """The walk-run ladder when ready; otherwise what still stands in the way."""
    if not ready:
        return {
            "kind": "keep_building",
            "work_on": [c.id for c in criteria_list if c.met is not True],
            "blocked_by": blocked_by,
            "source": config.ladder.source,
        }
    ladder = config.ladder
    step: dict[str, Any] = {
        "kind": "walk_run_ladder",
        "steps": [
            {"walk_min": s.walk_min, "run_min": s.run_min, "repeats": s.repeats}
            for s in ladder.steps
        ],
        "each_step_at_least": ladder.min_times_each_step,
        "then_continuous_min": ladder.continuous_min,
        "rules": list(ladder.rules),
        "one_variable_at_a_time": list(ladder.variable_order),
        "source": ladder.source,
    }
    if field_court:
        step["sport_steps"] = list(config.sport_steps)
        step["sport_steps_source"] = config.sport_steps_source
    return step


def two_variable_changes(case: Case, runs: frozenset[str], config: ReturnToRunFile) -> list[Flag]:
    """Runs that changed two things at once against the run before (since loading began)."""
    if case.programme is None:
        return []  # before a programme, training changes are load spikes instead
    if not case.training:
        return []
    rule = config.two_variables
    since = max(case.as_of - dt.timedelta(days=rule.lookback_days), case.programme.started)
    ordered = sorted(
        (
            s
            for s in case.training
            if s.sport.lower() in runs and s.date >= since and s.distance_km > 0
        ),
        key=lambda s: s.date,
    )
    flags: list[Flag] = []
    for before, after in itertools.pairwise(ordered):
        changes = _changed(before, after, config)
        if len(changes) >= 2:
            text = rule.text.format(date=after.date, changes=" and ".join(changes))
            flags.append(Flag(rule.id, "caution", text, rule.source))
    return flags


def _changed(before: TrainingSession, after: TrainingSession, config: ReturnToRunFile) -> list[str]:
    rule = config.two_variables
    changes: list[str] = []
    if after.distance_km > before.distance_km * (1 + rule.longer_min_increase):
        changes.append("longer")
    if before.duration_min > 0 and after.duration_min > 0:
        pace_before = before.duration_min / before.distance_km
        pace_after = after.duration_min / after.distance_km
        if pace_after < pace_before * (1 - rule.faster_min_increase):
            changes.append("faster")
    if before.elevation_gain_m is not None and after.elevation_gain_m is not None:
        climb_before = before.elevation_gain_m / before.distance_km
        climb_after = after.elevation_gain_m / after.distance_km
        if climb_after - climb_before >= rule.hillier_min_increase_m_per_km:
            changes.append("hillier")
    return changes


def return_to_run(
    criteria_list: list[Criterion],
    blocked_by: list[str],
    field_court: bool,
    config: ReturnToRunFile,
) -> ReturnToRun:
    ready = not blocked_by and all(c.met is True for c in criteria_list)
    return ReturnToRun(
        ready=ready,
        criteria=criteria_list,
        next_step=next_step(ready, criteria_list, blocked_by, field_court, config),
    )
