"""The layers in DESIGN.md: nothing below imports anything above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "heelraise"
# What each layer may not import (by module prefix).
FORBIDDEN = {
    "clinical": (
        "heelraise.app",
        "heelraise.cli",
        "heelraise.store",
        "heelraise.web",
        "heelraise.export",
        "sqlalchemy",
        "fastapi",
        "typer",
        "rich",
    ),
    "knowledge": (
        "heelraise.clinical",
        "heelraise.app",
        "heelraise.cli",
        "heelraise.store",
        "heelraise.web",
        "sqlalchemy",
        "fastapi",
    ),
    "contract": (
        "heelraise.app",
        "heelraise.cli",
        "heelraise.store",
        "heelraise.web",
        "sqlalchemy",
        "fastapi",
        "typer",
        "rich",
    ),
    # No SQL outside store/; commands and routes call heelraise.app only.
    "store": ("heelraise.app", "heelraise.cli", "heelraise.web", "fastapi", "typer", "rich"),
    "app": ("heelraise.cli", "heelraise.web", "typer", "rich", "sqlalchemy", "alembic"),
    "cli": ("heelraise.store", "sqlalchemy", "alembic"),
    # Routes call `heelraise.app`: no clinical logic, no SQL, no other interface.
    "web": (
        "heelraise.clinical",
        "heelraise.training",
        "heelraise.store",
        "heelraise.cli",
        "sqlalchemy",
        "typer",
        "rich",
    ),
    "training": (
        "heelraise.app",
        "heelraise.cli",
        "heelraise.web",
        "heelraise.store",
        "fastapi",
        "typer",
    ),
}


def imports_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_nothing_above_it(layer: str) -> None:
    files = sorted((PACKAGE / layer).rglob("*.py"))
    assert files
    for path in files:
        for name in imports_of(path):
            for prefix in FORBIDDEN[layer]:
                assert not (name == prefix or name.startswith(prefix + ".")), (
                    f"{path.relative_to(PACKAGE)} imports {name}"
                )
