"""Issue 13 in real headless Chromium at a phone's width (390 px): exercise cards with
their drawings, the training chart with the rehab sessions, and the calendar link page,
each free of axe-core WCAG 2.1 AA violations and console errors (the CSP included)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import orjson
import pytest
from playwright.sync_api import Page, expect

from heelraise.app.onboarding import init_from_case
from heelraise.app.today import check_in
from tests.factories import case_document
from tests.web.browser import serving
from tests.web.test_browser import assert_accessible, browser_context, page, shoot

__all__ = ["browser_context", "page"]  # fixtures, imported for the tests in this module

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def athlete_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A local server whose one person started a week ago and did their exercises."""
    home = tmp_path_factory.mktemp("visuals-home")
    url = f"sqlite:///{home / 'journal.sqlite3'}"
    started = dt.date.today() - dt.timedelta(days=6)
    init_from_case(url, "me", orjson.dumps(case_document(as_of=started.isoformat())))
    for offset in range(6):
        day = (started + dt.timedelta(days=offset)).isoformat()
        check_in(url, "me", {"date": day, "morning_stiffness_0_10": 2, "pain_walking_0_10": 1})
    with serving(home, "--db", url) as server:
        yield server


def phone(page: Page) -> Page:
    page.set_viewport_size(PHONE)
    return page


def test_exercise_cards_show_their_drawings(page: Page, athlete_server: str) -> None:
    phone(page).goto(athlete_server + "/today")
    cards = page.locator("[data-exercise-id]")
    expect(cards.first).to_be_visible()
    for index in range(cards.count()):
        picture = cards.nth(index).locator("img")
        assert picture.get_attribute("alt")
        picture.scroll_into_view_if_needed()  # the pictures load lazily
        expect(picture).to_have_js_property("complete", True)
        assert picture.evaluate("img => img.naturalWidth") > 0
        box = picture.bounding_box()
        assert box is not None and box["width"] <= PHONE["width"]
    card = cards.first
    card.locator("summary").click()
    expect(card.locator("p.how")).to_be_visible()
    assert_accessible(page)
    shoot(page, "today-phone")


def test_the_training_chart_reads_on_a_phone(page: Page, athlete_server: str) -> None:
    phone(page).goto(athlete_server + "/training")
    chart = page.locator("figure.chart-figure svg")
    expect(chart).to_be_visible()
    assert chart.locator("rect.count-rehab").count() >= 1
    sizes = chart.evaluate(
        "svg => [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect().height)"
    )
    assert sizes and min(sizes) >= 12  # drawn at least 12 CSS px tall
    assert_accessible(page)


def test_make_copy_and_stop_a_calendar_link(page: Page, athlete_server: str) -> None:
    phone(page).goto(athlete_server + "/people/me/calendar")
    assert_accessible(page)
    page.get_by_label("Check-in reminder, every morning").fill("07:30")
    page.get_by_role("button", name="Make my calendar link").click()
    link = page.get_by_role("textbox", name="Calendar link").input_value()
    assert link.startswith(athlete_server + "/calendar/") and link.endswith(".ics")
    page.get_by_role("button", name="Copy").click()
    expect(page.locator("#copy-status")).not_to_be_empty()
    assert_accessible(page)
    shoot(page, "calendar-link")
    feed = page.request.get(link)
    assert feed.status == 200 and b"BEGIN:VALARM" in feed.body()
    assert b"T073000" in feed.body()
    page.goto(athlete_server + "/people/me/calendar")
    page.get_by_role("button", name="Stop the calendar link").click()
    expect(page.get_by_text("You have no calendar link yet.")).to_be_visible()
    assert page.request.get(link).status == 404


def test_the_app_can_be_installed(page: Page, athlete_server: str) -> None:
    page.goto(athlete_server + "/")
    manifest = page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"
    )
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/today"
    for icon in manifest["icons"]:
        assert page.request.get(athlete_server + icon["src"]).status == 200
