"""Plausibility at the boundary: what an imported activity's values may be.

Every summary from every reader (and every Strava CSV row, after its overlay)
passes `screen` before it is stored; thresholds are `[plausibility]` in
knowledge/inference.toml. Two outcomes besides "fine":

- a field that cannot be real is dropped, with a `Dropped` reason: average
  heart rate outside 25–250 bpm or not finite, a climb beyond what the
  distance allows, a time-zone offset beyond ±14 h, an unknown kind or
  surface, a text longer than the journal keeps;
- an activity whose date, distance, duration or speed cannot be real is
  refused whole (`Screened.refused`): before 1900 or after tomorrow, not
  finite, negative, longer than a week, farther than its sport allows (the
  55,044 km "multisport" of issue 12), or a run faster than the world record
  for its distance.

An implausible value is never stored. `screen` is pure: the day of the import
comes in (`today`); without it the date's upper bound is not checked (a
stored row read back). The readers use `valid_position` and
`plausible_heart_rate` to drop impossible samples before they count.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import math
from typing import Final

from heelraise.knowledge.importing import PlausibilityRules, import_rules
from heelraise.training.activity import ActivitySummary

# The journal's column sizes (store.models.Activity) and the contract's limits.
TEXT_LIMITS: Final = {"sub_sport": 40, "shoe": 200, "device": 200, "name": 500}
SPORT_LIMIT: Final = 40
SOURCE_LIMIT: Final = 2000
# The contract's `TrainingKind` and `Surface` (`contract/case.py`), written out: importing
# the contract (its pydantic models, some 20 ms) would slow every `heelraise import`.
# tests/training/test_plausibility.py checks that they agree.
KINDS: Final = frozenset(
    ("easy", "long", "tempo", "intervals", "hills", "race", "match", "session")
)
SURFACES: Final = frozenset(("road", "track", "trail", "treadmill", "grass", "court", "other"))


@dataclasses.dataclass(frozen=True, slots=True)
class Dropped:
    """A field left out of a stored activity, and why."""

    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


@dataclasses.dataclass(frozen=True, slots=True)
class Screened:
    """A summary after the checks: kept (perhaps with fields dropped), or refused."""

    summary: ActivitySummary | None
    refused: str | None = None
    dropped: tuple[Dropped, ...] = ()


def _rules(rules: PlausibilityRules | None) -> PlausibilityRules:
    return rules or import_rules().plausibility


def valid_position(lat: float | None, lon: float | None) -> bool:
    """A real WGS84 position: finite, latitude −90..90 and longitude −180..180."""
    if lat is None or lon is None:
        return False
    return -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0  # NaN and ±inf fail both


def plausible_heart_rate(bpm: float | None, rules: PlausibilityRules | None = None) -> bool:
    """A heart rate a person can have (finite, within the knowledge file's range)."""
    if bpm is None:
        return False
    found = _rules(rules)
    return found.min_heart_rate <= bpm <= found.max_heart_rate


def plausible_heart_rates(
    values: list[float], rules: PlausibilityRules | None = None
) -> list[float]:
    """The heart rates a person can have, in order (`plausible_heart_rate` of each; the
    whole list at once when every one is: the usual case, checked in C)."""
    found = _rules(rules)
    low, high = found.min_heart_rate, found.max_heart_rate
    if not values or (math.isfinite(sum(values)) and low <= min(values) and max(values) <= high):
        return values
    return [bpm for bpm in values if low <= bpm <= high]


def _number(value: float) -> str:
    return f"{value:,.6g}" if math.isfinite(value) else str(value)


def record_seconds(distance_km: float, rules: PlausibilityRules | None = None) -> float:
    """The world-record time for a run of this distance (interpolated; the last pace beyond)."""
    records = _rules(rules).run_records
    distances = [record.distance_km for record in records]
    at = bisect.bisect_left(distances, distance_km)
    if at == 0:
        first = records[0]
        return distance_km * first.seconds / first.distance_km
    if at == len(records):
        last = records[-1]
        return distance_km * last.seconds / last.distance_km
    low, high = records[at - 1], records[at]
    share = (distance_km - low.distance_km) / (high.distance_km - low.distance_km)
    return low.seconds + share * (high.seconds - low.seconds)


def _refusal(
    summary: ActivitySummary, today: dt.date | None, rules: PlausibilityRules
) -> str | None:
    """Why the whole activity cannot be real, or None."""
    distance, duration = summary.distance_km, summary.duration_min
    for name, value in (("distance", distance), ("duration", duration)):
        if not math.isfinite(value) or value < 0:
            return f"implausible {name} {_number(value)}: not a number of zero or more"
    day = summary.start.date()
    if day < rules.earliest_date:
        return f"implausible date {day}: before {rules.earliest_date}"
    if today is not None and day > today + dt.timedelta(days=rules.days_after_today):
        return f"implausible date {day}: after the day of the import ({today})"
    hours = duration / 60
    if hours > rules.max_duration_h:
        return f"implausible duration {_number(hours)} h: more than {rules.max_duration_h:g} h"
    limits = rules.limits_for(summary.sport)
    if distance > limits.max_distance_km:
        return (
            f"implausible distance {_number(distance)} km for {summary.sport}: "
            f"more than {limits.max_distance_km:,g} km"
        )
    if duration > 0:
        speed = distance / hours
        if speed > limits.max_speed_kmh:
            return (
                f"implausible speed {_number(speed)} km/h for {summary.sport}: "
                f"faster than {limits.max_speed_kmh:g} km/h"
            )
        if summary.sport in rules.records_apply_to and distance > 0:
            fastest = rules.record_margin * record_seconds(distance, rules)
            if duration * 60 < fastest:
                return (
                    f"implausible: {_number(distance)} km in {_number(duration)} min is faster "
                    "than the world record for a run"
                )
    return None


def _field_problems(summary: ActivitySummary, rules: PlausibilityRules) -> list[Dropped]:
    """The fields that cannot be real (of an activity otherwise plausible)."""
    dropped: list[Dropped] = []
    hr = summary.avg_hr
    if hr is not None and not plausible_heart_rate(hr, rules):
        limits = f"{rules.min_heart_rate:g}–{rules.max_heart_rate:g} bpm"
        dropped.append(Dropped("avg_hr", f"{_number(hr)} is outside {limits}; left out"))
    climb = summary.elevation_gain_m
    if climb is not None:
        allowed = min(
            rules.max_climb_m,
            rules.climb_allowance_m + rules.max_climb_m_per_km * summary.distance_km,
        )
        if not math.isfinite(climb) or climb < 0:
            dropped.append(Dropped("elevation_gain_m", f"{_number(climb)} m is not a climb"))
        elif climb > allowed:
            dropped.append(
                Dropped(
                    "elevation_gain_m",
                    f"{_number(climb)} m of climb over {_number(summary.distance_km)} km is "
                    f"more than {_number(allowed)} m; left out",
                )
            )
    offset = summary.start.utcoffset()
    if offset is not None and abs(offset.total_seconds()) > rules.max_utc_offset_h * 3600:
        dropped.append(Dropped("start", f"UTC offset {offset} is not a time zone; kept as UTC"))
    if summary.kind is not None and summary.kind not in KINDS:
        dropped.append(Dropped("kind", f"{summary.kind[:40]!r} is not a kind of session"))
    if summary.surface is not None and summary.surface not in SURFACES:
        dropped.append(Dropped("surface", f"{summary.surface[:40]!r} is not a surface"))
    for name, limit in TEXT_LIMITS.items():
        text = getattr(summary, name)
        if text is not None and len(text) > limit:
            dropped.append(Dropped(name, f"longer than {limit} characters; left out"))
    if not summary.sport or len(summary.sport) > SPORT_LIMIT:
        dropped.append(Dropped("sport", "empty or too long; recorded as 'other'"))
    return dropped


_EMPTY: Final = {
    "avg_hr": None,
    "elevation_gain_m": None,
    "kind": None,
    "surface": None,
    "sub_sport": None,
    "shoe": None,
    "device": None,
    "name": None,
}


def _without(summary: ActivitySummary, dropped: list[Dropped]) -> ActivitySummary:
    changes: dict[str, object] = {}
    for item in dropped:
        if item.field == "start":
            changes["start"] = summary.start.astimezone(dt.UTC)
            changes["local_time_known"] = False
        elif item.field == "sport":
            changes["sport"] = "other"
        else:
            changes[item.field] = _EMPTY[item.field]
        if item.field == "kind":
            changes["kind_inferred"] = False
    if len(summary.source) > SOURCE_LIMIT:
        changes["source"] = "…" + summary.source[-(SOURCE_LIMIT - 1) :]
    return dataclasses.replace(summary, **changes) if changes else summary  # type: ignore[arg-type]


def screen(
    summary: ActivitySummary, today: dt.date | None = None, rules: PlausibilityRules | None = None
) -> Screened:
    """The summary as it may be stored: refused whole, or kept with implausible fields
    dropped. `today` is the day of the import (None: the date's upper bound is not checked)."""
    found = _rules(rules)
    refused = _refusal(summary, today, found)
    if refused is not None:
        return Screened(None, f"{refused}; not stored")
    dropped = _field_problems(summary, found)
    return Screened(_without(summary, dropped), None, tuple(dropped))


def problems(
    summary: ActivitySummary, today: dt.date | None = None, rules: PlausibilityRules | None = None
) -> list[str]:
    """Everything implausible about a summary (empty when all of it may be stored)."""
    found = _rules(rules)
    refused = _refusal(summary, today, found)
    found_fields = [str(item) for item in _field_problems(summary, found)]
    too_long = len(summary.source) > SOURCE_LIMIT
    return (
        ([refused] if refused else []) + found_fields + (["source: too long"] if too_long else [])
    )
