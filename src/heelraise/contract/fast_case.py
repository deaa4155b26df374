"""A fast decoder for case documents: the msgspec Structs of `case_structs.py`.

`case_structs.py` is written from `contract/case.py` (the one definition of the
case document) by `case_structs_source.py`: the same fields, order, defaults
and bounds, unknown fields forbidden, and the tests as a union tagged on
`kind`. Reading a case this way imports neither pydantic nor `case.py`.

The decoder is a shortcut, never a second judge. When it rejects a document,
the caller asks pydantic, which then accepts it (pydantic is laxer in places,
e.g. a date written as a midnight date-time) or words every problem exactly
as before. A date and time is decoded as text and read here only when it is
written the plain RFC 3339 way (`2026-11-20T07:30:00Z`, `…+01:00`, seconds
optionally with a fraction), which pydantic reads as the same instant; any
other way of writing one is left to pydantic. The Structs carry the same
attributes as the dataclasses (methods and properties from `case_common.py`),
so the engine reads them alike; `tests/contract/test_fast_case.py` checks that
every document the fast decoder accepts, pydantic accepts with equal values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import msgspec

from heelraise.contract.case_structs import AFTER, CASE

if TYPE_CHECKING:
    from heelraise.contract.case import Case

_DECODER = msgspec.json.Decoder(CASE)

# Date and time written the plain RFC 3339 way; both readers give the same instant.
_PLAIN_INSTANT = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})?",
    re.ASCII,
)


def _instant(text: str) -> dt.datetime:
    if not _PLAIN_INSTANT.fullmatch(text):
        raise ValueError("a date and time written another way: pydantic decides")
    return dt.datetime.fromisoformat(text)  # ValueError for a day or hour that does not exist


_CHECKS: dict[str, Callable[[str], Any]] = {"datetime": _instant}


def _check_after(values: list[Any], struct: type[msgspec.Struct]) -> None:
    """Run the checks after decoding on Structs of one kind (a level at a time)."""
    for name, check, nested in AFTER.get(struct, ()):
        fields = [getattr(value, name) for value in values]
        if check is not None:
            read = _CHECKS[check]
            for value, field in zip(values, fields, strict=True):
                if field is not None:
                    msgspec.structs.force_setattr(value, name, read(field))
        elif nested is not None:
            inner: list[Any] = []
            for field in fields:
                if isinstance(field, list):
                    inner += field
                elif field is not None:
                    inner.append(field)
            if inner:
                _check_after(inner, nested)


def decode_case(text: str | bytes) -> Case | None:
    """The case, decoded fast; None when the fast decoder cannot vouch for it.

    None means: ask pydantic (`CASE_ADAPTER.validate_json`), which gives the
    case or the problems. The result reads like a `Case` (same attributes, equal
    values) but is a Struct: compare its fields, not its type.
    """
    try:
        value = _DECODER.decode(text)
        _check_after([value], CASE)
    except (msgspec.DecodeError, ValueError):  # ValueError: bad UTF-8 or a bad datetime
        return None
    return cast("Case", value)
