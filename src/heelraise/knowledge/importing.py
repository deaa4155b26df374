"""Importer rules from `inference.toml`: elevation gain and duplicate detection.

Only the `[elevation]` and `[dedupe]` tables are read here; other tables in
the same file belong to other modules and are ignored.
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from heelraise.errors import KnowledgeError

INFERENCE_FILE = "inference.toml"


class ElevationRule(BaseModel):
    """Hysteresis for elevation gain, shared by every reader."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    gain_hysteresis_m: float = Field(ge=0)


class DedupeRule(BaseModel):
    """When two activities from different files are the same session."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start_window_s: float = Field(ge=0)
    distance_tolerance: float = Field(ge=0, lt=1)
    duration_tolerance: float = Field(ge=0, lt=1)


class ImportRules(BaseModel):
    """The importer's two tables from `inference.toml`."""

    model_config = ConfigDict(frozen=True)

    elevation: ElevationRule
    dedupe: DedupeRule


@functools.cache
def import_rules() -> ImportRules:
    """Load and validate the importer's tables (once per process)."""
    text = resources.files("heelraise.knowledge").joinpath(INFERENCE_FILE).read_text("utf-8")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise KnowledgeError(INFERENCE_FILE, "", f"not valid TOML ({error})") from error
    try:
        return ImportRules.model_validate(
            {"elevation": raw.get("elevation"), "dedupe": raw.get("dedupe")}
        )
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        raise KnowledgeError(INFERENCE_FILE, key, first["msg"]) from error
