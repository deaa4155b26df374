"""The slow path: a full fitdecode decode, with totals rebuilt from `record` messages.

Used only when the fast scan finds no plausible session (none at all, no
duration, a negative distance) or no distance anywhere, and the stdlib record
stage (`records.py`) cannot complete it either. fitdecode yields every
frame it could read before a damaged one, so a truncated file can still give
a summary from its records. CRCs are not checked and read errors never raise.
"""

from __future__ import annotations

import datetime as dt
import warnings
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
from heelraise.training.fit.track import RecordTrack, complete_from_records

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


def _add_record(track: RecordTrack, message: Any) -> None:
    """Fold one fitdecode `record` into the track."""
    altitude = _float(message.get_value("enhanced_altitude", fallback=None))
    if altitude is None:
        altitude = _float(message.get_value("altitude", fallback=None))
    track.add_record(
        _fit_time(message.get_value("timestamp", fallback=None)),
        _float(message.get_value("distance", fallback=None)),
        _float(message.get_value("heart_rate", fallback=None)),
        altitude,
    )


def _add_event(track: RecordTrack, message: Any) -> None:
    """Fold one fitdecode `event` into the track, if it is a timer start or stop."""
    if message.get_value("event", fallback=None) != "timer":
        return
    event_type = message.get_value("event_type", fallback=None)
    track.add_timer_event(
        _fit_time(message.get_value("timestamp", fallback=None)),
        start=event_type in _TIMER_STARTS,
        stop=event_type in _TIMER_STOPS,
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
    complete_from_records(activity, track)
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
                _add_record(track, frame)
            elif name == "event":
                _add_event(track, frame)
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
