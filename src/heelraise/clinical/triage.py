"""Triage: evaluate the rules in `triage.toml` against a case.

Gives the flags (rule id, level, text, source), the pathway they call for,
the condition and location the picture is consistent with, and the answers
that were missing. Pure: reads the case and the knowledge, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from heelraise.clinical.levels import LEVEL_RANK, pathway_for
from heelraise.clinical.triage_predicates import (
    PREDICATES,
    missing_safety_answers,
    typical_feature_count,
)
from heelraise.contract.assessment import Condition, Flag, Location, Pathway
from heelraise.contract.case import Case
from heelraise.errors import KnowledgeError
from heelraise.knowledge.loader import Knowledge
from heelraise.knowledge.schema import TriageFile, TriageRule


@dataclass(frozen=True, slots=True)
class TriageResult:
    pathway: Pathway
    condition: Condition
    location: Location
    flags: list[Flag]
    missing: list[str]


def check_predicates(triage: TriageFile) -> None:
    """Every rule must name a predicate that exists; raise `KnowledgeError` if not."""
    for index, rule in enumerate(triage.rule):
        if rule.predicate not in PREDICATES:
            raise KnowledgeError(
                "triage.toml", f"rule[{index}].predicate", f"no predicate named {rule.predicate!r}"
            )


def rule_outcome(rule: TriageRule, case: Case, triage: TriageFile) -> bool | None:
    """What one rule's predicate says of this case: True, False or None (cannot tell)."""
    return PREDICATES[rule.predicate](case, triage.settings)


def triage(case: Case, knowledge: Knowledge) -> TriageResult:
    """Evaluate every triage rule; the most urgent level wins."""
    rules = knowledge.triage
    settings = rules.settings
    flags: list[Flag] = []
    rupture = False
    missing = missing_safety_answers(case)
    for rule in rules.rule:
        outcome = PREDICATES[rule.predicate](case, settings)  # as `rule_outcome`, inlined
        if outcome is True:
            text = rule.text
            if rule.predicate == "safety_answers_missing":
                text = f"{text} Not answered: {', '.join(missing)}."
            flags.append(Flag(rule.id, rule.level, text, rule.source))
            rupture = rupture or rule.condition == "possible_rupture"
        elif outcome is None and rule.when_unknown is not None:
            flags.append(
                Flag(
                    f"{rule.id}.unanswered",
                    rule.when_unknown,
                    f"An answer needed to rule this out is missing. {rule.text}",
                    rule.source,
                )
            )
            rupture = rupture or (
                rule.condition == "possible_rupture" and rule.when_unknown == "urgent"
            )
    flags.sort(key=lambda flag: -LEVEL_RANK[flag.level])
    return TriageResult(
        pathway=pathway_for(flag.level for flag in flags),
        condition=_condition(case, rules, rupture),
        location=_location(case, rules),
        flags=flags,
        missing=missing,
    )


def _condition(case: Case, rules: TriageFile, rupture: bool) -> Condition:
    if rupture:
        return "possible_rupture"
    if case.symptoms.onset != "gradual":
        return "uncertain"
    present, _ = typical_feature_count(case)
    return "tendinopathy" if present >= rules.settings.min_typical_features else "uncertain"


def _location(case: Case, rules: TriageFile) -> Location:
    site = case.symptoms.site
    return "unclear" if site is None else rules.location[site]
