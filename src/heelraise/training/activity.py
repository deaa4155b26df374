"""One imported activity, summarised: what every reader produces.

The summary is the contract's `training` shape (date, sport, distance_km,
duration_min, elevation_gain_m, kind, surface, shoe) plus provenance: the
start time with its UTC offset, the source path (`archive.zip!inner/path`
inside an archive), device, sub-sport, average heart rate and a content hash.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ActivitySummary:
    start: dt.datetime  # timezone-aware; local offset where the file gives it, else UTC
    sport: str  # run | walk | ride | swim | hike | football | tennis | ... (open)
    distance_km: float
    duration_min: float  # timer (moving) time where the file records it, else elapsed
    source: str
    content_hash: str  # sha256 hex of the file's bytes
    elevation_gain_m: float | None = None
    kind: str | None = None  # easy | long | tempo | intervals | hills | race | match | session
    kind_inferred: bool = False  # True when `kind` was inferred from the data, not given
    surface: str | None = None
    shoe: str | None = None
    sub_sport: str | None = None
    device: str | None = None
    avg_hr: float | None = None
    name: str | None = None
    # True when `start`'s wall-clock time is the local time where the activity was
    # done (a FIT file's own offset); False for a UTC instant (GPX, TCX, Strava),
    # which the import puts in the machine's time zone (`in_time_zone`). How the
    # start was settled, not what the activity is: left out of comparisons.
    local_time_known: bool = dataclasses.field(default=False, compare=False)

    def in_time_zone(self, zone: dt.tzinfo | None = None) -> ActivitySummary:
        """The same activity with a UTC start moved into `zone` (None: this machine's
        local time zone, `TZ` included), so `date` is the local calendar date.
        A start whose local time is known already is left alone."""
        if self.local_time_known:
            return self
        return dataclasses.replace(self, start=self.start.astimezone(zone), local_time_known=True)

    @property
    def date(self) -> dt.date:
        """The local calendar date the activity started on."""
        return self.start.date()

    def to_training(self) -> dict[str, Any]:
        """The contract's `training` item for this activity (importer extras included)."""
        item: dict[str, Any] = {
            "date": self.date.isoformat(),
            "sport": self.sport,
            "distance_km": round(self.distance_km, 3),
            "duration_min": round(self.duration_min, 2),
        }
        optional: dict[str, Any] = {
            "elevation_gain_m": None
            if self.elevation_gain_m is None
            else round(self.elevation_gain_m, 1),
            "kind": self.kind,
            "kind_inferred": self.kind_inferred if self.kind is not None else None,
            "surface": self.surface,
            "shoe": self.shoe,
            "start": self.start.isoformat(),
            "source": self.source,
            "device": self.device,
            "sub_sport": self.sub_sport,
            "avg_hr": None if self.avg_hr is None else round(self.avg_hr, 1),
            "content_hash": self.content_hash,
            "name": self.name,
        }
        item.update({key: value for key, value in optional.items() if value is not None})
        return item
