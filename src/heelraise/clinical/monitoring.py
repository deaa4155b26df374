"""The pain-monitoring model (silbernagel-2007): check-ins → reduce, hold or progress.

Over the check-ins of the 7 days ending on `as_of` (one dated `as_of` is this
morning's and counts): any day over the limits, morning stiffness clearly
worse than the week before, or one of the seed's warning signs
(`warning_signs.py`) means reduce, and each reason is a flag. Pain drifting up
week on week holds the load. Enough days of check-ins since the last change,
all within the limits, with no drift and no warning sign, means the load may
progress; otherwise hold.

A case's check-ins are sorted and judged against the limits once
(`index_checkins`); the window, the load verdict and the flares read that index.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING

from heelraise.clinical.capacity import Symmetry
from heelraise.clinical.warning_signs import (
    WarningSign,
    day_words,
    pain_drift,
    pain_step_ups,
    persistent_stiffness,
    push_off_losses,
    repeated_warnings,
)
from heelraise.contract.assessment import Flag
from heelraise.knowledge.programme_schema import Limits, MonitoringFile

if TYPE_CHECKING:
    from heelraise.contract.case import CheckIn

_by_date = attrgetter("date")
_TO_ORDINAL = dt.date.toordinal
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
    week_start: dt.date  # the first day of the 7 days ending on as_of


@dataclass(slots=True)  # read-only per-case record; not frozen: frozen __init__ costs 4×
class LoadVerdict:
    """What the check-ins (and capacity tests) say, before stages and pathways are considered."""

    verdict: str  # "reduce" | "progress" | "hold" | "hold_no_data" | "hold_drift" | "hold_retest"
    reasons: list[str]  # plain words: why the load is reduced or held
    stiffness_this_week: float | None
    stiffness_previous_week: float | None
    checkins_since_change: int
    # The latest day that gave a reason to reduce: a load change recorded after it
    # has already answered it (see `stages.stage_after`).
    last_trigger: dt.date | None = None
    flags: list[Flag] = field(default_factory=list)


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
    this_start = as_of - days + dt.timedelta(days=1)  # the 7 days ending on as_of
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
        week_start=this_start,
    )


def over_limits(checkin: CheckIn, limits: Limits) -> list[str]:
    """Why a day broke the pain-monitoring limits (empty when within them)."""
    return _over_words(checkin, limits)[0]


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


def judge_load(
    win: CheckinWindow,
    index: CheckinIndex,
    heel_rise: Sequence[Symmetry],
    as_of: dt.date,
    config: MonitoringFile,
) -> LoadVerdict:
    """Apply the pain-monitoring model, the warning signs and drift to the check-ins of `win`."""
    if not index.ordered and len(heel_rise) < 2:
        return LoadVerdict("hold_no_data", [], None, None, 0)  # nothing to judge
    limits = config.limits
    reasons: list[str] = []
    flags: list[Flag] = []
    triggers: list[dt.date] = []
    over = win.over_this_week
    if over:
        days: list[str] = []
        plain: list[str] = []
        for checkin in over:
            dated, words = _over_words(checkin, limits)
            days += dated
            plain.append(words)
        reasons.extend(days)
        rule = config.over_limits
        text = rule.text.format(days="; ".join(plain))
        flags.append(Flag(rule.id, "caution", text, rule.source, {"days": days}))
        triggers.append(over[-1].date)
    this_mean = mean_stiffness(win.this_week)
    previous_mean = mean_stiffness(win.previous_week)
    trend_known = (
        len(win.this_week) >= limits.min_checkins_for_trend
        and len(win.previous_week) >= limits.min_checkins_for_trend
    )
    week_start = win.week_start
    signs, earlier = _warning_signs(index, heel_rise, week_start, as_of, config)
    if (
        trend_known
        and this_mean is not None
        and previous_mean is not None
        and this_mean - previous_mean >= limits.stiffness_rise_min
    ):
        now, before = f"{this_mean:.1f}", f"{previous_mean:.1f}"
        reasons.append(f"morning stiffness averaged {now}/10 this week against {before}/10")
        persistent = any(s.kind == "persistent_stiffness" and s.date >= week_start for s in signs)
        if not persistent:  # that warning sign's flag already says it
            rule = config.stiffness_rise
            text = rule.text.format(now=now, before=before)
            flags.append(Flag(rule.id, "caution", text, rule.source))
        level = previous_mean + limits.stiffness_rise_min
        triggers.append(
            next((c.date for c in win.this_week if c.morning_stiffness_0_10 >= level), as_of)
        )
    retest = False
    for sign in signs:
        if sign.date >= week_start:
            reasons.append(f"{sign.date.isoformat()}: warning sign, {_SIGN_WORDS[sign.kind]}")
            flags.append(sign.flag)
            triggers.append(sign.date)
        elif sign.kind == "push_off_loss" and heel_rise and heel_rise[-1].date == sign.date:
            # Still the latest test: no building up until it is repeated.
            flags.append(sign.flag)
            retest = True
    repeated = repeated_warnings([s for s in signs if s.date >= week_start], earlier, config)
    if repeated is not None:
        flags.append(repeated)
    count = win.since_change
    if triggers:
        verdict = "reduce"
    elif not win.this_week:
        verdict = "hold_no_data"
    else:
        drift = pain_drift(win.this_week, win.previous_week, config)
        if drift is not None:
            flags.append(drift.flag)
            reasons.append(drift.flag.text)
            verdict = "hold_drift"
        elif retest:
            verdict = "hold_retest"
        elif count >= limits.min_checkins_to_progress and all(
            fully_known(c) for c in win.this_week
        ):
            verdict = "progress"
        else:
            verdict = "hold"
    return LoadVerdict(
        verdict,
        reasons,
        this_mean,
        previous_mean,
        count,
        max(triggers) if triggers else None,
        flags,
    )


def _warning_signs(
    index: CheckinIndex,
    heel_rise: Sequence[Symmetry],
    week_start: dt.date,
    as_of: dt.date,
    config: MonitoringFile,
) -> tuple[list[WarningSign], WarningSign | None]:
    """The warning signs up to `as_of`: those from `week_start` on in date order (with an
    older push-off loss whose test is still the latest), and, when there is one this
    week, the earliest sign of the `repeat_window_days` that makes it a repeat (more than
    `episode_gap_days` before the first of this week's)."""
    ordered = index.ordered
    if ordered and ordered[-1].date > as_of:
        ordered = ordered[: bisect_right(ordered, as_of, key=_by_date)]
    ordinals = list(map(_TO_ORDINAL, map(_by_date, ordered)))
    heel_rise = [s for s in heel_rise if s.date <= as_of] if heel_rise else []

    def signs_between(
        since: dt.date, before: dt.date | None, limit: int | None = None
    ) -> list[WarningSign]:
        signs: list[WarningSign] = []
        if ordered:
            signs += pain_step_ups(ordered, ordinals, since, config, before, limit)
            signs += persistent_stiffness(ordered, ordinals, since, config, before, limit)
        if len(heel_rise) > 1:
            signs += push_off_losses(heel_rise, since, config, before)
        return signs

    this_week = signs_between(week_start, None)
    if not this_week:
        if len(heel_rise) < 2:
            return [], None
        # An older push-off loss still stands while its test is the latest.
        return push_off_losses(heel_rise[-2:], heel_rise[-1].date, config), None
    this_week.sort(key=_by_date)
    warnings = config.warnings
    earlier = signs_between(
        as_of - dt.timedelta(days=warnings.repeat_window_days - 1),
        this_week[0].date - dt.timedelta(days=warnings.episode_gap_days - 1),
        limit=1,
    )
    return this_week, min(earlier, key=_by_date) if earlier else None


_SIGN_WORDS = {
    "pain_step_up": "a sudden step-up in pain",
    "persistent_stiffness": "morning stiffness persisting",
    "push_off_loss": "a loss of push-off strength",
}


def _over_words(checkin: CheckIn, limits: Limits) -> tuple[list[str], str]:
    """One day over the limits: its dated reasons (as `over_limits` words them) and the
    day in plain words, `28 Nov (pain during 8/10, not settled by the next morning)`."""
    day = checkin.date.isoformat()
    dated: list[str] = []
    parts: list[str] = []
    during, after = checkin.pain_during_0_10, checkin.pain_after_0_10
    if during is not None and during > limits.max_pain_during:
        dated.append(f"{day}: pain during {during}/10 (limit {limits.max_pain_during})")
        parts.append(f"pain during {during}/10")
    if after is not None and after > limits.max_pain_after:
        dated.append(f"{day}: pain after {after}/10 (limit {limits.max_pain_after})")
        parts.append(f"pain after {after}/10")
    if limits.require_settled_by_next_morning and checkin.settled_by_next_morning is False:
        dated.append(f"{day}: not settled by the next morning")
        parts.append("not settled by the next morning")
    return dated, f"{day_words(checkin.date)} ({', '.join(parts)})"


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
