"""Load spikes: sudden changes in training, judged against the person's own history.

Pure functions over activity summaries; every threshold comes from
`knowledge/spikes.toml`. A spike is judged only where the history before it
covers its comparison window (case-format.md, "Load spikes: baselines").
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Sequence

from heelraise.contract.assessment import Spike, WeekLoad
from heelraise.contract.case import TrainingSession
from heelraise.knowledge.schema import SpikesFile
from heelraise.training.load import TrainingView

RawSpike = tuple[str, dt.date, str, str, str]  # kind, date, detail, source, rule id


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
    raw.sort(key=lambda item: (item[1], item[0]))
    raw += _stacked(raw, config)
    spikes: list[Spike] = []
    window = dt.timedelta(days=config.settings.before_onset_days)
    for kind, date, detail, source, rule in raw:
        if date < report_from:
            continue
        before = onset is not None and onset - window <= date <= onset
        if before:
            detail += config.before_onset.text
        spikes.append(Spike(kind, date, detail, source, rule, before))
    return spikes


def _single_sessions(view: TrainingView, config: SpikesFile) -> list[RawSpike]:
    """Runs longer than the longest of the previous window (a sliding maximum)."""
    rule = config.single_session
    window_days, history_days, factor = rule.window_days, rule.history_days, 1 + rule.min_increase
    first_day = view.days[0]
    longest: deque[tuple[int, float]] = deque()  # (day, km), km decreasing
    pending: list[tuple[int, float]] = []  # today's runs, added once the day is over
    found: list[RawSpike] = []
    current_day = -1
    for session, day, run in zip(view.sessions, view.days, view.runs, strict=True):
        if not run or session.distance_km <= 0:
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
        pending.append((day, session.distance_km))
        if day - first_day < history_days or not longest:
            continue
        baseline = longest[0][1]
        if session.distance_km <= baseline * factor:
            continue
        pct = round((session.distance_km / baseline - 1) * 100)
        detail = rule.text.format(
            distance=_km(session.distance_km), date=session.date, pct=pct, baseline=_km(baseline)
        )
        found.append(("single_session", session.date, detail, rule.source, rule.id))
    return found


def _weekly_volume(weeks: Sequence[WeekLoad], config: SpikesFile) -> list[RawSpike]:
    rule = config.weekly_volume
    span, min_week_km = rule.baseline_weeks, rule.min_week_km
    run_km = [week.run_km for week in weeks]
    found: list[RawSpike] = []
    for index in range(span, len(weeks)):
        week = weeks[index]
        if week.run_km < min_week_km:
            continue
        baseline = sum(run_km[index - span : index]) / span
        if week.run_km <= baseline * (1 + rule.min_increase):
            continue
        pct = "∞" if baseline == 0 else str(round((week.run_km / baseline - 1) * 100))
        detail = rule.text.format(
            date=week.week_start, km=_km(week.run_km), pct=pct, baseline=_km(baseline)
        )
        found.append(("weekly_volume", week.week_start, detail, rule.source, rule.id))
    return found


def _hilly(session: TrainingSession, min_gain_per_km: float) -> bool:
    if session.kind == "hills":
        return True
    gain = session.elevation_gain_m
    return (
        gain is not None
        and session.distance_km > 0
        and gain / session.distance_km >= min_gain_per_km
    )


def _changes(view: TrainingView, config: SpikesFile) -> list[RawSpike]:
    """New speed work, hills, surfaces, shoes and sports against the previous weeks.

    One pass in date order, remembering the last day each thing was seen: a
    thing is new when it was not seen in the `baseline_days` before the day.
    """
    changes = config.changes
    settings = config.settings
    baseline = changes.baseline_days
    speed_kinds = frozenset(settings.speed_kinds)
    high_load = frozenset(settings.high_load_sports)
    min_gain = changes.new_hills.min_gain_m_per_km or 0.0
    first_day = view.days[0]
    last_speed = last_hilly = last_surface_any = last_shoe_any = -(10**9)
    last_surface: dict[str, int] = {}
    last_shoe: dict[str, int] = {}
    last_sport: dict[str, int] = {}
    found: list[RawSpike] = []

    def add(spike_kind: str, session: TrainingSession, **values: object) -> None:
        rule = getattr(changes, spike_kind)
        detail = rule.text.format(date=session.date, **values)
        found.append((spike_kind, session.date, detail, changes.source, rule.id))

    def recent(days: dict[str, int], since: int, day: int) -> list[str]:
        return sorted(name for name, seen in days.items() if since <= seen < day)

    for session, day, run, sport in zip(
        view.sessions, view.days, view.runs, view.sports, strict=True
    ):
        since = day - baseline
        judged = day - first_day >= baseline
        if judged and sport in high_load and not since <= last_sport.get(sport, since - 1) < day:
            add("extra_sport", session, sport=session.sport)
        last_sport[sport] = day
        if not run:
            continue
        speed = session.kind in speed_kinds
        hilly = _hilly(session, min_gain)
        if judged:
            if speed and not since <= last_speed < day:
                add("new_speed", session, kind=session.kind)
            if hilly and not since <= last_hilly < day:
                gain = session.elevation_gain_m
                per_km = (
                    "?"
                    if gain is None or session.distance_km <= 0
                    else str(round(gain / session.distance_km))
                )
                add("new_hills", session, gain_per_km=per_km)
            surface = session.surface
            if (
                surface is not None
                and since <= last_surface_any < day
                and not since <= last_surface.get(surface, since - 1) < day
            ):
                previous = ", ".join(recent(last_surface, since, day))
                add("surface_change", session, surface=surface, previous=previous)
            shoe = session.shoe
            if (
                shoe is not None
                and since <= last_shoe_any < day
                and not since <= last_shoe.get(shoe, since - 1) < day
            ):
                previous = ", ".join(recent(last_shoe, since, day))
                add("shoe_change", session, shoe=shoe, previous=previous)
        if speed:
            last_speed = day
        if hilly:
            last_hilly = day
        if session.surface is not None:
            last_surface[session.surface] = last_surface_any = day
        if session.shoe is not None:
            last_shoe[session.shoe] = last_shoe_any = day
    return found


def _stacked(events: Sequence[RawSpike], config: SpikesFile) -> list[RawSpike]:
    rule = config.stacked_changes
    window = dt.timedelta(days=rule.window_days)
    found: list[RawSpike] = []
    index = 0
    while index < len(events):
        start = events[index][1]
        end = index
        while end < len(events) and events[end][1] < start + window:
            end += 1
        kinds = sorted({event[0] for event in events[index:end]})
        if len(kinds) >= rule.min_changes:
            detail = rule.text.format(
                date=start, kinds=", ".join(k.replace("_", " ") for k in kinds)
            )
            found.append(("stacked_changes", start, detail, rule.source, rule.id))
            index = end
        else:
            index += 1
    return found


def _km(value: float) -> str:
    return f"{value:.1f}"
