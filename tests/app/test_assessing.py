"""One case assessed from JSON text reads it as a batch line does: the same assessment, the
same problems, as pydantic's own reading gives."""

from __future__ import annotations

import json
import sys

import pytest

from heelraise.app.assessing import assess_json_text
from heelraise.app.clock import today
from heelraise.clinical.assess import Engine
from heelraise.contract import parse_case_json
from heelraise.contract.serialise import assessment_to_json
from heelraise.errors import InvalidCase
from tests.cli.test_plain_output import BENCHMARKS
from tests.conftest import vignette_paths


def _documents() -> list[bytes]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from random_cases import random_cases
    finally:
        sys.path.remove(str(BENCHMARKS))
    return [path.read_bytes() for path in vignette_paths()] + [
        json.dumps(case, indent=2).encode() for case in random_cases(300, seed=15)
    ]


def test_the_same_assessment_as_pydantics_reading(engine: Engine) -> None:
    for text in _documents():
        expected = engine.assess(parse_case_json(text, today=today()))
        assert assessment_to_json(assess_json_text(text, engine)) == assessment_to_json(expected)


@pytest.mark.parametrize(
    "text",
    [
        b'{"as_of": "2026-11-20", "symptoms": {"pain_0_10": 14, "site": "calf"}}',
        b'{"as_of": "2026-11-20", "symptoms": {}, "checkins": [{"date": "2026-11-21"}]}',
        b'{"as_of": "2026-11-20"',
        b"[]",
    ],
)
def test_the_same_problems_as_pydantics_reading(engine: Engine, text: bytes) -> None:
    with pytest.raises(InvalidCase) as expected:
        parse_case_json(text, today=today())
    with pytest.raises(InvalidCase) as found:
        assess_json_text(text, engine)
    assert found.value.problems == expected.value.problems
