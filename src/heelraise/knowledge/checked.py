"""Frozen dataclasses checked as pydantic checks them, without pydantic.

Every `heelraise import` loads `inference.toml` (`knowledge/importing.py`);
pydantic and its models cost some 30-40 ms to import and build, more than the
rest of a small import. These few tables are checked here instead, with
pydantic's rules and words (its lax mode: an integral float is an integer,
an integer a float; no string is a number), so a broken file is reported as
before: the first problem, its dotted key, and the message.

A field's limits are `limit(gt=..., ge=..., lt=..., le=..., min_length=...)`;
a check across fields is `after(field)` on a function of the value and the
fields before it (pydantic's `field_validator` with `info.data`), raising
`ValueError` with the message. `finite = False` on a class lets its floats be
inf or nan (pydantic's `allow_inf_nan`, true by default there too).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import typing
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar, dataclass_transform

C = TypeVar("C", bound="Checked")

Check = Callable[[Any, dict[str, Any]], Any]


class CheckFailed(ValueError):
    """A value that does not fit: where (`loc`, as pydantic's) and why."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(f"{'.'.join(map(str, loc))}: {message}")
        self.loc = loc
        self.message = message


def limit(**bounds: float) -> Any:
    """A required field with limits: `gt`, `ge`, `lt`, `le` (numbers), `min_length` (lists)."""
    return dataclasses.field(metadata=bounds)


def after(name: str) -> Callable[[Check], Check]:
    """Mark a function of `(value, earlier fields)` as a check of field `name`."""

    def mark(check: Check) -> Check:
        check.checks_field = name  # type: ignore[attr-defined]
        return check

    return mark


@dataclass_transform(frozen_default=True, field_specifiers=(limit, dataclasses.field))
class Checked:
    """A frozen dataclass whose instances come from `model_validate` (checked)."""

    finite: ClassVar[bool] = True  # floats must be finite (pydantic: allow_inf_nan=False)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        dataclasses.dataclass(frozen=True)(cls)

    @classmethod
    def model_validate(cls: type[C], data: Any) -> C:
        """An instance from plain data (a TOML table), or `CheckFailed` for the first problem."""
        made: C = _model(cls, data, ())
        return made

    def model_dump(self) -> dict[str, Any]:
        """The fields as plain data (nested instances as dicts)."""
        made: Any = self  # a dataclass, made so by `__init_subclass__`
        return dataclasses.asdict(made)


@functools.cache
def _fields(cls: type[Any]) -> tuple[tuple[str, Any, dict[str, Any], Check | None], ...]:
    """Each field's name, type, limits and check (`cls` is a dataclass, once made)."""
    hints = typing.get_type_hints(cls)
    functions = (getattr(member, "__func__", member) for member in vars(cls).values())
    checks = {check.checks_field: check for check in functions if hasattr(check, "checks_field")}
    return tuple(
        (field.name, hints[field.name], dict(field.metadata), checks.get(field.name))
        for field in dataclasses.fields(cls)
    )


def _model(cls: type[C], data: Any, loc: tuple[str | int, ...]) -> C:
    if not isinstance(data, dict):
        raise CheckFailed(loc, f"Input should be a valid dictionary or instance of {cls.__name__}")
    values: dict[str, Any] = {}
    made: Any = cls  # a dataclass (its type is hashable, whatever mypy infers)
    fields = _fields(made)
    known = {name for name, *_ in fields}
    for name, kind, bounds, check in fields:
        if name not in data:
            raise CheckFailed((*loc, name), "Field required")
        value = _value(kind, data[name], (*loc, name), cls.finite)
        _bounded(value, bounds, (*loc, name))
        if check is not None:
            try:
                value = check(value, values)
            except ValueError as error:
                raise CheckFailed((*loc, name), f"Value error, {error}") from None
        values[name] = value
    for name in data:
        if name not in known:
            raise CheckFailed((*loc, name), "Extra inputs are not permitted")
    return cls(**values)


def _value(kind: Any, value: Any, loc: tuple[str | int, ...], finite: bool) -> Any:
    origin = typing.get_origin(kind)
    if isinstance(kind, type) and issubclass(kind, Checked):
        return _model(kind, value, loc)
    if origin is list:
        [item_kind] = typing.get_args(kind)
        if not isinstance(value, list):
            raise CheckFailed(loc, "Input should be a valid list")
        return [_value(item_kind, item, (*loc, at), finite) for at, item in enumerate(value)]
    if origin is dict:
        _, item_kind = typing.get_args(kind)
        if not isinstance(value, dict):
            raise CheckFailed(loc, "Input should be a valid dictionary")
        return {key: _value(item_kind, item, (*loc, key), finite) for key, item in value.items()}
    if kind is float:
        return _float(value, loc, finite)
    if kind is int:
        return _int(value, loc)
    if kind is str:
        if not isinstance(value, str):
            raise CheckFailed(loc, "Input should be a valid string")
        return value
    if kind is dt.date:
        return _date(value, loc)
    raise TypeError(f"{kind!r} is not a type `checked` knows")  # pragma: no cover


_NOT_A_NUMBER = "Input should be a valid number, unable to parse string as a number"
_NOT_AN_INTEGER = "Input should be a valid integer, unable to parse string as an integer"
_FRACTION = "Input should be a valid integer, got a number with a fractional part"
_TOO_BIG = "Unable to parse input string as an integer, exceeded maximum size"


def _float(value: Any, loc: tuple[str | int, ...], finite: bool) -> float:
    if isinstance(value, str):
        raise CheckFailed(loc, _NOT_A_NUMBER)
    if not isinstance(value, int | float):  # a bool is an int: True is 1.0, as in pydantic
        raise CheckFailed(loc, "Input should be a valid number")
    number = float(value)
    if finite and not math.isfinite(number):
        raise CheckFailed(loc, "Input should be a finite number")
    return number


def _int(value: Any, loc: tuple[str | int, ...]) -> int:
    if isinstance(value, str):
        raise CheckFailed(loc, _NOT_AN_INTEGER)
    if not isinstance(value, int | float):
        raise CheckFailed(loc, "Input should be a valid integer")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CheckFailed(loc, "Input should be a finite number")
        if not value.is_integer():
            raise CheckFailed(loc, _FRACTION)
        if abs(value) >= 2**63:
            raise CheckFailed(loc, _TOO_BIG)
    return int(value)


def _date(value: Any, loc: tuple[str | int, ...]) -> dt.date:
    """A date: a TOML date, an ISO date's text, or (as pydantic) a Unix time at midnight."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise CheckFailed(loc, _NOT_EXACT)
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            words = "input is too short" if len(value) < 10 else "invalid date format"
            raise CheckFailed(loc, f"Input should be a valid date or datetime, {words}") from None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if math.isnan(value):
            raise CheckFailed(
                loc, "Input should be a valid date or datetime, NaN values not permitted"
            )
        if abs(value) > 253_402_300_799:  # after 9999 (pydantic's own words, both ways)
            raise CheckFailed(
                loc,
                "Input should be a valid date or datetime, "
                "dates after 9999 are not supported as unix timestamps",
            )
        if value % 86_400:
            raise CheckFailed(loc, _NOT_EXACT)
        return dt.date(1970, 1, 1) + dt.timedelta(days=int(value // 86_400))
    raise CheckFailed(loc, "Input should be a valid date")


_NOT_EXACT = "Datetimes provided to dates should have zero time - e.g. be exact dates"


# In the order pydantic checks them (which one a NaN fails first).
_BOUNDS: dict[str, tuple[Callable[[Any, Any], bool], str]] = {
    "le": (lambda value, bound: value <= bound, "less than or equal to"),
    "lt": (lambda value, bound: value < bound, "less than"),
    "ge": (lambda value, bound: value >= bound, "greater than or equal to"),
    "gt": (lambda value, bound: value > bound, "greater than"),
}


def _bounded(value: Any, bounds: dict[str, Any], loc: tuple[str | int, ...]) -> None:
    least = bounds.get("min_length")
    if least is not None and len(value) < least:
        items = "item" if least == 1 else "items"
        raise CheckFailed(
            loc, f"List should have at least {least} {items} after validation, not {len(value)}"
        )
    for name, (holds, words) in _BOUNDS.items():
        if name in bounds and not holds(value, bounds[name]):
            raise CheckFailed(loc, f"Input should be {words} {bounds[name]}")
