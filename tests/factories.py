"""Case documents for tests: a typical first visit, and ways to change it."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from heelraise.contract import Case, parse_case

AS_OF = dt.date(2026, 11, 20)

BASE_SYMPTOMS: dict[str, Any] = {
    "side": "left",
    "onset": "gradual",
    "started": "2026-10-20",
    "site": "midportion",
    "pop": False,
    "sudden_sharp_pain": False,
    "push_off_difficulty": False,
    "marked_swelling": False,
    "contour_change": False,
    "single_leg_heel_raise": "able",
    "morning_stiffness": True,
    "eases_when_warm": True,
    "worse_after_fast_or_next_day": True,
    "pain_0_10": 3,
    "limits_walking_or_stairs": False,
    "worsening_weeks": False,
}


def case_document(**parts: Any) -> dict[str, Any]:
    """A typical midportion first visit; keyword arguments replace or extend its parts.

    `symptoms=` and `history=` are merged into the defaults; other parts replace.
    """
    document: dict[str, Any] = {
        "format": "heelraise.case/1",
        "as_of": AS_OF.isoformat(),
        "person": {"age": 40, "sports": ["running"]},
        "symptoms": copy.deepcopy(BASE_SYMPTOMS),
    }
    for key, value in parts.items():
        if key in {"symptoms", "history"} and isinstance(value, dict):
            merged = dict(document.get(key, {}))
            merged.update(value)
            document[key] = merged
        else:
            document[key] = value
    return document


def make_case(**parts: Any) -> Case:
    return parse_case(case_document(**parts))


def daily_checkins(
    first: dt.date,
    last: dt.date,
    *,
    stiffness: int = 2,
    walking: int = 1,
    during: int = 2,
    after: int = 2,
    settled: bool = True,
) -> list[dict[str, Any]]:
    """One check-in a day from `first` to `last` inclusive, all alike."""
    days = (last - first).days + 1
    return [
        {
            "date": (first + dt.timedelta(days=offset)).isoformat(),
            "morning_stiffness_0_10": stiffness,
            "pain_walking_0_10": walking,
            "pain_during_0_10": during,
            "pain_after_0_10": after,
            "settled_by_next_morning": settled,
            "exercised": True,
        }
        for offset in range(days)
    ]


def weekly_runs(
    first_monday: dt.date, weeks: int, distances: tuple[float, ...] = (6.0, 7.5, 6.0, 10.5)
) -> list[dict[str, Any]]:
    """A steady running history: the given runs each week on Mon, Wed, Fri, Sun."""
    offsets = (0, 2, 4, 6)
    sessions: list[dict[str, Any]] = []
    for week in range(weeks):
        for offset, distance in zip(offsets, distances, strict=False):
            day = first_monday + dt.timedelta(days=7 * week + offset)
            sessions.append(
                {
                    "date": day.isoformat(),
                    "sport": "run",
                    "distance_km": distance,
                    "duration_min": round(distance * 5.6, 1),
                    "elevation_gain_m": round(distance * 6),
                    "kind": "long" if distance >= 10 else "easy",
                    "surface": "road",
                    "shoe": "Daily trainer",
                }
            )
    return sessions


def shifted_to(document: dict[str, Any], day: dt.date) -> dict[str, Any]:
    """The case moved in time so that its `as_of` is `day` (every ISO day moves alike)."""
    delta = day - dt.date.fromisoformat(document["as_of"])

    def move(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: move(item) for key, item in value.items()}
        if isinstance(value, list):
            return [move(item) for item in value]
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                return (dt.date.fromisoformat(value) + delta).isoformat()
            except ValueError:
                return value
        return value

    moved: dict[str, Any] = move(document)
    return moved
