"""Every page that shows an assessment, read as a patient and as their clinician: no
Python repr anywhere, no raw key or field path, and on a patient's page no rule id or
source key in the first reading (they sit behind "Why?"). Urgent pages show only the
urgent part; the clinician opens the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from heelraise.app.accounts import add_user
from heelraise.app.journal import today
from heelraise.app.onboarding import init_from_case
from heelraise.app.today import check_in
from heelraise.web.app import create_app
from heelraise.web.settings import WebSettings
from tests.conftest import CASES, load_vignette, vignette_paths
from tests.factories import case_document, shifted_to
from tests.plain_words import page_problems
from tests.web.accounts import PASSWORD, sign_in
from tests.web.conftest import csrf_token, parse, texts

BAD_DAY = {
    "morning_stiffness_0_10": 4,
    "pain_walking_0_10": 3,
    "pain_during_0_10": 8,
    "pain_after_0_10": 8,
    "settled_by_next_morning": False,
    "exercised": True,
}
JOURNALS = {
    "fay": "midportion-classic-first-visit",  # and a bad check-in the same day
    "dee": "calf-hot-swollen",
    "rob": "rupture-pop-cannot-heel-raise",
    "sam": "stage2-flare-reduce",
    "will": "weekly-volume-spike",
    "ivy": "insertional-first-visit",
}
PATIENT_PAGES = ("today", "checkin", "tests", "progress", "training", "timeline")


def _journal(url: str, name: str, vignette: str) -> None:
    document, _ = load_vignette(CASES / f"{vignette}.json")
    document = shifted_to(document, today())
    init_from_case(url, name, orjson.dumps(document))
    for item in document.get("checkins", []):
        check_in(url, name, item, replace=True)
    if name == "fay":
        check_in(url, name, {**BAD_DAY, "date": today().isoformat()}, replace=True)


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    url = f"sqlite:///{tmp_path_factory.mktemp('plain') / 'clinic.sqlite3'}"
    app = create_app(WebSettings(database_url=url, accounts=True))
    add_user(url, "dr-a", "clinician", PASSWORD)
    for name, vignette in JOURNALS.items():
        _journal(url, name, vignette)
        add_user(url, name, "patient", PASSWORD, clinician="dr-a")
    return app


@pytest.mark.parametrize("name", JOURNALS)
def test_a_patients_pages_are_plain(clinic: FastAPI, name: str) -> None:
    client = sign_in(clinic, name)
    for page in PATIENT_PAGES:
        response = client.get(f"/people/{name}/{page}")
        assert response.status_code == 200, page
        assert page_problems(response.text, patient=True) == [], page


@pytest.mark.parametrize("name", JOURNALS)
def test_the_clinicians_pages_are_plain(clinic: FastAPI, name: str) -> None:
    client = sign_in(clinic, "dr-a")
    for page in ("today", "timeline", "progress", "training"):
        response = client.get(f"/people/{name}/{page}")
        assert response.status_code == 200, page
        assert page_problems(response.text, patient=False) == [], page


def test_the_clinic_list_is_plain(clinic: FastAPI) -> None:
    for sort in ("flags", "name", "last_checkin", "stage"):
        response = sign_in(clinic, "dr-a").get(f"/clinic?sort={sort}")
        assert page_problems(response.text, patient=False) == []


def _urgent_part(html: str) -> Any:
    page = parse(html)
    [section] = page.xpath("//section[contains(@class, 'urgent-page')]")
    return page, section


@pytest.mark.parametrize("name", ["dee", "rob"])
def test_an_urgent_today_shows_only_the_urgent_part_to_the_patient(
    clinic: FastAPI, name: str
) -> None:
    page, urgent = _urgent_part(sign_in(clinic, name).get(f"/people/{name}/today").text)
    assert texts(page, "//h1")[0].startswith("Urgent")
    assert texts(urgent, ".//h2") == ["Why this is urgent", "Where to go now", "Until you are seen"]
    main = " ".join(texts(page, "//main"))
    for absent in ("Return to running", "VISA-A", "See a clinician", "This week", "Training load"):
        assert absent not in main
    assert not page.xpath("//details[contains(@class, 'full-assessment')]")
    assert all(not d.get("open") for d in page.xpath("//details"))  # "Why?" closed
    assert texts(page, "//aside[contains(@class, 'notice')]")  # the intended purpose stays


@pytest.mark.parametrize("name", ["dee", "rob"])
def test_the_clinician_sees_the_urgent_part_first_and_can_open_the_rest(
    clinic: FastAPI, name: str
) -> None:
    page, urgent = _urgent_part(sign_in(clinic, "dr-a").get(f"/people/{name}/today").text)
    [rest] = page.xpath("//details[contains(@class, 'full-assessment')]")
    order = [element for element in page.xpath("//main//*") if element in (urgent, rest)]
    assert order == [urgent, rest]
    assert rest.xpath(".//h2[@id='rtr-h']")  # return to running, behind the disclosure
    assert len(page.xpath("//h1")) == 1
    assert urgent.xpath(".//details[@open]//code[@class='rule']")  # provenance open


@pytest.mark.parametrize("path", vignette_paths(), ids=lambda p: p.stem)
def test_the_case_page_of_each_vignette_is_plain(client: TestClient, path: Path) -> None:
    document, _expect = load_vignette(path)
    token = csrf_token(client, "/case")
    response = client.post(
        "/case", data={"csrf_token": token, "case": orjson.dumps(document).decode()}
    )
    assert response.status_code == 200
    assert page_problems(response.text, patient=True) == []


def test_the_questionnaire_results_are_plain(client: TestClient) -> None:
    for symptoms in ({}, {"pop": True}, {"site": "insertion"}):
        document = case_document(symptoms=symptoms)
        form = {f"symptoms.{key}": _answer(value) for key, value in document["symptoms"].items()}
        form["history.calf_hot_swollen"] = "no"
        response = client.post("/triage", data={**form, "csrf_token": csrf_token(client)})
        assert response.status_code == 200
        assert page_problems(response.text, patient=True) == []


def _answer(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
