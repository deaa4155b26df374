"""`assess(case) -> Assessment`: the whole clinical engine, composed.

Pure and deterministic: it reads the case and the knowledge, and nothing
else (no clock, no files, no randomness). The date is the case's `as_of`.

Order matters for safety: triage first; the check-ins' warning signs and the
programme's own escalation can only raise the pathway; an urgent pathway blocks
any stage, decision or plan; the pathway's policy (`pathways.toml`) bounds the
decision and the plan, so that what is shown says one thing.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING

from heelraise.clinical.advice import (
    AdviceContext,
    AdviceKey,
    advice_key,
    check_conditions,
    select_advice,
)
from heelraise.clinical.capacity import CapacityRecord, capacity_record
from heelraise.clinical.escalation import programme_flags, weeks_loading
from heelraise.clinical.levels import LEVEL_RANK, pathway_for
from heelraise.clinical.monitoring import (
    CheckinWindow,
    LoadVerdict,
    flare_episodes,
    fully_known,
    index_checkins,
    judge_load,
    window,
)
from heelraise.clinical.plan import EASED, PlanBuilder, PlanRequest
from heelraise.clinical.return_to_run import (
    Checkpoints,
    criteria,
    return_to_run,
    two_variable_changes,
)
from heelraise.clinical.stages import (
    ExitContext,
    StageBook,
    StageOutcome,
    check_exit_criteria_names,
    current_step,
    stage_after,
    stage_key,
)
from heelraise.clinical.triage import TriageRules
from heelraise.clinical.visa_a import visa_a_score
from heelraise.contract.assessment import (
    ASSESSMENT_FORMAT,
    AdviceItem,
    Assessment,
    Decision,
    Escalation,
    EscalationReason,
    Flag,
    LoadSummary,
    Location,
    Plan,
    ReferralOption,
    RuleTrace,
    SourceRef,
)
from heelraise.knowledge.loader import Knowledge, default_knowledge
from heelraise.knowledge.programme_schema import DecisionName, StageKey
from heelraise.training.load import TrainingView, weekly_load
from heelraise.training.spikes import find_spikes

if TYPE_CHECKING:
    from heelraise.contract.case import Case

_SIX_DAYS = dt.timedelta(days=6)  # a week starting this long before a day still holds it

# The contract decision for each way of wording it (monitoring.toml [decision]).
DECISIONS: dict[DecisionName, Decision] = {
    "start": "start",
    "progress": "progress",
    "progress_stage": "progress",
    "hold": "hold",
    "hold_no_data": "hold",
    "hold_drift": "hold",
    "hold_retest": "hold",
    "hold_pathway": "hold",
    "hold_specialist": "hold",
    "reduce": "reduce",
    "reduce_start": "reduce",
}


class Engine:
    """The clinical engine bound to one set of knowledge (validated on creation)."""

    def __init__(self, knowledge: Knowledge) -> None:
        self._triage = TriageRules(knowledge.triage)
        check_exit_criteria_names(knowledge)
        check_conditions(knowledge)
        self.knowledge = knowledge
        self._plans = PlanBuilder(knowledge)
        self._run_sports = frozenset(knowledge.spikes.settings.run_sports)
        self._report_span = dt.timedelta(weeks=knowledge.spikes.settings.report_weeks)
        self._field_court = frozenset(knowledge.return_to_run.field_court_sports)
        self._checkpoints = Checkpoints.of(knowledge.return_to_run)
        self._stages = StageBook.of(knowledge)
        self._sources: dict[frozenset[str], list[SourceRef]] = {}
        self._advice: dict[AdviceKey, list[AdviceItem]] = {}
        self._options: dict[str, list[ReferralOption]] = {}
        # Sources of the parts the engine shares (plans, advice lists), by identity.
        self._part_sources: dict[int, tuple[object, frozenset[str]]] = {}
        self._always_cited = frozenset(
            {
                knowledge.advice.notice.source,
                knowledge.return_to_run.ladder.source,
                *(c.source for c in knowledge.return_to_run.criterion),
            }
        )

    def assess(self, case: Case) -> Assessment:
        k = self.knowledge
        found = self._triage.triage(case)
        limits = k.monitoring.limits
        checkins = index_checkins(case.checkins, limits)
        tests = capacity_record(case)
        flares = flare_episodes(checkins, k.monitoring.flares.episode_gap_days)
        since = case.programme.current_stage_started if case.programme else case.as_of
        win = window(checkins, case.as_of, limits, since)
        verdict = judge_load(win, checkins, tests.heel_rise, case.as_of, k.monitoring)
        flags = list(found.flags)
        flags += programme_flags(case, found.location, flares, tests, k.escalation)
        flags += verdict.flags
        flags += two_variable_changes(case, self._run_sports, k.return_to_run)
        flags.sort(key=lambda flag: -LEVEL_RANK[flag.level])
        pathway = pathway_for(flag.level for flag in flags)
        urgent = pathway == "urgent"
        if urgent and verdict.flags:
            # The programme stops: flags that explain a load decision have none to explain.
            shown = {id(flag) for flag in verdict.flags}
            flags = [flag for flag in flags if id(flag) not in shown]

        load = self._load(case)
        rtr_criteria = criteria(case, win, tests, self._checkpoints)
        blocked = self._rtr_blocks(pathway, verdict)
        field_court = any(sport in self._field_court for sport in case.person.sports)
        rtr = return_to_run(rtr_criteria, blocked, field_court, k.return_to_run)

        stage_outcome: StageOutcome | None = None
        decision: Decision | None = None
        decision_rule: RuleTrace | None = None
        plan: Plan | None = None
        if not urgent:
            programme = case.programme
            location = found.location
            method = (programme.method if programme else None) or k.stages.default_method

            key: StageKey = stage_key(programme.stage) if programme else "1"
            top = self._plans.top_step(key, location, method, field_court)
            ctx = ExitContext(
                case,
                win,
                tests,
                rtr.ready,
                self._run_sports,
                k.return_to_run.max_test_age_days,
                k.return_to_run.min_checkins,
                current_step(case, top),
                top,
            )
            name = self._decision_name(case, verdict, pathway)
            decision = DECISIONS[name]
            decision_rule = self._decision_trace(name, verdict)
            stage_outcome = stage_after(case, decision, verdict, ctx, self._stages)
            if stage_outcome.moved_up:
                decision_rule = self._decision_trace("progress_stage", verdict)
            plan = self._plan(
                stage_outcome,
                decision,
                pathway,
                location,
                method,
                field_court,
                case.as_of,
                self._early_running(name, pathway, stage_outcome, win),
            )

        stage = None if stage_outcome is None else stage_outcome.stage
        advice = self._select_advice(
            AdviceContext(case, pathway, found.location, found.condition, stage, load.spikes)
        )
        escalation = self._escalation(pathway, flags)
        sources = self._cited(flags, advice, load, plan, decision_rule, stage_outcome)
        return Assessment(
            format=ASSESSMENT_FORMAT,
            as_of=case.as_of,
            notice=k.advice.notice.text,
            pathway=pathway,
            condition=found.condition,
            location=found.location,
            flags=flags,
            stage=stage,
            decision=decision,
            load=load,
            return_to_run=rtr,
            escalation=escalation,
            advice=advice,
            plan=plan,
            sources=sources,
            missing=found.missing,
            load_step=None if stage_outcome is None else stage_outcome.load_step,
            decision_rule=decision_rule,
            stage_rule=None if stage_outcome is None else stage_outcome.trace,
            measures=self._measures(case, flares, tests),
            knowledge_version=k.version,
        )

    # -- parts -------------------------------------------------------------

    def _load(self, case: Case) -> LoadSummary:
        settings = self.knowledge.spikes.settings
        if not case.training:
            return LoadSummary([], [], settings.no_training_note)
        report_from = case.as_of - self._report_span
        view = TrainingView.of(case.training, self._run_sports)
        weeks = weekly_load(view, case.as_of)
        spikes = find_spikes(view, case.symptoms.started, report_from, self.knowledge.spikes)
        first_shown = report_from - _SIX_DAYS  # the week that holds `report_from` is shown
        if weeks[0].week_start >= first_shown:  # the usual case: every week is recent
            return LoadSummary(weeks, spikes)
        return LoadSummary([week for week in weeks if week.week_start >= first_shown], spikes)

    def _decision_name(self, case: Case, verdict: LoadVerdict, pathway: str) -> DecisionName:
        """The decision's wording key: the monitoring verdict, bounded by the pathway."""
        if case.programme is None:
            return "reduce_start" if verdict.verdict == "reduce" else "start"
        name: DecisionName = verdict.verdict  # type: ignore[assignment]
        policy = self.knowledge.pathways.pathway[pathway]  # type: ignore[index]
        if name == "progress" and "progress" not in policy.decisions:
            return "hold_specialist" if pathway == "specialist" else "hold_pathway"
        return name

    def _decision_trace(self, name: DecisionName, verdict: LoadVerdict) -> RuleTrace:
        text = self.knowledge.monitoring.decision[name]
        inputs: dict[str, object] = {
            "checkins_since_change": verdict.checkins_since_change,
            "stiffness_this_week": _round(verdict.stiffness_this_week),
            "stiffness_previous_week": _round(verdict.stiffness_previous_week),
        }
        if verdict.reasons:
            inputs["reasons"] = verdict.reasons
        return RuleTrace(text.id, text.source, text.text, inputs)

    def _early_running(
        self, name: DecisionName, pathway: str, outcome: StageOutcome, win: CheckinWindow
    ) -> bool:
        """Short easy run-walk in stage 2 or 3 when the check-ins allow (stages.toml)."""
        rule = self.knowledge.stages.early_running
        lowest = rule.min_load_step.get(stage_key(outcome.stage))
        if lowest is None or outcome.load_step < lowest:
            return False
        if pathway != "self_manage" or name not in ("progress", "progress_stage", "hold"):
            return False
        week = win.this_week
        if len(week) < rule.min_checkins or not all(fully_known(c) for c in week):
            return False
        return all(
            c.pain_walking_0_10 <= rule.max_pain_walking
            and (c.pain_during_0_10 or 0) <= rule.max_pain_during
            and (c.pain_after_0_10 or 0) <= rule.max_pain_after
            for c in week
        )

    def _rtr_blocks(self, pathway: str, verdict: LoadVerdict) -> list[str]:
        blocks: list[str] = []
        if pathway in ("urgent", "clinician"):
            blocks.append(f"pathway is {pathway}: a clinician should be seen first")
        if verdict.verdict == "reduce":
            blocks.append("a day over the pain-monitoring limits this week")
        return blocks

    def _plan(
        self,
        outcome: StageOutcome,
        decision: Decision,
        pathway: str,
        location: Location,
        method: str,
        field_court: bool,
        first_day: dt.date,
        running_allowed: bool,
    ) -> Plan:
        policy = self.knowledge.pathways.pathway[pathway]  # type: ignore[index]
        if policy.plan == "light":
            light = self.knowledge.pathways.light_plan
            return self._plans.plan(
                PlanRequest(
                    stage=light.stage,
                    location=location,
                    method=method,
                    # A reduce eases even the light plan; otherwise its own rung.
                    load_step=EASED if decision == "reduce" else light.load_step,
                    first_day=first_day,
                    field_court=field_court,
                    note=light.note,
                )
            )
        return self._plans.plan(
            PlanRequest(
                stage=stage_key(outcome.stage),
                location=location,
                method=method,
                load_step=outcome.load_step,
                first_day=first_day,
                field_court=field_court,
                running_allowed=running_allowed,
            )
        )

    def _select_advice(self, ctx: AdviceContext) -> list[AdviceItem]:
        """The advice for this context; one shared list per distinct selection."""
        key = advice_key(ctx)
        chosen = self._advice.get(key)
        if chosen is None:
            chosen = self._advice[key] = select_advice(ctx, self.knowledge)
        return chosen

    def _escalation(self, pathway: str, flags: list[Flag]) -> Escalation:
        if pathway == "self_manage":
            return Escalation(False, None, [])
        reasons = [
            EscalationReason(flag.id, flag.text, flag.source)
            for flag in flags
            if flag.level != "caution"
        ]
        return Escalation(True, pathway, reasons, self._referrals(pathway))  # type: ignore[arg-type]

    def _referrals(self, pathway: str) -> list[ReferralOption]:
        """Where to go for this pathway (from the knowledge; one shared list per pathway)."""
        options = self._options.get(pathway)
        if options is None:
            options = self._options[pathway] = [
                ReferralOption(d.name, d.kind, d.how, d.url)
                for d in self.knowledge.referrals.destination
                if d.level == pathway
            ]
        return options

    def _measures(
        self, case: Case, flares: list[dt.date], tests: CapacityRecord
    ) -> dict[str, object]:
        measures: dict[str, object] = {"weeks_loading": weeks_loading(case)}
        visa = tests.visa_a
        if visa:
            measures["visa_a"] = [{"date": t.date, "score": visa_a_score(t)} for t in visa]
        heel = tests.heel_rise
        if heel:
            measures["heel_rise_symmetry"] = [
                {"date": s.date, "percent": round(s.percent, 1), "basis": s.basis} for s in heel
            ]
        hop = tests.latest_hop
        if hop is not None:
            measures["latest_hop"] = {
                "date": hop.date,
                "pain_0_10": hop.pain_0_10,
                "flare_24h": hop.flare_24h,
            }
        recent = case.as_of - dt.timedelta(days=28)
        measures["flares_last_4_weeks"] = sum(1 for day in flares if day >= recent)
        return measures

    def _shared_sources(self, part: Plan | list[AdviceItem]) -> frozenset[str]:
        entry = self._part_sources.get(id(part))
        if entry is not None and entry[0] is part:
            return entry[1]
        if len(self._part_sources) >= 4096:
            self._part_sources.clear()
        found = _sources_of(part)
        self._part_sources[id(part)] = (part, found)
        return found

    def _cited(
        self,
        flags: list[Flag],
        advice: list[AdviceItem],
        load: LoadSummary,
        plan: Plan | None,
        decision_rule: RuleTrace | None,
        stage_outcome: StageOutcome | None,
    ) -> list[SourceRef]:
        # The notice, the ladder and the four checkpoints cite the same sources every time;
        # escalation reasons are flags, already counted.
        ids = set(self._always_cited)
        ids.update([flag.source for flag in flags])
        ids |= self._shared_sources(advice)
        if load.spikes:
            ids.update([spike.source for spike in load.spikes])
        if plan is not None:
            ids |= self._shared_sources(plan)
        if decision_rule is not None:
            ids.add(decision_rule.source)
        if stage_outcome is not None:
            ids.add(stage_outcome.trace.source)
            ids.update([c.source for c in stage_outcome.exit])
        key = frozenset(ids)
        cached = self._sources.get(key)
        if cached is None:
            known = self.knowledge.sources
            cached = [
                SourceRef(i, known[i].citation, known[i].doi) for i in sorted(ids) if i in known
            ]
            self._sources[key] = cached
        return cached


def _sources_of(part: Plan | list[AdviceItem]) -> frozenset[str]:
    if isinstance(part, Plan):
        ids = {e.source for s in part.sessions for e in s.exercises}
        if part.source:
            ids.add(part.source)
        return frozenset(ids)
    return frozenset(item.source for item in part)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@cache
def default_engine() -> Engine:
    """The engine over the packaged knowledge, built once per process."""
    return Engine(default_knowledge())


def assess(case: Case, engine: Engine | None = None) -> Assessment:
    """Assess one case with the given engine (default: the packaged knowledge)."""
    return (engine or default_engine()).assess(case)
