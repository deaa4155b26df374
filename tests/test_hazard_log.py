"""Every control in safety/hazard-log.toml names tests that exist."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LOG = REPO / "safety" / "hazard-log.toml"


def functions_named_test(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }


def test_every_control_names_existing_tests() -> None:
    hazards = tomllib.loads(LOG.read_text(encoding="utf-8"))["hazard"]
    assert hazards
    ids = [hazard["id"] for hazard in hazards]
    assert len(ids) == len(set(ids))
    for hazard in hazards:
        assert hazard["control"], hazard["id"]
        for control in hazard["control"]:
            assert control["tests"], f"{hazard['id']}: a control names no test"
            for reference in control["tests"]:
                file, _, name = reference.partition("::")
                path = REPO / file
                assert path.is_file(), f"{hazard['id']}: no file {file}"
                assert name in functions_named_test(path), f"{hazard['id']}: no test {reference}"
