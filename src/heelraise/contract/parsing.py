"""Turn raw case input into a `Case`, or into `field: message` problems.

Pydantic does the structural validation; this module words its errors for
people (`symptoms.pain_0_10: must be an integer 0..10, got 14`) and adds the
checks that span fields: no date after `as_of`, one check-in a day, and the
date rule of `contract/dates.py` (nothing before 1900; `as_of` not more than a
year after `today` when the caller has a clock, never after 2999).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import orjson

from heelraise.contract.dates import EARLIEST, as_of_problems, latest_as_of, too_early
from heelraise.contract.fast_case import decode_case
from heelraise.errors import InvalidCase, Problem

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails

    from heelraise.contract.case import Case, VisaATest

# pydantic and `case.py` are imported where a case needs them: a valid case read by the
# fast decoder (`parse_case_line`) needs neither.


def parse_case(data: Any, *, today: dt.date | None = None) -> Case:
    """Validate a decoded JSON value as a case; raise `InvalidCase` listing every problem.

    With `today` (the application's clock), `as_of` may be at most a year after it."""
    if not isinstance(data, dict):
        raise InvalidCase([Problem("", f"a case must be a JSON object, got {_kind(data)}")])
    from pydantic import ValidationError

    from heelraise.contract.case import CASE_ADAPTER

    try:
        case = CASE_ADAPTER.validate_python(data)
    except ValidationError as error:
        raise InvalidCase(_with_raw_date_problems(problems_from(error), data)) from None
    _check_consistency(case, today)
    return case


def parse_case_json(text: str | bytes, *, today: dt.date | None = None) -> Case:
    """Validate a JSON text as a case; raise `InvalidCase` on bad JSON or a bad case."""
    from pydantic import ValidationError

    from heelraise.contract.case import CASE_ADAPTER

    try:
        case = CASE_ADAPTER.validate_json(text)
    except ValidationError as error:
        found = problems_from(error)
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError:
            raise InvalidCase(found) from None
        raise InvalidCase(_with_raw_date_problems(found, data)) from None
    _check_consistency(case, today)
    return case


DATED_LISTS = ("checkins", "tests", "training")


def _with_raw_date_problems(found: list[Problem], data: Any) -> list[Problem]:
    """Add "after as_of" problems read from the raw document, when other problems stopped
    validation before the dates could be compared (so every problem is reported at once)."""
    if not isinstance(data, dict):
        return found
    as_of = _raw_date(data.get("as_of"))
    if as_of is None:
        return found
    dated: list[tuple[str, Any]] = []
    for part, name in (
        ("symptoms", "started"),
        ("programme", "started"),
        ("programme", "stage_started"),
    ):
        section = data.get(part)
        if isinstance(section, dict):
            dated.append((f"{part}.{name}", section.get(name)))
    for part in DATED_LISTS:
        items = data.get(part)
        if isinstance(items, list):
            dated.extend(
                (f"{part}[{index}].date", item.get("date"))
                for index, item in enumerate(items)
                if isinstance(item, dict)
            )
    named = {problem.field for problem in found}
    extra = [
        Problem(field, f"{value} is after as_of ({as_of})")
        for field, value in dated
        if field not in named and (day := _raw_date(value)) is not None and day > as_of
    ]
    return sorted([*found, *extra], key=lambda problem: problem.field)


def _raw_date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def parse_case_line(line: str | bytes, *, today: dt.date | None = None) -> Case:
    """`parse_case_json` for `assess --batch`: the fast decoder first, pydantic if it declines.

    Same cases, same problems (pydantic words every one); the case may be a
    Struct that reads like a `Case` (see `contract/fast_case.py`).
    """
    case = decode_case(line)
    if case is None:
        return parse_case_json(line, today=today)
    _check_consistency(case, today)
    return case


def problems_from(error: ValidationError) -> list[Problem]:
    """One user-facing problem per pydantic error, located by dotted path."""
    return [Problem(_location(detail["loc"]), _message(detail)) for detail in error.errors()]


def _location(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item in {"heel_rise", "hop", "visa_a"} and parts and parts[-1].endswith("]"):
            continue  # discriminated-union tag: the index already locates it
        else:
            parts.append(("." if parts else "") + item)
    return "".join(parts)


def _message(detail: ErrorDetails) -> str:
    kind = detail["type"]
    got = detail.get("input")
    ctx = detail.get("ctx") or {}
    field = str(detail["loc"][-1]) if detail["loc"] else ""
    if kind in {"extra_forbidden", "unexpected_keyword_argument"}:
        return "unknown field (not part of heelraise.case/1; check the spelling)"
    if kind in {"missing", "missing_keyword_argument"}:
        return "required field is missing"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        if field.endswith("_0_10"):
            return f"must be an integer 0..10, got {got!r}"
        return f"{_bound_phrase(kind, ctx)}, got {got!r}"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        if field.endswith("_0_10"):
            return f"must be an integer 0..10, got {got!r}"
        return f"must be a whole number, got {got!r}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"must be true or false, got {got!r}"
    if kind in {
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
    }:
        return f"must be a date written YYYY-MM-DD, got {got!r}"
    if kind in {"datetime_type", "datetime_parsing", "datetime_from_date_parsing"}:
        return f"must be an ISO date and time, got {got!r}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')}; got {got!r}"
    if kind == "union_tag_invalid":
        return f"kind must be one of {ctx.get('expected_tags', '')}; got {ctx.get('tag')!r}"
    if kind == "union_tag_not_found":
        return "kind is missing (heel_rise, hop or visa_a)"
    if kind == "json_invalid":
        return f"not valid JSON ({ctx.get('error', 'syntax error')})"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"must be an object, got {_kind(got)}"
    if kind == "list_type":
        return f"must be a list, got {_kind(got)}"
    if kind in {"float_type", "float_parsing", "finite_number"}:
        return f"must be a number, got {got!r}"
    if kind in {"string_type"}:
        return f"must be text, got {_kind(got)}"
    if kind in {"string_too_long", "string_too_short"}:
        return str(detail["msg"]).lower()
    return str(detail["msg"])


def _bound_phrase(kind: str, ctx: dict[str, Any]) -> str:
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}"
    if kind == "greater_than":
        return f"must be more than {ctx.get('gt')}"
    return f"must be less than {ctx.get('lt')}"


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _dates_fine(case: Case, today: dt.date | None) -> bool:
    """A quick look: True when `_check_consistency` would find nothing (the usual case)."""
    as_of = case.as_of
    if not EARLIEST <= as_of <= latest_as_of(today):
        return False
    started = case.symptoms.started
    if started is not None and not EARLIEST <= started <= as_of:
        return False
    programme = case.programme
    if programme is not None and (
        not EARLIEST <= programme.started <= as_of
        or (
            programme.stage_started is not None
            and not programme.started <= programme.stage_started <= as_of
        )
    ):
        return False
    days = [checkin.date for checkin in case.checkins]
    if days and (max(days) > as_of or min(days) < EARLIEST or len(set(days)) != len(days)):
        return False
    if case.tests and not min(test.date for test in case.tests) >= EARLIEST:
        return False
    if case.tests and max(test.date for test in case.tests) > as_of:
        return False
    if any(test.kind == "visa_a" and _visa_a_problems(test, "") for test in case.tests):
        return False  # a VISA-A record that does not add up: worded below
    if not case.training:
        return True
    days = [session.date for session in case.training]
    return min(days) >= EARLIEST and max(days) <= as_of


def _check_consistency(case: Case, today: dt.date | None = None) -> None:
    """The date rule (`contract/dates.py`): nothing before 1900, no date after `as_of`,
    `as_of` within its bound; no stage before its programme; one check-in a day."""
    if _dates_fine(case, today):
        return
    as_of = case.as_of
    problems: list[Problem] = as_of_problems("as_of", as_of, today)

    def not_after(field: str, value: dt.date | None) -> None:
        if value is None:
            return
        early = too_early(field, value)
        if early is not None:
            problems.append(early)
        elif value > as_of:
            problems.append(Problem(field, f"{value.isoformat()} is after as_of ({as_of})"))

    not_after("symptoms.started", case.symptoms.started)
    if case.programme is not None:
        not_after("programme.started", case.programme.started)
        not_after("programme.stage_started", case.programme.stage_started)
        stage_started = case.programme.stage_started
        if stage_started is not None and stage_started < case.programme.started:
            problems.append(
                Problem(
                    "programme.stage_started",
                    f"{stage_started} is before programme.started ({case.programme.started})",
                )
            )
    seen: dict[dt.date, int] = {}
    for index, checkin in enumerate(case.checkins):
        not_after(f"checkins[{index}].date", checkin.date)
        if checkin.date in seen:
            problems.append(
                Problem(
                    f"checkins[{index}].date",
                    f"a second check-in on {checkin.date} (checkins[{seen[checkin.date]}]); "
                    "one per day at most",
                )
            )
        seen.setdefault(checkin.date, index)
    for index, test in enumerate(case.tests):
        not_after(f"tests[{index}].date", test.date)
        if test.kind == "visa_a":
            problems.extend(_visa_a_problems(test, f"tests[{index}]"))
    for index, session in enumerate(case.training):
        not_after(f"training[{index}].date", session.date)
    if problems:
        raise InvalidCase(problems)


def test_problems(test: object, field: str) -> list[Problem]:
    """The checks a test record needs beyond its shape (a VISA-A score or full answers)."""
    from heelraise.contract.case import VisaATest

    return _visa_a_problems(test, field) if isinstance(test, VisaATest) else []


def _visa_a_problems(test: VisaATest, field: str) -> list[Problem]:
    """A VISA-A record needs a score or answers, one item-8 branch, and an agreeing total."""
    if test.answers is None and test.score is None:
        return [Problem(field, "give either score or answers")]
    if test.answers is None:
        return []
    total = test.answers.total()
    if total is None:
        return [Problem(f"{field}.answers", "answer exactly one of q8a, q8b and q8c")]
    if test.score is not None and test.score != total:
        return [Problem(f"{field}.score", f"{test.score} does not match the answers ({total})")]
    return []
