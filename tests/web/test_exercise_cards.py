"""Exercise cards (`_exercise.html`): every card names its exercise, gives the dose in one
line, shows its illustration with an accessible name, and keeps the how-to one tap away."""

from __future__ import annotations

import datetime as dt

import lxml.etree
import lxml.html
import pytest
from fastapi.testclient import TestClient

from heelraise.clinical.plan import PlanBuilder, PlanRequest
from heelraise.contract import PlannedExercise
from heelraise.knowledge.loader import default_knowledge
from heelraise.web.presenting import tempo_words
from heelraise.web.templating import Templates
from tests.web.conftest import csrf_token, parse
from tests.web.forms import self_manage_answers

EXERCISES = default_knowledge().exercises.exercise


def planned(exercise_id: str, name: str, **dose: object) -> PlannedExercise:
    values: dict[str, object] = {
        "sets": 3,
        "reps": 15,
        "hold_s": None,
        "duration_min": None,
        "load": "bodyweight",
        "tempo": "3-0-3",
    }
    values.update(dose)
    return PlannedExercise(
        id=exercise_id,
        name=name,
        tags=[],
        notes="Rise slowly and lower slowly.",
        source="beyer-2015",
        **values,  # type: ignore[arg-type]
    )


def card(exercise: PlannedExercise, **context: object) -> lxml.html.HtmlElement:
    env = Templates(single_user=True).env
    return lxml.html.fragment_fromstring(
        env.get_template("_exercise.html").render(exercise=exercise, **context)
    )


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda exercise: exercise.id)
def test_every_exercise_renders_as_a_card_with_its_picture(exercise: object) -> None:
    item = planned(exercise.id, exercise.name)  # type: ignore[attr-defined]
    root = card(item)
    assert root.get("data-exercise-id") == item.id
    assert root.xpath("string(.//h4[@class='exercise-name'])") == item.name
    assert root.xpath("string(.//p[@class='exercise-dose'])").startswith("3 × 15 · 3 s up")
    (img,) = root.xpath(".//img")
    assert img.get("alt") == exercise.illustration_alt  # type: ignore[attr-defined]
    assert img.get("src") == f"/static/exercises/{exercise.illustration}"  # type: ignore[attr-defined]
    assert img.get("width") and img.get("height")
    assert root.xpath(".//details/summary")
    assert root.xpath("string(.//details//p[@class='how'])") == item.notes


def test_the_heading_level_follows_the_page() -> None:
    root = card(planned("skipping", "Skipping"), exercise_heading=3)
    assert root.xpath("string(.//h3[@class='exercise-name'])") == "Skipping"


def test_a_hold_and_a_duration_read_in_one_line() -> None:
    hold = card(planned("isometric-calf-hold", "Hold", reps=None, hold_s=45, sets=5, tempo=None))
    assert hold.xpath("string(.//p[@class='exercise-dose'])") == "5 × 45 s · bodyweight"
    walk = card(planned("walk-run", "Walk-run", reps=None, duration_min=20, sets=1, tempo=None))
    assert walk.xpath("string(.//p[@class='exercise-dose'])") == "1 × 20 min · bodyweight"


@pytest.mark.parametrize(
    ("tempo", "words"),
    [
        ("3-0-3", "3 s up, 3 s down"),
        ("0-0-3", "lower over 3 s"),
        ("2-0-3", "2 s up, 3 s down"),
        ("2-1-2", "2 s up, hold 1 s, 2 s down"),
        ("slow", "tempo slow"),
        (None, None),
    ],
)
def test_tempo_in_words(tempo: str | None, words: str | None) -> None:
    assert tempo_words(tempo) == words


def test_every_card_on_the_plan_has_an_illustration_that_loads(client: TestClient) -> None:
    form = {**self_manage_answers(), "csrf_token": csrf_token(client)}
    page = parse(client.post("/triage", data=form).text)
    cards = page.xpath("//*[@data-exercise-id]")
    assert cards
    for element in cards:
        names = [
            *element.xpath(".//img[normalize-space(@alt)]/@src"),
            *element.xpath(".//*[local-name()='svg'][@role='img'][normalize-space(@aria-label)]"),
        ]
        assert len(names) == 1, element.get("data-exercise-id")
    for src in sorted({str(src) for src in page.xpath("//*[@data-exercise-id]//img/@src")}):
        response = client.get(src)
        assert response.status_code == 200, src
        assert response.headers["content-type"].startswith("image/svg+xml")
        assert b'role="img"' in response.content


@pytest.mark.parametrize("method", ["eccentric", "hsr"])
@pytest.mark.parametrize("location", ["insertional", "both", "unclear"])
def test_an_insertional_plan_shows_only_floor_level_pictures(
    client: TestClient, location: str, method: str
) -> None:
    """Every card of every rung of stages 1-3 for floor-level sites shows a drawing that
    never drops the heel below a step (and the page's own plan, end to end)."""
    builder = PlanBuilder(default_knowledge())
    sources: set[str] = set()
    for stage in ("1", "2", "3"):
        top = builder.top_step(stage, location, method, False)  # type: ignore[arg-type]
        for step in range(top + 1):
            request = PlanRequest(stage, location, method, step, dt.date(2026, 12, 7), False)  # type: ignore[arg-type]
            for session in builder.plan(request).sessions:
                for exercise in session.exercises:
                    sources.update(str(src) for src in card(exercise).xpath(".//img/@src"))
    answers = self_manage_answers(site="insertion")
    page = parse(client.post("/triage", data={**answers, "csrf_token": csrf_token(client)}).text)
    sources.update(str(src) for src in page.xpath("//*[@data-exercise-id]//img/@src"))
    assert sources
    for src in sorted(sources):
        drawing = client.get(src).text
        assert "below the step" not in drawing, src
        assert "below the forefoot" not in drawing, src


def test_the_cards_picture_size_is_the_drawings_own(client: TestClient) -> None:
    """Width and height on the <img> (no layout shift) match each drawing's viewBox."""
    root = card(planned("skipping", "Skipping"))
    (img,) = root.xpath(".//img")
    for exercise in EXERCISES:
        svg = lxml.etree.fromstring(
            client.get(f"/static/exercises/{exercise.illustration}").content
        )
        _x, _y, width, height = (svg.get("viewBox") or "").split()
        assert (width, height) == (img.get("width"), img.get("height")), exercise.id
