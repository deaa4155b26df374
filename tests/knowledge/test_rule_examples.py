"""Every triage rule's own examples: the ones that fire it do, the others do not."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from heelraise.clinical.triage import rule_outcome
from heelraise.contract import parse_case
from heelraise.knowledge.loader import default_knowledge
from heelraise.knowledge.schema import TriageRule

MISSING = "__missing__"
TRIAGE = default_knowledge().triage


def overlay(example: dict[str, Any]) -> dict[str, Any]:
    """The rule file's base case with an example's parts laid over it."""
    document = copy.deepcopy(TRIAGE.base_case)
    document.setdefault("format", "heelraise.case/1")
    for part, values in example.items():
        target = document.setdefault(part, {})
        for name, value in values.items():
            if value == MISSING:
                target.pop(name, None)
            else:
                target[name] = value
    return document


def examples() -> list[tuple[str, TriageRule, dict[str, Any], bool]]:
    found = []
    for rule in TRIAGE.rule:
        for index, example in enumerate(rule.fires):
            found.append((f"{rule.id}-fires-{index}", rule, example, True))
        for index, example in enumerate(rule.does_not_fire):
            found.append((f"{rule.id}-does-not-fire-{index}", rule, example, False))
    return found


@pytest.mark.parametrize(
    ("rule", "example", "fires"),
    [pytest.param(rule, example, fires, id=name) for name, rule, example, fires in examples()],
)
def test_rule_example(rule: TriageRule, example: dict[str, Any], fires: bool) -> None:
    case = parse_case(overlay(example))
    assert (rule_outcome(rule, case, TRIAGE) is True) is fires


def test_every_rule_has_both_kinds_of_example() -> None:
    for rule in TRIAGE.rule:
        assert rule.fires and rule.does_not_fire, rule.id


def test_rule_ids_are_unique() -> None:
    ids = [rule.id for rule in TRIAGE.rule]
    assert len(ids) == len(set(ids))
