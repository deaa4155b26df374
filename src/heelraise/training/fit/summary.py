"""From FIT facts to an `ActivitySummary`: start and offset, sport, totals, kind."""

from __future__ import annotations

import datetime as dt
from typing import Final

from heelraise.errors import ImportFailed
from heelraise.training.activity import ActivitySummary
from heelraise.training.fit.facts import FitActivity, SessionTotals
from heelraise.training.fit.names import our_sport, surface_of
from heelraise.training.fit.profile import FIRST_ABSOLUTE_TIME, FIT_EPOCH
from heelraise.training.inference import infer_kind

_TRANSITION: Final = "transition"
_MULTISPORT: Final = "multisport"
_GENERIC: Final = "generic"


def summarise(activity: FitActivity, source: str, content_hash: str) -> ActivitySummary:
    """The summary of the activity's plausible sessions; `ImportFailed` when it has none."""
    sessions = activity.usable_sessions
    if not sessions:
        raise ImportFailed(source, activity.problem or "no session and no records")
    found = _start(activity, sessions)
    if found is None:
        raise ImportFailed(source, "no start time")
    start, local_time_known = found
    fit_sport, sub_sport = _sport(activity, sessions)
    sport = our_sport(fit_sport)
    distance_m = sum(session.distance_m or 0.0 for session in sessions)
    duration_s = sum(session.duration_s or 0.0 for session in sessions)
    ascents = [session.ascent_m for session in sessions if session.ascent_m is not None]
    ascent_m = sum(ascents) if ascents else None
    laps = [
        (lap.distance_m, lap.timer_s)
        for lap in activity.laps
        if lap.distance_m is not None and lap.timer_s is not None
    ]
    kind = infer_kind(sport, distance_m / 1000, ascent_m, laps) if len(sessions) == 1 else None
    return ActivitySummary(
        start=start,
        local_time_known=local_time_known,
        sport=sport,
        distance_km=distance_m / 1000,
        duration_min=duration_s / 60,
        source=source,
        content_hash=content_hash,
        elevation_gain_m=ascent_m,
        kind=kind,
        kind_inferred=kind is not None,
        surface=surface_of(sub_sport),
        sub_sport=sub_sport,
        device=activity.device,
        avg_hr=_average_heart_rate(sessions),
    )


def _start(activity: FitActivity, sessions: list[SessionTotals]) -> tuple[dt.datetime, bool] | None:
    """The first session's start, in the local offset the file gives, else in UTC; and
    whether its wall-clock time is the local time.

    Old devices write times relative to power-on; those are anchored to the
    `activity` message's local clock, the only absolute time such files hold,
    and stay labelled UTC because the offset is unknown (their wall-clock time
    is local all the same).
    """
    starts = [session.start for session in sessions if session.start is not None]
    first = min(starts) if starts else activity.time_created
    if first is None:
        return None
    clock = activity.clock
    if first >= FIRST_ABSOLUTE_TIME:
        utc = FIT_EPOCH + dt.timedelta(seconds=first)
        offset = None if clock is None else clock.utc_offset_s
        if offset is None:
            return utc, False
        return utc.astimezone(dt.timezone(dt.timedelta(seconds=offset))), True
    if clock is not None and clock.time < FIRST_ABSOLUTE_TIME <= clock.local_time:
        return FIT_EPOCH + dt.timedelta(seconds=clock.local_time - (clock.time - first)), True
    return None


def _sport(activity: FitActivity, sessions: list[SessionTotals]) -> tuple[str | None, str | None]:
    """The activity's FIT sport and sub-sport: the longest leg's, 'multisport' when legs differ.

    Transitions are not legs. A `sport` message fills in for sessions that say
    nothing better than 'generic'. A 'generic' sub-sport says nothing and is dropped.
    """
    legs = [session for session in sessions if session.sport not in (None, _TRANSITION)]
    if len({leg.sport for leg in legs}) > 1:
        return _MULTISPORT, None
    main = max(legs or sessions, key=lambda session: session.duration_s or 0.0)
    sport, sub_sport = main.sport, main.sub_sport
    if sport in (None, _GENERIC) and activity.sport not in (None, _GENERIC):
        sport, sub_sport = activity.sport, activity.sub_sport
    return sport, None if sub_sport == _GENERIC else sub_sport


def _average_heart_rate(sessions: list[SessionTotals]) -> float | None:
    """Duration-weighted mean of the sessions' average heart rates."""
    weighted = [
        (session.avg_hr, session.duration_s or 0.0)
        for session in sessions
        if session.avg_hr is not None and session.avg_hr > 0
    ]
    total = sum(weight for _, weight in weighted)
    if not weighted or total <= 0:
        return None
    return sum(rate * weight for rate, weight in weighted) / total
