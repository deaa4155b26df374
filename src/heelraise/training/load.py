"""Weekly training load from activity summaries (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from heelraise.contract.assessment import WeekLoad
from heelraise.contract.case import TrainingSession

ONE_WEEK = dt.timedelta(days=7)


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week that holds `day`."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(slots=True)
class _WeekTotals:
    run_km: float = 0.0
    sessions: int = 0
    run_sessions: int = 0
    total_km: float = 0.0
    duration_min: float = 0.0
    elevation_gain_m: float = 0.0
    longest_run_km: float = 0.0


def is_run(session: TrainingSession, run_sports: frozenset[str]) -> bool:
    return session.sport.lower() in run_sports


def weekly_load(
    training: Sequence[TrainingSession], until: dt.date, run_sports: frozenset[str]
) -> list[WeekLoad]:
    """One row per week from the first activity's week to `until`'s week, gaps as zeros."""
    if not training:
        return []
    totals: dict[dt.date, _WeekTotals] = {}
    for session in training:
        week = totals.setdefault(week_start(session.date), _WeekTotals())
        week.sessions += 1
        week.total_km += session.distance_km
        week.duration_min += session.duration_min
        week.elevation_gain_m += session.elevation_gain_m or 0.0
        if is_run(session, run_sports):
            week.run_sessions += 1
            week.run_km += session.distance_km
            week.longest_run_km = max(week.longest_run_km, session.distance_km)
    first = min(totals)
    last = max(week_start(until), max(totals))
    rows: list[WeekLoad] = []
    current = first
    while current <= last:
        week = totals.get(current) or _WeekTotals()
        rows.append(
            WeekLoad(
                week_start=current,
                run_km=round(week.run_km, 2),
                sessions=week.sessions,
                run_sessions=week.run_sessions,
                other_sessions=week.sessions - week.run_sessions,
                total_km=round(week.total_km, 2),
                duration_min=round(week.duration_min, 1),
                elevation_gain_m=round(week.elevation_gain_m, 1),
                longest_run_km=round(week.longest_run_km, 2),
            )
        )
        current += ONE_WEEK
    return rows
