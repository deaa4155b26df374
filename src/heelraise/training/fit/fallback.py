"""The slow path: a full fitdecode decode, with totals rebuilt from `record` messages.

Used only when the fast scan finds no plausible session (none at all, no
duration, a negative distance) or no distance anywhere. fitdecode yields every
frame it could read before a damaged one, so a truncated file can still give
a summary from its records. CRCs are not checked and read errors never raise.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass, replace
from typing import Any, Final

import fitdecode

from heelraise.training.fit.facts import (
    ActivityClock,
    FitActivity,
    LapSplit,
    SessionTotals,
)
from heelraise.training.fit.names import device_name, fit_sport_name, fit_sub_sport_name
from heelraise.training.fit.profile import FIT_EPOCH

_TIMER_STARTS: Final = frozenset({"start"})
_TIMER_STOPS: Final = frozenset({"stop", "stop_all", "stop_disable", "stop_disable_all"})


def _fit_time(value: object) -> int | None:
    """A fitdecode time (aware datetime, or int for device-relative times) as FIT seconds."""
    if isinstance(value, dt.datetime):
        return int((value - FIT_EPOCH).total_seconds())
    if isinstance(value, int):
        return value
    return None


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _enum(value: object) -> int | str | None:
    return value if isinstance(value, int | str) else None


@dataclass(slots=True)
class RecordTrack:
    """Running totals over `record` and timer `event` messages."""

    first_time: int | None = None
    last_time: int | None = None
    distance_m: float | None = None
    heart_rate_sum: float = 0.0
    heart_rate_count: int = 0
    timer_s: float = 0.0
    timer_started_at: int | None = None
    saw_timer_events: bool = False
    count: int = 0

    def add_record(self, message: Any) -> None:
        """Fold one `record` message into the totals."""
        self.count += 1
        time = _fit_time(message.get_value("timestamp", fallback=None))
        if time is not None:
            if self.first_time is None:
                self.first_time = time
            self.last_time = time
        distance = _float(message.get_value("distance", fallback=None))
        if distance is not None:
            self.distance_m = distance
        heart_rate = _float(message.get_value("heart_rate", fallback=None))
        if heart_rate is not None and heart_rate > 0:
            self.heart_rate_sum += heart_rate
            self.heart_rate_count += 1

    def add_event(self, message: Any) -> None:
        """Fold a timer start or stop `event` into the moving time."""
        if message.get_value("event", fallback=None) != "timer":
            return
        time = _fit_time(message.get_value("timestamp", fallback=None))
        event_type = message.get_value("event_type", fallback=None)
        if time is None:
            return
        self.saw_timer_events = True
        if event_type in _TIMER_STARTS and self.timer_started_at is None:
            self.timer_started_at = time
        elif event_type in _TIMER_STOPS and self.timer_started_at is not None:
            self.timer_s += time - self.timer_started_at
            self.timer_started_at = None

    def session(self, sport: str | None, sub_sport: str | None) -> SessionTotals:
        """A session built from the records: start, distance, timer (else elapsed), heart rate."""
        elapsed = None
        if self.first_time is not None and self.last_time is not None:
            elapsed = float(self.last_time - self.first_time)
        timer = self.timer_s
        if self.timer_started_at is not None and self.last_time is not None:
            timer += max(0, self.last_time - self.timer_started_at)
        average = self.heart_rate_sum / self.heart_rate_count if self.heart_rate_count else None
        return SessionTotals(
            start=self.first_time,
            sport=sport,
            sub_sport=sub_sport,
            timer_s=timer if self.saw_timer_events and timer > 0 else None,
            elapsed_s=elapsed,
            distance_m=self.distance_m,
            ascent_m=None,  # gain from raw altitudes needs the shared smoothing rule
            avg_hr=average,
        )


def decode_in_full(data: bytes) -> FitActivity:
    """Every frame fitdecode can read, as facts, with sessions completed from records."""
    activity = FitActivity()
    track = RecordTrack()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _read_frames(data, activity, track)
    # fitdecode raises many types on damaged input (its own errors, KeyError, struct.error,
    # UnicodeDecodeError, ...); whatever came before the damage is still good.
    except Exception as error:
        activity.problem = str(error).splitlines()[0] if str(error) else type(error).__name__
    _complete_from_records(activity, track)
    return activity


def _read_frames(data: bytes, activity: FitActivity, track: RecordTrack) -> None:
    reader = fitdecode.FitReader(
        data,
        check_crc=fitdecode.CrcCheck.DISABLED,
        error_handling=fitdecode.ErrorHandling.IGNORE,
    )
    with reader:
        for frame in reader:
            if not isinstance(frame, fitdecode.FitDataMessage):
                continue
            name = frame.name
            if name == "record":
                track.add_record(frame)
            elif name == "event":
                track.add_event(frame)
            elif name == "session":
                activity.sessions.append(_session(frame))
            elif name == "lap":
                activity.laps.append(
                    LapSplit(
                        distance_m=_float(frame.get_value("total_distance", fallback=None)),
                        timer_s=_float(frame.get_value("total_timer_time", fallback=None)),
                    )
                )
            elif name == "sport" and activity.sport is None:
                activity.sport = fit_sport_name(_enum(frame.get_value("sport", fallback=None)))
                activity.sub_sport = fit_sub_sport_name(
                    _enum(frame.get_value("sub_sport", fallback=None))
                )
            elif name == "activity" and activity.clock is None:
                time = _fit_time(frame.get_value("timestamp", fallback=None))
                local_time = _fit_time(frame.get_value("local_timestamp", fallback=None))
                if time is not None and local_time is not None:
                    activity.clock = ActivityClock(time, local_time)
            elif name == "file_id" and activity.device is None:
                activity.device = _device(frame)
                activity.time_created = _fit_time(frame.get_value("time_created", fallback=None))


def _session(frame: Any) -> SessionTotals:
    def value(name: str) -> object:
        return frame.get_value(name, fallback=None)

    return SessionTotals(
        start=_fit_time(value("start_time")),
        sport=fit_sport_name(_enum(value("sport"))),
        sub_sport=fit_sub_sport_name(_enum(value("sub_sport"))),
        timer_s=_float(value("total_timer_time")),
        elapsed_s=_float(value("total_elapsed_time")),
        distance_m=_float(value("total_distance")),
        ascent_m=_float(value("total_ascent")),
        avg_hr=_float(value("avg_heart_rate")),
    )


def _device(frame: Any) -> str | None:
    product = frame.get_value("garmin_product", fallback=None)
    if product is None:
        product = frame.get_value("product", fallback=None)
    name = frame.get_value("product_name", fallback=None)
    return device_name(
        _enum(frame.get_value("manufacturer", fallback=None)),
        _enum(product),
        name if isinstance(name, str) else None,
    )


def _complete_from_records(activity: FitActivity, track: RecordTrack) -> None:
    """Fill what the sessions lack from the records: the whole session, or its distance."""
    usable = activity.usable_sessions
    if not usable:
        sport = next((s.sport for s in activity.sessions if s.sport), activity.sport)
        sub_sport = next((s.sub_sport for s in activity.sessions if s.sub_sport), None)
        derived = track.session(sport, sub_sport or activity.sub_sport)
        activity.sessions = [derived] if derived.is_usable else []
        if not derived.is_usable and activity.problem is None:
            activity.problem = (
                f"no session, and its {track.count} record(s) give no duration"
                if track.count
                else "no session and no records"
            )
    elif all(session.distance_m is None for session in usable) and track.distance_m is not None:
        activity.sessions = [replace(usable[0], distance_m=track.distance_m), *usable[1:]]
    else:
        activity.sessions = usable
