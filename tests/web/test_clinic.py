"""The clinician's patient list and timeline with accounts on: own patients only, flags
with rule, inputs (in words) and source, sorted on the server by a query parameter; a
check-in over the limits is a flare on the list the same day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson
import pytest
from fastapi import FastAPI

from heelraise.app.accounts import add_user
from heelraise.app.journal import today
from heelraise.app.onboarding import init_from_case
from heelraise.app.reading import plain_date
from heelraise.app.today import check_in
from heelraise.web.app import create_app
from heelraise.web.settings import WebSettings
from tests.conftest import CASES, load_vignette
from tests.factories import case_document, shifted_to
from tests.web.accounts import PASSWORD, sign_in
from tests.web.conftest import parse, texts


@pytest.fixture
def clinic(tmp_path: Path) -> FastAPI:
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    app = create_app(WebSettings(database_url=url, accounts=True))
    add_user(url, "dr-a", "clinician", PASSWORD)
    add_user(url, "dr-b", "clinician", PASSWORD)
    urgent = case_document(symptoms={"pop": True, "sudden_sharp_pain": True})
    init_from_case(url, "anna", orjson.dumps(urgent))
    init_from_case(url, "cara", orjson.dumps(case_document()))
    check_in(url, "cara", {"morning_stiffness_0_10": 2, "pain_walking_0_10": 1})
    init_from_case(url, "ben", orjson.dumps(case_document()))
    for name, clinician in (("anna", "dr-a"), ("cara", "dr-a"), ("ben", "dr-b")):
        add_user(url, name, "patient", PASSWORD, clinician=clinician)
    return app


def test_the_list_shows_only_own_patients_flagged_with_rule_and_source(clinic: FastAPI) -> None:
    page = parse(sign_in(clinic, "dr-a").get("/clinic").text)
    rows = page.xpath("//table[contains(@class, 'patients')]/tbody/tr")
    assert [texts(row, "./th")[0] for row in rows] == ["anna", "cara"]
    anna = rows[0]
    assert "flag-urgent" in anna.get("class")
    urgent = anna.xpath(".//li[contains(@class, 'kind-urgent')]")
    assert urgent
    assert urgent[0].xpath(".//code[@class='rule']/text()")
    assert urgent[0].xpath(".//code[@class='source']/text()")
    gap = anna.xpath(".//li[contains(@class, 'kind-no_checkin')]//div[@class='inputs']//dt")
    assert [element.text for element in gap] == [
        "Last check-in",
        "Days since",
        "Flagged after (days)",
    ]
    assert "flag-no_checkin" in anna.get("class")  # anna has never checked in
    assert "flag-no_checkin" not in rows[1].get("class")  # cara checked in today


def test_the_list_sorts_on_the_server(clinic: FastAPI) -> None:
    client = sign_in(clinic, "dr-a")
    by_name = parse(client.get("/clinic?sort=name").text)
    assert texts(by_name, "//tbody/tr/th") == ["anna", "cara"]
    assert texts(by_name, "//nav[@aria-label='Sort the list']//strong") == ["Name"]
    by_checkin = parse(client.get("/clinic?sort=last_checkin").text)
    assert texts(by_checkin, "//tbody/tr/th") == ["anna", "cara"]
    assert client.get("/clinic?sort=bogus").status_code == 422


def test_a_clinician_opens_their_patients_timeline_not_anothers(clinic: FastAPI) -> None:
    client = sign_in(clinic, "dr-a")
    page = parse(client.get("/people/cara/timeline").text)
    assert page.xpath("//*[local-name()='svg'][contains(@class, 'timeline')]")
    assert client.get("/people/ben/timeline").status_code == 403
    assert sign_in(clinic, "dr-b").get("/people/cara/timeline").status_code == 403


@pytest.fixture
def flare_clinic(tmp_path: Path) -> FastAPI:
    """dr-a with fay (a check-in over the limits today) and amy (one within them)."""
    url = f"sqlite:///{tmp_path / 'flare.sqlite3'}"
    app = create_app(WebSettings(database_url=url, accounts=True))
    add_user(url, "dr-a", "clinician", PASSWORD)
    for name, during, after, settled in (("fay", 8, 8, False), ("amy", 2, 3, True)):
        init_from_case(url, name, orjson.dumps(case_document(as_of=today().isoformat())))
        values = {"pain_during_0_10": during, "pain_after_0_10": after}
        check_in(url, name, {**values, "morning_stiffness_0_10": 3, "pain_walking_0_10": 2,
                             "settled_by_next_morning": settled})  # fmt: skip
        add_user(url, name, "patient", PASSWORD, clinician="dr-a")
    return app


def test_a_checkin_over_the_limits_is_a_flare_on_the_list_the_same_day(
    flare_clinic: FastAPI,
) -> None:
    client = sign_in(flare_clinic, "dr-a")
    page = parse(client.get("/clinic?sort=name").text)
    amy, fay = page.xpath("//table[contains(@class, 'patients')]/tbody/tr")
    assert "flag-flare" in fay.get("class") and "flag-flare" not in amy.get("class")
    [flare] = texts(fay, ".//li[contains(@class, 'kind-flare')]")
    day = plain_date(today())
    assert f"Check-in of {day} over the limits" in flare
    assert f"pain after 8/10 on {plain_date(today(), year=False)} (limit 5)" in flare
    assert fay.xpath(".//li[contains(@class, 'kind-flare')]//code[@class='rule']")
    by_flags = parse(client.get("/clinic?sort=flags").text)
    assert texts(by_flags, "//tbody/tr/th") == ["fay", "amy"]  # the flare sorts first


@pytest.fixture
def measured_clinic(tmp_path: Path) -> FastAPI:
    """dr-a with pat (the plateau vignette: VISA-A and heel-rise tests, 14 weeks of loading)
    and kim (a first visit, nothing measured yet)."""
    url = f"sqlite:///{tmp_path / 'measured.sqlite3'}"
    app = create_app(WebSettings(database_url=url, accounts=True))
    add_user(url, "dr-a", "clinician", PASSWORD)
    for name, vignette in (("pat", "plateau-after-14-weeks"), ("kim", "insertional-first-visit")):
        document, _ = load_vignette(CASES / f"{vignette}.json")
        init_from_case(url, name, orjson.dumps(shifted_to(document, today())))
        add_user(url, name, "patient", PASSWORD, clinician="dr-a")
    return app


def test_the_list_shows_side_site_onset_stage_measures_and_checkins(
    measured_clinic: FastAPI,
) -> None:
    client = sign_in(measured_clinic, "dr-a")
    page = parse(client.get("/clinic?sort=name").text)
    headings = texts(page, "//table[contains(@class, 'patients')]/thead//th")
    assert [heading.removesuffix(" ▼") for heading in headings] == [
        "Patient",
        "Side",
        "Site",
        "Weeks since onset",
        "Stage · today",
        "VISA-A",
        "Heel-rise symmetry",
        "Days since check-in",
        "Flags",
    ]
    # Every heading but the current sort's is a link that sorts by it (no JavaScript).
    links = page.xpath("//table[contains(@class, 'patients')]/thead//th/a/@href")
    assert len(links) == 8 and "/clinic?sort=visa_a" in links
    assert page.xpath("//thead//th[@aria-sort='ascending']") == page.xpath("//thead//th[1]")
    kim, pat = page.xpath("//table[contains(@class, 'patients')]/tbody/tr")
    document, _ = load_vignette(CASES / "plateau-after-14-weeks.json")
    started = dt.date.fromisoformat(document["symptoms"]["started"])
    weeks = (dt.date.fromisoformat(document["as_of"]) - started).days // 7
    cells = [" ".join(cell.text_content().split()) for cell in pat.xpath("./td")]
    assert cells[0] == f"Side: {document['symptoms']['side']}"
    assert cells[1] == "Site: midportion"
    assert cells[2] == f"Weeks since onset: {weeks}"
    assert cells[4] == "VISA-A: 56"  # the latest score
    assert cells[5] == "Heel-rise symmetry: 53.8%"
    assert cells[6] == "Days since check-in: never"
    assert texts(kim, "./td")[1] == "Site: insertional"
    assert texts(kim, "./td")[4] == "VISA-A: –"
    # Sorted by the lowest VISA-A: pat first, kim (none) last; the heading says so.
    by_visa = parse(client.get("/clinic?sort=visa_a").text)
    assert texts(by_visa, "//tbody/tr/th") == ["pat", "kim"]
    assert texts(by_visa, "//thead//th[@aria-sort]")[0].startswith("VISA-A")
