"""What a FIT file says about an activity, in units, whichever path read it.

Both the fast scan and the fitdecode fallback produce a `FitActivity`; the
summary is built from it alone. Times stay FIT times (seconds since
1989-12-31 00:00 UTC; values below 0x10000000 count from device power-on).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from heelraise.training.fit.layout import FieldValue, Message
from heelraise.training.fit.names import device_name, fit_sport_name, fit_sub_sport_name
from heelraise.training.fit.profile import CENTIMETRES, FIRST_ABSOLUTE_TIME, MILLISECONDS
from heelraise.training.fit.scan import FitMessages

_QUARTER_HOUR: Final = 15 * 60
_LARGEST_UTC_OFFSET: Final = 14 * 3600  # UTC-12:00 .. UTC+14:00 cover every zone


@dataclass(frozen=True, slots=True)
class SessionTotals:
    """One session (one sport) of an activity."""

    start: int | None
    sport: str | None
    sub_sport: str | None
    timer_s: float | None
    elapsed_s: float | None
    distance_m: float | None
    ascent_m: float | None
    avg_hr: float | None

    @property
    def duration_s(self) -> float | None:
        """Timer (moving) time where recorded and positive, else elapsed time."""
        if self.timer_s is not None and self.timer_s > 0:
            return self.timer_s
        return self.elapsed_s

    @property
    def is_usable(self) -> bool:
        """A plausible session: a positive duration and no negative distance."""
        duration = self.duration_s
        distance_ok = self.distance_m is None or self.distance_m >= 0
        return duration is not None and duration > 0 and distance_ok


@dataclass(frozen=True, slots=True)
class LapSplit:
    """One lap: enough to see pace structure."""

    distance_m: float | None
    timer_s: float | None


@dataclass(frozen=True, slots=True)
class ActivityClock:
    """The `activity` message's clock: UTC time and the local time beside it."""

    time: int
    local_time: int

    @property
    def utc_offset_s(self) -> int | None:
        """The local UTC offset to the quarter hour, when both clocks are absolute and sane."""
        if self.time < FIRST_ABSOLUTE_TIME or self.local_time < FIRST_ABSOLUTE_TIME:
            return None
        offset = round((self.local_time - self.time) / _QUARTER_HOUR) * _QUARTER_HOUR
        return offset if abs(offset) <= _LARGEST_UTC_OFFSET else None


@dataclass(slots=True)
class FitActivity:
    """Everything the summary needs, from either reading path."""

    sessions: list[SessionTotals] = field(default_factory=list)
    laps: list[LapSplit] = field(default_factory=list)
    sport: str | None = None  # from a `sport` message, when sessions lack one
    sub_sport: str | None = None
    clock: ActivityClock | None = None
    device: str | None = None
    time_created: int | None = None
    records_have_altitude: bool = False  # the records could give a climb the sessions lack
    problem: str | None = None

    @property
    def usable_sessions(self) -> list[SessionTotals]:
        """Sessions that pass the plausibility checks, repeated copies removed."""
        seen: set[SessionTotals] = set()
        usable = []
        for session in self.sessions:
            if session.is_usable and session not in seen:
                seen.add(session)
                usable.append(session)
        return usable

    @property
    def needs_records(self) -> bool:
        """True when the sessions cannot give a summary alone (none usable, or no distance)."""
        usable = self.usable_sessions
        return not usable or all(session.distance_m is None for session in usable)

    @property
    def lacks_ascent(self) -> bool:
        """True when usable sessions give no total ascent but the records hold altitudes."""
        usable = self.usable_sessions
        return (
            self.records_have_altitude
            and bool(usable)
            and all(session.ascent_m is None for session in usable)
        )


def _number(message: Message, name: str, scale: float = 1.0) -> float | None:
    value = message.get(name)
    if isinstance(value, int | float):
        return value / scale
    return None


def _integer(message: Message, name: str) -> int | None:
    value = message.get(name)
    return value if isinstance(value, int) else None


def _enum(value: FieldValue | None) -> int | str | None:
    return value if isinstance(value, int | str) else None


def session_totals(message: Message) -> SessionTotals:
    """A session (or lap-like) message with raw FIT values, in units."""
    return SessionTotals(
        start=_integer(message, "start_time"),
        sport=fit_sport_name(_enum(message.get("sport"))),
        sub_sport=fit_sub_sport_name(_enum(message.get("sub_sport"))),
        timer_s=_number(message, "total_timer_time", MILLISECONDS),
        elapsed_s=_number(message, "total_elapsed_time", MILLISECONDS),
        distance_m=_number(message, "total_distance", CENTIMETRES),
        ascent_m=_number(message, "total_ascent"),
        avg_hr=_number(message, "avg_heart_rate"),
    )


def activity_from_messages(messages: FitMessages) -> FitActivity:
    """The facts in the messages the fast scan decoded."""
    activity = FitActivity(
        problem=messages.problem, records_have_altitude=messages.records_have_altitude
    )
    activity.sessions = [session_totals(message) for message in messages.sessions]
    activity.laps = [
        LapSplit(
            distance_m=_number(lap, "total_distance", CENTIMETRES),
            timer_s=_number(lap, "total_timer_time", MILLISECONDS),
        )
        for lap in messages.laps
    ]
    for sport in messages.sports[:1]:
        activity.sport = fit_sport_name(_enum(sport.get("sport")))
        activity.sub_sport = fit_sub_sport_name(_enum(sport.get("sub_sport")))
    for message in messages.activities:
        time, local_time = _integer(message, "timestamp"), _integer(message, "local_timestamp")
        if time is not None and local_time is not None:
            activity.clock = ActivityClock(time, local_time)
            break
    file_id = messages.file_id
    if file_id is not None:
        name = file_id.get("product_name")
        activity.device = device_name(
            _enum(file_id.get("manufacturer")),
            _enum(file_id.get("product")),
            name if isinstance(name, str) else None,
        )
        activity.time_created = _integer(file_id, "time_created")
    return activity
