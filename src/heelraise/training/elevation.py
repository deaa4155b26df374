"""Elevation gain from a series of altitudes: one rule for every activity format.

The hysteresis threshold is `[elevation] gain_hysteresis_m` in
`knowledge/inference.toml` (see `inference.elevation_hysteresis_m`); the
function itself is pure so any reader (FIT records, GPX, TCX) can call it.
"""

from __future__ import annotations

from collections.abc import Iterable


def elevation_gain(altitudes: Iterable[float], hysteresis_m: float) -> float:
    """Total climb in metres, counting only rises that clear the hysteresis threshold.

    A climb is counted once the altitude has risen `hysteresis_m` above the
    lowest point since the last peak; after that every further rise counts
    until the altitude falls `hysteresis_m` below the peak, which starts a
    new valley. Noise smaller than the threshold adds nothing.
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
