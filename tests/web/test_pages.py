"""The pages, read as parsed HTML: every question labelled, the notice on every page,
the plan with its how-to, flags with rule and source, urgent answers without a plan."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from heelraise.contract import Symptoms
from heelraise.contract.case import History
from heelraise.web.forms import QUESTIONS
from tests.web.conftest import csrf_token, parse, texts
from tests.web.forms import self_manage_answers

PAGES = ["/", "/triage", "/referrals", "/training", "/tests/heel-rise"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_shows_the_intended_purpose_and_has_one_h1(
    client: TestClient, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    page = parse(response.text)
    notice = texts(page, "//aside[contains(@class, 'notice')]")
    assert len(notice) == 1 and "not a diagnosis" in notice[0]
    assert len(page.xpath("//h1")) == 1
    assert page.xpath("/html/@lang") == ["en-GB"]
    assert page.xpath("//meta[@name='viewport']")
    # No script from elsewhere and no inline script (the CSP allows 'self' only).
    for script in page.xpath("//script"):
        assert script.get("src", "").startswith("/static/"), script.get("src")
        assert not (script.text or "").strip()
    assert not page.xpath("//*[@style]")


def test_the_questionnaire_asks_every_symptom_and_history_field_with_a_label(
    client: TestClient,
) -> None:
    page = parse(client.get("/triage").text)
    asked = {q.name for q in QUESTIONS}
    for part, kind in (("symptoms", Symptoms), ("history", History)):
        for name in kind.__dataclass_fields__:
            assert f"{part}.{name}" in asked
    for question in QUESTIONS:
        controls = page.xpath(f"//input[@name='{question.name}']")
        assert controls, question.name
        for control in controls:
            ids = control.get("id")
            labels = page.xpath(f"//label[@for='{ids}']")
            assert labels and labels[0].text_content().strip(), question.name
        if question.kind in ("yes_no", "choice", "many"):
            legend = page.xpath(f"//input[@name='{question.name}']/ancestor::fieldset[1]/legend")
            assert " ".join(legend[0].text_content().split()) == question.label


def test_submitting_the_form_shows_the_plan_with_how_to(client: TestClient) -> None:
    form = {**self_manage_answers(), "csrf_token": csrf_token(client)}
    response = client.post("/triage", data=form)
    assert response.status_code == 200
    page = parse(response.text)
    assert texts(page, "//p[@class='headline']") == [
        "Self-management with progressive loading is a reasonable start."
    ]
    exercises = page.xpath("//section[contains(@class, 'todays-session')]//*[@data-exercise-id]")
    assert exercises
    for exercise in exercises:
        assert exercise.xpath(".//*[@class='exercise-name']")[0].text_content().strip()
        assert exercise.xpath(".//p[@class='how']")[0].text_content().strip()
    assert page.xpath("//table[@class='week-strip']/tbody/tr")  # the rest of the week
    criteria = page.xpath("//ul[@class='checklist']/li")
    assert {c.xpath(".//code")[0].text for c in criteria} >= {
        "morning_stiffness",
        "heel_rise_symmetry",
    }
    assert page.xpath("//ul[@class='sources']/li")
    assert not page.xpath("//*[contains(@class, 'urgent-page')]")


def test_a_pop_gives_the_urgent_page_with_where_to_go_and_no_plan(client: TestClient) -> None:
    form = {**self_manage_answers(pop=True, onset="sudden"), "csrf_token": csrf_token(client)}
    page = parse(client.post("/triage", data=form).text)
    heading = texts(page, "//h1")
    assert heading == ["Urgent: go to A&E or an urgent orthopaedic service today."]
    assert texts(page, "//ul[@class='referrals']/li/strong")[0] == "NHS A&E (emergency department)"
    assert not page.xpath("//section[contains(@class, 'plan')]")
    assert not page.xpath("//*[@data-exercise-id]")
    flags = page.xpath("//li[contains(@class, 'level-urgent')]")
    assert flags
    # Each flag's rule and source, in the one disclosure at the end of the urgent part.
    provenance = page.xpath("//ul[@class='provenance-list']/li[@class='provenance-flag']")
    assert len(provenance) == len(flags)
    for item in provenance:
        assert item.xpath(".//code[@class='rule']")[0].text
        assert item.xpath(".//code[@class='source']")[0].text
    # The numbers to call, as links a phone dials.
    assert page.xpath("//a[@href='tel:999']") and page.xpath("//a[@href='tel:111']")


def test_the_live_check_returns_the_urgent_fragment_only_when_urgent(client: TestClient) -> None:
    token = csrf_token(client)
    urgent = client.post(
        "/triage/check",
        data={"symptoms.pop": "yes", "csrf_token": token},
        headers={"hx-request": "true"},
    )
    # The inside of the page's assertive live region (#urgent-now): the warning, or nothing.
    page = parse(client.get("/triage").text)
    assert page.xpath("//div[@id='urgent-now'][@aria-live='assertive']")
    fragment = parse(urgent.text)
    assert fragment.get("class") == "urgent-banner"
    assert fragment.xpath(".//a[@href='tel:999']")
    calm = client.post("/triage/check", data={"symptoms.pop": "no", "csrf_token": token})
    assert calm.status_code == 200 and calm.text.strip() == ""


def test_unanswered_questions_are_listed_as_missing(client: TestClient) -> None:
    response = client.post(
        "/triage", data={"symptoms.side": "left", "csrf_token": csrf_token(client)}
    )
    assert response.status_code == 200
    page = parse(response.text)
    missing = texts(page, "//div[@class='missing']")
    assert missing and "pop" in missing[0]


def test_an_invalid_answer_returns_the_form_with_the_field_named(client: TestClient) -> None:
    form = {**self_manage_answers(pain_0_10=14), "csrf_token": csrf_token(client)}
    response = client.post("/triage", data=form)
    assert response.status_code == 422
    page = parse(response.text)
    summary = texts(page, "//div[@class='error-summary']//li")
    assert summary == [
        "Worst pain in everyday activity over the last week (0-10): "
        "must be a whole number from 0 to 10 (you gave 14)"
    ]
    assert page.xpath("//div[@class='error-summary']//a/@href") == ["#f-symptoms-pain_0_10"]
    field = page.xpath("//input[@name='symptoms.pain_0_10']")[0]
    assert field.get("aria-invalid") == "true" and field.get("value") == "14"
    # The other answers are kept.
    assert page.xpath("//input[@name='symptoms.side' and @checked]/@value") == ["left"]


def test_referrals_page_lists_every_level(client: TestClient) -> None:
    page = parse(client.get("/referrals").text)
    assert texts(page, "//main//h2") == [
        "Urgent: today",
        "A clinician soon",
        "A specialist review",
    ]
    assert len(page.xpath("//ul[@class='referrals']/li")) >= 3


def test_heel_rise_page_has_the_metronome_at_30_a_minute(client: TestClient) -> None:
    page = parse(client.get("/tests/heel-rise").text)
    section = page.xpath("//section[@class='metronome']")[0]
    assert section.get("data-rises-per-minute") == "30"
    assert page.xpath("//button[@id='metronome-toggle'][@aria-pressed='false']")
    assert page.xpath("//script[@src='/static/heel_rise.js']")
    for control in ("affected_reps", "other_reps"):
        assert page.xpath(f"//label[@for='{control}']")


def test_heel_rise_symmetry_from_the_server_without_javascript(client: TestClient) -> None:
    token = csrf_token(client, "/tests/heel-rise")
    form = {"affected_reps": "18", "other_reps": "25", "csrf_token": token}
    page = parse(client.post("/tests/heel-rise", data=form).text)
    result = texts(page, "//div[@id='heel-rise-result']/p[@class='symmetry']")
    assert result == ["72.0% of the other side: below the 90% return-to-running mark."]
    assert page.xpath("//input[@name='affected_reps']/@value") == ["18"]
    fragment = parse(
        client.post(
            "/tests/heel-rise",
            data={**form, "affected_reps": "24"},
            headers={"hx-request": "true"},
        ).text
    )
    assert fragment.get("id") == "heel-rise-result"
    assert "meets the 90%" in fragment.text_content()


def test_heel_rise_bad_count_names_the_field(client: TestClient) -> None:
    token = csrf_token(client, "/tests/heel-rise")
    form = {"affected_reps": "500", "other_reps": "25", "csrf_token": token}
    response = client.post("/tests/heel-rise", data=form)
    assert response.status_code == 422
    page = parse(response.text)
    assert texts(page, "//p[@id='err-affected_reps']") == ["must be at most 200 (you gave 500)"]


def test_unknown_page_is_an_html_404(client: TestClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert texts(parse(response.text), "//h1") == ["Error 404"]
