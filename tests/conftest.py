"""Shared fixtures: the vignettes from ../shared/cases and the packaged engine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from heelraise.clinical.assess import Engine, default_engine

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CASES = SHARED / "cases"
CORPUS = SHARED / "corpus"


def vignette_paths() -> list[Path]:
    paths = sorted(CASES.glob("*.json"))
    assert paths, f"no vignettes found in {CASES}"
    return paths


def load_vignette(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(case document without `expect`, the expected outcome)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    expect = document.pop("expect")
    return document, expect


@pytest.fixture(scope="session")
def engine() -> Engine:
    return default_engine()
