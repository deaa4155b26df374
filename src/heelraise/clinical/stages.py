"""Stages and their exit criteria: the stage after today's decision, and the load step.

A stage moves up only when every exit criterion in `stages.toml` holds; each
criterion names one of the functions below. Within a stage the load step is
`programme.load_step` when the case gives it (the journal keeps it), else the
number of whole weeks since the last change; one further on "progress" and
`step_down.load_steps_back` back on "reduce".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import attrgetter

from heelraise.clinical.capacity import CapacityRecord
from heelraise.clinical.monitoring import CheckinWindow, LoadVerdict
from heelraise.contract.assessment import Criterion, RuleTrace, StageValue
from heelraise.contract.case import Case
from heelraise.errors import KnowledgeError
from heelraise.knowledge.loader import Knowledge
from heelraise.knowledge.programme_schema import ExitCriterion, Stage, StageKey

_walking = attrgetter("pain_walking_0_10")

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


EXIT_CHECKS: dict[str, ExitCheck] = {
    f.__name__: f
    for f in (
        walking_pain_at_most,
        heel_rise_symmetry_at_least,
        return_to_run_ready,
        continuous_run_minutes_at_least,
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
    reduced: RuleTrace
    held: RuleTrace

    @classmethod
    def of(cls, stage: Stage, target: Stage | None, knowledge: Knowledge) -> StageTraces:
        def within(text: str) -> RuleTrace:
            return RuleTrace(f"stage.within.{stage.key}", stage.source, text)

        moved_up = None
        if target is not None:
            moved_up = RuleTrace(
                f"stage.exit.{stage.key}",
                stage.source,
                f"{stage.name}: every exit criterion is met; moving to {target.name}.",
            )
        return cls(
            moved_up,
            within(f"{stage.name}: exit criteria not all met, so the load rises within the stage."),
            within(f"{stage.name}: load reduced. {knowledge.monitoring.step_down.note}"),
            within(f"{stage.name}: load held."),
        )


@dataclass(frozen=True, slots=True)
class StageBook:
    """The stages by key, with their traces: built once per engine from the knowledge."""

    stages: dict[StageKey, Stage]
    traces: dict[StageKey, StageTraces]
    exits: dict[StageKey, list[ExitCriterionCheck]]
    start: RuleTrace
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
            knowledge.monitoring.step_down.load_steps_back,
        )


def _next_stage(stage: Stage, stages: Mapping[StageKey, Stage]) -> Stage | None:
    if stage.next is None or stage.next == stage.key:
        return None
    return stages[stage.next]


def stage_after(
    case: Case, verdict: LoadVerdict, ctx: ExitContext, book: StageBook
) -> StageOutcome:
    """The stage after today's decision, and the load step within it.

    A reduce steps the load back once for each day over the limits: when the
    last change (`stage_started`) came after the latest such day, that step
    down has already been made and the load stays where it is.
    """
    programme = case.programme
    if programme is None:
        return StageOutcome(1, 0, False, [], book.start)
    current = book.stages[stage_key(programme.stage)]
    traces = book.traces[current.key]
    if programme.load_step is not None:
        weeks = programme.load_step
    else:
        weeks = max(0, (case.as_of - programme.current_stage_started).days // 7)
    exits = exit_criteria(book.exits[current.key], ctx)
    if verdict.verdict == "progress":
        if traces.moved_up is not None and exits and all(c.met for c in exits):
            assert current.next is not None
            return StageOutcome(stage_value(current.next), 0, True, exits, traces.moved_up)
        return StageOutcome(programme.stage, weeks + 1, False, exits, traces.rises)
    if verdict.verdict == "reduce":
        handled = (
            programme.stage_started is not None
            and verdict.last_over_limit is not None
            and programme.stage_started > verdict.last_over_limit
        )
        step = weeks if handled else max(0, weeks - book.load_steps_back)
        return StageOutcome(programme.stage, step, False, exits, traces.reduced)
    return StageOutcome(programme.stage, weeks, False, exits, traces.held)
