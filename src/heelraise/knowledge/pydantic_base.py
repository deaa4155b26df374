"""The pydantic base of the knowledge files validated outside `loader.py`
(`questions.toml`, `fhir_codes.toml`): frozen records, no unknown keys.

The files `loader.py` loads at start-up are checked without pydantic
(`checked.py`, `schema.py`); these two are read only by commands that
already use pydantic.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class KnowledgeModel(BaseModel):
    # defer_build: a model's validator is built when it first validates, not on import.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
