"""Load spikes: sudden changes in training, judged against the person's own history.

Pure functions over activity summaries; every threshold comes from
`knowledge/spikes.toml`. A spike is judged only where the history before it
covers its comparison window (case-format.md, "Load spikes: baselines").
"""

from __future__ import annotations

import datetime as dt
import math
from collections import deque
from collections.abc import Sequence
from operator import itemgetter

from heelraise.contract.assessment import Spike, WeekLoad
from heelraise.knowledge.schema import SpikesFile
from heelraise.training.load import TrainingView

# day number, kind, date, detail, source, rule id
RawSpike = tuple[int, str, dt.date, str, str, str]
_DAY_AND_KIND = itemgetter(0, 1)
_NEVER = -(10**9)  # the day number of something not seen yet


def find_spikes(
    view: TrainingView,
    weeks: Sequence[WeekLoad],
    onset: dt.date | None,
    report_from: dt.date,
    config: SpikesFile,
) -> list[Spike]:
    """Every spike from `report_from` on, in date order; stacked changes after the rest."""
    if not view.sessions:
        return []
    raw: list[RawSpike] = []
    raw += _single_sessions(view, config)
    raw += _weekly_volume(weeks, config)
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


def _single_sessions(view: TrainingView, config: SpikesFile) -> list[RawSpike]:
    """Runs longer than the longest of the previous window (a sliding maximum).

    The window holds the runs of the `window_days` before the day (the same
    day's runs join it once the day is over), as (day, km) with km decreasing.
    """
    rule = config.single_session
    window_days, factor = rule.window_days, 1 + rule.min_increase
    judged_from = view.days[0] + rule.history_days
    longest: deque[tuple[int, float]] = deque()
    pending: list[tuple[int, float]] = []  # today's runs, added once the day is over
    found: list[RawSpike] = []
    current_day = _NEVER
    for session, day, run in zip(view.sessions, view.days, view.runs, strict=True):
        if not run:
            continue
        km = session.distance_km
        if km <= 0:
            continue
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
        detail = rule.text.format(
            distance=_km(km),
            date=session.date,
            pct=_percent_more(km, baseline),
            baseline=_km(baseline),
        )
        found.append((day, "single_session", session.date, detail, rule.source, rule.id))
    return found


def _weekly_volume(weeks: Sequence[WeekLoad], config: SpikesFile) -> list[RawSpike]:
    rule = config.weekly_volume
    span, min_week_km, factor = rule.baseline_weeks, rule.min_week_km, 1 + rule.min_increase
    run_km = [week.run_km for week in weeks]
    found: list[RawSpike] = []
    for index in range(span, len(weeks)):
        km = run_km[index]
        if km < min_week_km:
            continue
        baseline = sum(run_km[index - span : index]) / span
        if km <= baseline * factor:
            continue
        start = weeks[index].week_start
        detail = rule.text.format(
            date=start, km=_km(km), pct=_percent_more(km, baseline), baseline=_km(baseline)
        )
        found.append((start.toordinal(), "weekly_volume", start, detail, rule.source, rule.id))
    return found


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
    last_sport: dict[str, int] = {}
    found: list[RawSpike] = []
    for session, day, run, sport in zip(
        view.sessions, view.days, view.runs, view.sports, strict=True
    ):
        since = day - baseline
        judged = day >= judged_from
        date = session.date
        if sport in high_load:
            last = last_sport.get(sport, _NEVER)
            if judged and last != day and last < since:
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
            if speed and last_speed != day and last_speed < since:
                rule = changes.new_speed
                detail = rule.text.format(date=date, kind=kind)
                found.append((day, "new_speed", date, detail, source, rule.id))
            if hilly and last_hilly != day and last_hilly < since:
                rule = changes.new_hills
                detail = rule.text.format(date=date, gain_per_km=_gain_per_km(gain, distance))
                found.append((day, "new_hills", date, detail, source, rule.id))
            if surface is not None and surfaces.new_against_others(surface, since, day):
                rule = changes.surface_change
                previous = surfaces.seen_between(since, day)
                detail = rule.text.format(date=date, surface=surface, previous=previous)
                found.append((day, "surface_change", date, detail, source, rule.id))
            if shoe is not None and shoes.new_against_others(shoe, since, day):
                rule = changes.shoe_change
                previous = shoes.seen_between(since, day)
                detail = rule.text.format(date=date, shoe=shoe, previous=previous)
                found.append((day, "shoe_change", date, detail, source, rule.id))
        if speed:
            last_speed = day
        if hilly:
            last_hilly = day
        if surface is not None:
            surfaces.see(surface, day)
        if shoe is not None:
            shoes.see(shoe, day)
    return found


class _LastSeen:
    """The last day each name (a surface, a shoe) was seen, and the last day before that."""

    __slots__ = ("_any", "_any_before", "_before", "_last")

    def __init__(self) -> None:
        self._last: dict[str, int] = {}
        self._before: dict[str, int] = {}  # the last day before `_last`'s day
        self._any = self._any_before = _NEVER

    def see(self, name: str, day: int) -> None:
        last = self._last.get(name, _NEVER)
        if last != day:
            self._before[name] = last
            self._last[name] = day
        if self._any != day:
            self._any_before, self._any = self._any, day

    def new_against_others(self, name: str, since: int, day: int) -> bool:
        """First seen today, not in the window before today, while something else was."""
        last = self._last.get(name, _NEVER)
        if last == day or since <= last:
            return False
        any_before_today = self._any if self._any < day else self._any_before
        return since <= any_before_today

    def seen_between(self, since: int, day: int) -> str:
        """The names last seen from day `since` up to the day before `day`, sorted."""
        names = []
        for name, last in self._last.items():
            seen = last if last < day else self._before[name]
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
