"""Weekly training load from activity summaries (pure).

`TrainingView` sorts a case's sessions once and precomputes what the load
table and the spike rules both need (day numbers, which sessions are runs),
so neither walks the sessions more than it must.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from heelraise.contract.assessment import WeekLoad
from heelraise.contract.case import TrainingSession

_DATE = attrgetter("date")


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
        ordered = sorted(training, key=_DATE)
        sports = [s.sport.lower() for s in ordered]
        return cls(
            ordered,
            [day.toordinal() for day in map(_DATE, ordered)],
            [sport in run_sports for sport in sports],
            sports,
        )

    @property
    def first_monday(self) -> int:
        """The day number of the Monday of the first session's week."""
        return self.days[0] - self.sessions[0].date.weekday()


def weekly_load(view: TrainingView, until: dt.date) -> list[WeekLoad]:
    """One row per week from the first activity's week to `until`'s week, gaps as zeros.

    The sessions are in date order, so each week's sessions are one slice of
    them, found by bisecting the day numbers.
    """
    if not view.sessions:
        return []
    days = view.days
    last_day = max(until.toordinal(), days[-1])
    rows: list[WeekLoad] = []
    start = 0
    for monday in range(view.first_monday, last_day + 1, 7):
        end = bisect_left(days, monday + 7, start)
        rows.append(_week(view, start, end, monday) if end > start else _empty_week(monday))
        start = end
    return rows


def _week(view: TrainingView, start: int, end: int, monday: int) -> WeekLoad:
    """The row of a week whose sessions are `view.sessions[start:end]` (at least one).

    Figures are added up in date order, as floats, then rounded for the table;
    a figure that is the same float as the week's run km reuses its rounding.
    """
    run_km = total_km = duration = gain = longest = 0.0
    run_sessions = 0
    for session, run in zip(view.sessions[start:end], view.runs[start:end], strict=True):
        distance = session.distance_km
        total_km += distance
        duration += session.duration_min
        if session.elevation_gain_m is not None:
            gain += session.elevation_gain_m
        if run:
            run_sessions += 1
            run_km += distance
            if distance > longest:
                longest = distance
    shown_run_km = round(run_km, 2)
    sessions = end - start
    return WeekLoad(
        dt.date.fromordinal(monday),  # week_start
        shown_run_km,  # run_km
        sessions,  # sessions
        run_sessions,  # run_sessions
        sessions - run_sessions,  # other_sessions
        shown_run_km if total_km == run_km else round(total_km, 2),  # total_km
        round(duration, 1),  # duration_min
        gain if gain.is_integer() else round(gain, 1),  # elevation_gain_m (whole metres: as is)
        shown_run_km if longest == run_km else round(longest, 2),  # longest_run_km
    )


def _empty_week(day: int) -> WeekLoad:
    """A week without sessions: every figure zero (nothing to add up or round)."""
    return WeekLoad(dt.date.fromordinal(day), 0.0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0)
