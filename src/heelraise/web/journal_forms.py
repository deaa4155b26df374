"""Form values for the journal's own forms (check-in, hop, VISA-A, heel rise).

Browsers send strings; the contract wants integers and booleans. A value
that is not what it should be is passed on unchanged, so the contract's
validation names the field (`pain_walking_0_10: ...`) and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

YES = frozenset({"yes", "true", "on", "1"})
NO = frozenset({"no", "false", "off", "0"})


def integer(raw: str) -> int | str | None:
    value = raw.strip()
    if not value:
        return None
    if value.lstrip("-").isdigit():
        return int(value)
    return value


def number(raw: str) -> float | str | None:
    value = raw.strip()
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        return value


def yes_no(raw: str) -> bool | str | None:
    value = raw.strip().lower()
    if not value:
        return None
    if value in YES:
        return True
    if value in NO:
        return False
    return raw


def text(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


def fields_from(
    form: Mapping[str, Any],
    *,
    integers: Iterable[str] = (),
    numbers: Iterable[str] = (),
    booleans: Iterable[str] = (),
    dates: Iterable[str] = ("date",),
) -> dict[str, Any]:
    """The named fields, converted; blank fields left out."""
    fields: dict[str, Any] = {}
    for name in integers:
        fields[name] = integer(text(form, name))
    for name in numbers:
        fields[name] = number(text(form, name))
    for name in booleans:
        fields[name] = yes_no(text(form, name))
    for name in dates:
        fields[name] = text(form, name).strip() or None
    return {name: value for name, value in fields.items() if value is not None}


def submitted(form: Mapping[str, Any], names: Iterable[str]) -> dict[str, str]:
    """The raw values, to fill the form in again."""
    return {name: text(form, name) for name in names}
