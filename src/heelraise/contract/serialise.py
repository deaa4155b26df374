"""Assessment → JSON bytes, fast and deterministic.

orjson serialises the dataclasses in field order. The large parts that the
engine shares between assessments (this week's plan, the cited sources, the
advice list) are serialised once and reused as `orjson.Fragment`s: measured,
this more than halves serialisation time in `assess --batch`. A plan for a
new date shares its exercise lists with the plans before it, so a new plan is
put together from their fragments rather than serialised whole.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import orjson

from heelraise.contract.assessment import Assessment, Plan

_FIELDS = tuple(f.name for f in fields(Assessment))
_SHARED = ("plan", "sources", "advice")
_CACHE_LIMIT = 4096
_PARTS_LIMIT = 16384  # exercise lists: one per session of each undated week, about 1 kB each


class _FragmentCache:
    """Fragments keyed by the identity of objects the engine reuses (kept alive here).

    Exercise lists are kept apart from whole plans: plans come and go with
    their dates, and clearing them must not throw away the exercise lists
    every later plan is put together from.
    """

    def __init__(self) -> None:
        self._entries: dict[int, tuple[object, orjson.Fragment]] = {}
        self._exercise_lists: dict[int, tuple[object, orjson.Fragment]] = {}

    def fragment(self, value: object) -> orjson.Fragment:
        return self._lookup(self._entries, _CACHE_LIMIT, value)

    def _lookup(
        self, entries: dict[int, tuple[object, orjson.Fragment]], limit: int, value: object
    ) -> orjson.Fragment:
        entry = entries.get(id(value))
        if entry is not None and entry[0] is value:
            return entry[1]
        if len(entries) >= limit:
            entries.clear()
        made = orjson.Fragment(orjson.dumps(self._parts(value)))
        entries[id(value)] = (value, made)
        return made

    def _parts(self, value: object) -> object:
        """A plan as a document whose exercise lists are (shared) fragments; else the value."""
        if not isinstance(value, Plan):
            return value
        return {
            "week_of": value.week_of,
            "sessions": [
                {
                    "date": session.date,
                    "title": session.title,
                    "exercises": self._lookup(
                        self._exercise_lists, _PARTS_LIMIT, session.exercises
                    ),
                    "kind": session.kind,
                }
                for session in value.sessions
            ],
            "stage": value.stage,
            "variant": value.variant,
            "source": value.source,
            "load_step": value.load_step,
            "note": value.note,
        }


_cache = _FragmentCache()


def assessment_to_json(assessment: Assessment, *, indent: bool = False) -> bytes:
    """The `heelraise.assessment/1` document as JSON bytes."""
    if indent:
        return orjson.dumps(assessment, option=orjson.OPT_INDENT_2)
    document: dict[str, Any] = {name: getattr(assessment, name) for name in _FIELDS}
    for name in _SHARED:
        value = document[name]
        if value is not None:
            document[name] = _cache.fragment(value)
    return orjson.dumps(document)
