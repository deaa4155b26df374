"""Inferring a session's kind ('hills', 'intervals') from what an activity file holds.

The thresholds live in `knowledge/inference.toml`. They are heuristics for
labelling obvious sessions in an imported history, not clinical evidence; a
kind found here is always reported with `kind_inferred=True`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from heelraise.knowledge.importing import import_rules


@dataclass(frozen=True, slots=True)
class InferenceThresholds:
    """The heuristic thresholds for kind inference (see `knowledge/inference.toml`)."""

    hills_min_ascent_m_per_km: float
    hills_min_distance_km: float
    intervals_min_laps: int
    intervals_min_speed_gap: float
    intervals_min_alternations: int
    sports: frozenset[str]
    elevation_gain_hysteresis_m: float


@cache
def inference_thresholds() -> InferenceThresholds:
    """The thresholds from `knowledge/inference.toml` (validated by `import_rules`)."""
    rules = import_rules()
    return InferenceThresholds(
        hills_min_ascent_m_per_km=rules.hills.min_ascent_m_per_km,
        hills_min_distance_km=rules.hills.min_distance_km,
        intervals_min_laps=rules.intervals.min_laps,
        intervals_min_speed_gap=rules.intervals.min_speed_gap,
        intervals_min_alternations=rules.intervals.min_alternations,
        sports=frozenset(rules.applies_to.sports),
        elevation_gain_hysteresis_m=rules.elevation.gain_hysteresis_m,
    )


def elevation_hysteresis_m() -> float:
    """The shared elevation-gain hysteresis, metres (`[elevation]` in inference.toml)."""
    return inference_thresholds().elevation_gain_hysteresis_m


def is_hill_session(distance_km: float, ascent_m: float | None) -> bool:
    """True when the climbing rate reaches the hills threshold over a long enough outing."""
    limits = inference_thresholds()
    if ascent_m is None or distance_km <= 0 or distance_km < limits.hills_min_distance_km:
        return False
    return ascent_m / distance_km >= limits.hills_min_ascent_m_per_km


def is_interval_session(laps: Sequence[tuple[float, float]]) -> bool:
    """True when lap speeds alternate between two clearly separated groups.

    `laps` are (distance m, timer s) pairs in lap order; laps without distance
    or time (pool rests, manual splits) are left out. The split between fast
    and slow is the widest relative gap between neighbouring sorted speeds.
    """
    limits = inference_thresholds()
    speeds = [distance / time for distance, time in laps if distance > 0 and time > 0]
    if len(speeds) < max(limits.intervals_min_laps, 2):
        return False
    ordered = sorted(speeds)
    ratios = [(ordered[i + 1] / ordered[i], i) for i in range(len(ordered) - 1)]
    gap, split = max(ratios)
    if gap < 1 + limits.intervals_min_speed_gap:
        return False
    slowest_fast = ordered[split + 1]
    fast = [speed >= slowest_fast for speed in speeds]
    if sum(fast) < 2 or len(fast) - sum(fast) < 2:
        return False
    alternations = sum(1 for a, b in pairwise(fast) if a != b)
    return alternations >= limits.intervals_min_alternations


def infer_kind(
    sport: str, distance_km: float, ascent_m: float | None, laps: Sequence[tuple[float, float]]
) -> str | None:
    """'hills', 'intervals' or None for a session on foot; hills is checked first."""
    if sport not in inference_thresholds().sports:
        return None
    if is_hill_session(distance_km, ascent_m):
        return "hills"
    if is_interval_session(laps):
        return "intervals"
    return None
