"""The seed's warning signs during a programme, and week-on-week pain drift (pure).

The seed article's "more concerning pattern": a sudden step-up in pain,
stiffness that persists across several mornings, new loss of push-off
strength. Each is judged against the person's own recent scores, with the
numbers from `monitoring.toml [warnings]` (consensus: no trial set them).
Drift is the pain-monitoring model's "no week-to-week rise" applied to the
weekly means of each pain score, even while every day is within the limits.
"""

from __future__ import annotations

import datetime as dt
import itertools
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from statistics import median

from heelraise.clinical.capacity import Symmetry
from heelraise.contract.assessment import Flag
from heelraise.contract.case import CheckIn
from heelraise.knowledge.programme_schema import MonitoringFile

_by_date = attrgetter("date")

# The pain scores a step-up or a drift is looked for in, by their name in `measure_names`.
PAIN_SCORES: tuple[tuple[str, Callable[[CheckIn], int | None]], ...] = (
    ("pain_walking", attrgetter("pain_walking_0_10")),
    ("pain_during", attrgetter("pain_during_0_10")),
    ("pain_after", attrgetter("pain_after_0_10")),
)


@dataclass(frozen=True, slots=True)
class WarningSign:
    """One warning sign: its kind (`pain_step_up`, `persistent_stiffness`,
    `push_off_loss`), the day it showed, and the flag that names it."""

    kind: str
    date: dt.date
    flag: Flag


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%b}"


