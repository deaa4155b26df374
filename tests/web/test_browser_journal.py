"""The journal in real headless Chromium: onboarding → plan → check-in → chart, and the
clinic server with logins: a clinician sees a flagged patient, a patient cannot open
another patient's page, a patient changing their password. Screenshots to `screenshots/`;
axe on every new page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from heelraise.app.accounts import add_user
from heelraise.app.journal import today
from heelraise.app.onboarding import init_from_case
from heelraise.app.reading import plain_date
from heelraise.app.today import check_in
from tests.factories import case_document
from tests.web.browser import serving
from tests.web.test_browser import (
    answer_everything,
    assert_accessible,
    browser_context,
    page,
    shoot,
)

__all__ = ["browser_context", "page"]  # fixtures, imported for the tests in this module

PASSWORD = "correct horse battery"


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[str]:
    """A server of its own (no accounts), with an empty journal."""
    with serving(tmp_path / "home") as url:
        yield url


@pytest.fixture(scope="module")
def clinic_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A clinic server (accounts on): dr-a with anna (urgent) and cara (a check-in over
    the limits today); ben and dan are dr-b's (dan changes his password)."""
    home = tmp_path_factory.mktemp("clinic-home")
    url = f"sqlite:///{home / 'clinic.sqlite3'}"
    urgent = case_document(symptoms={"pop": True, "sudden_sharp_pain": True})
    init_from_case(url, "anna", orjson.dumps(urgent))
    init_from_case(url, "cara", orjson.dumps(case_document()))
    flare = {"pain_during_0_10": 8, "pain_after_0_10": 8, "settled_by_next_morning": False}
    check_in(url, "cara", {"morning_stiffness_0_10": 2, "pain_walking_0_10": 1, **flare})
    init_from_case(url, "ben", orjson.dumps(case_document()))
    add_user(url, "dr-a", "clinician", PASSWORD)
    add_user(url, "dr-b", "clinician", PASSWORD)
    init_from_case(url, "dan", orjson.dumps(case_document()))
    for name, clinician in (("anna", "dr-a"), ("cara", "dr-a"), ("ben", "dr-b"), ("dan", "dr-b")):
        add_user(url, name, "patient", PASSWORD, clinician=clinician)
    with serving(home, "--db", url, "--accounts") as server:
        yield server


def sign_in(page: Page, server: str, name: str, password: str = PASSWORD) -> None:
    page.context.clear_cookies()
    page.goto(server + "/login")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_onboarding_plan_checkin_and_the_chart_updates(page: Page, fresh_server: str) -> None:
    page.goto(fresh_server + "/triage")
    answer_everything(page)
    page.get_by_label("Age").fill("40")
    page.get_by_role("button", name="See my assessment").click()
    expect(page.locator("p.saved")).to_contain_text("Your journal is started")
    page.get_by_role("link", name="See today's plan and check in daily").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today, ")
    expect(page.get_by_role("heading", name="Today's session")).to_be_visible()
    assert_accessible(page)
    shoot(page, "today")
    page.get_by_role("link", name="Check in now (30 seconds)").click()
    page.get_by_label("Morning stiffness on first getting up (0–10)").fill("3")
    page.get_by_label("Pain walking today (0–10)").fill("2")
    page.get_by_label("Pain during your exercises (0–10)").fill("2")
    page.get_by_label("Pain after your exercises (0–10)").fill("3")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("I did my exercises today").check()
    assert_accessible(page)
    shoot(page, "checkin")
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.locator("#checkin p.saved")).to_contain_text("saved")  # htmx: in place
    page.get_by_role("link", name="progress").click()
    stiffness = page.locator("section.progress-chart").first
    expect(stiffness.locator("svg.chart circle.point")).to_have_count(1)
    assert_accessible(page)
    shoot(page, "progress")
    page.goto(fresh_server + "/people/me/tests")
    assert_accessible(page)
    shoot(page, "tests")
    page.goto(fresh_server + "/people/me/today")
    expect(page.locator(".checkin-done")).to_contain_text("Today's check-in is done")


def test_a_bad_checkin_without_javascript_names_the_field(
    browser_context: BrowserContext, fresh_server: str
) -> None:
    page = browser_context.new_page()
    page.route("**/*.js", lambda route: route.abort())
    try:
        page.goto(fresh_server + "/triage")
        answer_everything(page)
        page.get_by_role("button", name="See my assessment").click()
        page.goto(fresh_server + "/people/me/checkin")
        page.get_by_label("Morning stiffness on first getting up (0–10)").fill("14")
        page.get_by_label("Pain walking today (0–10)").fill("2")
        page.get_by_role("button", name="Save my check-in").click()
        expect(page.locator("#err-morning_stiffness_0_10")).to_have_text(
            "must be a whole number from 0 to 10 (you gave 14)"
        )
        assert_accessible(page)
    finally:
        page.close()


