"""The pain-monitoring model (silbernagel-2007): check-ins → reduce, hold or progress.

Over the check-ins of the last week before `as_of` (one dated `as_of` also
counts): any day over the limits, or morning stiffness clearly worse than the
week before, means reduce. Enough days of check-ins since the last change, all
of the last week within the limits, means the load may progress; otherwise hold.

A case's check-ins are sorted and judged against the limits once
(`index_checkins`); the window, the load verdict and the flares read that index.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from heelraise.contract.case import CheckIn
from heelraise.knowledge.programme_schema import Limits

_by_date = attrgetter("date")
_stiffness = attrgetter("morning_stiffness_0_10")


@dataclass(slots=True)  # read-only per-case record; not frozen: frozen __init__ costs 4×
class CheckinIndex:
    """A case's check-ins sorted by date once, and the days among them over the limits."""

    ordered: list[CheckIn]
    over_limits: list[CheckIn]  # in date order


@dataclass(slots=True)  # read-only per-case record; not frozen: frozen __init__ costs 4×
class CheckinWindow:
    this_week: list[CheckIn]
    previous_week: list[CheckIn]
    since_change: int  # how many check-ins since the last change
    over_this_week: list[CheckIn]  # the days of `this_week` over the limits


@dataclass(slots=True)  # read-only per-case record; not frozen: frozen __init__ costs 4×
class LoadVerdict:
    """What the check-ins say, before stages and pathways are considered."""

    verdict: str  # "reduce" | "progress" | "hold" | "hold_no_data"
    reasons: list[str]
    stiffness_this_week: float | None
    stiffness_previous_week: float | None
    checkins_since_change: int
    last_over_limit: dt.date | None = None


def index_checkins(checkins: Sequence[CheckIn], limits: Limits) -> CheckinIndex:
    """Sort the check-ins once and pick out, once, the days `over_limits` has reasons for."""
    if not checkins:
        return CheckinIndex([], [])
    ordered = sorted(checkins, key=_by_date)
    max_during = limits.max_pain_during
    max_after = limits.max_pain_after
    unsettled_breaks = limits.require_settled_by_next_morning
    # A missing pain score breaks no limit: the limits are 0 or more, so it reads as 0.
    over = [
        c
        for c in ordered
        if (c.pain_during_0_10 or 0) > max_during
        or (c.pain_after_0_10 or 0) > max_after
        or (unsettled_breaks and c.settled_by_next_morning is False)
    ]
    return CheckinIndex(ordered, over)


def window(
    index: CheckinIndex, as_of: dt.date, limits: Limits, since: dt.date | None
) -> CheckinWindow:
    """The check-ins of the week up to `as_of`, the week before, and since `since`."""
    days = dt.timedelta(days=limits.window_days)
    this_start = as_of - days
    ordered = index.ordered
    end = bisect_right(ordered, as_of, key=_by_date)
    this_first = bisect_left(ordered, this_start, key=_by_date)
    previous_first = bisect_left(ordered, this_start - days, key=_by_date)
    since_first = end if since is None else bisect_left(ordered, since, key=_by_date)
    return CheckinWindow(
        this_week=ordered[this_first:end],
        previous_week=ordered[previous_first:this_first],
        since_change=max(0, end - since_first),
        over_this_week=[c for c in index.over_limits if this_start <= c.date <= as_of],
    )


def over_limits(checkin: CheckIn, limits: Limits) -> list[str]:
    """Why a day broke the pain-monitoring limits (empty when within them)."""
    reasons: list[str] = []
    day = checkin.date.isoformat()
    during = checkin.pain_during_0_10
    if during is not None and during > limits.max_pain_during:
        reasons.append(f"{day}: pain during {during}/10 (limit {limits.max_pain_during})")
    after = checkin.pain_after_0_10
    if after is not None and after > limits.max_pain_after:
        reasons.append(f"{day}: pain after {after}/10 (limit {limits.max_pain_after})")
    if limits.require_settled_by_next_morning and checkin.settled_by_next_morning is False:
        reasons.append(f"{day}: not settled by the next morning")
    return reasons


def fully_known(checkin: CheckIn) -> bool:
    """A loading day needs all three answers to be judged within the limits."""
    if not checkin.exercised:
        return checkin.settled_by_next_morning is not False
    return (
        checkin.pain_during_0_10 is not None
        and checkin.pain_after_0_10 is not None
        and checkin.settled_by_next_morning is not None
    )


def mean_stiffness(checkins: Sequence[CheckIn]) -> float | None:
    if not checkins:
        return None
    total: int = sum(map(_stiffness, checkins))
    return total / len(checkins)


def judge_load(win: CheckinWindow, limits: Limits) -> LoadVerdict:
    """Apply the pain-monitoring model to the check-ins of `win`."""
    reasons: list[str] = []
    for checkin in win.over_this_week:
        reasons.extend(over_limits(checkin, limits))
    last_over_limit = win.over_this_week[-1].date if win.over_this_week else None
    this_mean = mean_stiffness(win.this_week)
    previous_mean = mean_stiffness(win.previous_week)
    trend_known = (
        len(win.this_week) >= limits.min_checkins_for_trend
        and len(win.previous_week) >= limits.min_checkins_for_trend
    )
    if (
        trend_known
        and this_mean is not None
        and previous_mean is not None
        and this_mean - previous_mean >= limits.stiffness_rise_min
    ):
        reasons.append(
            f"morning stiffness averaged {this_mean:.1f}/10 this week against "
            f"{previous_mean:.1f}/10 the week before"
        )
    count = win.since_change
    if reasons:
        verdict = "reduce"
    elif not win.this_week:
        verdict = "hold_no_data"
    elif count >= limits.min_checkins_to_progress and all(fully_known(c) for c in win.this_week):
        verdict = "progress"
    else:
        verdict = "hold"
    return LoadVerdict(verdict, reasons, this_mean, previous_mean, count, last_over_limit)


def flare_episodes(index: CheckinIndex, gap_days: int) -> list[dt.date]:
    """The first day of each flare: over-limit days no more than `gap_days` apart are one."""
    if not index.over_limits:
        return []
    gap = dt.timedelta(days=gap_days)
    starts: list[dt.date] = []
    previous: dt.date | None = None
    for checkin in index.over_limits:
        day = checkin.date
        if previous is None or day - previous > gap:
            starts.append(day)
        previous = day
    return starts
