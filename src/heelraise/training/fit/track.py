"""Totals rebuilt from `record` and timer `event` messages, whichever decoder read them.

Both the stdlib record stage (`records.py`) and fitdecode's full decode
(`fallback.py`) feed a `RecordTrack`, and `complete_from_records` turns it
into the session a file lacks (or the distance and climb its sessions lack),
so the two paths cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from heelraise.knowledge.importing import import_rules
from heelraise.training.elevation import Altitudes, AltitudeSample, track_gain_of
from heelraise.training.fit.facts import FitActivity, SessionTotals


@dataclass(slots=True)
class RecordTrack:
    """Running totals over `record` and timer `event` messages (FIT times, metres)."""

    first_time: int | None = None
    last_time: int | None = None
    distance_m: float | None = None
    heart_rate_sum: float = 0.0
    heart_rate_count: int = 0
    timer_s: float = 0.0
    timer_started_at: int | None = None
    saw_timer_events: bool = False
    count: int = 0
    # The altitude samples as columns (`elevation.Altitudes`): m, FIT time, distance m.
    altitude_metres: list[float] = field(default_factory=list)
    altitude_times: list[int | None] = field(default_factory=list)
    altitude_distances: list[float | None] = field(default_factory=list)

    def add_record(
        self,
        time: int | None,
        distance_m: float | None,
        heart_rate: float | None,
        altitude_m: float | None,
    ) -> None:
        """Fold one `record` message (its valid values; None where missing) into the totals."""
        self.count += 1
        if time is not None:
            if self.first_time is None:
                self.first_time = time
            self.last_time = time
        if distance_m is not None:
            self.distance_m = distance_m
        if heart_rate is not None and heart_rate > 0:
            self.heart_rate_sum += heart_rate
            self.heart_rate_count += 1
        if altitude_m is not None:
            self.altitude_metres.append(altitude_m)
            self.altitude_times.append(time)
            self.altitude_distances.append(distance_m)

    def add_timer_event(self, time: int | None, *, start: bool, stop: bool) -> None:
        """Fold one timer `event` (event == timer) into the moving time."""
        if time is None:
            return
        self.saw_timer_events = True
        if start and self.timer_started_at is None:
            self.timer_started_at = time
        elif stop and self.timer_started_at is not None:
            self.timer_s += time - self.timer_started_at
            self.timer_started_at = None

    @property
    def ascent_m(self) -> float | None:
        """Climb from the record altitudes under the shared rule; None without a plausible one."""
        if not self.altitude_metres:
            return None
        altitudes = Altitudes(self.altitude_metres, self.altitude_times, self.altitude_distances)
        return track_gain_of(altitudes, import_rules().elevation)

    @property
    def altitudes(self) -> list[AltitudeSample]:
        """The altitude samples one by one."""
        columns = self.altitude_metres, self.altitude_times, self.altitude_distances
        return list(zip(*columns, strict=True))

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
            ascent_m=self.ascent_m,
            avg_hr=average,
        )


def complete_from_records(activity: FitActivity, track: RecordTrack) -> None:
    """Fill what the sessions lack from the records: the whole session, its distance, its climb."""
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
        return
    first = usable[0]
    if all(session.distance_m is None for session in usable) and track.distance_m is not None:
        first = replace(first, distance_m=track.distance_m)
    if all(session.ascent_m is None for session in usable):
        first = replace(first, ascent_m=track.ascent_m)
    activity.sessions = [first, *usable[1:]]
