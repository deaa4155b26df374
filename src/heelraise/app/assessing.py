"""Use case: assess case documents (one, from a file or stdin, or a batch of lines)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import orjson

from heelraise.app.clock import today
from heelraise.app.engine import current_engine
from heelraise.clinical.assess import Engine
from heelraise.contract import Assessment, parse_case, parse_case_json
from heelraise.contract.parsing import parse_case_line
from heelraise.contract.serialise import assessment_to_json
from heelraise.errors import InvalidCase, Problem


def prepare_engine() -> Engine:
    """Build (once) the engine the commands use (packaged knowledge, the user's referrals)."""
    return current_engine()


def assess_json_text(text: str | bytes, engine: Engine | None = None) -> Assessment:
    """Assess one case given as JSON text; raise `InvalidCase` naming each bad field.

    The case is read as a batch line is (the fast decoder, pydantic when it declines):
    the same case, the same problems, and no validator to build for a valid case."""
    return (engine or current_engine()).assess(parse_case_line(text, today=today()))


def assess_body(body: bytes, engine: Engine | None = None) -> Assessment:
    """Assess a request body holding a case; a body that is JSON but not an object, or not
    JSON at all, raises `InvalidCase` with the contract's own wording."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return assess_json_text(body, engine)  # raises, naming the syntax error
    return assess_data(data, engine)


def assess_data(data: object, engine: Engine | None = None) -> Assessment:
    """Assess one case given as decoded JSON."""
    return (engine or current_engine()).assess(parse_case(data, today=today()))


def case_json_with_history(text: str | bytes, db_url: str | None, person: str) -> bytes:
    """The case with `training` filled from the person's stored activities up to `as_of`.

    Activities already in the case are kept; stored ones on the same start are not
    added twice (the importer's content hash and start identify them). Training
    entered from a case document (`init --from-case`) is not imported history
    and is left out, so the same case is never counted twice.
    """
    from heelraise.app.activities import activities_since  # the store: only this needs it

    case = parse_case_json(text, today=today())
    document = orjson.loads(text)
    stored = [
        summary.to_training()
        for summary in activities_since(db_url, person, imported_only=True)
        if summary.date <= case.as_of
    ]
    present = {
        (item.get("date"), item.get("start"), item.get("content_hash"))
        for item in document.get("training", [])
    }
    added = [
        item
        for item in stored
        if (item["date"], item.get("start"), item.get("content_hash")) not in present
    ]
    document["training"] = [*document.get("training", []), *added]
    return orjson.dumps(document)


def assessment_json(assessment: Assessment, *, indent: bool = False) -> bytes:
    """The assessment document as JSON bytes (deterministic: same case, same bytes)."""
    return assessment_to_json(assessment, indent=indent)


def assess_lines(lines: Iterable[bytes], engine: Engine | None = None) -> Iterator[bytes]:
    """One JSON line out per non-blank line in: an assessment, or `{"error": ...}`."""
    active = engine or current_engine()
    day = today()
    for number, line in enumerate(lines, start=1):
        result = assess_line(active, line, number, day)
        if result is not None:
            yield result


def assess_line(engine: Engine, line: bytes, number: int, day: dt.date) -> bytes | None:
    """The output for input line `number` (None for a blank line): the assessment, or
    `{"error": ...}` naming every problem and the line."""
    if not line.strip():
        return None
    try:
        assessment = engine.assess(parse_case_line(line, today=day))
    except InvalidCase as error:
        return _error_line(number, error.problems)
    return assessment_to_json(assessment)


def _error_line(number: int, problems: list[Problem]) -> bytes:
    return orjson.dumps(
        {
            "error": "; ".join(str(p) for p in problems),
            "line": number,
            "problems": [{"field": p.field, "message": p.message} for p in problems],
        }
    )
