"""Write `contract/case_structs.py`: the fast decoder's msgspec Structs, derived from `case.py`.

`contract/case.py` stays the one definition of the case document. This module
reads its dataclasses (field names, order, defaults, types and their pydantic
bounds) and writes, as Python source, a frozen msgspec Struct for each: unknown
fields forbidden, the same bounds as `msgspec.Meta`, and the tests as a union
tagged on `kind`. A constraint it does not know stops it: the fast decoder
never silently accepts more than pydantic does.

The Structs are written out, not built at import, so that reading a valid case
imports neither pydantic nor `case.py`: `heelraise assess FILE` starts without
them. `tests/contract/test_case_structs.py` checks that the file is what this
module writes from today's `case.py`; after changing `case.py`, run

    python -m heelraise.contract.case_structs_source

Datetimes are decoded as text and checked after decoding (`fast_case.py`).
Methods and properties come from `contract/case_common.py`, as `case.py`'s do.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
import types
import typing
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import annotated_types
from pydantic import BeforeValidator, Strict
from pydantic.fields import FieldInfo

from heelraise.contract import case as contract
from heelraise.contract import case_common

TARGET = Path(__file__).with_name("case_structs.py")

HEADER = '''"""The case document as msgspec Structs, for the fast decoder (`contract/fast_case.py`).

Written by `python -m heelraise.contract.case_structs_source` from `contract/case.py`:
do not edit; change `case.py` and write this again (a test checks that it is current).
"""

# ruff: noqa: E501

import datetime as dt
from typing import Annotated, Any, Literal

import msgspec

from heelraise.contract import case_common

'''

# How each check after decoding is named in `AFTER` (`fast_case.py` knows each name).
_CHECKED_AFTER = {dt.datetime: "datetime"}


@dataclasses.dataclass
class StructSource:
    """One Struct's source, and what `fast_case.py` must look at after decoding it."""

    name: str
    source: str
    after: list[tuple[str, str | None, str | None]]  # (field, check, nested struct)


