"""Return to running: four checkpoints, the walk-run ladder, one variable at a time."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from heelraise.clinical.capacity import CapacityRecord, Symmetry
from heelraise.clinical.monitoring import CheckinWindow
from heelraise.contract.assessment import Criterion, Flag, ReturnToRun
from heelraise.knowledge.programme_schema import ReturnToRunFile, RtrCriterion, TwoVariables

if TYPE_CHECKING:
    from heelraise.contract.case import Case, CheckIn, HopTest, TrainingSession

_by_date = attrgetter("date")
_stiffness: Callable[[CheckIn], int] = attrgetter("morning_stiffness_0_10")
_walking: Callable[[CheckIn], int] = attrgetter("pain_walking_0_10")


class SymptomCheckpoint:
    """A checkpoint on the worst score of the last week's check-ins.

    Its verdict depends only on that worst score, or on how few check-ins
    there were, so each verdict is worded once per engine and then shared.
    """

    def __init__(
        self, rule: RtrCriterion, what: str, score: Callable[[CheckIn], int], min_checkins: int
    ) -> None:
        self.rule = rule
        self.what = what
        self.score = score
        self.min_checkins = min_checkins
        self._by_worst: dict[int, Criterion] = {}
        self._too_few: dict[int, Criterion] = {}

    def judge(self, checkins: list[CheckIn]) -> Criterion:
        count = len(checkins)
        if count < self.min_checkins:
            verdict = self._too_few.get(count)
            if verdict is None:
                verdict = self._too_few[count] = self._word_too_few(count)
            return verdict
        worst = max(map(self.score, checkins))
        verdict = self._by_worst.get(worst)
        if verdict is None:
            verdict = self._by_worst[worst] = self._word_worst(worst)
        return verdict

    def _word_too_few(self, count: int) -> Criterion:
        rule = self.rule
        return Criterion(
            rule.id,
            None,
            f"Only {count} check-ins in the last week (need {self.min_checkins}) to judge "
            f"{self.what}. {rule.text}.",
            rule.source,
        )

    def _word_worst(self, worst: int) -> Criterion:
        rule = self.rule
        detail = f"Worst {self.what} in the last week {worst}/10. {rule.text}."
        return Criterion(rule.id, worst <= rule.value, detail, rule.source)


@dataclass(frozen=True, slots=True)
class Checkpoints:
    """The four checkpoint rules of `return_to_run.toml`, looked up by id once, and the
    verdicts that read nothing but the knowledge, worded once."""

    morning_stiffness: SymptomCheckpoint
    daily_function: SymptomCheckpoint
    heel_rise_symmetry: RtrCriterion
    hop_tolerance: RtrCriterion
    max_test_age_days: int
    walking_limited: Criterion
    no_heel_rise: Criterion
    no_hop: Criterion

    @classmethod
    def of(cls, config: ReturnToRunFile) -> Checkpoints:
        by_id = {c.id: c for c in config.criterion}
        daily, heel_rise, hop = (
            by_id["daily_function"],
            by_id["heel_rise_symmetry"],
            by_id["hop_tolerance"],
        )
        return cls(
            SymptomCheckpoint(
                by_id["morning_stiffness"], "morning stiffness", _stiffness, config.min_checkins
            ),
            SymptomCheckpoint(daily, "pain with walking", _walking, config.min_checkins),
            heel_rise,
            hop,
            config.max_test_age_days,
            walking_limited=Criterion(
                daily.id, False, f"Walking or stairs are limited. {daily.text}.", daily.source
            ),
            no_heel_rise=Criterion(
                heel_rise.id,
                None,
                f"No heel-rise test in the last 4 weeks. {heel_rise.text}.",
                heel_rise.source,
            ),
            no_hop=Criterion(
                hop.id, None, f"No hop test in the last 4 weeks. {hop.text}.", hop.source
            ),
        )


def criteria(
    case: Case, win: CheckinWindow, tests: CapacityRecord, rules: Checkpoints
) -> list[Criterion]:
    """Each checkpoint met (True), not met (False) or unknown (None), with why."""
    recent = case.as_of - dt.timedelta(days=rules.max_test_age_days)
    if case.symptoms.limits_walking_or_stairs is True:
        daily_function = rules.walking_limited
    else:
        daily_function = rules.daily_function.judge(win.this_week)
    return [
        rules.morning_stiffness.judge(win.this_week),
        daily_function,
        _heel_rise(tests.heel_rise, rules, recent),
        _hop(tests.latest_hop, rules, recent),
    ]


def _heel_rise(history: list[Symmetry], rules: Checkpoints, recent: dt.date) -> Criterion:
    if not history or history[-1].date < recent:
        return rules.no_heel_rise
    rule = rules.heel_rise_symmetry
    latest = history[-1]
    met = latest.percent >= rule.value
    return Criterion(
        rule.id,
        met,
        f"Heel-rise symmetry {latest.percent:.0f}% ({latest.basis}) on {latest.date}. {rule.text}.",
        rule.source,
    )


def _hop(hop: HopTest | None, rules: Checkpoints, recent: dt.date) -> Criterion:
    if hop is None or hop.date < recent:
        return rules.no_hop
    rule = rules.hop_tolerance
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


@dataclass(frozen=True, slots=True)
class RunChangeThresholds:
    """How much more a run must be to count as longer, faster or hillier than the one before."""

    longer_factor: float  # distance above the run before × this
    faster_factor: float  # pace (min/km) below the run before's × this
    hillier_m_per_km: float  # climb per km at least this much above the run before's

    @classmethod
    def of(cls, rule: TwoVariables) -> RunChangeThresholds:
        return cls(
            1 + rule.longer_min_increase,
            1 - rule.faster_min_increase,
            rule.hillier_min_increase_m_per_km,
        )


def two_variable_changes(case: Case, runs: frozenset[str], config: ReturnToRunFile) -> list[Flag]:
    """Runs that changed two things at once against the run before (since loading began)."""
    if case.programme is None:
        return []  # before a programme, training changes are load spikes instead
    if not case.training:
        return []
    rule = config.two_variables
    since = max(case.as_of - dt.timedelta(days=rule.lookback_days), case.programme.started)
    ordered = [
        s
        for s in case.training
        if s.date >= since and s.distance_km > 0 and s.sport.lower() in runs
    ]
    ordered.sort(key=_by_date)
    thresholds = RunChangeThresholds.of(rule)
    flags: list[Flag] = []
    for before, after in itertools.pairwise(ordered):
        changes = _changed(before, after, thresholds)
        if len(changes) >= 2:
            text = rule.text.format(date=after.date.isoformat(), changes=" and ".join(changes))
            flags.append(Flag(rule.id, "caution", text, rule.source))
    return flags


def _changed(
    before: TrainingSession, after: TrainingSession, thresholds: RunChangeThresholds
) -> list[str]:
    changes: list[str] = []
    if after.distance_km > before.distance_km * thresholds.longer_factor:
        changes.append("longer")
    if before.duration_min > 0 and after.duration_min > 0:
        pace_before = before.duration_min / before.distance_km
        pace_after = after.duration_min / after.distance_km
        if pace_after < pace_before * thresholds.faster_factor:
            changes.append("faster")
    if before.elevation_gain_m is not None and after.elevation_gain_m is not None:
        climb_before = before.elevation_gain_m / before.distance_km
        climb_after = after.elevation_gain_m / after.distance_km
        if climb_after - climb_before >= thresholds.hillier_m_per_km:
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
