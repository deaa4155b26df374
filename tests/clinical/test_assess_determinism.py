"""The engine is pure: the same case gives the same bytes, and the case is not changed."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given

from heelraise.app.assessing import assessment_json
from heelraise.clinical.assess import Engine, default_engine
from heelraise.contract import parse_case
from heelraise.knowledge.loader import load_knowledge
from tests.strategies import cases


@given(cases())
def test_same_case_same_bytes_in_a_fresh_engine(document: dict[str, Any]) -> None:
    snapshot = copy.deepcopy(document)
    first = assessment_json(default_engine().assess(parse_case(document)))
    fresh = Engine(load_knowledge())
    second = assessment_json(fresh.assess(parse_case(document)))
    assert first == second
    assert document == snapshot


def test_clinical_core_reads_no_clock_or_io() -> None:
    """The pure layers import nothing that reads the clock, files, or randomness."""
    import ast
    from pathlib import Path

    forbidden_calls = {"now", "today", "utcnow", "open", "random", "read_bytes", "read_text"}
    root = Path(__file__).resolve().parents[2] / "src" / "heelraise"
    pure = [
        *sorted((root / "clinical").glob("*.py")),
        root / "training" / "load.py",
        root / "training" / "spikes.py",
    ]
    for path in pure:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [alias.name for alias in node.names]
                module = getattr(node, "module", None) or ""
                assert "random" not in names and module != "random", path
                assert "time" not in names and module != "time", path
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr not in forbidden_calls, f"{path}:{node.lineno}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "open", f"{path}:{node.lineno}"