class _Writer:
    def __init__(self) -> None:
        self.structs: dict[type, StructSource] = {}

    def struct(self, cls: type, tag: str | None = None) -> StructSource:
        known = self.structs.get(cls)
        if known is not None:
            return known
        hints = typing.get_type_hints(cls, include_extras=True)
        options = "frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False"
        if tag is not None:
            options += f', tag_field="kind", tag={_text(tag)}'
        lines = [f"class {cls.__name__}(msgspec.Struct, {options}):"]
        if cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}("):
            lines.append(f"    {_docstring(cls.__doc__)}")
            lines.append("")
        after: list[tuple[str, str | None, str | None]] = []
        for field in dataclasses.fields(cls):
            if tag is not None and field.name == "kind":
                continue
            annotation, check, nested = self.annotation(hints[field.name], cls, field.name)
            lines.append(f"    {field.name}: {annotation}{self.default(field)}")
            if check is not None or nested is not None:
                after.append((field.name, check, nested))
        if tag is not None:
            lines += ["", "    @property", f"    def kind(self) -> Literal[{_text(tag)}]:"]
            lines.append(f"        return {_text(tag)}")
        lines += _methods(cls)
        made = StructSource(cls.__name__, "\n".join(lines) + "\n", after)
        self.structs[cls] = made
        return made

    def default(self, field: dataclasses.Field[Any]) -> str:
        if field.default is not dataclasses.MISSING:
            return f" = {_text(field.default)}"
        if field.default_factory is dataclasses.MISSING:
            return ""
        made = field.default_factory()
        if made == []:
            return " = msgspec.field(default_factory=list)"
        made_type: type = type(made)
        if dataclasses.is_dataclass(made) and made == made_type():
            return f" = msgspec.field(default_factory={self.struct(made_type).name})"
        raise TypeError(f"case structs: unsupported default for {field.name}")

    def annotation(self, hint: Any, owner: type, name: str) -> tuple[str, str | None, str | None]:
        """The Struct annotation's source for a field, its check after decoding, its struct."""
        origin = typing.get_origin(hint)
        if origin is Annotated:
            base, *metadata = typing.get_args(hint)
            if any(isinstance(m, FieldInfo) and m.discriminator for m in metadata):
                return self.tagged(base), None, None
            inner, check, nested = self.annotation(base, owner, name)
            meta = _meta(metadata, f"{owner.__name__}.{name}")
            return (f"Annotated[{inner}, {meta}]" if meta else inner), check, nested
        if origin in (Union, types.UnionType):
            parts = [self.annotation(arg, owner, name) for arg in typing.get_args(hint)]
            checks = {p[1] for p in parts if p[1] is not None}
            nested_names = {p[2] for p in parts if p[2] is not None}
            if len(checks) > 1 or len(nested_names) > 1:
                raise TypeError(f"case structs: unsupported union in {owner.__name__}.{name}")
            joined = " | ".join(p[0] for p in parts)
            return joined, next(iter(checks), None), next(iter(nested_names), None)
        if origin is list:
            (item,) = typing.get_args(hint)
            inner, check, nested = self.annotation(item, owner, name)
            if check is not None:
                raise TypeError(f"case structs: unsupported list in {owner.__name__}.{name}")
            return f"list[{inner}]", None, nested
        if origin is Literal:
            return f"Literal[{', '.join(map(_text, typing.get_args(hint)))}]", None, None
        if origin is dict and typing.get_args(hint) == (str, Any):
            return "dict[str, Any]", None, None
        if hint in (int, float, str, bool):
            return hint.__name__, None, None
        if hint is dt.date:
            return "dt.date", None, None
        if hint in _CHECKED_AFTER:
            return "str", _CHECKED_AFTER[hint], None
        if hint is type(None):
            return "None", None, None
        if dataclasses.is_dataclass(hint):
            made = self.struct(typing.cast(type, hint))
            return made.name, None, (made.name if made.after else None)
        raise TypeError(f"case structs: unsupported type {hint!r} in {owner.__name__}.{name}")

    def tagged(self, union: Any) -> str:
        members = []
        for member in typing.get_args(union):
            kind = typing.get_type_hints(member)["kind"]
            (tag,) = typing.get_args(kind)
            made = self.struct(member, tag=tag)
            if made.after:
                raise TypeError(f"case structs: unsupported field in {member.__name__}")
            members.append(made.name)
        return " | ".join(members)


def _text(value: object) -> str:
    """A value as source, strings in double quotes (as the formatter writes them)."""
    return json.dumps(value) if isinstance(value, str) else repr(value)


def _docstring(text: str) -> str:
    return '"""' + " ".join(text.split()) + '"""'


def _methods(cls: type) -> list[str]:
    """The class's methods and properties, each one of `case_common`' functions."""
    lines: list[str] = []
    for name, value in vars(cls).items():
        function = value.fget if isinstance(value, property) else value
        if not callable(function) or name.startswith("__"):
            continue
        if getattr(function, "__module__", None) != case_common.__name__:
            raise TypeError(
                f"case structs: {cls.__name__}.{name} must be one of case_common' functions"
            )
        reference = f"case_common.{function.__name__}"
        lines.append(
            f"    {name} = property({reference})"
            if isinstance(value, property)
            else f"    {name} = {reference}"
        )
    return ([""] if lines else []) + lines


# Each bound pydantic keeps as an annotated-types object, by its `msgspec.Meta` name
# (the same name as the object's attribute).
_BOUNDS: dict[type, str] = {
    annotated_types.Ge: "ge",
    annotated_types.Le: "le",
    annotated_types.Gt: "gt",
    annotated_types.Lt: "lt",
    annotated_types.MinLen: "min_length",
    annotated_types.MaxLen: "max_length",
}


def _meta(metadata: list[Any], where: str) -> str | None:
    bounds: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, Strict):
            continue  # msgspec never coerces: it is strict already
        if isinstance(item, BeforeValidator) and item.func is contract.integral:
            continue  # 3.0 for an integer: msgspec refuses it, so pydantic (which takes it) decides
        if isinstance(item, BeforeValidator) and item.func in (
            contract.day_text,
            contract.instant_text,
            contract.not_bool,
        ):
            continue  # msgspec reads dates from text only, and no bool as a number
        constraints = item.metadata if isinstance(item, FieldInfo) else [item]
        for constraint in constraints:
            bound = _BOUNDS.get(type(constraint))
            if bound is not None:
                bounds[bound] = getattr(constraint, bound)
            elif getattr(constraint, "allow_inf_nan", True) is False:
                continue  # msgspec rejects NaN, Infinity and out-of-range numbers in JSON
            else:
                raise TypeError(f"case structs: unsupported constraint {constraint!r} ({where})")
    if not bounds:
        return None
    return "msgspec.Meta(" + ", ".join(f"{key}={value!r}" for key, value in bounds.items()) + ")"


def source() -> str:
    """The text of `case_structs.py` for today's `case.py`."""
    writer = _Writer()
    case = writer.struct(contract.Case)
    parts = [HEADER]
    for made in writer.structs.values():
        parts.append(f"\n{made.source}\n")
    after = [made for made in writer.structs.values() if made.after]
    parts.append(
        "\n# What `fast_case.py` looks at after decoding a Struct of each kind:\n"
        "# (field, the check its text needs or None, the Struct inside it to look at or None).\n"
        "AFTER: dict[type[msgspec.Struct], tuple[tuple[str, str | None, Any], ...]] = {\n"
    )
    for made in after:
        entries = "".join(
            f"({_text(field)}, {_text(check)}, {nested or 'None'}), "
            for field, check, nested in made.after
        )
        parts.append(f"    {made.name}: ({entries.rstrip()}),\n")
    parts.append("}\n")
    parts.append(f"\nCASE = {case.name}\n")
    return "".join(parts)


def main() -> None:
    text = source()
    if TARGET.read_text(encoding="utf-8") == text:
        print(f"{TARGET.name} is current")
        return
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}", file=sys.stderr)


if __name__ == "__main__":
    main()
