"""Answering the questions again updates the journal: the new answers are the newest
triage (audited), Today and `heelraise status` read them at once. A pop puts the
journal on the urgent pathway (no plan) until the answers change; answering again
without it brings the plan back. The form opens with the latest answers filled in."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from lxml.html import HtmlElement
from sqlalchemy import select
from sqlalchemy.orm import Session

from heelraise.app.accounts import add_user
from heelraise.app.journal import today
from heelraise.app.onboarding import init_from_case
from heelraise.store.audit import trail
from heelraise.store.database import make_engine
from heelraise.store.models import Person
from heelraise.web.app import create_app
from heelraise.web.settings import WebSettings
from tests.cli.journal_steps import ok
from tests.conftest import CASES, load_vignette
from tests.factories import shifted_to
from tests.web.accounts import PASSWORD, sign_in
from tests.web.conftest import csrf_token, parse, texts
from tests.web.forms import self_manage_answers

ME = "/people/me"


def _answer(client: TestClient, **symptoms: object) -> HtmlElement:
    form = {**self_manage_answers(**symptoms), "csrf_token": csrf_token(client)}
    response = client.post("/triage", data=form)
    assert response.status_code == 200
    return parse(response.text)


def _today(client: TestClient) -> tuple[HtmlElement, dict[str, object]]:
    page = parse(client.get(f"{ME}/today").text)
    return page, client.get(f"/api{ME}/status").json()


def _actions(db_url: str, name: str) -> list[str]:
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            person = session.scalars(select(Person).where(Person.name == name)).one()
            return [entry.action for entry in trail(session, person)]
    finally:
        engine.dispose()


def test_a_pop_on_retriage_puts_today_on_the_urgent_page_and_back(
    client: TestClient, settings: WebSettings
) -> None:
    first = _answer(client)
    assert texts(first, "//p[@class='saved']")[0].startswith("Your journal is started")
    page, status = _today(client)
    assert page.xpath("//*[@data-exercise-id]") and status["pathway"] == "self_manage"

    urgent = _answer(client, pop=True)
    assert texts(urgent, "//h1")[0].startswith("Urgent")
    assert texts(urgent, "//p[@class='saved']")[0].startswith("Saved in your journal: Today shows")
    page, status = _today(client)
    assert page.xpath("//section[contains(@class, 'urgent-page')]")
    assert not page.xpath("//*[@data-exercise-id]") and not page.xpath(
        "//table[@class='week-strip']"
    )
    assert status["pathway"] == "urgent" and status["plan"] is None
    cli = " ".join(ok("status", "--db", str(settings.database_url), "--person", "me").split())
    assert "Urgent" in cli

    calm = _answer(client)
    assert "Your journal now follows these answers" in texts(calm, "//p[@class='saved']")[0]
    page, status = _today(client)
    assert page.xpath("//*[@data-exercise-id]") and status["pathway"] == "self_manage"
    assert status["plan"] is not None
    actions = _actions(str(settings.database_url), "me")
    assert actions.count("journal.init") == 1 and actions.count("triage.record") == 2


def test_the_questionnaire_opens_with_the_latest_answers(client: TestClient) -> None:
    blank = parse(client.get("/triage").text)
    assert not blank.xpath("//input[@checked]")
    _answer(client, side="right", pain_0_10=4)
    again = parse(client.get("/triage").text)
    assert again.xpath("//input[@name='symptoms.side'][@value='right']/@checked")
    assert again.xpath("//input[@name='symptoms.pop'][@value='no']/@checked")
    assert again.xpath("//input[@name='symptoms.pain_0_10']/@value") == ["4"]
    assert "filled in" in texts(again, "//p[@class='lead']")[0]


@pytest.fixture
def clinic(tmp_path: Path) -> tuple[FastAPI, str]:
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    document, _ = load_vignette(CASES / "rtr-not-ready-weak-calf.json")
    init_from_case(url, "kim", orjson.dumps(shifted_to(document, today())))
    add_user(url, "dr-a", "clinician", PASSWORD)
    add_user(url, "kim", "patient", PASSWORD, clinician="dr-a")
    return create_app(WebSettings(database_url=url, accounts=True)), url


def test_a_patients_retriage_goes_into_their_journal_a_clinicians_does_not(
    clinic: tuple[FastAPI, str],
) -> None:
    app, url = clinic
    doctor = sign_in(app, "dr-a")
    _answer(doctor, pop=True)  # a clinician trying the form: nothing stored
    assert doctor.get("/api/people/kim/status").json()["pathway"] == "self_manage"
    patient = sign_in(app, "kim")
    _answer(patient, pop=True)
    assert patient.get("/api/people/kim/status").json()["pathway"] == "urgent"
    page = parse(patient.get("/people/kim/today").text)
    assert page.xpath("//section[contains(@class, 'urgent-page')]")
    # The clinician's list shows it at once (the day's stored assessment).
    listing = parse(doctor.get("/clinic").text)
    assert "flag-urgent" in listing.xpath("//tbody/tr")[0].get("class")
    assert _actions(url, "kim").count("triage.record") == 1
