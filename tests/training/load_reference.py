"""The training-load path written plainly: the reference.

A frozen copy of `weekly_load`, `find_spikes` and their helpers (and of
`Engine._load`) as they were before they were made faster, kept only so that
`test_load_equivalence.py` can check the fast path against it on random
histories. The `weekly_volume` rule (any 7-day period, issue 11) is written
here as the plain scan the knowledge file describes: every window summed anew.
Do not optimise this file.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from heelraise.contract.assessment import LoadSummary, Spike, WeekLoad
from heelraise.contract.case import Case, TrainingSession
from heelraise.knowledge.schema import SpikesFile


def reference_load(case: Case, config: SpikesFile) -> LoadSummary:
    """What `Engine._load` returned for `case` before the fast path."""
    settings = config.settings
    if not case.training:
        return LoadSummary([], [], settings.no_training_note)
    report_from = case.as_of - dt.timedelta(weeks=settings.report_weeks)
    view = TrainingView.of(case.training, frozenset(settings.run_sports))
    weeks = weekly_load(view, case.as_of)
    spikes = find_spikes(view, case.symptoms.started, report_from, config)
    shown = [week for week in weeks if week.week_start >= report_from - dt.timedelta(days=6)]
    return LoadSummary(shown, spikes)


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
        ordered = sorted(training, key=lambda session: session.date)
        sports = [s.sport.lower() for s in ordered]
        return cls(
            ordered,
            [s.date.toordinal() for s in ordered],
            [sport in run_sports for sport in sports],
            sports,
        )


def weekly_load(view: TrainingView, until: dt.date) -> list[WeekLoad]:
    """One row per week from the first activity's week to `until`'s week, gaps as zeros."""
    if not view.sessions:
        return []
    first_monday = view.days[0] - view.sessions[0].date.weekday()
    last_day = max(until.toordinal(), view.days[-1])
    count = (last_day - first_monday) // 7 + 1
    run_km = [0.0] * count
    sessions = [0] * count
    run_sessions = [0] * count
    total_km = [0.0] * count
    duration = [0.0] * count
    gain = [0.0] * count
    longest = [0.0] * count
    for session, day, run in zip(view.sessions, view.days, view.runs, strict=True):
        week = (day - first_monday) // 7
        sessions[week] += 1
        total_km[week] += session.distance_km
        duration[week] += session.duration_min
        if session.elevation_gain_m is not None:
            gain[week] += session.elevation_gain_m
        if run:
            run_sessions[week] += 1
            run_km[week] += session.distance_km
            if session.distance_km > longest[week]:
                longest[week] = session.distance_km
    return [
        WeekLoad(
            dt.date.fromordinal(first_monday + 7 * week),  # week_start
            round(run_km[week], 2),  # run_km
            sessions[week],  # sessions
            run_sessions[week],  # run_sessions
            sessions[week] - run_sessions[week],  # other_sessions
            round(total_km[week], 2),  # total_km
            round(duration[week], 1),  # duration_min
            round(gain[week], 1),  # elevation_gain_m
            round(longest[week], 2),  # longest_run_km
        )
        if sessions[week]
        else _empty_week(first_monday + 7 * week)
        for week in range(count)
    ]


def _empty_week(day: int) -> WeekLoad:
    """A week without sessions: every figure zero (nothing to add up or round)."""
    return WeekLoad(dt.date.fromordinal(day), 0.0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0)


RawSpike = tuple[str, dt.date, str, str, str]  # kind, date, detail, source, rule id


def find_spikes(
    view: TrainingView,
    onset: dt.date | None,
    report_from: dt.date,
    config: SpikesFile,
) -> list[Spike]:
    """Every spike from `report_from` on, in date order; stacked changes after the rest."""
    if not view.sessions:
        return []
    raw: list[RawSpike] = []
    raw += _single_sessions(view, config)
    raw += _weekly_volume(view, config)
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
        ratio = session.distance_km / baseline
        pct = "∞" if ratio == float("inf") else str(round((ratio - 1) * 100))
        detail = rule.text.format(
            distance=_km(session.distance_km), date=session.date, pct=pct, baseline=_km(baseline)
        )
        found.append(("single_session", session.date, detail, rule.source, rule.id))
    return found


def _weekly_volume(view: TrainingView, config: SpikesFile) -> list[RawSpike]:
    """Every 7 days from a day with a run, against the 4 weeks before, summed plainly.

    Distances in whole metres (the rule's unit). A period over the threshold is
    judged again with only the runs that count (moved runs do not), and of the
    periods still over it, the one most above its usual volume is kept, then
    any other that overlaps no kept one.
    """
    rule = config.weekly_volume
    weeks = rule.baseline_weeks
    span = 7 * weeks
    runs = []  # (day, metres, session)
    for session, day, run in zip(view.sessions, view.days, view.runs, strict=True):
        if not run:
            continue
        km = min(session.distance_km, 1e300)
        metres = round(km * 1000.0)
        if metres > 0:
            runs.append((day, metres, session))
    first_activity = view.days[0]
    over = []  # (rise, day, metres, baseline, date)
    for day in sorted({day for day, _, _ in runs}):
        if day - first_activity < span:
            continue
        period = [metres for d, metres, _ in runs if day <= d < day + 7]
        usual = [metres for d, metres, _ in runs if day - span <= d < day]
        volume, baseline = sum(period), sum(usual)
        if volume < rule.min_week_km * 1000.0:
            continue
        if baseline < rule.min_baseline_km * 1000.0 * weeks:
            continue
        factor = 1 + rule.min_increase
        if volume * weeks <= factor * baseline:
            continue
        usual_runs = len(usual) / weeks
        extra = len(period) - usual_runs
        if extra > 0:
            before = len([d for d, _, _ in runs if day - 7 <= d < day])
            moved = max(0.0, usual_runs - before)
            busiest = max(
                len([d for d, _, _ in runs if start <= d < start + 7])
                for start in range(day - span, day - 6)
            )
            spread = max(0.0, busiest - usual_runs)
            kept_extra = max(0.0, extra - moved - rule.spread_factor * spread)
            counted = volume * (usual_runs + kept_extra) / len(period)
            if counted * weeks <= factor * baseline:
                continue
        date = next(session.date for d, _, session in runs if d == day)
        over.append((volume * weeks / baseline, day, volume, baseline, date))
    over.sort(key=lambda item: (-item[0], item[1]))
    kept: list[tuple[float, int, int, int, dt.date]] = []
    for item in over:
        if all(abs(item[1] - other[1]) >= 7 for other in kept):
            kept.append(item)
    found: list[RawSpike] = []
    for _, _, volume, baseline, date in kept:
        km, usual_km = volume / 1000, baseline / (1000 * weeks)
        ratio = km / usual_km
        pct = "∞" if ratio == float("inf") else str(round((ratio - 1) * 100))
        detail = rule.text.format(date=date, km=_km(km), pct=pct, baseline=_km(usual_km))
        found.append(("weekly_volume", date, detail, rule.source, rule.id))
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

    Written as plainly as possible: for each session, look at the sessions of the
    `baseline_days` before its day; a thing is new when none of them had it, and
    it is judged at its first session of the day only.
    """
    changes = config.changes
    settings = config.settings
    baseline = changes.baseline_days
    speed_kinds = frozenset(settings.speed_kinds)
    high_load = frozenset(settings.high_load_sports)
    min_gain = changes.new_hills.min_gain_m_per_km or 0.0
    first_day = view.days[0]
    rows = list(zip(view.sessions, view.days, view.runs, view.sports, strict=True))
    found: list[RawSpike] = []

    def add(spike_kind: str, session: TrainingSession, **values: object) -> None:
        rule = getattr(changes, spike_kind)
        detail = rule.text.format(date=session.date, **values)
        found.append((spike_kind, session.date, detail, changes.source, rule.id))

    for index, (session, day, run, sport) in enumerate(rows):
        since = day - baseline
        if day - first_day < baseline:
            continue
        window = [row for row in rows if since <= row[1] < day]
        earlier_today = [row for row in rows[:index] if row[1] == day]
        if sport in high_load and not any(row[3] == sport for row in window + earlier_today):
            add("extra_sport", session, sport=session.sport)
        if not run:
            continue
        runs_before = [row[0] for row in window if row[2]]
        runs_today = [row[0] for row in earlier_today if row[2]]
        both = runs_before + runs_today
        if session.kind in speed_kinds and not any(r.kind in speed_kinds for r in both):
            add("new_speed", session, kind=session.kind)
        if _hilly(session, min_gain) and not any(_hilly(r, min_gain) for r in both):
            gain = session.elevation_gain_m
            per_km = (
                "?"
                if gain is None or session.distance_km <= 0
                else str(round(gain / session.distance_km))
            )
            add("new_hills", session, gain_per_km=per_km)
        surfaces = {r.surface for r in runs_before if r.surface is not None}
        surface = session.surface
        if (
            surface is not None
            and surfaces
            and surface not in surfaces
            and surface not in {r.surface for r in runs_today}
        ):
            add("surface_change", session, surface=surface, previous=", ".join(sorted(surfaces)))
        shoes = {r.shoe for r in runs_before if r.shoe is not None}
        shoe = session.shoe
        if (
            shoe is not None
            and shoes
            and shoe not in shoes
            and shoe not in {r.shoe for r in runs_today}
        ):
            add("shoe_change", session, shoe=shoe, previous=", ".join(sorted(shoes)))
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
