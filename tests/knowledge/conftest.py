"""A copy of the packaged knowledge files (and illustrations) to break in a test."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from heelraise.knowledge.loader import FILES

PACKAGED = Path(str(resources.files("heelraise.knowledge")))


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    for name in FILES:
        shutil.copy(PACKAGED / name, tmp_path / name)
    shutil.copytree(PACKAGED / "illustrations", tmp_path / "illustrations")
    return tmp_path
