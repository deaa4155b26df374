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
import tomllib
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from heelraise.errors import KnowledgeError

INFERENCE_FILE = "inference.toml"


class ElevationRule(BaseModel):
    """Elevation gain, shared by every reader: the plausibility filter, then the hysteresis."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    gain_hysteresis_m: float = Field(ge=0)
    min_altitude_m: float
    max_altitude_m: float
    max_vertical_speed_m_per_s: float = Field(gt=0)
    max_gradient: float = Field(gt=0)
    reanchor_after_samples: int = Field(ge=2)

    @field_validator("max_altitude_m")
    @classmethod
    def _above_the_minimum(cls, value: float, info: ValidationInfo) -> float:
        low = info.data.get("min_altitude_m")
        if low is not None and value <= low:
            raise ValueError(f"must be above min_altitude_m ({low})")
        return value


class DedupeRule(BaseModel):
    """When two activities from different files are the same session."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start_window_s: float = Field(ge=0)
    distance_tolerance: float = Field(ge=0, lt=1)
    distance_slack_km: float = Field(ge=0, le=1)
    duration_tolerance: float = Field(ge=0, lt=1)
    listing_join_window_s: float = Field(ge=0)


class HillsRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    text: str
    source: str
    min_ascent_m_per_km: float = Field(ge=0)
    min_distance_km: float = Field(ge=0)


class IntervalsRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    text: str
    source: str
    min_laps: int = Field(ge=2)
    min_speed_gap: float = Field(ge=0)
    min_alternations: int = Field(ge=1)


class AppliesTo(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    sports: list[str]


MiB = 1024**2
GiB = 1024**3


def size_text(count: int) -> str:
    """A byte count as people read it: `200 MB`, `8 GB`, `512 KB` (binary units)."""
    for unit, name in ((GiB, "GB"), (MiB, "MB"), (1024, "KB")):
        if count >= unit:
            return f"{count / unit:.4g} {name}"
    return f"{count} bytes"


class DecompressionLimits(BaseModel):
    """What one import may decompress: protection against bombs, not clinical thresholds.

    Counted on the bytes actually produced (never on sizes an archive declares),
    at every layer: gzip, zip members by any method, nested zips.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    max_file_bytes: int = Field(gt=0)
    max_total_bytes: int = Field(gt=0)
    max_ratio: float = Field(gt=1)
    ratio_floor_bytes: int = Field(ge=0)
    max_depth: int = Field(ge=0)
    max_entries: int = Field(gt=0)
    max_temp_bytes: int = Field(gt=0)

    @field_validator("max_total_bytes")
    @classmethod
    def _at_least_one_file(cls, value: int, info: ValidationInfo) -> int:
        one = info.data.get("max_file_bytes")
        if one is not None and value < one:
            raise ValueError(f"must be at least max_file_bytes ({one})")
        return value

    @field_validator("ratio_floor_bytes")
    @classmethod
    def _below_one_file(cls, value: int, info: ValidationInfo) -> int:
        one = info.data.get("max_file_bytes")
        if one is not None and value > one:
            raise ValueError(f"must be at most max_file_bytes ({one})")
        return value

    def describe(self) -> str:
        """The limits in one line, for an import's summary."""
        return (
            f"{size_text(self.max_file_bytes)} per file, {size_text(self.max_total_bytes)} "
            f"decompressed in all, expansion up to {self.max_ratio:g}:1 (files over "
            f"{size_text(self.ratio_floor_bytes)}), {self.max_depth} levels of nested "
            f"archives or gzip, {self.max_entries:,} archive entries, "
            f"{size_text(self.max_temp_bytes)} of temporary disk"
        )


class SportLimits(BaseModel):
    """The most one activity of a sport can be: longest distance, fastest average speed."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    max_distance_km: float = Field(gt=0)
    max_speed_kmh: float = Field(gt=0)


class RunRecord(BaseModel):
    """A world-best running time for a distance (the fastest plausible, with a margin)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    distance_km: float = Field(gt=0)
    seconds: float = Field(gt=0)


class PlausibilityRules(BaseModel):
    """What an imported activity's values may be (`training.plausibility`); heelraise
    judgement from public records, not clinical evidence."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    earliest_date: dt.date
    days_after_today: int = Field(ge=0)
    max_duration_h: float = Field(gt=0)
    min_heart_rate: float = Field(gt=0)
    max_heart_rate: float = Field(gt=0)
    max_climb_m: float = Field(gt=0)
    climb_allowance_m: float = Field(ge=0)
    max_climb_m_per_km: float = Field(gt=0)
    max_utc_offset_h: float = Field(gt=0, le=24)
    record_margin: float = Field(gt=0, le=1)
    records_apply_to: list[str]
    run_records: list[RunRecord] = Field(min_length=1)
    default: SportLimits
    sports: dict[str, SportLimits]

    @field_validator("max_heart_rate")
    @classmethod
    def _above_the_lowest(cls, value: float, info: ValidationInfo) -> float:
        low = info.data.get("min_heart_rate")
        if low is not None and value <= low:
            raise ValueError(f"must be above min_heart_rate ({low})")
        return value

    @field_validator("run_records")
    @classmethod
    def _longer_is_slower(cls, value: list[RunRecord]) -> list[RunRecord]:
        for shorter, longer in itertools.pairwise(value):
            if not (longer.distance_km > shorter.distance_km and longer.seconds > shorter.seconds):
                raise ValueError("records must grow in distance and in time, in that order")
        return value

    def limits_for(self, sport: str) -> SportLimits:
        """The distance and speed limits of a sport (`default` for the rest)."""
        return self.sports.get(sport, self.default)


class ImportRules(BaseModel):
    """Every table of `inference.toml`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

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
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        raise KnowledgeError(INFERENCE_FILE, key, first["msg"]) from error
