"""Use case: assess case documents (one, from a file or stdin, or a batch of lines)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import orjson

from heelraise.clinical.assess import Engine, default_engine
from heelraise.contract import Assessment, parse_case, parse_case_json
from heelraise.contract.parsing import parse_case_line
from heelraise.contract.serialise import assessment_to_json
from heelraise.errors import InvalidCase, Problem


def prepare_engine() -> Engine:
    """Build (once) the engine over the packaged knowledge."""
    return default_engine()


def assess_json_text(text: str | bytes, engine: Engine | None = None) -> Assessment:
    """Assess one case given as JSON text; raise `InvalidCase` naming each bad field."""
    return (engine or default_engine()).assess(parse_case_json(text))


def assess_data(data: object, engine: Engine | None = None) -> Assessment:
    """Assess one case given as decoded JSON."""
    return (engine or default_engine()).assess(parse_case(data))


def assessment_json(assessment: Assessment, *, indent: bool = False) -> bytes:
    """The assessment document as JSON bytes (deterministic: same case, same bytes)."""
    return assessment_to_json(assessment, indent=indent)


def assess_lines(lines: Iterable[bytes], engine: Engine | None = None) -> Iterator[bytes]:
    """One JSON line out per non-blank line in: an assessment, or `{"error": ...}`."""
    active = engine or default_engine()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            assessment = active.assess(parse_case_line(line))
        except InvalidCase as error:
            yield _error_line(number, error.problems)
            continue
        yield assessment_to_json(assessment)


def _error_line(number: int, problems: list[Problem]) -> bytes:
    return orjson.dumps(
        {
            "error": "; ".join(str(p) for p in problems),
            "line": number,
            "problems": [{"field": p.field, "message": p.message} for p in problems],
        }
    )