def _number(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def pain_step_ups(
    ordered: Sequence[CheckIn], since: dt.date, config: MonitoringFile
) -> list[WarningSign]:
    """Days from `since` on whose pain is `min_step` above its usual (the median of
    the same score over the days before) when the check-in before was not: the day
    of the step, not the days that stay up after it. One sign a day, its largest step."""
    rule = config.warnings.pain_step_up
    span = dt.timedelta(days=rule.baseline_days)
    first = bisect_left(ordered, since, key=_by_date)
    found: list[WarningSign] = []
    for index in range(first, len(ordered)):
        checkin = ordered[index]
        start = bisect_left(ordered, checkin.date - span, key=_by_date, hi=index)
        before = ordered[start:index]
        if len(before) < rule.min_baseline_checkins:
            continue
        best: tuple[float, str, int, float] | None = None
        for name, score in PAIN_SCORES:
            value = score(checkin)
            if value is None:
                continue
            usual_values = [v for v in map(score, before) if v is not None]
            if len(usual_values) < rule.min_baseline_checkins:
                continue
            usual = median(usual_values)
            step = value - usual
            if step < rule.min_step or (best is not None and step <= best[0]):
                continue
            last = score(before[-1])
            if last is not None and last - usual >= rule.min_step:
                continue  # already up the day before: not a new step
            best = (step, name, value, usual)
        if best is None:
            continue
        _, name, value, usual = best
        text = rule.text.format(
            date=_day(checkin.date),
            measure=getattr(config.measure_names, name),
            value=value,
            usual=_number(usual),
        )
        inputs = {"date": checkin.date, "score": name, "value": value, "usual": usual}
        flag = Flag(rule.id, "caution", text, rule.source, inputs)
        found.append(WarningSign("pain_step_up", checkin.date, flag))
    return found


def persistent_stiffness(
    ordered: Sequence[CheckIn], since: dt.date, config: MonitoringFile
) -> list[WarningSign]:
    """Runs of `mornings` consecutive mornings, the last from `since` on, with stiffness
    `rise_min` above the usual before the run began; dated at the run's last morning."""
    rule = config.warnings.persistent_stiffness
    span = dt.timedelta(days=rule.baseline_days)
    one_day = dt.timedelta(days=1)
    needed = rule.mornings
    found: list[WarningSign] = []
    index = bisect_left(ordered, since - dt.timedelta(days=needed - 1), key=_by_date)
    count = len(ordered)
    while index <= count - needed:
        first = ordered[index]
        start = bisect_left(ordered, first.date - span, key=_by_date, hi=index)
        before = [c.morning_stiffness_0_10 for c in ordered[start:index]]
        if len(before) < rule.min_baseline_checkins:
            index += 1
            continue
        usual = median(before)
        level = usual + rule.rise_min
        end = index
        while (
            end < count
            and ordered[end].morning_stiffness_0_10 >= level
            and (end == index or ordered[end].date - ordered[end - 1].date == one_day)
        ):
            end += 1
        if end - index >= needed:
            run = ordered[index : index + needed]
            last = run[-1]
            values = [c.morning_stiffness_0_10 for c in run]
            text = rule.text.format(
                mornings=needed,
                first=_day(run[0].date),
                last=_day(last.date),
                values=", ".join(map(str, values)),
                usual=_number(usual),
            )
            inputs = {"first": run[0].date, "last": last.date, "values": values, "usual": usual}
            flag = Flag(rule.id, "caution", text, rule.source, inputs)
            found.append(WarningSign("persistent_stiffness", last.date, flag))
            index = end
        else:
            index += 1
    return found


def push_off_losses(
    heel_rise: Sequence[Symmetry], since: dt.date, config: MonitoringFile
) -> list[WarningSign]:
    """Heel-rise tests from `since` on whose symmetry fell `min_drop_points` below the test
    before it."""
    rule = config.warnings.push_off_loss
    found: list[WarningSign] = []
    for before, now in itertools.pairwise(heel_rise):
        if now.date < since or before.percent - now.percent < rule.min_drop_points:
            continue
        text = rule.text.format(
            date=_day(now.date),
            now=f"{now.percent:.0f}",
            before=f"{before.percent:.0f}",
            before_date=_day(before.date),
        )
        inputs = {
            "date": now.date,
            "symmetry": round(now.percent, 1),
            "previous": round(before.percent, 1),
            "previous_date": before.date,
        }
        flag = Flag(rule.id, "caution", text, rule.source, inputs)
        found.append(WarningSign("push_off_loss", now.date, flag))
    return found


def episodes(dates: Sequence[dt.date], gap_days: int) -> list[dt.date]:
    """The first day of each episode: days no more than `gap_days` apart are one."""
    gap = dt.timedelta(days=gap_days)
    starts: list[dt.date] = []
    previous: dt.date | None = None
    for day in sorted(dates):
        if previous is None or day - previous > gap:
            starts.append(day)
        previous = day
    return starts


def repeated_warnings(signs: Sequence[WarningSign], config: MonitoringFile) -> Flag | None:
    """A clinician-level flag when warning signs came back in separate episodes
    (days over the limits alone are the repeated-flares rule's business)."""
    warnings = config.warnings
    if len(signs) < warnings.repeat_min_episodes:
        return None
    starts = episodes([sign.date for sign in signs], warnings.episode_gap_days)
    if len(starts) < warnings.repeat_min_episodes:
        return None
    names = config.measure_names
    kinds = sorted({_kind_words(sign.kind, names.morning_stiffness) for sign in signs})
    rule = warnings.repeated
    text = rule.text.format(count=len(starts), kinds=", ".join(kinds))
    inputs = {"episodes": starts, "kinds": sorted({sign.kind for sign in signs})}
    return Flag(rule.id, "clinician", text, rule.source, inputs)


def _kind_words(kind: str, stiffness: str) -> str:
    if kind == "pain_step_up":
        return "a sudden step-up in pain"
    if kind == "persistent_stiffness":
        return f"persistent {stiffness}"
    return "a loss of push-off strength"


@dataclass(frozen=True, slots=True)
class Drift:
    score: str  # a name in `measure_names`
    before: float
    now: float
    flag: Flag


def pain_drift(
    this_week: Sequence[CheckIn], previous_week: Sequence[CheckIn], config: MonitoringFile
) -> Drift | None:
    """The pain score whose weekly mean rose most, when it rose by `drift.rise_min` or more."""
    rule = config.drift
    needed = config.limits.min_checkins_for_trend
    best: tuple[float, str, float, float] | None = None
    for name, score in PAIN_SCORES:
        now_values = [v for v in map(score, this_week) if v is not None]
        before_values = [v for v in map(score, previous_week) if v is not None]
        if len(now_values) < needed or len(before_values) < needed:
            continue
        now = sum(now_values) / len(now_values)
        before = sum(before_values) / len(before_values)
        rise = now - before
        if rise >= rule.rise_min and (best is None or rise > best[0]):
            best = (rise, name, before, now)
    if best is None:
        return None
    _, name, before, now = best
    text = rule.text.format(
        measure=getattr(config.measure_names, name), before=f"{before:.1f}", now=f"{now:.1f}"
    )
    inputs = {"score": name, "previous_week": round(before, 2), "this_week": round(now, 2)}
    return Drift(name, before, now, Flag(rule.id, "caution", text, rule.source, inputs))
