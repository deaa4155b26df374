"""Elevation gain from recorded altitudes: one rule for every activity format.

Every reader (FIT records, GPX, TCX) builds its altitude samples and calls
`track_gain` with `[elevation]` from `knowledge/inference.toml`. Two steps:

1. `plausible_runs` drops samples that cannot be real, the barometric and GPS
   glitches common in exports: an altitude outside the range where people run,
   or one that changed faster than anyone climbs or descends since the last
   kept sample (metres per second when both samples have a time; metres per
   metre travelled when they have only a distance; no rate check when they
   have neither). A change within the hysteresis is never a glitch.
   So that one glitch cannot make every later genuine sample look impossible,
   rejected samples that follow each other and agree with each other start a
   new run at their level once there are `reanchor_after_samples` of them, or
   sooner when they outnumber the run they contradict (so a glitch in the
   very first sample does not stand). The jump between two runs counts as
   neither climb nor descent: which side of it was real is unknown.
2. `elevation_gain` is the hysteresis over each run; `track_gain` adds them up.

Both are pure and take their thresholds as arguments.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TypeAlias, cast

from heelraise.knowledge.importing import ElevationRule

Moment: TypeAlias = float | dt.datetime
AltitudeSample: TypeAlias = tuple[float, Moment | None, float | None]
"""One recorded altitude: (altitude m, time or None, distance travelled m or None).

A time is seconds (FIT) or an aware datetime (GPX, TCX: the rule works out the
seconds between two only for the few pairs it compares, not for every point).
Times and distances only need a common origin within one track (FIT seconds,
cumulative metres); a plain tuple keeps the FIT record loop fast.
"""


@dataclasses.dataclass(frozen=True, slots=True)
class Altitudes:
    """Recorded altitudes as columns, one entry per sample (see `AltitudeSample`): the
    altitude, its time (or None), the distance travelled (or None). The GPX and TCX
    readers hand their columns over as they are; a distance is only read for a pair
    of samples one of which has no time."""

    metres: Sequence[float]
    times: Sequence[Moment | None]
    distances: Sequence[float | None]

    @classmethod
    def of(cls, samples: Iterable[AltitudeSample]) -> Altitudes:
        """The columns of samples given one by one (the FIT records)."""
        found = list(samples)
        if not found:
            return cls([], [], [])
        metres, times, distances = zip(*found, strict=True)
        return cls(metres, times, distances)


def track_gain(samples: Iterable[AltitudeSample], rule: ElevationRule) -> float | None:
    """Total climb in metres of a recorded track; None when no sample is plausible."""
    return track_gain_of(Altitudes.of(samples), rule)


def track_gain_of(altitudes: Altitudes, rule: ElevationRule) -> float | None:
    """`track_gain` of samples given as columns."""
    runs = plausible_runs_of(altitudes, rule)
    if not runs:
        return None
    return sum(elevation_gain(run, rule.gain_hysteresis_m) for run in runs)


def plausible_runs(samples: Iterable[AltitudeSample], rule: ElevationRule) -> list[list[float]]:
    """The altitudes worth counting, in runs split where the kept level had to move.

    See the module docstring for the rule. Samples are taken in the order given.
    """
    return plausible_runs_of(Altitudes.of(samples), rule)


def plausible_runs_of(altitudes: Altitudes, rule: ElevationRule) -> list[list[float]]:
    """`plausible_runs` of samples given as columns."""
    low, high, noise = rule.min_altitude_m, rule.max_altitude_m, rule.gain_hysteresis_m
    reanchor_after = rule.reanchor_after_samples
    metres = altitudes.metres
    runs: list[list[float]] = []
    run: list[float] = []
    kept: int | None = None  # the last sample kept
    kept_altitude = 0.0
    rejected: list[int] = []  # rejected in a row, each believable from the one before
    for index, altitude in enumerate(metres):
        if not low <= altitude <= high:  # also drops NaN
            continue
        if kept is None or (
            abs(altitude - kept_altitude) <= noise or _believable(altitudes, kept, index, rule)
        ):
            run.append(altitude)
            kept, kept_altitude = index, altitude
            if rejected:
                rejected = []
            continue
        if rejected and not _believable(altitudes, rejected[-1], index, rule):
            rejected = []
        rejected.append(index)
        if len(rejected) >= reanchor_after or len(rejected) > len(run):
            runs.append(run)
            run = [metres[earlier] for earlier in rejected]
            kept, kept_altitude = index, altitude
            rejected = []
    if run:
        runs.append(run)
    return runs


def _believable(altitudes: Altitudes, before: int, after: int, rule: ElevationRule) -> bool:
    """True when going from sample `before` to sample `after` is within human reach (see
    the module)."""
    change = abs(altitudes.metres[after] - altitudes.metres[before]) - rule.gain_hysteresis_m
    if change <= 0:
        return True
    before_time, after_time = altitudes.times[before], altitudes.times[after]
    if before_time is not None and after_time is not None:
        return change <= rule.max_vertical_speed_m_per_s * _seconds(before_time, after_time)
    before_distance, after_distance = altitudes.distances[before], altitudes.distances[after]
    if before_distance is not None and after_distance is not None:
        return change <= rule.max_gradient * abs(after_distance - before_distance)
    return True


def _seconds(before: Moment, after: Moment) -> float:
    """The seconds between two times of one track (both seconds, or both datetimes)."""
    if isinstance(before, dt.datetime) and isinstance(after, dt.datetime):
        return abs((after - before).total_seconds())
    return abs(cast(float, after) - cast(float, before))


def elevation_gain(altitudes: Iterable[float], hysteresis_m: float) -> float:
    """Total climb in metres of a plausible series, counting only rises that clear the threshold.

    A climb is counted once the altitude has risen `hysteresis_m` above the
    lowest point since the last peak; after that every further rise counts
    until the altitude falls `hysteresis_m` below the peak, which starts a
    new valley. Noise smaller than the threshold adds nothing. Readers call
    `track_gain`, which filters glitches out first.
    """
    gain = 0.0
    climbing = False
    reference: float | None = None
    for altitude in altitudes:
        if reference is None:
            reference = altitude
        elif climbing:
            if altitude > reference:
                gain += altitude - reference
                reference = altitude
            elif altitude < reference - hysteresis_m:
                climbing = False
                reference = altitude
        elif altitude < reference:
            reference = altitude
        elif altitude - reference >= hysteresis_m:
            gain += altitude - reference
            reference = altitude
            climbing = True
    return gain
