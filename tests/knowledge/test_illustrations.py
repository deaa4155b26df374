"""Every exercise names an illustration that exists and is a small, accessible SVG;
a missing, broken or inaccessible one stops the knowledge from loading."""

from __future__ import annotations

import re
from pathlib import Path

import defusedxml.ElementTree as SafeET
import pytest

from heelraise.errors import KnowledgeError
from heelraise.knowledge.illustrations import MAX_BYTES, svg_problem
from heelraise.knowledge.loader import load_knowledge
from tests.knowledge.conftest import PACKAGED
from tests.knowledge.test_loader import edit

SVG = "{http://www.w3.org/2000/svg}"
FOLDER = PACKAGED / "illustrations"
EXERCISES = load_knowledge().exercises


def test_every_exercise_has_an_illustration_and_words_for_it() -> None:
    for exercise in EXERCISES.exercise:
        path = FOLDER / exercise.illustration
        assert path.is_file(), exercise.id
        assert svg_problem(path.read_bytes()) is None, exercise.id
        assert len(exercise.illustration_alt.split()) >= 5, exercise.id


@pytest.mark.parametrize("path", sorted(FOLDER.glob("*.svg")), ids=lambda path: path.stem)
def test_each_drawing_is_small_titled_and_scales(path: Path) -> None:
    data = path.read_bytes()
    assert len(data) <= MAX_BYTES
    root = SafeET.fromstring(data)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text and title.text.strip()
    assert root.get("aria-labelledby") == title.get("id")
    _x, _y, width, _height = (float(part) for part in (root.get("viewBox") or "").split())
    # Legible at 390 px: text no smaller than 12 units in a picture at most 360 wide
    # (drawn at the card's full width, ~358 CSS px, that is 12 px or more).
    assert width <= 360
    sizes = [float(element.get("font-size", "13")) for element in root.iter(f"{SVG}text")]
    assert sizes and min(sizes) >= 12


def test_every_drawing_is_used() -> None:
    used = {exercise.illustration for exercise in EXERCISES.exercise}
    assert {path.name for path in FOLDER.glob("*.svg")} == used


def test_floor_variants_never_show_a_drop_below_the_step() -> None:
    """Insertional (floor-level) variants mark neutral; off-step ones mark below the step."""
    by_id = {exercise.id: exercise for exercise in EXERCISES.exercise}
    for exercise in EXERCISES.exercise:
        if exercise.floor_variant is None or "off_step" not in exercise.tags:
            continue
        floor = by_id[exercise.floor_variant]
        assert floor.illustration != exercise.illustration
        floor_words = (FOLDER / floor.illustration).read_text(encoding="utf-8")
        step_words = (FOLDER / exercise.illustration).read_text(encoding="utf-8")
        assert "below the step" not in floor_words, floor.id
        assert re.search(r"neutral|not below|never below", floor_words), floor.id
        assert "below the step" in step_words, exercise.id
        assert "below" not in floor.illustration_alt.replace("never below", ""), floor.id


def test_an_exercise_without_an_illustration_is_refused(knowledge_copy: Path) -> None:
    edit(knowledge_copy, "exercises.toml", 'illustration = "skipping.svg"\n', "")
    with pytest.raises(KnowledgeError, match="illustration") as caught:
        load_knowledge(knowledge_copy)
    assert caught.value.file == "exercises.toml"


def test_a_missing_file_is_refused(knowledge_copy: Path) -> None:
    (knowledge_copy / "illustrations" / "skipping.svg").unlink()
    with pytest.raises(KnowledgeError, match=r"illustrations/skipping\.svg does not exist"):
        load_knowledge(knowledge_copy)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"<svg", "not valid SVG"),
        (b"<html/>", "not valid SVG"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><title>x</title></svg>',
            'role="img"',
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" role="img"/>', "<title>"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" role="img">'
            b"<title>x</title><script>alert(1)</script></svg>",
            "<script>",
        ),
        (
            b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg" '
            b'role="img" viewBox="0 0 1 1"><title>&a;</title></svg>',
            "not valid SVG",
        ),
    ],
)
def test_a_broken_or_inaccessible_svg_is_refused(
    knowledge_copy: Path,
    content: bytes,
    problem: str,
) -> None:
    (knowledge_copy / "illustrations" / "skipping.svg").write_bytes(content)
    with pytest.raises(KnowledgeError, match=re.escape(problem)) as caught:
        load_knowledge(knowledge_copy)
    assert caught.value.key.endswith(".illustration")
