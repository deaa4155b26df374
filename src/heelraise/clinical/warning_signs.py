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
from functools import partial
from operator import attrgetter, is_not
from typing import TYPE_CHECKING, cast

from heelraise.clinical.capacity import Symmetry
from heelraise.contract.assessment import Flag
from heelraise.knowledge.programme_schema import MonitoringFile

if TYPE_CHECKING:
    from heelraise.contract.case import CheckIn

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


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_words(date: dt.date) -> str:
    """`28 Nov`: a date in a flag's words (UK order, no year: it is this month or last)."""
    return f"{date.day} {_MONTHS[date.month - 1]}"


def _number(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def _median(ordered_values: Sequence[float]) -> float:
    """The median of values already in order (as `statistics.median`, without its cost)."""
    count = len(ordered_values)
    middle = count // 2
    if count % 2:
        return ordered_values[middle]
    return (ordered_values[middle - 1] + ordered_values[middle]) / 2


def pain_step_ups(
    ordered: Sequence[CheckIn],
    ordinals: Sequence[int],
    since: dt.date,
    config: MonitoringFile,
    before: dt.date | None = None,
    limit: int | None = None,
) -> list[WarningSign]:
    """Days from `since` on (and before `before`) whose worst pain is `min_step` above its
    usual (the median of the days before) when the check-in before was not: the day of
    the step, not the days that stay up after it. In date order; at most `limit`.

    `ordinals` are the check-ins' dates as day numbers. Most days are ruled out by
    cheap tests (too low, not above the day before) before any median is taken.
    """
    rule = config.warnings.pain_step_up
    need, min_step, span = rule.min_baseline_checkins, rule.min_step, rule.baseline_days
    first = max(bisect_left(ordinals, since.toordinal()), need)
    count = len(ordered) if before is None else bisect_left(ordinals, before.toordinal())
    if first >= count:
        return []
    offset = bisect_left(ordinals, ordinals[first] - span, 0, first - need)
    offset = min(offset, first - need)
    # worst[i - offset] is day i's worst pain: with walking, during or after loading,
    # whichever is highest (a missing score is no pain)
    worst = [
        max(c.pain_walking_0_10, c.pain_during_0_10 or 0, c.pain_after_0_10 or 0)
        for c in ordered[offset:count]
    ]
    found: list[WarningSign] = []
    for index in range(first, count):
        value = worst[index - offset]
        if value < min_step:
            continue
        last = worst[index - offset - 1]
        if last >= value:
            continue  # not a new step: the day before was as high (or higher)
        start = bisect_left(ordinals, ordinals[index] - span, 0, index)
        window = worst[start - offset : index - offset]
        if len(window) < need:
            continue
        window.sort()
        usual = _median(window)
        if value - usual < min_step or last - usual >= min_step:
            continue
        checkin = ordered[index]
        measure = _worst_measure(checkin, value, config)
        text = rule.text.format(
            date=day_words(checkin.date), measure=measure, value=value, usual=_number(usual)
        )
        inputs = {"date": checkin.date, "worst_pain": value, "usual": usual}
        flag = Flag(rule.id, "caution", text, rule.source, inputs)
        found.append(WarningSign("pain_step_up", checkin.date, flag))
        if limit is not None and len(found) >= limit:
            break
    return found


def _worst_measure(checkin: CheckIn, value: int, config: MonitoringFile) -> str:
    """The name of the score that gave the day's worst pain."""
    names = config.measure_names
    for name, score in PAIN_SCORES:
        if score(checkin) == value:
            return str(getattr(names, name))
    return names.pain_walking


def persistent_stiffness(
    ordered: Sequence[CheckIn],
    ordinals: Sequence[int],
    since: dt.date,
    config: MonitoringFile,
    before: dt.date | None = None,
    limit: int | None = None,
) -> list[WarningSign]:
    """Runs of `mornings` consecutive mornings, the last from `since` on (and before
    `before`), with stiffness `rise_min` above the usual before the run began; dated at
    the run's last morning; at most `limit` of them."""
    rule = config.warnings.persistent_stiffness
    needed, rise, span = rule.mornings, rule.rise_min, rule.baseline_days
    count = len(ordered) if before is None else bisect_left(ordinals, before.toordinal())
    found: list[WarningSign] = []
    index = max(bisect_left(ordinals, since.toordinal() - (needed - 1)), rule.min_baseline_checkins)
    if index > count - needed:
        return found
    offset = bisect_left(ordinals, ordinals[index] - span, 0, index)
    # stiffness[i - offset] is morning i's
    stiffness = [c.morning_stiffness_0_10 for c in ordered[offset:count]]
    while index <= count - needed:
        last_index = index + needed - 1
        lowest = min(stiffness[index - offset : last_index + 1 - offset])
        if ordinals[last_index] - ordinals[index] != needed - 1 or lowest < rise:
            index += 1  # not consecutive mornings, or too low whatever the usual
            continue
        start = bisect_left(ordinals, ordinals[index] - span, 0, index)
        baseline = stiffness[start - offset : index - offset]
        if len(baseline) < rule.min_baseline_checkins or lowest < min(baseline) + rise:
            index += 1  # too few mornings to compare, or not above even the lowest of them
            continue
        baseline.sort()
        usual = _median(baseline)
        level = usual + rise
        if lowest < level:
            index += 1
            continue
        end = last_index + 1
        while (
            end < count
            and stiffness[end - offset] >= level
            and ordinals[end] - ordinals[end - 1] == 1
        ):
            end += 1
        run = ordered[index : last_index + 1]
        values = stiffness[index - offset : last_index + 1 - offset]
        text = rule.text.format(
            mornings=needed,
            first=day_words(run[0].date),
            last=day_words(run[-1].date),
            values=", ".join(map(str, values)),
            usual=_number(usual),
        )
        inputs = {"first": run[0].date, "last": run[-1].date, "values": values, "usual": usual}
        flag = Flag(rule.id, "caution", text, rule.source, inputs)
        found.append(WarningSign("persistent_stiffness", run[-1].date, flag))
        if limit is not None and len(found) >= limit:
            break
        index = end
    return found


def push_off_losses(
    heel_rise: Sequence[Symmetry],
    since: dt.date,
    config: MonitoringFile,
    until: dt.date | None = None,
) -> list[WarningSign]:
    """Heel-rise tests from `since` on (and before `until`) whose symmetry fell
    `min_drop_points` below the test before it."""
    rule = config.warnings.push_off_loss
    found: list[WarningSign] = []
    for before, now in itertools.pairwise(heel_rise):
        if now.date < since or (until is not None and now.date >= until):
            continue
        if before.percent - now.percent < rule.min_drop_points:
            continue
        text = rule.text.format(
            date=day_words(now.date),
            now=f"{now.percent:.0f}",
            before=f"{before.percent:.0f}",
            before_date=day_words(before.date),
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


def repeated_warnings(
    this_week: Sequence[WarningSign], earlier: WarningSign | None, config: MonitoringFile
) -> Flag | None:
    """A clinician-level flag when a warning sign this week comes back after an earlier
    one (at least `episode_gap_days` before this week's first, within
    `repeat_window_days`). Days over the limits alone are the repeated-flares rule's."""
    if not this_week or earlier is None:
        return None
    stiffness = config.measure_names.morning_stiffness
    latest = this_week[0]
    rule = config.warnings.repeated
    text = rule.text.format(
        earlier=_kind_words(earlier.kind, stiffness),
        earlier_date=day_words(earlier.date),
        now=_kind_words(latest.kind, stiffness),
        date=day_words(latest.date),
    )
    inputs = {
        "earlier": earlier.date,
        "this_week": latest.date,
        "kinds": [earlier.kind, latest.kind],
    }
    return Flag(rule.id, "clinician", text, rule.source, inputs)


def _kind_words(kind: str, stiffness: str) -> str:
    if kind == "pain_step_up":
        return "a sudden step-up in pain"
    if kind == "persistent_stiffness":
        return f"persistent {stiffness}"
    return "a loss of push-off strength"


_known = partial(is_not, None)  # a score that was given (0 included)


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
    if len(this_week) < needed or len(previous_week) < needed:
        return None  # too few days to compare weeks at all
    best: tuple[float, str, float, float] | None = None
    for name, score in PAIN_SCORES:
        now_values = cast(list[int], list(filter(_known, map(score, this_week))))
        before_values = cast(list[int], list(filter(_known, map(score, previous_week))))
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
