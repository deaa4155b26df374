"""Weekly training load from activity summaries (pure).

`TrainingView` sorts a case's sessions once and precomputes what the load
table and the spike rules both need (day numbers, which sessions are runs),
so neither walks the sessions more than it must.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING

from heelraise.contract.assessment import WeekLoad

if TYPE_CHECKING:
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

    One pass over the sessions in date order, adding up the current week's
    figures (as floats, in that order) and writing its row when a session
    falls in a later week.
    """
    if not view.sessions:
        return []
    rows: list[WeekLoad] = []
    monday = view.first_monday
    next_monday = monday + 7
    run_km = total_km = duration = gain = longest = 0.0
    sessions = run_sessions = 0
    for session, day, run in zip(view.sessions, view.days, view.runs, strict=True):
        if day >= next_monday:
            rows.append(
                _week_row(monday, sessions, run_sessions, run_km, total_km, duration, gain, longest)
            )
            if day - 6 > next_monday:  # weeks without a session in between
                rows.extend(_empty_week(empty) for empty in range(next_monday, day - 6, 7))
            monday = day - (day - monday) % 7
            next_monday = monday + 7
            run_km = total_km = duration = gain = longest = 0.0
            sessions = run_sessions = 0
        distance = session.distance_km
        sessions += 1
        total_km += distance
        duration += session.duration_min
        climb = session.elevation_gain_m
        if climb is not None:
            gain += climb
        if run:
            run_sessions += 1
            run_km += distance
            if distance > longest:
                longest = distance
    rows.append(
        _week_row(monday, sessions, run_sessions, run_km, total_km, duration, gain, longest)
    )
    last_day = max(until.toordinal(), view.days[-1])
    rows.extend(_empty_week(empty) for empty in range(next_monday, last_day + 1, 7))
    return rows


def _week_row(
    monday: int,
    sessions: int,
    run_sessions: int,
    run_km: float,
    total_km: float,
    duration: float,
    gain: float,
    longest: float,
) -> WeekLoad:
    """A week's row from its totals, rounded for the table.

    `float(f"{x:.2f}")` is `round(x, 2)`, only faster: both round the float's
    exact value to 2 decimals (correctly, half to even) and read that back.
    A figure that is the same float as the week's run km reuses its rounding,
    and a whole number of metres of climb needs none.
    """
    shown_run_km = float(f"{run_km:.2f}")
    return WeekLoad(
        dt.date.fromordinal(monday),  # week_start
        shown_run_km,  # run_km
        sessions,  # sessions
        run_sessions,  # run_sessions
        sessions - run_sessions,  # other_sessions
        shown_run_km if total_km == run_km else float(f"{total_km:.2f}"),  # total_km
        float(f"{duration:.1f}"),  # duration_min
        gain if gain.is_integer() else float(f"{gain:.1f}"),  # elevation_gain_m
        shown_run_km if longest == run_km else float(f"{longest:.2f}"),  # longest_run_km
    )


def _empty_week(day: int) -> WeekLoad:
    """A week without sessions: every figure zero (nothing to add up or round)."""
    return WeekLoad(dt.date.fromordinal(day), 0.0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0)
