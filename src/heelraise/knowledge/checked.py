"""Frozen dataclasses checked as pydantic checks them, without pydantic.

pydantic and its models cost some 30-40 ms to import and build, more than a
short command does with the knowledge they check. So every knowledge file
(`loader.py`, and `inference.toml` for every `heelraise import`) is checked
here instead, with pydantic's rules and words (its lax mode: an integral
float is an integer, an integer a float; `"yes"` or `1` is true), so a
broken file is reported as before: every problem in pydantic's order, each
with its place (`loc`) and message. One difference, on purpose: no string is
a number here (pydantic reads `"7"` as 7; a quoted number in a knowledge file
is refused, in pydantic's words for a string that is not a number).

A class's fields are typed with what pydantic would take: `str`, `int`,
`float`, `bool`, `datetime.date`, `Any`, a `Literal` of strings, `X | None`,
a union of `Literal`s, `list[X]`, `dict[K, V]` and other `Checked` classes.
A field's limits are `limit(gt=..., ge=..., lt=..., le=..., min_length=...,
max_length=..., pattern=...)`, with its `default` or `default_factory` when
it may be left out. A check across fields is `after(field)` on a function of
the value and the valid fields before it (pydantic's `field_validator` with
`info.data`); a check of the whole object, once every field is valid, is a
method marked `@whole` (pydantic's `model_validator(mode="after")`). Either
raises `ValueError` with the message. `finite = False` on a class lets its
floats be inf or nan (pydantic's `allow_inf_nan`, true by default there).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import re
import types
import typing
from collections.abc import Callable
from typing import Any, ClassVar, Literal, TypeVar, dataclass_transform

C = TypeVar("C", bound="Checked")

Check = Callable[[Any, dict[str, Any]], Any]
Loc = tuple[str | int, ...]


class CheckFailed(ValueError):
    """Values that do not fit: where (`loc`, as pydantic's) and why, for the first;
    `problems` holds every one, in pydantic's order."""

    def __init__(
        self, loc: Loc, message: str, problems: list[tuple[Loc, str]] | None = None
    ) -> None:
        super().__init__(f"{'.'.join(map(str, loc))}: {message}")
        self.loc = loc
        self.message = message
        self.problems = problems or [(loc, message)]


def limit(
    *,
    default: Any = dataclasses.MISSING,
    default_factory: Any = dataclasses.MISSING,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    pattern: str | None = None,
) -> Any:
    """A field with limits: `gt`, `ge`, `lt`, `le` (numbers), `min_length`, `max_length`
    (lists, strings), `pattern` (strings); required unless given a `default` or a
    `default_factory` (a default is not checked, as in pydantic)."""
    given = {
        "gt": gt,
        "ge": ge,
        "lt": lt,
        "le": le,
        "min_length": min_length,
        "max_length": max_length,
        "pattern": pattern,
    }
    bounds = {name: bound for name, bound in given.items() if bound is not None}
    field: Any = dataclasses.field(
        default=default, default_factory=default_factory, metadata=bounds
    )
    return field


def after(name: str) -> Callable[[Check], Check]:
    """Mark a function of `(value, earlier fields)` as a check of field `name`."""

    def mark(check: Check) -> Check:
        check.checks_field = name  # type: ignore[attr-defined]
        return check

    return mark


def against(name: str, other: str, holds: Callable[[Any, Any], bool], words: str) -> Check:
    """A check of field `name` against the earlier field `other`: `holds(value, other's)`,
    else "must be {words} {other} (its value)". Nothing to compare when `other` failed."""

    @after(name)
    def check(value: Any, data: dict[str, Any]) -> Any:
        bound = data.get(other)
        if bound is not None and not holds(value, bound):
            raise ValueError(f"must be {words} {other} ({bound})")
        return value

    return check


W = TypeVar("W", bound=Callable[[Any], None])


def whole(check: W) -> W:
    """Mark a method as a check of the whole object, run once every field is valid;
    its `ValueError` is a problem of the object itself."""
    check.checks_whole = True  # type: ignore[attr-defined]
    return check


@dataclass_transform(
    frozen_default=True, kw_only_default=True, field_specifiers=(limit, dataclasses.field)
)
class Checked:
    """A frozen dataclass whose instances come from `model_validate` (checked).

    Its fields are keyword-only, so a field with a default may come before one
    without (as in a pydantic model). Each class is a dataclass (`dataclasses.fields`,
    `replace` and `asdict` work) whose `__init__`, `__eq__`, `__hash__`, `__repr__`
    and frozen `__setattr__` are these shared ones: generating them for each class,
    as `dataclass(frozen=True)` does, would cost some 20 ms for the knowledge files'
    sixty classes at every start."""

    finite: ClassVar[bool] = True  # floats must be finite (pydantic: allow_inf_nan=False)
    _init_fields: ClassVar[tuple[tuple[str, Callable[[], Any] | None], ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=True)(cls)
        made: Any = cls
        cls._init_fields = tuple(
            (field.name, _default(field)) for field in dataclasses.fields(made)
        )

    def __init__(self, **values: Any) -> None:
        state = self.__dict__
        for name, default in self._init_fields:
            if name in values:
                state[name] = values.pop(name)
            elif default is None:
                raise TypeError(f"{type(self).__name__}() missing keyword argument {name!r}")
            else:
                state[name] = default()
        if values:
            raise TypeError(
                f"{type(self).__name__}() got unexpected keyword argument(s) {list(values)}"
            )

    def _values(self) -> tuple[Any, ...]:
        state = self.__dict__
        return tuple(state[name] for name, _ in self._init_fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Checked)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{name}={value!r}"
            for (name, _), value in zip(self._init_fields, self._values(), strict=True)
        )
        return f"{type(self).__qualname__}({fields})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    @classmethod
    def model_validate(cls: type[C], data: Any) -> C:
        """An instance from plain data (a TOML table), or `CheckFailed` with every problem."""
        made: C = _model(cls, data, ())
        return made

    def model_dump(self) -> dict[str, Any]:
        """The fields as plain data (nested instances as dicts)."""
        made: Any = self  # a dataclass, made so by `__init_subclass__`
        return dataclasses.asdict(made)

    def model_copy(self: C, *, update: dict[str, Any] | None = None) -> C:
        """A copy with the fields in `update` replaced (not checked, as in pydantic)."""
        made: Any = self
        copy: C = dataclasses.replace(made, **(update or {}))
        return copy


class _Field(typing.NamedTuple):
    name: str
    kind: Any
    bounds: dict[str, Any]
    check: Check | None
    default: Callable[[], Any] | None  # None: required


@functools.cache
def _fields(cls: type[Any]) -> tuple[_Field, ...]:
    """Each field's name, type, limits, check and default (`cls` is a dataclass, once made)."""
    hints = typing.get_type_hints(cls)
    checks: dict[str, Check] = {}
    for klass in reversed(cls.__mro__):
        for member in vars(klass).values():
            function = getattr(member, "__func__", member)
            if hasattr(function, "checks_field"):
                checks[function.checks_field] = function
    return tuple(
        _Field(
            field.name,
            hints[field.name],
            dict(field.metadata),
            checks.get(field.name),
            _default(field),
        )
        for field in dataclasses.fields(cls)
    )


def _default(field: dataclasses.Field[Any]) -> Callable[[], Any] | None:
    if field.default is not dataclasses.MISSING:
        value = field.default
        return lambda: value
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory
    return None


@functools.cache
def _whole_checks(cls: type[Any]) -> tuple[Callable[[Any], None], ...]:
    """The class's `@whole` checks, a base class's first."""
    found: dict[str, Callable[[Any], None]] = {}
    for klass in reversed(cls.__mro__):
        for name, member in vars(klass).items():
            if getattr(member, "checks_whole", False):
                found[name] = member
    return tuple(found.values())


class _Bad:
    """A value that failed (its problems are already recorded)."""


_BAD = _Bad()


def _model(cls: type[C], data: Any, loc: Loc) -> C:
    if isinstance(data, cls):
        return data
    if not isinstance(data, dict):
        raise CheckFailed(loc, f"Input should be a valid dictionary or instance of {cls.__name__}")
    problems: list[tuple[Loc, str]] = []
    values: dict[str, Any] = {}
    made: Any = cls  # a dataclass (its type is hashable, whatever mypy infers)
    fields = _fields(made)
    for field in fields:
        where = (*loc, field.name)
        if field.name not in data:
            if field.default is None:
                problems.append((where, "Field required"))
            else:
                values[field.name] = field.default()
            continue
        value = _gather(problems, _field, field, data[field.name], where, cls.finite, values)
        if value is not _BAD:
            values[field.name] = value
    known = {field.name for field in fields}
    for name in data:
        if name not in known:
            problems.append(((*loc, name), "Extra inputs are not permitted"))
    _raise(problems)
    instance = cls(**values)
    for check in _whole_checks(made):
        try:
            check(instance)
        except ValueError as error:
            raise CheckFailed(loc, f"Value error, {error}") from None
    return instance


def _field(field: _Field, value: Any, loc: Loc, finite: bool, values: dict[str, Any]) -> Any:
    value = _value(field.kind, value, loc, finite, field.bounds)
    if field.check is not None:
        try:
            value = field.check(value, values)
        except ValueError as error:
            raise CheckFailed(loc, f"Value error, {error}") from None
    return value


def _gather(problems: list[tuple[Loc, str]], function: Callable[..., Any], *args: Any) -> Any:
    """`function(*args)`, or `_BAD` with its problems added to `problems`."""
    try:
        return function(*args)
    except CheckFailed as failed:
        problems.extend(failed.problems)
        return _BAD


def _raise(problems: list[tuple[Loc, str]]) -> None:
    if problems:
        loc, message = problems[0]
        raise CheckFailed(loc, message, problems)


_NO_BOUNDS: dict[str, Any] = {}


def _value(
    kind: Any, value: Any, loc: Loc, finite: bool, bounds: dict[str, Any] = _NO_BOUNDS
) -> Any:
    """`value` checked as `kind` and against `bounds` (pydantic applies an optional
    field's limits to the value when it is not None)."""
    origin = typing.get_origin(kind)
    if origin is types.UnionType or origin is typing.Union:
        return _union(kind, value, loc, finite, bounds)
    if isinstance(kind, type) and issubclass(kind, Checked):
        return _model(kind, value, loc)
    if origin is Literal:
        return _literal(kind, value, loc)
    if origin is list:
        checked: Any = _list(typing.get_args(kind)[0], value, loc, finite)
    elif origin is dict:
        key_kind, item_kind = typing.get_args(kind)
        checked = _dict(key_kind, item_kind, value, loc, finite)
    elif kind is float:
        checked = _float(value, loc, finite)
    elif kind is int:
        checked = _int(value, loc)
    elif kind is bool:
        return _bool(value, loc)
    elif kind is str:
        if not isinstance(value, str):
            raise CheckFailed(loc, "Input should be a valid string")
        checked = value
    elif kind is dt.date:
        return _date(value, loc)
    elif kind is Any:
        return value
    else:
        raise TypeError(f"{kind!r} is not a type `checked` knows")  # pragma: no cover
    if bounds:
        _bounded(checked, bounds, loc)
    return checked


def _union(kind: Any, value: Any, loc: Loc, finite: bool, bounds: dict[str, Any]) -> Any:
    """`X | None` (None, or an X), or a union of `Literal`s (pydantic words each one's
    problem, at the place tagged with the choice: `literal['a','b']`)."""
    given = typing.get_args(kind)
    choices = [choice for choice in given if choice is not type(None)]
    if value is None and len(choices) < len(given):
        return None
    if len(choices) == 1:
        return _value(choices[0], value, loc, finite, bounds)
    if any(typing.get_origin(choice) is not Literal for choice in choices) or bounds:
        raise TypeError(f"{kind!r} is not a union `checked` knows")  # pragma: no cover
    problems: list[tuple[Loc, str]] = []
    for choice in choices:
        label = f"literal[{','.join(map(repr, typing.get_args(choice)))}]"
        try:
            return _literal(choice, value, (*loc, label))
        except CheckFailed as failed:
            problems.extend(failed.problems)
    _raise(problems)
    raise AssertionError  # pragma: no cover (a union has choices)


def _literal(kind: Any, value: Any, loc: Loc) -> str:
    """One of a `Literal`'s strings (a string only: pydantic's strict rule for literals)."""
    choices: tuple[str, ...] = typing.get_args(kind)
    if isinstance(value, str) and value in choices:
        return value
    words = [repr(choice) for choice in choices]
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
    raise CheckFailed(loc, f"Input should be {listed}")


def _list(item_kind: Any, value: Any, loc: Loc, finite: bool) -> list[Any]:
    if not isinstance(value, list):
        raise CheckFailed(loc, "Input should be a valid list")
    problems: list[tuple[Loc, str]] = []
    items = [
        _gather(problems, _value, item_kind, item, (*loc, at), finite)
        for at, item in enumerate(value)
    ]
    _raise(problems)
    return items


def _dict(key_kind: Any, item_kind: Any, value: Any, loc: Loc, finite: bool) -> dict[Any, Any]:
    """A dict, its keys checked too (a key's problem is at `(..., key, '[key]')`)."""
    if not isinstance(value, dict):
        raise CheckFailed(loc, "Input should be a valid dictionary")
    problems: list[tuple[Loc, str]] = []
    items = {}
    for key, item in value.items():
        checked_key = _gather(problems, _value, key_kind, key, (*loc, key, "[key]"), finite)
        checked_item = _gather(problems, _value, item_kind, item, (*loc, key), finite)
        items[checked_key] = checked_item
    _raise(problems)
    return items


_TRUE = frozenset({"1", "t", "y", "on", "yes", "true"})
_FALSE = frozenset({"0", "f", "n", "no", "off", "false"})
_NOT_A_BOOL = "Input should be a valid boolean, unable to interpret input"


def _bool(value: Any, loc: Loc) -> bool:
    """A bool as pydantic's lax mode reads one: `True`, `1`, `1.0`, `"yes"`, `"on"`, ..."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise CheckFailed(loc, _NOT_A_BOOL)
    # A whole number that fits in 64 bits (a float too) is read: 0 and 1 only.
    whole_number = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if whole_number and -(2**63) <= value < 2**63:
        if value in (0, 1):
            return bool(value)
        raise CheckFailed(loc, _NOT_A_BOOL)
    raise CheckFailed(loc, "Input should be a valid boolean")


_NOT_A_NUMBER = "Input should be a valid number, unable to parse string as a number"
_NOT_AN_INTEGER = "Input should be a valid integer, unable to parse string as an integer"
_FRACTION = "Input should be a valid integer, got a number with a fractional part"
_TOO_BIG = "Unable to parse input string as an integer, exceeded maximum size"


def _float(value: Any, loc: Loc, finite: bool) -> float:
    if isinstance(value, str):
        raise CheckFailed(loc, _NOT_A_NUMBER)
    if not isinstance(value, int | float):  # a bool is an int: True is 1.0, as in pydantic
        raise CheckFailed(loc, "Input should be a valid number")
    number = float(value)
    if finite and not math.isfinite(number):
        raise CheckFailed(loc, "Input should be a finite number")
    return number


def _int(value: Any, loc: Loc) -> int:
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


def _date(value: Any, loc: Loc) -> dt.date:
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


def _bounded(value: Any, bounds: dict[str, Any], loc: Loc) -> None:
    if isinstance(value, str):
        _text_bounded(value, bounds, loc)
        return
    least = bounds.get("min_length")
    if least is not None and len(value) < least:
        items = "item" if least == 1 else "items"
        raise CheckFailed(
            loc, f"List should have at least {least} {items} after validation, not {len(value)}"
        )
    for name, (holds, words) in _BOUNDS.items():
        if name in bounds and not holds(value, bounds[name]):
            raise CheckFailed(loc, f"Input should be {words} {bounds[name]}")


def _text_bounded(value: str, bounds: dict[str, Any], loc: Loc) -> None:
    """A string's length, then its pattern, in pydantic's order and words."""
    least, most = bounds.get("min_length"), bounds.get("max_length")
    if least is not None and len(value) < least:
        characters = "character" if least == 1 else "characters"
        raise CheckFailed(loc, f"String should have at least {least} {characters}")
    if most is not None and len(value) > most:
        characters = "character" if most == 1 else "characters"
        raise CheckFailed(loc, f"String should have at most {most} {characters}")
    pattern = bounds.get("pattern")
    if pattern is not None and not _regex(pattern).search(value):
        raise CheckFailed(loc, f"String should match pattern '{pattern}'")


@functools.cache
def _regex(pattern: str) -> re.Pattern[str]:
    """A pattern as pydantic's Rust regex reads it: a final `$` is the end of the text
    (in Python's `re` it also matches before a final newline)."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)
