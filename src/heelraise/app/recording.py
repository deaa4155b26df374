"""Use cases: record a daily check-in and a capacity test.

Input arrives with the contract's field names and is validated through the
contract and the date rule (`contract/dates.py`: no day before 1900 or after
today) before anything is written; a problem names the field and nothing is
stored. Each record is one transaction.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING, Any, cast

import msgspec
import orjson

from heelraise.app.journal import choose_person, open_journal, plain, today
from heelraise.contract import case_structs
from heelraise.contract.dates import record_problems
from heelraise.contract.parsing import problems_from, test_problems
from heelraise.errors import InvalidInput, Problem

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from heelraise.contract.case import CheckIn

# A check-in is read as the fast decoder reads a case (`contract/fast_case.py`): the
# generated Struct first, and pydantic, which words every problem, only when it declines.
# The same check-ins are accepted with the same values (tests/app/test_recording.py), and
# `heelraise checkin` starts without pydantic.
_FAST_CHECKIN = msgspec.json.Decoder(case_structs.CheckIn)


@cache
def _checkin_adapter() -> TypeAdapter[CheckIn]:
    from pydantic import TypeAdapter

    from heelraise.contract.case import CheckIn

    return TypeAdapter(CheckIn)


@cache
def _test_adapter() -> TypeAdapter[Any]:
    """Built on first use (some 3 ms): `heelraise checkin` does not need it."""
    from pydantic import TypeAdapter

    from heelraise.contract.case import Test

    return TypeAdapter(Test)


def validate_checkin(fields: dict[str, Any]) -> dict[str, Any]:
    """A contract check-in item from the given fields (`date` defaults to today)."""
    data = {"date": today().isoformat(), **{k: v for k, v in fields.items() if v is not None}}
    checkin = _fast_checkin(data) or _worded_checkin(data)
    problems = record_problems("date", checkin.date, today())
    if problems:
        raise InvalidInput(problems)
    item: dict[str, Any] = plain(checkin)
    return item


def _fast_checkin(data: dict[str, Any]) -> CheckIn | None:
    """The check-in, when the fast decoder can vouch for it; else None (ask pydantic)."""
    try:
        found = _FAST_CHECKIN.decode(orjson.dumps(data))
    except (msgspec.DecodeError, orjson.JSONEncodeError, ValueError):
        return None
    return cast("CheckIn", found)  # reads like one (same attributes, equal values)


def _worded_checkin(data: dict[str, Any]) -> CheckIn:
    """The check-in validated by pydantic, or `InvalidInput` naming every problem."""
    from pydantic import ValidationError

    try:
        return _checkin_adapter().validate_python(data)
    except ValidationError as error:
        raise InvalidInput(problems_from(error)) from None


def validate_test(fields: dict[str, Any]) -> dict[str, Any]:
    """A contract test item (`kind` heel_rise, hop or visa_a; `date` defaults to today)."""
    data = {"date": today().isoformat(), **{k: v for k, v in fields.items() if v is not None}}
    from pydantic import ValidationError

    try:
        test = _test_adapter().validate_python(data)
    except ValidationError as error:
        raise InvalidInput([_untagged(problem) for problem in problems_from(error)]) from None
    problems: list[Problem] = record_problems("date", test.date, today())
    problems += test_problems(test, "")
    if problems:
        raise InvalidInput(problems)
    item: dict[str, Any] = plain(test)
    return item


def _untagged(problem: Problem) -> Problem:
    """Drop the test kind pydantic puts first in a location (`hop.pain_0_10` → `pain_0_10`)."""
    head, dot, rest = problem.field.partition(".")
    if dot and head in {"heel_rise", "hop", "visa_a"}:
        return Problem(rest, problem.message)
    return problem


def record_checkin(
    db_url: str | None, person: str | None, fields: dict[str, Any], *, replace: bool = False
) -> tuple[str, dt.date, bool]:
    """Store a check-in: (person, its date, whether it replaced that day's).

    Raises `CheckInExists` (nothing stored) when the day has one and `replace`
    is false; the caller asks the person and calls again with `replace=True`.
    """
    item = validate_checkin(fields)
    with open_journal(db_url) as journal:
        name = choose_person(journal, person)
        replaced = journal.put_checkin(name, item, replace=replace)
    return name, dt.date.fromisoformat(item["date"]), replaced


def scored_test(fields: dict[str, Any]) -> dict[str, Any]:
    """`validate_test`, with a VISA-A given as answers scored."""
    item = validate_test(fields)
    if item["kind"] == "visa_a" and "answers" in item and "score" not in item:
        test = _test_adapter().validate_python(item)
        item["score"] = test.answers.total()
    return item


def record_test(db_url: str | None, person: str | None, fields: dict[str, Any]) -> dict[str, Any]:
    """Store a capacity test; return the stored contract item (VISA-A scored)."""
    item = scored_test(fields)
    with open_journal(db_url) as journal:
        journal.add_test(choose_person(journal, person), item)
    return item
