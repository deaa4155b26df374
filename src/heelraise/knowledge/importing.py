"""`inference.toml`, validated: kind inference, elevation gain, duplicate detection,
the decompression limits and the plausibility checks of every import.

One loader for the whole file; `training.inference` and the readers read
their own tables from it. These are import heuristics and safety limits, not
clinical evidence. `[decompression]` is the one home of the limits on what an
import may decompress (`training.inflate` enforces them).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
import tomllib
from importlib import resources
from typing import Any

from heelraise.errors import KnowledgeError
from heelraise.knowledge.checked import Checked, CheckFailed, after, against, limit

INFERENCE_FILE = "inference.toml"


class ElevationRule(Checked):
    """Elevation gain, shared by every reader: the plausibility filter, then the hysteresis."""

    gain_hysteresis_m: float = limit(ge=0)
    min_altitude_m: float
    max_altitude_m: float
    max_vertical_speed_m_per_s: float = limit(gt=0)
    max_gradient: float = limit(gt=0)
    reanchor_after_samples: int = limit(ge=2)

    _above_the_minimum = staticmethod(
        against("max_altitude_m", "min_altitude_m", operator.gt, "above")
    )


class DedupeRule(Checked):
    """When two activities from different files are the same session."""

    finite = False  # inf and nan pass (pydantic's default)

    start_window_s: float = limit(ge=0)
    distance_tolerance: float = limit(ge=0, lt=1)
    distance_slack_km: float = limit(ge=0, le=1)
    duration_tolerance: float = limit(ge=0, lt=1)
    listing_join_window_s: float = limit(ge=0)


class HillsRule(Checked):
    finite = False  # inf and nan pass (pydantic's default)

    id: str
    text: str
    source: str
    min_ascent_m_per_km: float = limit(ge=0)
    min_distance_km: float = limit(ge=0)


class IntervalsRule(Checked):
    finite = False  # inf and nan pass (pydantic's default)

    id: str
    text: str
    source: str
    min_laps: int = limit(ge=2)
    min_speed_gap: float = limit(ge=0)
    min_alternations: int = limit(ge=1)


class AppliesTo(Checked):
    finite = False  # inf and nan pass (pydantic's default)

    sports: list[str]


MiB = 1024**2
GiB = 1024**3


def size_text(count: int) -> str:
    """A byte count as people read it: `200 MB`, `8 GB`, `512 KB` (binary units)."""
    for unit, name in ((GiB, "GB"), (MiB, "MB"), (1024, "KB")):
        if count >= unit:
            return f"{count / unit:.4g} {name}"
    return f"{count} bytes"


class DecompressionLimits(Checked):
    """What one import may decompress: protection against bombs, not clinical thresholds.

    Counted on the bytes actually produced (never on sizes an archive declares),
    at every layer: gzip, zip members by any method, nested zips.
    """

    max_file_bytes: int = limit(gt=0)
    max_total_bytes: int = limit(gt=0)
    max_ratio: float = limit(gt=1)
    ratio_floor_bytes: int = limit(ge=0)
    max_depth: int = limit(ge=0)
    max_entries: int = limit(gt=0)
    max_temp_bytes: int = limit(gt=0)

    _at_least_one_file = staticmethod(
        against("max_total_bytes", "max_file_bytes", operator.ge, "at least")
    )
    _below_one_file = staticmethod(
        against("ratio_floor_bytes", "max_file_bytes", operator.le, "at most")
    )

    def describe(self) -> str:
        """The limits in one line, for an import's summary."""
        return (
            f"{size_text(self.max_file_bytes)} per file, {size_text(self.max_total_bytes)} "
            f"decompressed in all, expansion up to {self.max_ratio:g}:1 (files over "
            f"{size_text(self.ratio_floor_bytes)}), {self.max_depth} levels of nested "
            f"archives or gzip, {self.max_entries:,} archive entries, "
            f"{size_text(self.max_temp_bytes)} of temporary disk"
        )


class SportLimits(Checked):
    """The most one activity of a sport can be: longest distance, fastest average speed."""

    max_distance_km: float = limit(gt=0)
    max_speed_kmh: float = limit(gt=0)


class RunRecord(Checked):
    """A world-best running time for a distance (the fastest plausible, with a margin)."""

    distance_km: float = limit(gt=0)
    seconds: float = limit(gt=0)


class PlausibilityRules(Checked):
    """What an imported activity's values may be (`training.plausibility`); heelraise
    judgement from public records, not clinical evidence."""

    earliest_date: dt.date
    days_after_today: int = limit(ge=0)
    max_duration_h: float = limit(gt=0)
    min_heart_rate: float = limit(gt=0)
    max_heart_rate: float = limit(gt=0)
    max_climb_m: float = limit(gt=0)
    climb_allowance_m: float = limit(ge=0)
    max_climb_m_per_km: float = limit(gt=0)
    max_utc_offset_h: float = limit(gt=0, le=24)
    record_margin: float = limit(gt=0, le=1)
    records_apply_to: list[str]
    run_records: list[RunRecord] = limit(min_length=1)
    default: SportLimits
    sports: dict[str, SportLimits]

    @staticmethod
    @after("max_heart_rate")
    def _above_the_lowest(value: float, data: dict[str, Any]) -> float:
        low = data.get("min_heart_rate")
        if low is not None and value <= low:
            raise ValueError(f"must be above min_heart_rate ({low})")
        return value

    @staticmethod
    @after("run_records")
    def _longer_is_slower(value: list[RunRecord], data: dict[str, Any]) -> list[RunRecord]:
        for shorter, longer in itertools.pairwise(value):
            if not (longer.distance_km > shorter.distance_km and longer.seconds > shorter.seconds):
                raise ValueError("records must grow in distance and in time, in that order")
        return value

    def limits_for(self, sport: str) -> SportLimits:
        """The distance and speed limits of a sport (`default` for the rest)."""
        return self.sports.get(sport, self.default)


class ImportRules(Checked):
    """Every table of `inference.toml`."""

    finite = False  # inf and nan pass (pydantic's default)

    hills: HillsRule
    intervals: IntervalsRule
    applies_to: AppliesTo
    elevation: ElevationRule
    dedupe: DedupeRule
    decompression: DecompressionLimits
    plausibility: PlausibilityRules


@functools.cache
def import_rules() -> ImportRules:
    """Load and validate the importer's tables (once per process)."""
    text = resources.files("heelraise.knowledge").joinpath(INFERENCE_FILE).read_text("utf-8")
    return parse_import_rules(text)


def parse_import_rules(text: str) -> ImportRules:
    """Validate the text of `inference.toml`; `KnowledgeError` names the file and key."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise KnowledgeError(INFERENCE_FILE, "", f"not valid TOML ({error})") from error
    try:
        return ImportRules.model_validate(raw)
    except CheckFailed as error:
        key = ".".join(str(part) for part in error.loc)
        raise KnowledgeError(INFERENCE_FILE, key, error.message) from error
