"""Assessment → JSON bytes, fast and deterministic.

orjson serialises the dataclasses in field order. The large parts that the
engine shares between assessments (this week's plan, the cited sources, the
advice list) are serialised once and reused as `orjson.Fragment`s: measured,
this more than halves serialisation time in `assess --batch`. A plan for a
new date shares its exercise lists with the plans before it, so a new plan is
put together from their fragments rather than serialised whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

import orjson

from heelraise.contract.assessment import Assessment, Plan

_FIELDS = tuple(f.name for f in fields(Assessment))
_SHARED = ("plan", "sources", "advice")
_CACHE_LIMIT = 4096
_PARTS_LIMIT = 16384  # exercise lists: one per session of each undated week, about 1 kB each


_DATE_MARK = "\ue000date\ue000"  # a private-use character: never in the knowledge's text
_QUOTED_MARK = orjson.dumps(_DATE_MARK)


class _FragmentCache:
    """Fragments keyed by the identity of objects the engine reuses (kept alive here).

    Exercise lists are kept apart from whole plans: plans come and go with
    their dates, and clearing them must not throw away the exercise lists
    every later plan is put together from. A plan for a new date is spliced
    from the byte pieces of its undated shape (titles, kinds, exercise lists)
    and its dates, so no plan is serialised twice.
    """

    def __init__(self) -> None:
        self._entries: dict[int, tuple[object, orjson.Fragment]] = {}
        self._exercise_lists: dict[int, tuple[object, orjson.Fragment]] = {}
        self._shapes: dict[tuple[object, ...], _PlanShape] = {}
        self._days: dict[int, bytes] = {}

    def fragment(self, value: object) -> orjson.Fragment:
        entry = self._entries.get(id(value))
        if entry is not None and entry[0] is value:
            return entry[1]
        if len(self._entries) >= _CACHE_LIMIT:
            self._entries.clear()
        made = (
            self._plan(value) if isinstance(value, Plan) else orjson.Fragment(orjson.dumps(value))
        )
        self._entries[id(value)] = (value, made)
        return made

    def _plan(self, plan: Plan) -> orjson.Fragment:
        base = plan.week_of.toordinal()
        key: list[object] = [plan.stage, plan.variant, plan.source]
        offsets: list[int] = [0]
        for session in plan.sessions:
            offset = session.date.toordinal() - base
            offsets.append(offset)
            key += (offset, session.title, id(session.exercises), session.kind)
        shape_key = tuple(key)
        shape = self._shapes.get(shape_key)
        if shape is None:
            if len(self._shapes) >= _CACHE_LIMIT:
                self._shapes.clear()
            shape = self._shapes[shape_key] = self._shape(plan)
        pieces = [shape.pieces[0]]
        for offset, piece in zip(offsets, shape.pieces[1:], strict=True):
            pieces += (self._day(base + offset), piece)
        return orjson.Fragment(b"".join(pieces))

    def _day(self, ordinal: int) -> bytes:
        day = self._days.get(ordinal)
        if day is None:
            if len(self._days) >= _CACHE_LIMIT:
                self._days.clear()
            day = self._days[ordinal] = orjson.dumps(dt.date.fromordinal(ordinal))
        return day

    def _shape(self, plan: Plan) -> _PlanShape:
        """The plan's JSON cut at its dates (week_of, then each session's date)."""
        document = {
            "week_of": _DATE_MARK,
            "sessions": [
                {
                    "date": _DATE_MARK,
                    "title": session.title,
                    "exercises": self._exercises(session.exercises),
                    "kind": session.kind,
                }
                for session in plan.sessions
            ],
            "stage": plan.stage,
            "variant": plan.variant,
            "source": plan.source,
        }
        pieces = orjson.dumps(document).split(_QUOTED_MARK)
        # The exercise lists are kept alive with the shape, so their ids in its key stay theirs.
        return _PlanShape(pieces, [session.exercises for session in plan.sessions])

    def _exercises(self, exercises: object) -> orjson.Fragment:
        entry = self._exercise_lists.get(id(exercises))
        if entry is not None and entry[0] is exercises:
            return entry[1]
        if len(self._exercise_lists) >= _PARTS_LIMIT:
            self._exercise_lists.clear()
        made = orjson.Fragment(orjson.dumps(exercises))
        self._exercise_lists[id(exercises)] = (exercises, made)
        return made


@dataclass(frozen=True, slots=True)
class _PlanShape:
    pieces: list[bytes]  # one more than the plan's dates
    keep_alive: list[object]


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
