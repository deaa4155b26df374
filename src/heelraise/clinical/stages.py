"""Stages and their exit criteria: the stage after today's decision, and the load step.

A stage moves up only when every exit criterion in `stages.toml` holds; each
criterion names one of the functions below. Within a stage the load is a rung
of the stage's dose ladder (`exercises.toml`): `programme.load_step` when the
case gives it (the journal keeps it), else 0 at `stage_started`. "progress"
moves one rung up (not past the top); "reduce" moves `step_down.load_steps_back`
rungs down; below a stage's first rung is its eased dose (`load_step` -1),
which lasts while the reduce does and is never recorded as the programme's step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING

from heelraise.clinical.capacity import CapacityRecord
from heelraise.clinical.monitoring import CheckinWindow, LoadVerdict
from heelraise.contract.assessment import Criterion, RuleTrace, StageValue
from heelraise.errors import KnowledgeError
from heelraise.knowledge.loader import Knowledge
from heelraise.knowledge.programme_schema import ExitCriterion, Stage, StageKey

if TYPE_CHECKING:
    from heelraise.contract.case import Case

_walking = attrgetter("pain_walking_0_10")

EASED_STEP = -1  # the eased dose below a stage's first rung (see `plan.EASED`)

STAGE_KEYS = frozenset({"1", "2", "3", "4", "maintenance"})


@dataclass(slots=True)  # read-only per-case record; not frozen: frozen __init__ costs 4×
class ExitContext:
    case: Case
    window: CheckinWindow
    tests: CapacityRecord
    rtr_ready: bool
    run_sports: frozenset[str]
    max_test_age_days: int
    min_checkins: int
    load_step: int = 0  # the rung the case is on now (within its ladder)
    top_step: int = 0  # the top rung of the current stage's ladder for this person


ExitCheck = Callable[[ExitContext, float | None], tuple[bool, str]]


def walking_pain_at_most(ctx: ExitContext, value: float | None) -> tuple[bool, str]:
    week = ctx.window.this_week
    if len(week) < ctx.min_checkins:
        return False, f"only {len(week)} check-ins in the last week"
    worst: int = max(map(_walking, week))
    return worst <= (value or 0), f"worst pain with walking {worst}/10"


def heel_rise_symmetry_at_least(ctx: ExitContext, value: float | None) -> tuple[bool, str]:
    history = ctx.tests.heel_rise
    recent = ctx.case.as_of - dt.timedelta(days=ctx.max_test_age_days)
    if not history or history[-1].date < recent:
        return False, "no heel-rise test in the last 4 weeks"
    latest = history[-1]
    return latest.percent >= (value or 0), f"heel-rise symmetry {latest.percent:.0f}%"


def return_to_run_ready(ctx: ExitContext, _: float | None) -> tuple[bool, str]:
    return ctx.rtr_ready, "return-to-running checkpoints " + (
        "all met" if ctx.rtr_ready else "not all met"
    )


def continuous_run_minutes_at_least(ctx: ExitContext, value: float | None) -> tuple[bool, str]:
    since = ctx.case.as_of - dt.timedelta(days=14)
    longest = max(
        (
            s.duration_min
            for s in ctx.case.training
            if s.sport.lower() in ctx.run_sports and s.date >= since
        ),
        default=0.0,
    )
    return longest >= (value or 0), f"longest run in the last two weeks {longest:.0f} min"


def ladder_top_reached(ctx: ExitContext, _: float | None) -> tuple[bool, str]:
    reached = ctx.load_step >= ctx.top_step
    return reached, f"on step {ctx.load_step + 1} of {ctx.top_step + 1}"


EXIT_CHECKS: dict[str, ExitCheck] = {
    f.__name__: f
    for f in (
        walking_pain_at_most,
        heel_rise_symmetry_at_least,
        return_to_run_ready,
        continuous_run_minutes_at_least,
        ladder_top_reached,
    )
}


def check_exit_criteria_names(knowledge: Knowledge) -> None:
    for s_index, stage in enumerate(knowledge.stages.stage):
        for e_index, criterion in enumerate(stage.exit):
            if criterion.criterion not in EXIT_CHECKS:
                raise KnowledgeError(
                    "stages.toml",
                    f"stage[{s_index}].exit[{e_index}].criterion",
                    f"no exit criterion named {criterion.criterion!r}",
                )


def stage_key(stage: StageValue) -> StageKey:
    key = str(stage)
    assert key in STAGE_KEYS, key
    return key  # type: ignore[return-value]


def stage_value(key: str) -> StageValue:
    return "maintenance" if key == "maintenance" else int(key)


class ExitCriterionCheck:
    """One exit criterion of a stage: its check, and each verdict worded once per engine."""

    _MAX_WORDED = 4096  # distinct (met, detail) verdicts kept

    def __init__(self, criterion: ExitCriterion) -> None:
        self.criterion = criterion
        self.check = EXIT_CHECKS[criterion.criterion]
        self._worded: dict[tuple[bool, str], Criterion] = {}

    def judge(self, ctx: ExitContext) -> Criterion:
        criterion = self.criterion
        key = self.check(ctx, criterion.value)
        verdict = self._worded.get(key)
        if verdict is None:
            if len(self._worded) >= self._MAX_WORDED:
                self._worded.clear()
            met, detail = key
            verdict = self._worded[key] = Criterion(
                criterion.criterion, met, f"{criterion.text}: {detail}.", criterion.source
            )
        return verdict


def exit_criteria(checks: list[ExitCriterionCheck], ctx: ExitContext) -> list[Criterion]:
    return [check.judge(ctx) for check in checks]


@dataclass(slots=True)  # read-only per-case record; not frozen: frozen __init__ costs 4×
class StageOutcome:
    stage: StageValue
    load_step: int
    moved_up: bool
    exit: list[Criterion]
    trace: RuleTrace


@dataclass(frozen=True, slots=True)
class StageTraces:
    """One stage's rule traces, worded once: they read nothing but the knowledge."""

    moved_up: RuleTrace | None  # None for a stage with nowhere further to go
    rises: RuleTrace
    at_top: RuleTrace
    reduced: RuleTrace
    already_reduced: RuleTrace
    eased: RuleTrace
    held: RuleTrace

    @classmethod
    def of(cls, stage: Stage, target: Stage | None, knowledge: Knowledge) -> StageTraces:
        def within(text: str) -> RuleTrace:
            return RuleTrace(f"stage.within.{stage.key}", stage.source, text)

        step_down = knowledge.monitoring.step_down
        moved_up = None
        if target is not None:
            moved_up = RuleTrace(
                f"stage.exit.{stage.key}",
                stage.source,
                f"{stage.name}: every exit criterion is met; moving to {target.name}.",
            )
        return cls(
            moved_up,
            within(f"{stage.name}: exit criteria not all met, so the load steps up a rung."),
            within(
                f"{stage.name}: already at this stage's top dose, so the load stays; the exit "
                "criteria decide the next stage."
            ),
            within(f"{stage.name}: the load steps down a rung. {step_down.note}"),
            within(
                f"{stage.name}: the load has already been stepped down since the last day "
                "over the limits or warning sign; it stays there until the check-ins settle."
            ),
            RuleTrace(
                f"stage.eased.{stage.key}",
                step_down.source,
                f"{stage.name}: at this stage's first dose, so the plan uses an eased dose "
                f"(fewer sets or less time) until the check-ins settle. {step_down.note}",
            ),
            within(f"{stage.name}: load held."),
        )


