"""A fast decoder for case documents: msgspec Structs derived from `case.py`.

`contract/case.py` stays the one definition of the case document. This module
reads its dataclasses at import time (field names, order, defaults, types and
their pydantic bounds) and builds a frozen msgspec Struct for each, with
unknown fields forbidden, the same bounds as `msgspec.Meta`, and the tests as
a union tagged on `kind`. A constraint it does not know stops the import:
the fast decoder never silently accepts more than pydantic does.

The decoder is a shortcut, never a second judge. When it rejects a document,
the caller asks pydantic, which then accepts it (pydantic is laxer in places,
e.g. a date written as a midnight date-time) or words every problem exactly
as before. Datetimes are decoded as text and validated by pydantic's own
datetime validator, so they are the same values. The Structs carry the same
attributes as the dataclasses (and `Programme.current_stage_started`), so the
engine reads them alike; `tests/contract/test_fast_case.py` checks that every
document the fast decoder accepts, pydantic accepts with equal values.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import types
import typing
from typing import Annotated, Any, Literal, Union, cast

import annotated_types
import msgspec
from pydantic import BeforeValidator, Strict, TypeAdapter
from pydantic.fields import FieldInfo

from heelraise.contract import case as contract
from heelraise.contract.case import Case

# Types msgspec decodes from text differently from pydantic: decoded as text
# here, then validated by pydantic (same acceptance, same values).
_VALIDATED_AFTER = {dt.datetime}

PostCheck = tuple[str, TypeAdapter[Any] | None, "StructInfo | None"]


@dataclasses.dataclass
class StructInfo:
    """What must be looked at after decoding a struct: (field, validator, nested info)."""

    struct: type[msgspec.Struct]
    after: list[PostCheck] = dataclasses.field(default_factory=list)


class _Builder:
    def __init__(self) -> None:
        self.infos: dict[type, StructInfo] = {}

    def struct(self, cls: type, tag: str | None = None) -> StructInfo:
        known = self.infos.get(cls)
        if known is not None:
            return known
        hints = typing.get_type_hints(cls, include_extras=True)
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
        after: list[PostCheck] = []
        namespace: dict[str, Any] = {"__doc__": cls.__doc__}
        for field in dataclasses.fields(cls):
            if tag is not None and field.name == "kind":
                namespace["kind"] = _constant(tag)
                continue
            annotation, check, nested = self.annotation(hints[field.name], cls, field.name)
            default = self.default(field)
            if default is msgspec.NODEFAULT:
                fields.append((field.name, annotation))
            else:
                fields.append((field.name, annotation, default))
            if check is not None or nested is not None:
                after.append((field.name, check, nested))
        for name, value in vars(cls).items():
            # Properties and plain methods (VisaAAnswers.total, ...) carry over.
            if isinstance(value, property) or (
                inspect.isfunction(value) and not name.startswith("__")
            ):
                namespace[name] = value
        options: dict[str, Any] = {"frozen": True, "kw_only": True, "forbid_unknown_fields": True}
        if tag is not None:
            options |= {"tag_field": "kind", "tag": tag}
        struct = msgspec.defstruct(
            cls.__name__, fields, module=__name__, namespace=namespace, gc=False, **options
        )
        info = StructInfo(struct, after)
        self.infos[cls] = info
        return info

    def default(self, field: dataclasses.Field[Any]) -> Any:
        if field.default is not dataclasses.MISSING:
            return field.default
        if field.default_factory is dataclasses.MISSING:
            return msgspec.NODEFAULT
        made = field.default_factory()
        if made == []:
            return msgspec.field(default_factory=list)
        made_type: type = type(made)
        if dataclasses.is_dataclass(made) and made == made_type():
            return msgspec.field(default_factory=self.struct(made_type).struct)
        raise TypeError(f"fast case decoder: unsupported default for {field.name}")

    def annotation(
        self, hint: Any, owner: type, name: str
    ) -> tuple[Any, TypeAdapter[Any] | None, StructInfo | None]:
        """The msgspec annotation for a field, its after-check and nested struct info."""
        origin = typing.get_origin(hint)
        if origin is Annotated:
            base, *metadata = typing.get_args(hint)
            if any(isinstance(m, FieldInfo) and m.discriminator for m in metadata):
                return self.tagged(base, metadata)
            inner, check, nested = self.annotation(base, owner, name)
            meta = _meta(metadata, f"{owner.__name__}.{name}")
            return (Annotated[inner, meta] if meta else inner), check, nested
        if origin in (Union, types.UnionType):
            parts = [self.annotation(arg, owner, name) for arg in typing.get_args(hint)]
            checks = [p[1] for p in parts if p[1] is not None]
            nested_infos = [p[2] for p in parts if p[2] is not None]
            if len(checks) > 1 or len(nested_infos) > 1:
                raise TypeError(f"fast case decoder: unsupported union in {owner.__name__}.{name}")
            check = TypeAdapter(hint) if checks else None
            joined: Any = Union[tuple(p[0] for p in parts)]  # noqa: UP007 (built at run time)
            return joined, check, (nested_infos[0] if nested_infos else None)
        if origin is list:
            (item,) = typing.get_args(hint)
            inner, check, nested = self.annotation(item, owner, name)
            if check is not None:
                raise TypeError(f"fast case decoder: unsupported list in {owner.__name__}.{name}")
            return list[inner], None, nested  # type: ignore[valid-type]
        if origin is Literal or origin is dict or hint in (int, float, str, bool, dt.date):
            return hint, None, None
        if hint in _VALIDATED_AFTER:
            return str, TypeAdapter(hint), None
        if hint is type(None):
            return hint, None, None
        if dataclasses.is_dataclass(hint):
            info = self.struct(cast(type, hint))
            return info.struct, None, (info if info.after else None)
        raise TypeError(f"fast case decoder: unsupported type {hint!r} in {owner.__name__}.{name}")

    def tagged(
        self, union: Any, metadata: list[Any]
    ) -> tuple[Any, TypeAdapter[Any] | None, StructInfo | None]:
        members = []
        for member in typing.get_args(union):
            kind = typing.get_type_hints(member)["kind"]
            (tag,) = typing.get_args(kind)
            info = self.struct(member, tag=tag)
            if info.after:
                raise TypeError(f"fast case decoder: unsupported field in {member.__name__}")
            members.append(info.struct)
        return Union[tuple(members)], None, None  # noqa: UP007 (built at run time)


def _constant(value: str) -> property:
    """A read-only attribute holding the union tag (the dataclass's `kind` field)."""
    return property(lambda _self: value)


def _meta(metadata: list[Any], where: str) -> msgspec.Meta | None:
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
            if isinstance(constraint, annotated_types.Ge):
                bounds["ge"] = constraint.ge
            elif isinstance(constraint, annotated_types.Le):
                bounds["le"] = constraint.le
            elif isinstance(constraint, annotated_types.Gt):
                bounds["gt"] = constraint.gt
            elif isinstance(constraint, annotated_types.Lt):
                bounds["lt"] = constraint.lt
            elif isinstance(constraint, annotated_types.MinLen):
                bounds["min_length"] = constraint.min_length
            elif isinstance(constraint, annotated_types.MaxLen):
                bounds["max_length"] = constraint.max_length
            elif getattr(constraint, "allow_inf_nan", True) is False:
                continue  # msgspec rejects NaN, Infinity and out-of-range numbers in JSON
            else:
                raise TypeError(
                    f"fast case decoder: unsupported constraint {constraint!r} ({where})"
                )
    return msgspec.Meta(**bounds) if bounds else None


_BUILT = _Builder()
_CASE = _BUILT.struct(contract.Case)
_DECODER = msgspec.json.Decoder(_CASE.struct)


def _validate_after(values: list[Any], info: StructInfo) -> None:
    """Run the after-checks on structs of one kind (a level at a time, not one by one)."""
    for name, check, nested in info.after:
        fields = [getattr(value, name) for value in values]
        if check is not None:
            for value, field in zip(values, fields, strict=True):
                if field is not None:
                    msgspec.structs.force_setattr(value, name, check.validate_python(field))
        elif nested is not None:
            inner: list[Any] = []
            for field in fields:
                if isinstance(field, list):
                    inner += field
                elif field is not None:
                    inner.append(field)
            if inner:
                _validate_after(inner, nested)


def decode_case(text: str | bytes) -> Case | None:
    """The case, decoded fast; None when the fast decoder cannot vouch for it.

    None means: ask pydantic (`CASE_ADAPTER.validate_json`), which gives the
    case or the problems. The result reads like a `Case` (same attributes, equal
    values) but is a Struct: compare its fields, not its type.
    """
    try:
        value = _DECODER.decode(text)
        _validate_after([value], _CASE)
    except (msgspec.DecodeError, ValueError):  # ValueError: bad UTF-8 or a bad datetime
        return None
    return cast(Case, value)


def fast_struct(cls: type) -> type[msgspec.Struct]:
    """The Struct derived from one of `case.py`'s dataclasses (for tests)."""
    return _BUILT.infos[cls].struct
