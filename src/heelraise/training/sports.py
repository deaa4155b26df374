"""Our sport vocabulary, and the words other apps use for it.

Sports: run, walk, hike, ride, swim, row, ski, strength, yoga, football,
tennis, padel, other (open). Some words also say a sub-sport and a surface
(a trail run is a run on trail; a virtual run is a run on a treadmill).
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Sport(NamedTuple):
    """A normalised sport, with what the source word implies beyond it."""

    sport: str
    sub_sport: str | None = None
    surface: str | None = None


_WORDS: dict[str, Sport] = {
    # English (Strava, Garmin, TCX, GPX <type>)
    "run": Sport("run"),
    "running": Sport("run"),
    "trailrun": Sport("run", "trail", "trail"),
    "trailrunning": Sport("run", "trail", "trail"),
    "virtualrun": Sport("run", "virtual", "treadmill"),
    "treadmillrunning": Sport("run", "treadmill", "treadmill"),
    "treadmill": Sport("run", "treadmill", "treadmill"),
    "trackrunning": Sport("run", "track", "track"),
    "streetrunning": Sport("run", "road", "road"),
    "walk": Sport("walk"),
    "walking": Sport("walk"),
    "hike": Sport("hike"),
    "hiking": Sport("hike"),
    "ride": Sport("ride"),
    "biking": Sport("ride"),
    "cycling": Sport("ride"),
    "bike": Sport("ride"),
    "virtualride": Sport("ride", "virtual"),
    "indoorcycling": Sport("ride", "indoor"),
    "mountainbikeride": Sport("ride", "mountain"),
    "mountainbiking": Sport("ride", "mountain"),
    "gravelride": Sport("ride", "gravel"),
    "ebikeride": Sport("ride", "e_bike"),
    "swim": Sport("swim"),
    "swimming": Sport("swim"),
    "lapswimming": Sport("swim", "pool"),
    "openwaterswimming": Sport("swim", "open_water"),
    "rowing": Sport("row"),
    "row": Sport("row"),
    "alpineski": Sport("ski", "alpine"),
    "nordicski": Sport("ski", "nordic"),
    "backcountryski": Sport("ski", "backcountry"),
    "crosscountryskiing": Sport("ski", "nordic"),
    "weighttraining": Sport("strength"),
    "strengthtraining": Sport("strength"),
    "workout": Sport("strength"),
    "crossfit": Sport("strength"),
    "yoga": Sport("yoga"),
    "soccer": Sport("football"),
    "football": Sport("football"),
    "tennis": Sport("tennis"),
    "padel": Sport("padel"),
    "other": Sport("other"),
    # German (localised Strava exports)
    "lauf": Sport("run"),
    "laufen": Sport("run"),
    "traillauf": Sport("run", "trail", "trail"),
    "virtuellerlauf": Sport("run", "virtual", "treadmill"),
    "spaziergang": Sport("walk"),
    "gehen": Sport("walk"),
    "wanderung": Sport("hike"),
    "wandern": Sport("hike"),
    "radfahrt": Sport("ride"),
    "radfahren": Sport("ride"),
    "virtuelleradfahrt": Sport("ride", "virtual"),
    "mountainbikefahrt": Sport("ride", "mountain"),
    "gravelfahrt": Sport("ride", "gravel"),
    "schwimmen": Sport("swim"),
    "rudern": Sport("row"),
    "krafttraining": Sport("strength"),
    "fußball": Sport("football"),
    "fussball": Sport("football"),
    # Strava's numeric GPX <type> codes
    "1": Sport("ride"),
    "4": Sport("hike"),
    "9": Sport("run"),
    "10": Sport("walk"),
}

_NOT_LETTERS = re.compile(r"[\s_\-.]+")


_MAX_WORD = 40


def normalise_sport(word: str | None) -> Sport:
    """Map an app's sport word to our vocabulary.

    The vocabulary is open: an unknown word made of letters is kept, in lower
    case with underscores (`Stand Up Paddling` → `stand_up_paddling`); anything
    else (empty, numeric codes we do not know) becomes `other`.
    """
    if not word:
        return Sport("other")
    key = _NOT_LETTERS.sub("", word.strip().casefold())
    if key in _WORDS:
        return _WORDS[key]
    kept = "_".join(_NOT_LETTERS.split(word.strip().casefold())).strip("_")
    if kept and kept.replace("_", "").isalpha() and len(kept) <= _MAX_WORD:
        return Sport(kept)
    return Sport("other")


ON_FOOT = frozenset({"run", "walk", "hike"})