@dataclass(frozen=True, slots=True)
class StageBook:
    """The stages by key, with their traces: built once per engine from the knowledge."""

    stages: dict[StageKey, Stage]
    traces: dict[StageKey, StageTraces]
    exits: dict[StageKey, list[ExitCriterionCheck]]
    start: RuleTrace
    eased_start: RuleTrace
    load_steps_back: int

    @classmethod
    def of(cls, knowledge: Knowledge) -> StageBook:
        stages = {s.key: s for s in knowledge.stages.stage}
        traces = {
            key: StageTraces.of(stage, _next_stage(stage, stages), knowledge)
            for key, stage in stages.items()
        }
        exits = {key: [ExitCriterionCheck(c) for c in stage.exit] for key, stage in stages.items()}
        first = stages["1"]
        return cls(
            stages,
            traces,
            exits,
            RuleTrace("stage.start", first.source, first.goal),
            traces["1"].eased,
            knowledge.monitoring.step_down.load_steps_back,
        )


def _next_stage(stage: Stage, stages: Mapping[StageKey, Stage]) -> Stage | None:
    if stage.next is None or stage.next == stage.key:
        return None
    return stages[stage.next]


def current_step(case: Case, top: int) -> int:
    """The rung the case is on now: `programme.load_step`, else 0 (within the ladder)."""
    programme = case.programme
    step = programme.load_step if programme is not None else None
    return min(step or 0, top)


def stage_after(
    case: Case, decision: str, verdict: LoadVerdict, ctx: ExitContext, book: StageBook
) -> StageOutcome:
    """The stage after today's decision, and the rung of its dose ladder.

    `decision` is the monitoring verdict after the pathway has had its say
    ("progress", "reduce", or a hold). A reduce steps down once for its latest
    reason (a day over the limits or a warning sign): when the last change
    (`stage_started`) is on or after that day, the step down has already been
    made and the load stays where it is.
    """
    programme = case.programme
    if programme is None:
        if decision == "reduce":
            return StageOutcome(1, EASED_STEP, False, [], book.eased_start)
        return StageOutcome(1, 0, False, [], book.start)
    current = book.stages[stage_key(programme.stage)]
    traces = book.traces[current.key]
    step = ctx.load_step
    exits = exit_criteria(book.exits[current.key], ctx)
    if decision == "progress":
        if traces.moved_up is not None and exits and all(c.met for c in exits):
            assert current.next is not None
            return StageOutcome(stage_value(current.next), 0, True, exits, traces.moved_up)
        if step >= ctx.top_step:
            return StageOutcome(programme.stage, ctx.top_step, False, exits, traces.at_top)
        return StageOutcome(programme.stage, step + 1, False, exits, traces.rises)
    if decision == "reduce":
        trigger = verdict.last_trigger
        started = programme.stage_started
        if started is not None and trigger is not None and started >= trigger:
            return StageOutcome(programme.stage, step, False, exits, traces.already_reduced)
        lower = step - book.load_steps_back
        if lower >= 0:
            return StageOutcome(programme.stage, lower, False, exits, traces.reduced)
        return StageOutcome(programme.stage, EASED_STEP, False, exits, traces.eased)
    return StageOutcome(programme.stage, step, False, exits, traces.held)
