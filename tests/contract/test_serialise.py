"""The fast serialiser (shared fragments, plans spliced at their dates) writes exactly
the bytes a plain `orjson.dumps` of the assessment writes."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heelraise.clinical.assess import Engine
from heelraise.contract.parsing import parse_case
from heelraise.contract.serialise import assessment_to_json
from tests.strategies import cases

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _with_as_of(document: dict[str, Any], shift_days: int) -> dict[str, Any]:
    """The same case a number of days later (every other date stays where it was)."""
    as_of = dt.date.fromisoformat(document["as_of"]) + dt.timedelta(days=shift_days)
    return {**document, "as_of": as_of.isoformat()}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=cases(), shifts=st.lists(st.integers(0, 400), min_size=1, max_size=4))
def test_serialised_assessment_equals_plain_dump(
    engine: Engine, document: dict[str, Any], shifts: list[int]
) -> None:
    for shift in [0, *shifts]:  # the same plan shape on other dates: spliced, not re-serialised
        assessment = engine.assess(parse_case(_with_as_of(document, shift)))
        assert assessment_to_json(assessment) == orjson.dumps(assessment)


def test_many_random_cases_serialise_as_plain_dumps(engine: Engine) -> None:
    import sys

    sys.path.insert(0, str(BENCHMARKS))
    try:
        from random_cases import random_case
    finally:
        sys.path.remove(str(BENCHMARKS))
    rng = random.Random(7)
    base = dt.date(2026, 11, 20)
    for index in range(600):
        document = random_case(rng, base - dt.timedelta(days=index % 50))
        assessment = engine.assess(parse_case(document))
        assert assessment_to_json(assessment) == orjson.dumps(assessment)
