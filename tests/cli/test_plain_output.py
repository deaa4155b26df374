"""Readable `assess` and `status` speak plain words: no Python repr, no raw key or field
path, for every vignette and for generated cases; an urgent pathway shows only what
to do now."""

from __future__ import annotations

import datetime as dt
import io
import random
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from rich.console import Console

from heelraise.app.assessing import assess_data
from heelraise.app.reading import urgent_summary
from heelraise.cli.render import render_assessment
from tests.cli.journal_steps import ok
from tests.conftest import load_vignette, vignette_paths
from tests.plain_words import raw_key_problems, repr_problems
from tests.strategies import cases

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def readable(document: dict[str, Any]) -> str:
    """`heelraise assess CASE` as printed, wide enough to keep a line whole."""
    stream = io.StringIO()
    render_assessment(assess_data(document), Console(file=stream, width=200, highlight=False))
    return stream.getvalue()


def assert_plain(text: str) -> None:
    assert repr_problems(text) == []
    assert raw_key_problems(text) == []


def random_documents(count: int) -> list[dict[str, Any]]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from random_cases import random_case
    finally:
        sys.path.remove(str(BENCHMARKS))
    rng = random.Random(11)
    return [random_case(rng, dt.date(2026, 11, 20)) for _ in range(count)]


@pytest.mark.parametrize("path", vignette_paths(), ids=lambda p: p.stem)
def test_readable_assess_of_each_vignette_is_plain(path: Path) -> None:
    document, _expect = load_vignette(path)
    assert_plain(readable(document))


def test_readable_assess_of_random_cases_is_plain() -> None:
    for document in random_documents(60):
        assert_plain(readable(document))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_readable_assess_of_generated_cases_is_plain(document: dict[str, Any]) -> None:
    assert_plain(readable(document))


@pytest.mark.parametrize("path", vignette_paths(), ids=lambda p: p.stem)
def test_readable_status_of_each_vignette_journal_is_plain(path: Path, tmp_path: Path) -> None:
    document, _expect = load_vignette(path)
    case = tmp_path / "case.json"
    case.write_bytes(orjson.dumps(document))
    where = ("--db", f"sqlite:///{tmp_path / 'journal.sqlite3'}")
    assert_plain(ok("init", "--from-case", str(case), *where))
    assert_plain(ok("status", "--as-of", document["as_of"], *where))


def _urgent_vignettes() -> list[Path]:
    """The vignettes the engine now finds urgent (more once it makes more urgent)."""
    found = [p for p in vignette_paths() if assess_data(load_vignette(p)[0]).pathway == "urgent"]
    assert found
    return found


@pytest.mark.parametrize("path", _urgent_vignettes(), ids=lambda p: p.stem)
def test_an_urgent_reading_shows_only_what_to_do_now(path: Path) -> None:
    document, _expect = load_vignette(path)
    assessment = assess_data(document)
    text = " ".join(readable(document).split())
    urgent = urgent_summary(assessment)
    assert urgent.heading in text
    for flag in assessment.flags:
        assert (" ".join(flag.text.split()) in text) == (flag.level == "urgent"), flag.id
    for option in urgent.destinations:
        assert option.name in text
    for item in assessment.advice:
        assert " ".join(item.text.split()) in text
    for absent in ("Return to running", "VISA-A", "Training load", "Stage", "This week"):
        assert absent not in text
    assert text.index("not a diagnosis") < text.index(urgent.heading)


def test_plan_of_an_urgent_case_says_go_now_and_gives_no_programme(tmp_path: Path) -> None:
    path = _urgent_vignettes()[0]
    document, _expect = load_vignette(path)
    case = tmp_path / "case.json"
    case.write_bytes(orjson.dumps(document))
    text = " ".join(ok("plan", str(case)).split())
    assert urgent_summary(assess_data(document)).heading in text
    assert "No home programme until a clinician has seen you." in text
    assert_plain(text)
