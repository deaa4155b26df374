"""Weekly training load from activity summaries (pure).

`TrainingView` sorts a case's sessions once and precomputes what the load
table and the spike rules both need (day numbers, which sessions are runs),
so neither walks the sessions more than it must.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from heelraise.contract.assessment import WeekLoad
from heelraise.contract.case import TrainingSession


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week that holds `day`."""
    return day - dt.timedelta(days=day.weekday())


def is_run(session: TrainingSession, run_sports: frozenset[str]) -> bool:
    return session.sport.lower() in run_sports


@dataclass(frozen=True, slots=True)
class TrainingView:
    """A case's sessions in date order, with day numbers, sports in lower case and run flags."""

    sessions: list[TrainingSession]
    days: list[int]  # proleptic ordinal of each session's date
    runs: list[bool]
    sports: list[str]  # each session's sport, lower case

    @classmethod
    def of(cls, training: Sequence[TrainingSession], run_sports: frozenset[str]) -> TrainingView:
        ordered = sorted(training, key=lambda session: session.date)
        sports = [s.sport.lower() for s in ordered]
        return cls(
            ordered,
            [s.date.toordinal() for s in ordered],
            [sport in run_sports for sport in sports],
            sports,
        )


def weekly_load(view: TrainingView, until: dt.date) -> list[WeekLoad]:
    """One row per week from the first activity's week to `until`'s week, gaps as zeros."""
    if not view.sessions:
        return []
    first_monday = view.days[0] - view.sessions[0].date.weekday()
    last_day = max(until.toordinal(), view.days[-1])
    count = (last_day - first_monday) // 7 + 1
    run_km = [0.0] * count
    sessions = [0] * count
    run_sessions = [0] * count
    total_km = [0.0] * count
    duration = [0.0] * count
    gain = [0.0] * count
    longest = [0.0] * count
    for session, day, run in zip(view.sessions, view.days, view.runs, strict=True):
        week = (day - first_monday) // 7
        sessions[week] += 1
        total_km[week] += session.distance_km
        duration[week] += session.duration_min
        if session.elevation_gain_m is not None:
            gain[week] += session.elevation_gain_m
        if run:
            run_sessions[week] += 1
            run_km[week] += session.distance_km
            if session.distance_km > longest[week]:
                longest[week] = session.distance_km
    return [
        WeekLoad(
            dt.date.fromordinal(first_monday + 7 * week),  # week_start
            round(run_km[week], 2),  # run_km
            sessions[week],  # sessions
            run_sessions[week],  # run_sessions
            sessions[week] - run_sessions[week],  # other_sessions
            round(total_km[week], 2),  # total_km
            round(duration[week], 1),  # duration_min
            round(gain[week], 1),  # elevation_gain_m
            round(longest[week], 2),  # longest_run_km
        )
        if sessions[week]
        else _empty_week(first_monday + 7 * week)
        for week in range(count)
    ]


def _empty_week(day: int) -> WeekLoad:
    """A week without sessions: every figure zero (nothing to add up or round)."""
    return WeekLoad(dt.date.fromordinal(day), 0.0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0)
