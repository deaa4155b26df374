"""Every vignette in ../shared/cases gets every expected field (the floor, not the spec)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from heelraise.clinical.assess import Engine
from heelraise.contract import Assessment, parse_case
from tests.conftest import load_vignette, vignette_paths

SIMPLE_FIELDS = ("pathway", "condition", "location", "stage", "decision")


def check_expectations(assessment: Assessment, expect: dict[str, Any]) -> list[str]:
    """Every way the assessment misses the vignette's `expect` (empty when it meets it)."""
    misses: list[str] = []
    for name in SIMPLE_FIELDS:
        if name in expect and getattr(assessment, name) != expect[name]:
            misses.append(f"{name}: want {expect[name]!r}, got {getattr(assessment, name)!r}")
    if (
        "return_to_run.ready" in expect
        and assessment.return_to_run.ready != expect["return_to_run.ready"]
    ):
        misses.append(f"return_to_run.ready: want {expect['return_to_run.ready']}")
    if (
        "escalation.recommended" in expect
        and assessment.escalation.recommended != expect["escalation.recommended"]
    ):
        misses.append(f"escalation.recommended: want {expect['escalation.recommended']}")
    kinds = {spike.kind for spike in assessment.load.spikes}
    for kind in expect.get("spikes_include", []):
        if kind not in kinds:
            misses.append(f"spikes_include: {kind} missing (got {sorted(kinds)})")
    if expect.get("spikes_none") and kinds:
        misses.append(f"spikes_none: got {sorted(kinds)}")
    excluded = set(expect.get("plan_excludes_tags", []))
    if excluded and assessment.plan is not None:
        for session in assessment.plan.sessions:
            for exercise in session.exercises:
                if excluded & set(exercise.tags):
                    misses.append(f"plan_excludes_tags: {exercise.id} on {session.date}")
    return misses


@pytest.mark.parametrize("path", vignette_paths(), ids=lambda p: p.stem)
def test_vignette_meets_every_expectation(path: Path, engine: Engine) -> None:
    document, expect = load_vignette(path)
    assessment = engine.assess(parse_case(document))
    assert check_expectations(assessment, expect) == []


@pytest.mark.parametrize("path", vignette_paths(), ids=lambda p: p.stem)
def test_vignette_with_expect_key_is_accepted(path: Path, engine: Engine) -> None:
    """Outside checkers may pass a vignette as it is: `expect` is ignored by the engine."""
    document, expect = load_vignette(path)
    with_expect = parse_case({**document, "expect": expect})
    assert engine.assess(with_expect) == engine.assess(parse_case(document))


def test_checker_notices_a_wrong_pathway(engine: Engine) -> None:
    document, expect = load_vignette(vignette_paths()[0])
    assessment = engine.assess(parse_case(document))
    wrong = {**expect, "pathway": "nowhere"}
    assert check_expectations(assessment, wrong)
