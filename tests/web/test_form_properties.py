"""Properties of the questionnaire over any answers: never a server error, and a
rupture sign always gives the urgent page with no plan."""

from __future__ import annotations

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heelraise.web.app import create_app
from heelraise.web.forms import QUESTIONS
from heelraise.web.settings import WebSettings
from tests.web.conftest import csrf_token, parse

_APP = None


def _client() -> TestClient:
    global _APP
    if _APP is None:
        _APP = create_app(WebSettings(database_url="sqlite:///:memory:"))
    return TestClient(_APP, base_url="http://127.0.0.1:8000")


def _answer(question: object) -> st.SearchStrategy[str]:
    choices = [value for value, _label in question.choices]  # type: ignore[attr-defined]
    if choices:
        return st.sampled_from([*choices, ""])
    return st.one_of(st.just(""), st.text(max_size=12), st.integers(-5, 300).map(str))


CHOICES = {q.name: frozenset(value for value, _label in q.choices) for q in QUESTIONS}
ANSWERS = st.fixed_dictionaries(
    {},
    optional={q.name: _answer(q) for q in QUESTIONS if q.kind != "many"},
)
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(answers=ANSWERS)
def test_any_answers_give_a_page_never_a_server_error(answers: dict[str, str]) -> None:
    client = _client()
    response = client.post("/triage", data={**answers, "csrf_token": csrf_token(client)})
    assert response.status_code in (200, 422)
    assert parse(response.text).xpath("//aside[contains(@class, 'notice')]")


@SETTINGS
@given(answers=ANSWERS, sign=st.sampled_from(["symptoms.pop", "symptoms.contour_change"]))
def test_a_rupture_sign_always_gives_the_urgent_page_without_a_plan(
    answers: dict[str, str], sign: str
) -> None:
    client = _client()
    # Only answers the contract accepts, so the page is an assessment, not the form again.
    # (Each question's own choices: "no" is a choice, but not an age.)
    valid = {key: value for key, value in answers.items() if value in CHOICES[key]}
    form = {**valid, sign: "yes", "csrf_token": csrf_token(client)}
    response = client.post("/triage", data=form)
    assert response.status_code == 200
    page = parse(response.text)
    assert page.xpath("//section[contains(@class, 'urgent-page')]")
    assert not page.xpath("//li[@class='exercise']")
