"""Triage: evaluate the rules in `triage.toml` against a case.

Gives the flags (rule id, level, text, source), the pathway they call for,
the condition and location the picture is consistent with, and the answers
that were missing. Pure: reads the case and the knowledge, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING

from heelraise.clinical.levels import LEVEL_RANK, pathway_for
from heelraise.clinical.triage_predicates import (
    PREDICATES,
    SAFETY_ANSWERS,
    Predicate,
    missing_safety_answers,
    typical_feature_count,
)
from heelraise.contract.assessment import Condition, Flag, Location, Pathway
from heelraise.errors import KnowledgeError
from heelraise.knowledge.loader import Knowledge
from heelraise.knowledge.schema import TriageFile, TriageRule

if TYPE_CHECKING:
    from heelraise.contract.case import Case

# Every answer a triage predicate reads (`triage_predicates.py`): the symptoms but
# their start date, and the history. A test checks the list against the predicates.
TRIAGE_SYMPTOMS = (
    "side",
    "onset",
    "site",
    "pop",
    "sudden_sharp_pain",
    "push_off_difficulty",
    "marked_swelling",
    "contour_change",
    "single_leg_heel_raise",
    "morning_stiffness",
    "eases_when_warm",
    "worse_after_fast_or_next_day",
    "pain_0_10",
    "limits_walking_or_stairs",
    "worsening_weeks",
)
TRIAGE_HISTORY = (
    "fluoroquinolone",
    "steroid_injection",
    "inflammatory_disease",
    "calf_hot_swollen",
    "fever_or_unwell",
    "night_or_rest_pain",
    "numbness_tingling",
    "previous_rupture",
)
_SYMPTOM_ANSWERS = attrgetter(*TRIAGE_SYMPTOMS)
_HISTORY_ANSWERS = attrgetter(*TRIAGE_HISTORY)


@dataclass(frozen=True, slots=True)
class TriageResult:
    pathway: Pathway
    condition: Condition
    location: Location
    flags: list[Flag]
    missing: list[str]


def check_predicates(triage: TriageFile) -> None:
    """Every rule must name a predicate that exists, and every safety answer a plain
    name; raise `KnowledgeError` if not."""
    for name in SAFETY_ANSWERS:
        if name not in triage.answer_names:
            raise KnowledgeError("triage.toml", f"answer_names.{name}", "missing plain name")
    for index, rule in enumerate(triage.rule):
        if rule.predicate not in PREDICATES:
            raise KnowledgeError(
                "triage.toml", f"rule[{index}].predicate", f"no predicate named {rule.predicate!r}"
            )


def rule_outcome(rule: TriageRule, case: Case, triage: TriageFile) -> bool | None:
    """What one rule's predicate says of this case: True, False or None (cannot tell)."""
    return PREDICATES[rule.predicate](case, triage.settings)


@dataclass(frozen=True, slots=True)
class _CompiledRule:
    """A rule with its predicate looked up and its flags made once (they never change)."""

    predicate: Predicate
    rule: TriageRule
    fired: Flag
    unanswered: Flag | None
    lists_missing: bool  # the flag text names the unanswered safety questions
    condition_if_fired: Condition | None
    condition_if_unanswered: Condition | None


class TriageRules:
    """The rules of `triage.toml`, ready to evaluate many cases."""

    _MAX_REMEMBERED = 8192  # distinct answer sets kept

    def __init__(self, rules: TriageFile) -> None:
        check_predicates(rules)
        self._file = rules
        self._compiled = [_compile(rule) for rule in rules.rule]
        # Triage reads only the symptoms (not their start date) and the history: the same
        # answers give the same result, so it is worked out once per answer set.
        self._remembered: dict[tuple[object, ...], TriageResult] = {}

    def triage(self, case: Case) -> TriageResult:
        """Evaluate every triage rule; the most urgent level wins. The result is shared
        between cases with the same answers: read it, never change it."""
        key = (_SYMPTOM_ANSWERS(case.symptoms), _HISTORY_ANSWERS(case.history))
        found = self._remembered.get(key)
        if found is None:
            if len(self._remembered) >= self._MAX_REMEMBERED:
                self._remembered.clear()
            found = self._remembered[key] = self._triage(case)
        return found

    def _triage(self, case: Case) -> TriageResult:
        settings = self._file.settings
        flags: list[Flag] = []
        conditions: set[Condition] = set()
        missing = missing_safety_answers(case)
        for compiled in self._compiled:
            outcome = compiled.predicate(case, settings)
            if outcome is True:
                if compiled.lists_missing:
                    fired = compiled.fired
                    names = self._file.answer_names
                    plain = [names[dotted.rpartition(".")[2]] for dotted in missing]
                    text = f"{fired.text} Not answered: {', '.join(plain)}."
                    flags.append(Flag(fired.id, fired.level, text, fired.source))
                else:
                    flags.append(compiled.fired)
                if compiled.condition_if_fired is not None:
                    conditions.add(compiled.condition_if_fired)
            elif outcome is None and compiled.unanswered is not None:
                flags.append(compiled.unanswered)
                if compiled.condition_if_unanswered is not None:
                    conditions.add(compiled.condition_if_unanswered)
        if len(flags) > 1:
            flags.sort(key=_most_urgent_first)
        return TriageResult(
            pathway=pathway_for(flag.level for flag in flags),
            condition=_condition(case, self._file, conditions),
            location=_location(case, self._file),
            flags=flags,
            missing=missing,
        )


def _compile(rule: TriageRule) -> _CompiledRule:
    unanswered = None
    if rule.when_unknown is not None:
        unanswered = Flag(
            f"{rule.id}.unanswered",
            rule.when_unknown,
            f"An answer needed to rule this out is missing. {rule.text}",
            rule.source,
        )
    return _CompiledRule(
        predicate=PREDICATES[rule.predicate],
        rule=rule,
        fired=Flag(rule.id, rule.level, rule.text, rule.source),
        unanswered=unanswered,
        lists_missing=rule.predicate == "safety_answers_missing",
        condition_if_fired=rule.condition,
        # "Cannot tell" says something about the picture only when it is as urgent.
        condition_if_unanswered=rule.condition if rule.when_unknown == rule.level else None,
    )


def _most_urgent_first(flag: Flag) -> int:
    return -LEVEL_RANK[flag.level]


def triage(case: Case, knowledge: Knowledge) -> TriageResult:
    """Evaluate every triage rule; the most urgent level wins (see `TriageRules`)."""
    return TriageRules(knowledge.triage).triage(case)


def _condition(case: Case, rules: TriageFile, conditions: set[Condition]) -> Condition:
    # A possible clot is named first: it needs a different same-day service and words.
    if "possible_dvt" in conditions:
        return "possible_dvt"
    if "possible_rupture" in conditions:
        return "possible_rupture"
    if case.symptoms.onset != "gradual":
        return "uncertain"
    present, _ = typical_feature_count(case)
    return "tendinopathy" if present >= rules.settings.min_typical_features else "uncertain"


def _location(case: Case, rules: TriageFile) -> Location:
    site = case.symptoms.site
    return "unclear" if site is None else rules.location[site]