def _bad_checkin(page: Page) -> None:
    page.get_by_label("Morning stiffness on first getting up (0–10)").fill("4")
    page.get_by_label("Pain walking today (0–10)").fill("3")
    page.get_by_label("Pain during your exercises (0–10)").fill("8")
    page.get_by_label("Pain after your exercises (0–10)").fill("8")
    page.get_by_label("No", exact=True).check()
    page.get_by_label("I did my exercises today").check()
    page.get_by_role("button", name="Save my check-in").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_a_bad_checkin_is_answered_the_same_day(
    browser_context: BrowserContext, fresh_server: str, javascript: bool
) -> None:
    page = browser_context.new_page()
    if not javascript:
        page.route("**/*.js", lambda route: route.abort())
    try:
        page.goto(fresh_server + "/triage")
        answer_everything(page)
        page.get_by_role("button", name="See my assessment").click()
        page.goto(fresh_server + "/people/me/checkin")
        _bad_checkin(page)
        reason = f"pain after 8/10 on {plain_date(today(), year=False)} (limit 5)"
        if javascript:  # answered in place
            expect(page.locator("#checkin .checkin-answer")).to_contain_text(reason)
            page.goto(fresh_server + "/people/me/today")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Today, ")
        expect(page.locator("#decision-h")).to_contain_text("today")  # the day's answer
        expect(page.locator("ul.day-reasons")).to_contain_text(reason)
        expect(page.locator("details.why").first).not_to_have_attribute("open", "")
        assert_accessible(page)
        shoot(page, f"today-after-a-bad-checkin-{'htmx' if javascript else 'no-js'}")
    finally:
        page.close()


def test_a_clinician_signs_in_and_sees_a_flagged_patient(page: Page, clinic_server: str) -> None:
    page.context.clear_cookies()
    page.goto(clinic_server + "/clinic")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")  # redirected
    assert_accessible(page)
    shoot(page, "login")
    sign_in(page, clinic_server, "dr-a")
    expect(page.get_by_role("heading", level=1)).to_have_text("Patients")
    anna = page.locator("tr.patient").first
    expect(anna).to_have_class("patient flag-urgent flag-no_checkin")
    expect(anna.locator("li.kind-urgent code.rule")).not_to_have_count(0)
    expect(anna.locator("li.kind-urgent code.source")).not_to_have_count(0)
    expect(page.locator("tr.patient th")).to_have_text(["anna", "cara"])  # not ben
    cara = page.locator("tr.patient").nth(1)
    expect(cara).to_have_class("patient flag-flare")  # the check-in's flare, the same day
    flare = cara.locator("li.kind-flare")
    expect(flare).to_contain_text(f"Check-in of {plain_date(today())} over the limits")
    expect(flare).to_contain_text("pain after 8/10 on")
    assert_accessible(page)
    shoot(page, "clinic")
    page.get_by_role("link", name="Name", exact=True).click()
    expect(page.locator("nav.sort strong")).to_have_text("Name")
    page.get_by_role("link", name="cara").click()
    expect(page.locator("svg.chart.timeline")).to_be_visible()
    assert_accessible(page)
    shoot(page, "timeline")
    # anna's today: the urgent part first, the rest behind a disclosure for the clinician.
    page.goto(clinic_server + "/people/anna/today")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Urgent")
    rest = page.locator("details.full-assessment")
    expect(rest.locator("#rtr-h")).not_to_be_visible()
    rest.locator("> summary").click()
    expect(rest.locator("#rtr-h")).to_be_visible()
    assert_accessible(page)
    shoot(page, "clinic-urgent-patient")


def test_a_patient_cannot_open_another_patients_page(
    browser_context: BrowserContext, clinic_server: str
) -> None:
    # A page of its own: the 403 is logged in the console, which the `page` fixture refuses.
    page = browser_context.new_page()
    try:
        sign_in(page, clinic_server, "ben")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Today, ")
        response = page.goto(clinic_server + "/people/anna/today")
        assert response is not None
        assert response.status == 403
        expect(page.locator("main")).not_to_contain_text("anna")
        assert_accessible(page)
        shoot(page, "forbidden")
    finally:
        page.close()


def test_a_patient_changes_their_password_without_javascript(
    browser_context: BrowserContext, clinic_server: str
) -> None:
    # A page of its own: the refused change (422) is logged in the console.
    page = browser_context.new_page()
    page.route("**/*.js", lambda route: route.abort())
    new = "a brand new passphrase"
    try:
        sign_in(page, clinic_server, "dan")
        page.get_by_role("link", name="Change password").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
        assert_accessible(page)
        shoot(page, "password")
        page.get_by_label("Current password").fill("not my password")
        page.get_by_label("New password", exact=True).fill(new)
        page.get_by_label("New password again").fill(new)
        page.get_by_role("button", name="Change my password").click()
        expect(page.locator("#err-current_password")).to_have_text("is not your current password")
        assert_accessible(page)
        page.get_by_label("Current password").fill(PASSWORD)
        page.get_by_label("New password", exact=True).fill(new)
        page.get_by_label("New password again").fill(new)
        page.get_by_role("button", name="Change my password").click()
        expect(page.get_by_role("status")).to_contain_text("Your password has been changed")
        assert_accessible(page)
        page.get_by_role("button", name="Sign out dan").click()
        # Let the sign-out land (its response replaces the cookies) before signing in again.
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
        sign_in(page, clinic_server, "dan", new)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Today, ")
    finally:
        page.close()


def test_the_journal_pages_fit_a_phone(browser_context: BrowserContext, fresh_server: str) -> None:
    page = browser_context.new_page()
    try:
        page.goto(fresh_server + "/triage")
        answer_everything(page)
        page.get_by_role("button", name="See my assessment").click()
        page.set_viewport_size({"width": 360, "height": 740})
        for path in ("today", "checkin", "tests", "progress", "timeline", "training"):
            page.goto(f"{fresh_server}/people/me/{path}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways on a phone by {overflow}px"
        page.goto(fresh_server + "/clinic")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"/clinic scrolls sideways on a phone by {overflow}px"
        shoot(page, "clinic-phone")
    finally:
        page.close()
