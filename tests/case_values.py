"""Comparing a case read by the fast decoder (a Struct) with one pydantic made."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import msgspec


def assert_same_value(fast: Any, slow: Any, where: str = "case") -> None:
    """Equal values of the same types, field by field (the fast one may be a Struct)."""
    if dataclasses.is_dataclass(slow):
        assert isinstance(fast, msgspec.Struct), where
        for field in dataclasses.fields(slow):
            assert_same_value(
                getattr(fast, field.name), getattr(slow, field.name), f"{where}.{field.name}"
            )
    elif isinstance(slow, list):
        assert isinstance(fast, list), where
        assert len(fast) == len(slow), where
        for index, (a, b) in enumerate(zip(fast, slow, strict=True)):
            assert_same_value(a, b, f"{where}[{index}]")
    elif isinstance(slow, dict):
        assert isinstance(fast, dict), where
        assert list(fast) == list(slow), where
        for key in slow:
            assert_same_value(fast[key], slow[key], f"{where}.{key}")
    else:
        assert type(fast) is type(slow), (where, fast, slow)
        assert fast == slow, (where, fast, slow)
        if isinstance(slow, dt.datetime):
            assert fast.utcoffset() == slow.utcoffset(), where
