"""Load spikes: sudden changes in training, judged against the person's own history.

Pure functions over activity summaries; every threshold comes from
`knowledge/spikes.toml`. A spike is judged only where the history before it
covers its comparison window (case-format.md, "Load spikes: baselines").
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_left
from collections import deque
from collections.abc import Sequence
from itertools import accumulate, compress
from operator import itemgetter

from heelraise.contract.assessment import Spike
from heelraise.knowledge.schema import SpikesFile
from heelraise.training.load import TrainingView

# day number, kind, date, detail, source, rule id
RawSpike = tuple[int, str, dt.date, str, str, str]
_DAY_AND_KIND = itemgetter(0, 1)
_NEVER = -(10**9)  # the day number of something not seen yet
PERIOD_DAYS = 7  # weekly volume is about any 7 days (case-format.md)
_HUGE_KM = 1e300  # no run is longer; beyond it a distance in metres would overflow


def find_spikes(
    view: TrainingView,
    onset: dt.date | None,
    report_from: dt.date,
    config: SpikesFile,
) -> list[Spike]:
    """Every spike from `report_from` on, in date order; stacked changes after the rest."""
    if not view.sessions:
        return []
    days, kms = _runs(view)
    raw: list[RawSpike] = []
    raw += _single_sessions(view.days[0], days, kms, config)
    raw += _weekly_volume(view.days[0], days, kms, config)
    raw += _changes(view, config)
    raw.sort(key=_DAY_AND_KIND)
    raw += _stacked(raw, config)
    first_day = report_from.toordinal()
    if onset is None:
        return [
            Spike(kind, date, detail, source, rule, False)
            for day, kind, date, detail, source, rule in raw
            if day >= first_day
        ]
    onset_day = onset.toordinal()
    window_start = onset_day - config.settings.before_onset_days
    marker = config.before_onset.text
    return [
        Spike(kind, date, detail + marker, source, rule, True)
        if window_start <= day <= onset_day
        else Spike(kind, date, detail, source, rule, False)
        for day, kind, date, detail, source, rule in raw
        if day >= first_day
    ]


def _runs(view: TrainingView) -> tuple[list[int], list[float]]:
    """The day numbers and distances of the runs that have a distance, in date order."""
    days = list(compress(view.days, view.runs))
    kms = [run.distance_km for run in compress(view.sessions, view.runs)]
    if 0.0 in kms:
        has_distance = [km > 0 for km in kms]
        return list(compress(days, has_distance)), list(compress(kms, has_distance))
    return days, kms


def _single_sessions(
    first_day: int, days: list[int], kms: list[float], config: SpikesFile
) -> list[RawSpike]:
    """Runs longer than the longest of the previous window (a sliding maximum).

    The window holds the runs of the `window_days` before the day (the same
    day's runs join it once the day is over), as (day, km) with km decreasing.
    """
    rule = config.single_session
    window_days, factor = rule.window_days, 1 + rule.min_increase
    judged_from = first_day + rule.history_days
    longest: deque[tuple[int, float]] = deque()
    pending: list[tuple[int, float]] = []  # today's runs, added once the day is over
    found: list[RawSpike] = []
    current_day = _NEVER
    for day, km in zip(days, kms, strict=True):
        if day != current_day:
            for item in pending:
                while longest and longest[-1][1] <= item[1]:
                    longest.pop()
                longest.append(item)
            pending.clear()
            current_day = day
            while longest and longest[0][0] < day - window_days:
                longest.popleft()
        pending.append((day, km))
        if day < judged_from or not longest:
            continue
        baseline = longest[0][1]
        if km <= baseline * factor:
            continue
        date = dt.date.fromordinal(day)
        detail = rule.text.format(
            distance=_km(km), date=date, pct=_percent_more(km, baseline), baseline=_km(baseline)
        )
        found.append((day, "single_session", date, detail, rule.source, rule.id))
    return found


def _weekly_volume(
    first_day: int, days: list[int], kms: list[float], config: SpikesFile
) -> list[RawSpike]:
    """7-day periods with far more running than the person's usual 7 days.

    `days` and `kms` are the runs (`_runs`), `first_day` the first activity's day
    number. A period starts on a day with a run: one from a rest day holds no more
    running than the one from the next run, against no less, so it is never further
    above its usual volume (it may hold fewer runs, which the moved-runs check below
    treats more kindly: judging every day found 99.8% of the simulated +50% blocks
    instead of 99.3%, for about four times the periods to look at). It is judged
    when it starts `baseline_weeks` weeks or more after the first activity; its
    usual volume is
    the run km of those weeks just before it, per 7 days. Distances are counted
    in whole metres, so that every sum is exact whatever order it is added in.

    One pass over the runs in date order with pointers to the first run of the
    baseline and of the next period: each period's volume and its baseline's are
    differences of prefix sums. A period over the threshold is then judged with
    only the runs that count (moved runs do not): runs beyond the usual number
    count only if not balanced by fewer runs than usual in the 7 days before it,
    and beyond `spread_factor` times the person's usual spread (the most runs any
    7 days of the baseline held, less the usual number), at the period's average
    run length. Of overlapping periods still over it, only the one most above
    its usual volume is reported: the periods over the threshold are taken most
    above first, and one that overlaps a period already kept is left out before
    its runs are looked at.
    """
    rule = config.weekly_volume
    weeks = rule.baseline_weeks
    span = PERIOD_DAYS * weeks
    count = len(days)
    first = bisect_left(days, first_day + span)
    if first == count:
        return []
    try:
        metres = [round(km * 1000.0) for km in kms]
    except OverflowError:  # a distance beyond any run
        metres = [round(min(km, _HUGE_KM) * 1000.0) for km in kms]
    days = days.copy()  # a sentinel is added below
    if 0 in metres:  # a run shorter than half a metre is not a run here
        positive = [metre > 0 for metre in metres]
        days = list(compress(days, positive))
        metres = list(compress(metres, positive))
        count = len(days)
        first = bisect_left(days, first_day + span)
        if first == count:
            return []
    total = [0, *accumulate(metres)]
    days.append(-_NEVER)  # a sentinel after the last run: the pointers stop there
    floor = rule.min_week_km * 1000.0
    base_floor = rule.min_baseline_km * 1000.0 * weeks
    factor = 1 + rule.min_increase
    # periods over the threshold: (minus the rise, day, run index, baseline's first run,
    # next period's first run, metres, baseline metres)
    rises: list[tuple[float, int, int, int, int, int, int]] = []
    low = bisect_left(days, days[first] - span)
    high = first
    last_day = _NEVER
    for index, day in enumerate(days[first:count], first):
        if day == last_day:
            continue
        last_day = day
        since, end = day - span, day + PERIOD_DAYS
        while days[low] < since:
            low += 1
        while days[high] < end:
            high += 1
        volume = total[high] - total[index]
        if volume < floor:
            continue
        baseline = total[index] - total[low]
        if volume * weeks <= factor * baseline or baseline < base_floor:
            continue
        rises.append((-volume * weeks / baseline, day, index, low, high, volume, baseline))
    if not rises:
        return []
    # The most above the usual volume first (the earliest of equal rises): a period that
    # overlaps one already kept is left out, whether or not its runs count.
    rises.sort()
    kept: list[tuple[float, int, int, int, int, int, int]] = []
    taken: set[int] = set()  # the first days of periods that overlap a kept one
    for rise in rises:
        _, day, index, low, high, volume, baseline = rise
        if day in taken:
            continue
        runs = high - index
        usual = (index - low) / weeks
        extra = runs - usual
        if extra > 0 and not _counts_over(
            days, low, index, volume, weeks, factor * baseline, usual, extra, runs,
            rule.spread_factor,
        ):  # fmt: skip
            continue
        kept.append(rise)
        taken.update(range(day - PERIOD_DAYS + 1, day + PERIOD_DAYS))
    found: list[RawSpike] = []
    for _, day, _, _, _, volume, baseline in kept:
        km, usual_km = volume / 1000, baseline / (1000 * weeks)
        date = dt.date.fromordinal(day)
        detail = rule.text.format(
            date=date, km=_km(km), pct=_percent_more(km, usual_km), baseline=_km(usual_km)
        )
        found.append((day, "weekly_volume", date, detail, rule.source, rule.id))
    return found


def _counts_over(
    days: list[int],
    low: int,
    index: int,
    volume: int,
    weeks: int,
    threshold: float,
    usual: float,
    extra: float,
    runs: int,
    spread_factor: float,
) -> bool:
    """Whether a period with `extra` runs more than usual is still over `threshold` (per
    `weeks` weeks) with only the runs that count.

    The period holds the runs from `index` on, its baseline `days[low:index]`. Runs
    beyond the usual number count only if not balanced by fewer runs than usual in
    the 7 days before the period, and beyond `spread_factor` times the person's
    usual spread (the most runs any 7 days of the baseline held, less the usual
    number); the period is then taken at its average run length. The spread can
    only lower what counts, so it is looked at only as far as it matters: first
    lower bounds of it (the last 7 days, then each whole week of the baseline),
    and the busiest 7 days only if they do not settle it.
    """
    day = days[index]
    week_start = bisect_left(days, day - PERIOD_DAYS, low, index)
    most = index - week_start
    # (`x if x > 0.0 else 0.0` is `max(0.0, x)`, without a call)
    moved = usual - most
    unbalanced = extra - (moved if moved > 0.0 else 0.0)
    if unbalanced <= 0:
        return volume * (usual + 0.0) / runs * weeks > threshold
    back = PERIOD_DAYS
    while True:
        spread = most - usual
        least = unbalanced - spread_factor * (spread if spread > 0.0 else 0.0)
        if volume * (usual + (least if least > 0.0 else 0.0)) / runs * weeks <= threshold:
            return False
        if week_start <= low:
            break
        back += PERIOD_DAYS
        start = bisect_left(days, day - back, low, week_start)
        if week_start - start > most:
            most = week_start - start
        week_start = start
    spread = _busiest(days, low, index, day) - usual
    counted = unbalanced - spread_factor * (spread if spread > 0.0 else 0.0)
    return volume * (usual + (counted if counted > 0.0 else 0.0)) / runs * weeks > threshold


def _busiest(days: list[int], low: int, high: int, end: int) -> int:
    """The most runs of `days[low:high]` (all before day `end`) in 7 days that end by `end`."""
    most = 0
    inside = low
    for start in range(low, high):
        stop = days[start] + PERIOD_DAYS
        if stop > end:
            break
        while inside < high and days[inside] < stop:
            inside += 1
        if inside - start > most:
            most = inside - start
    # the last 7 days before `end` (their first run may start too late for the loop)
    return max(most, high - bisect_left(days, end - PERIOD_DAYS, low, high))


def _changes(view: TrainingView, config: SpikesFile) -> list[RawSpike]:
    """New speed work, hills, surfaces, shoes and sports against the previous weeks.

    One pass in date order, remembering the last day each thing was seen: a
    thing is new when it was not seen in the `baseline_days` before the day.
    A thing is judged at its first session of a day only, so a second session
    on the same day neither counts the first as history nor repeats its spike.
    Only the high-load sports' last days are kept: no other sport is judged.
    """
    changes = config.changes
    baseline, source = changes.baseline_days, changes.source
    speed_kinds = frozenset(config.settings.speed_kinds)
    high_load = frozenset(config.settings.high_load_sports)
    min_gain = changes.new_hills.min_gain_m_per_km or 0.0
    judged_from = view.days[0] + baseline
    last_speed = last_hilly = _NEVER
    surfaces = _LastSeen()
    shoes = _LastSeen()
    surface_last, surface_before = surfaces.last_days, surfaces.days_before
    shoe_last, shoe_before = shoes.last_days, shoes.days_before
    # the last day any surface (shoe) was seen, and the last day before that one
    surface_any = surface_any_before = shoe_any = shoe_any_before = _NEVER
    last_sport: dict[str, int] = {}
    found: list[RawSpike] = []
    for session, day, run, sport in zip(
        view.sessions, view.days, view.runs, view.sports, strict=True
    ):
        since = day - baseline
        judged = day >= judged_from
        if sport in high_load:
            last = last_sport.get(sport, _NEVER)
            if judged and last != day and last < since:
                date = session.date
                rule = changes.extra_sport
                detail = rule.text.format(date=date, sport=session.sport)
                found.append((day, "extra_sport", date, detail, source, rule.id))
            last_sport[sport] = day
        if not run:
            continue
        kind, surface, shoe = session.kind, session.surface, session.shoe
        gain, distance = session.elevation_gain_m, session.distance_km
        speed = kind in speed_kinds
        hilly = kind == "hills" or (
            gain is not None and distance > 0 and gain / distance >= min_gain
        )
        if judged:
            date = session.date
            if speed and last_speed != day and last_speed < since:
                rule = changes.new_speed
                detail = rule.text.format(date=date, kind=kind)
                found.append((day, "new_speed", date, detail, source, rule.id))
            if hilly and last_hilly != day and last_hilly < since:
                rule = changes.new_hills
                detail = rule.text.format(date=date, gain_per_km=_gain_per_km(gain, distance))
                found.append((day, "new_hills", date, detail, source, rule.id))
            if (
                surface is not None
                and surface_last.get(surface, _NEVER) < since  # else seen lately: not new
                and surfaces.new_against_others(
                    surface, since, day, surface_any if surface_any < day else surface_any_before
                )
            ):
                rule = changes.surface_change
                previous = surfaces.seen_between(since, day)
                detail = rule.text.format(date=date, surface=surface, previous=previous)
                found.append((day, "surface_change", date, detail, source, rule.id))
            if (
                shoe is not None
                and shoe_last.get(shoe, _NEVER) < since  # else seen lately: not new
                and shoes.new_against_others(
                    shoe, since, day, shoe_any if shoe_any < day else shoe_any_before
                )
            ):
                rule = changes.shoe_change
                previous = shoes.seen_between(since, day)
                detail = rule.text.format(date=date, shoe=shoe, previous=previous)
                found.append((day, "shoe_change", date, detail, source, rule.id))
        if speed:
            last_speed = day
        if hilly:
            last_hilly = day
        if surface is not None:  # seen today (see `_LastSeen`)
            last = surface_last.get(surface, _NEVER)
            if last != day:
                surface_before[surface] = last
                surface_last[surface] = day
            if surface_any != day:
                surface_any_before, surface_any = surface_any, day
        if shoe is not None:
            last = shoe_last.get(shoe, _NEVER)
            if last != day:
                shoe_before[shoe] = last
                shoe_last[shoe] = day
            if shoe_any != day:
                shoe_any_before, shoe_any = shoe_any, day
    return found


class _LastSeen:
    """The last day each name (a surface, a shoe) was seen, and the last day before that.

    `_changes` keeps the two dictionaries up to date itself, without a call for
    each run: for each name seen on a day, `last_days[name]` becomes the day, and
    `days_before[name]` the day it held before, unless that was the same day.
    """

    __slots__ = ("days_before", "last_days")

    def __init__(self) -> None:
        self.last_days: dict[str, int] = {}
        self.days_before: dict[str, int] = {}  # the last day before `last_days`' day

    def new_against_others(self, name: str, since: int, day: int, any_before: int) -> bool:
        """First seen today, not in the window before today, while something else was
        (`any_before`: the last day before today that any name was seen)."""
        last = self.last_days.get(name, _NEVER)
        if last == day or since <= last:
            return False
        return since <= any_before

    def seen_between(self, since: int, day: int) -> str:
        """The names last seen from day `since` up to the day before `day`, sorted."""
        names = []
        for name, last in self.last_days.items():
            seen = last if last < day else self.days_before[name]
            if since <= seen:
                names.append(name)
        return ", ".join(sorted(names))


def _percent_more(value: float, baseline: float) -> str:
    """How many per cent `value` is above `baseline`, whole; "∞" when the baseline is nil
    or so small (a subnormal distance) that the ratio does not fit in a float."""
    ratio = value / baseline if baseline else math.inf
    return "∞" if math.isinf(ratio) else str(round((ratio - 1) * 100))


def _gain_per_km(gain: float | None, distance: float) -> str:
    """Metres of climb per km, whole, or "?" without a gain or a distance."""
    if gain is None or distance <= 0:
        return "?"
    return str(round(gain / distance))


def _stacked(events: Sequence[RawSpike], config: SpikesFile) -> list[RawSpike]:
    """Several kinds of change within `window_days` of the first (events in date order)."""
    rule = config.stacked_changes
    window, min_changes = rule.window_days, rule.min_changes
    count = len(events)
    found: list[RawSpike] = []
    index = 0
    while index < count:
        start_day, _, start, *_ = events[index]
        end = index
        while end < count and events[end][0] < start_day + window:
            end += 1
        kinds = {event[1] for event in events[index:end]} if end - index >= min_changes else ()
        if len(kinds) >= min_changes:
            named = ", ".join(kind.replace("_", " ") for kind in sorted(kinds))
            detail = rule.text.format(date=start, kinds=named)
            found.append((start_day, "stacked_changes", start, detail, rule.source, rule.id))
            index = end
        else:
            index += 1
    return found


def _km(value: float) -> str:
    return f"{value:.1f}"
