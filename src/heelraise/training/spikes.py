"""Load spikes: sudden changes in training, judged against the person's own history.

Pure functions over activity summaries; every threshold comes from
`knowledge/spikes.toml`. A spike is judged only where the history before it
covers its comparison window (case-format.md, "Load spikes: baselines").
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Sequence

from heelraise.contract.assessment import Spike, WeekLoad
from heelraise.contract.case import TrainingSession
from heelraise.knowledge.schema import SpikesFile
from heelraise.training.load import is_run

CHANGE_KINDS = ("new_speed", "new_hills", "surface_change", "shoe_change", "extra_sport")


def find_spikes(
    training: Sequence[TrainingSession],
    weeks: Sequence[WeekLoad],
    onset: dt.date | None,
    report_from: dt.date,
    config: SpikesFile,
) -> list[Spike]:
    """Every spike from `report_from` on, in date order; stacked changes after the rest."""
    if not training:
        return []
    ordered = sorted(training, key=lambda session: session.date)
    runs = frozenset(config.settings.run_sports)
    first_day = ordered[0].date
    raw: list[tuple[str, dt.date, str, str, str]] = []  # kind, date, detail, source, rule
    raw += _single_sessions(ordered, runs, first_day, config)
    raw += _weekly_volume(weeks, config)
    raw += _changes(ordered, runs, first_day, config)
    raw.sort(key=lambda item: (item[1], item[0]))
    raw += _stacked(raw, config)
    spikes: list[Spike] = []
    for kind, date, detail, source, rule in raw:
        if date < report_from:
            continue
        before = onset is not None and onset - dt.timedelta(
            days=config.settings.before_onset_days
        ) <= date <= onset
        if before:
            detail += config.before_onset.text
        spikes.append(Spike(kind, date, detail, source, rule, before))
    return spikes


def _single_sessions(
    ordered: Sequence[TrainingSession],
    runs: frozenset[str],
    first_day: dt.date,
    config: SpikesFile,
) -> list[tuple[str, dt.date, str, str, str]]:
    rule = config.single_session
    window = dt.timedelta(days=rule.window_days)
    needed = dt.timedelta(days=rule.history_days)
    run_list = [s for s in ordered if is_run(s, runs) and s.distance_km > 0]
    dates = [s.date for s in run_list]
    found: list[tuple[str, dt.date, str, str, str]] = []
    for session in run_list:
        if session.date - first_day < needed:
            continue
        start = bisect_left(dates, session.date - window)
        end = bisect_left(dates, session.date)
        if start >= end:
            continue
        baseline = max(s.distance_km for s in run_list[start:end])
        if baseline <= 0 or session.distance_km <= baseline * (1 + rule.min_increase):
            continue
        pct = round((session.distance_km / baseline - 1) * 100)
        detail = rule.text.format(
            distance=_km(session.distance_km), date=session.date, pct=pct, baseline=_km(baseline)
        )
        found.append(("single_session", session.date, detail, rule.source, rule.id))
    return found


def _weekly_volume(
    weeks: Sequence[WeekLoad], config: SpikesFile
) -> list[tuple[str, dt.date, str, str, str]]:
    rule = config.weekly_volume
    found: list[tuple[str, dt.date, str, str, str]] = []
    for index in range(rule.baseline_weeks, len(weeks)):
        week = weeks[index]
        if week.run_km < rule.min_week_km:
            continue
        previous = weeks[index - rule.baseline_weeks : index]
        baseline = sum(w.run_km for w in previous) / rule.baseline_weeks
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
    return gain is not None and session.distance_km > 0 and gain / session.distance_km >= (
        min_gain_per_km
    )


def _changes(
    ordered: Sequence[TrainingSession],
    runs: frozenset[str],
    first_day: dt.date,
    config: SpikesFile,
) -> list[tuple[str, dt.date, str, str, str]]:
    changes = config.changes
    settings = config.settings
    baseline = dt.timedelta(days=changes.baseline_days)
    speed_kinds = frozenset(settings.speed_kinds)
    high_load = frozenset(settings.high_load_sports)
    min_gain = changes.new_hills.min_gain_m_per_km or 0.0
    dates = [s.date for s in ordered]
    found: list[tuple[str, dt.date, str, str, str]] = []

    def add(spike_kind: str, session: TrainingSession, **values: object) -> None:
        rule = getattr(changes, spike_kind)
        detail = rule.text.format(date=session.date, **values)
        found.append((spike_kind, session.date, detail, changes.source, rule.id))

    for session in ordered:
        if session.date - first_day < baseline:
            continue
        start = bisect_left(dates, session.date - baseline)
        end = bisect_left(dates, session.date)
        previous = ordered[start:end]
        previous_runs = [s for s in previous if is_run(s, runs)]
        sport = session.sport.lower()
        if sport in high_load and all(s.sport.lower() != sport for s in previous):
            add("extra_sport", session, sport=session.sport)
        if not is_run(session, runs):
            continue
        if session.kind in speed_kinds and all(s.kind not in speed_kinds for s in previous_runs):
            add("new_speed", session, kind=session.kind)
        if _hilly(session, min_gain) and not any(_hilly(s, min_gain) for s in previous_runs):
            gain = session.elevation_gain_m
            per_km = (
                "?"
                if gain is None or session.distance_km <= 0
                else str(round(gain / session.distance_km))
            )
            add("new_hills", session, gain_per_km=per_km)
        if session.surface is not None:
            known = sorted({s.surface for s in previous_runs if s.surface is not None})
            if known and session.surface not in known:
                add("surface_change", session, surface=session.surface, previous=", ".join(known))
        if session.shoe is not None:
            shoes = sorted({s.shoe for s in previous_runs if s.shoe is not None})
            if shoes and session.shoe not in shoes:
                add("shoe_change", session, shoe=session.shoe, previous=", ".join(shoes))
    return found


def _stacked(
    events: Sequence[tuple[str, dt.date, str, str, str]], config: SpikesFile
) -> list[tuple[str, dt.date, str, str, str]]:
    rule = config.stacked_changes
    window = dt.timedelta(days=rule.window_days)
    found: list[tuple[str, dt.date, str, str, str]] = []
    index = 0
    while index < len(events):
        start = events[index][1]
        end = index
        while end < len(events) and events[end][1] < start + window:
            end += 1
        kinds = sorted({event[0] for event in events[index:end]})
        if len(kinds) >= rule.min_changes:
            detail = rule.text.format(date=start, kinds=", ".join(k.replace("_", " ") for k in kinds))
            found.append(("stacked_changes", start, detail, rule.source, rule.id))
            index = end
        else:
            index += 1
    return found


def _km(value: float) -> str:
    return f"{value:.1f}"
