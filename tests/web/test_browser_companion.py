"""The morning companion in real headless Chromium, on a phone (390 × 844) and a laptop
(1280 × 800): a journal made with `heelraise init --from-case` from a stage-2 vignette,
served with accounts on and read by its patient.

- Today: the check-in action and the first exercise of today's session inside the first
  screen; the whole page at most three screens tall; every exercise with a picture that
  has an accessible name.
- No visible text on any patient page (closed disclosures shut, as `innerText` reads
  it) is a rule id, field path or snake_case identifier.
- The urgent page at most two screens tall, with `tel:` links; the questionnaire's
  warning announced (aria-live assertive) below the answer just given, which does not
  move, and in view.
- What each action did, said on the page, with and without JavaScript.
- axe finds no WCAG 2.1 A/AA violation on any of these pages.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from heelraise.app.accounts import add_user
from heelraise.app.journal import today
from heelraise.app.today import check_in
from tests.conftest import CASES, load_vignette
from tests.factories import shifted_to
from tests.plain_words import identifier_problems, repr_problems
from tests.web.browser import serving
from tests.web.test_browser import answer_everything, assert_accessible, browser_context, shoot

__all__ = ["browser_context"]  # the fixture, imported for the tests in this module

VIGNETTE = "rtr-not-ready-weak-calf"
PASSWORD = "correct horse battery"
SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


@pytest.fixture(scope="module")
def companion(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A clinic server whose patient kim has a stage-2 journal made as a person makes one:
    `heelraise init --from-case` on the vignette (as of yesterday), then a check-in a day."""
    home = tmp_path_factory.mktemp("companion")
    url = f"sqlite:///{home / 'journal.sqlite3'}"
    document, _ = load_vignette(CASES / f"{VIGNETTE}.json")
    document = shifted_to(document, today() - dt.timedelta(days=1))
    case = home / "case.json"
    case.write_text(json.dumps(document), encoding="utf-8")
    env = {**os.environ, "HEELRAISE_HOME": str(home)}
    env.pop("HEELRAISE_DATABASE_URL", None)
    init = ["init", "--from-case", str(case), "--db", url, "--person", "kim"]
    subprocess.run(
        [sys.executable, "-m", "heelraise", *init],
        env=env,
        check=True,
        capture_output=True,
    )
    for item in document["checkins"]:
        check_in(url, "kim", item, replace=True)
    add_user(url, "dr-lee", "clinician", PASSWORD)
    add_user(url, "kim", "patient", PASSWORD, clinician="dr-lee")
    with serving(home, "--db", url, "--accounts") as server:
        yield server


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[str]:
    """A server of its own (no accounts), with an empty journal."""
    with serving(tmp_path / "home") as url:
        yield url


def _page(context: BrowserContext, size: str, *, javascript: bool = True) -> Page:
    page = context.new_page()
    page.set_viewport_size(SIZES[size])
    if not javascript:
        page.route("**/*.js", lambda route: route.abort())
    return page


def _sign_in(page: Page, server: str, name: str = "kim") -> None:
    page.context.clear_cookies()
    page.goto(server + "/login")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Sign in")


def _height(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollHeight"))


def _visible_problems(page: Page) -> list[str]:
    text = page.inner_text("body")
    return repr_problems(text) + identifier_problems(text)


@pytest.mark.parametrize("size", SIZES)
def test_today_answers_first_and_fits_three_screens(
    browser_context: BrowserContext, companion: str, size: str
) -> None:
    page = _page(browser_context, size)
    try:
        _sign_in(page, companion)
        page.goto(companion + "/people/kim/today")
        screen = SIZES[size]["height"]
        check = page.get_by_role("link", name="Check in now (30 seconds)")
        first = page.locator(".todays-session [data-exercise-id]").first
        for element, what in ((check, "the check-in action"), (first, "the first exercise")):
            box = element.bounding_box()
            assert box is not None, what
            assert box["y"] >= 0 and box["y"] + box["height"] <= screen, (what, box)
        expect(page.locator("#decision-h")).to_be_in_viewport()
        height = _height(page)
        assert height <= 3 * screen, f"Today is {height} px tall at {size} ({screen} a screen)"
        # The week is a table, not seven cards (days in a row with the same session share a
        # line); the reasons and the rest are disclosures.
        days = page.locator("table.week-strip tbody tr").evaluate_all(
            "rows => rows.map(row => Number(row.dataset.days))"
        )
        assert sum(days) == 6 and len(days) <= 6
        for summary in ("Why this answer?", "More: return to running, what helps, sources"):
            expect(page.locator("details.more-block > summary", has_text=summary)).to_be_visible()
            expect(page.locator("details.more-block[open]")).to_have_count(0)
        assert _visible_problems(page) == []
        assert_accessible(page)
        shoot(page, f"companion-today-{size}")
    finally:
        page.close()


def test_every_exercise_has_a_picture_with_an_accessible_name(
    browser_context: BrowserContext, companion: str
) -> None:
    page = _page(browser_context, "phone")
    try:
        _sign_in(page, companion)
        page.goto(companion + "/people/kim/today")
        cards = page.locator("[data-exercise-id]")
        assert cards.count() >= 1
        for index in range(cards.count()):
            card = cards.nth(index)
            picture = card.locator("svg[role='img'], img").first
            expect(picture).to_be_visible()
            expect(picture).to_have_accessible_name(re.compile(r"\w{3}"))
    finally:
        page.close()


PATIENT_PAGES = (
    "/",
    "/triage",
    "/today",
    "/people/kim/checkin",
    "/people/kim/tests",
    "/people/kim/progress",
    "/people/kim/training",
    "/people/kim/timeline",
    "/training",
    "/tests/heel-rise",
    "/referrals",
    "/account/password",
)


@pytest.mark.parametrize("size", SIZES)
def test_no_patient_page_shows_a_rule_id_or_identifier(
    browser_context: BrowserContext, companion: str, size: str
) -> None:
    page = _page(browser_context, size)
    try:
        page.context.clear_cookies()
        page.goto(companion + "/login")
        found = {"/login": _visible_problems(page)}
        _sign_in(page, companion)
        for path in PATIENT_PAGES:
            page.goto(companion + path)
            found[path] = _visible_problems(page)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {size}"
            if size == "phone":
                assert_accessible(page)
        # An upload of something that is not an activity file, said in words.
        page.goto(companion + "/training")
        page.get_by_label("Activity files or export").set_input_files(
            files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"}]
        )
        page.get_by_role("button", name="Upload and import").click()
        report = page.locator(".import-report")
        expect(report).to_contain_text(
            "That file is not an activity file heelraise can read: .txt. Try a .fit, .gpx, "
            ".tcx or .csv file, or a Garmin or Strava export .zip."
        )
        expect(page.locator("#upload-status")).to_contain_text("That file is not")
        found["upload of notes.txt"] = _visible_problems(page)
        assert {path: problems for path, problems in found.items() if problems} == {}
    finally:
        page.close()


SIGNS = {
    "a-pop": {"pop": True},
    "four-signs": {
        "pop": True,
        "sudden_sharp_pain": True,
        "marked_swelling": True,
        "single_leg_heel_raise": "unable",
        "onset": "sudden",
    },
}


@pytest.mark.parametrize("signs", SIGNS)
@pytest.mark.parametrize("size", SIZES)
def test_the_urgent_page_fits_two_screens_with_numbers_to_call(
    browser_context: BrowserContext, fresh_server: str, size: str, signs: str
) -> None:
    page = _page(browser_context, size)
    try:
        page.goto(fresh_server + "/triage")
        answer_everything(page, **SIGNS[signs])
        page.get_by_role("button", name="See my assessment").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Urgent: go to A&E or an urgent orthopaedic service today."
        )
        screen = SIZES[size]["height"]
        height = _height(page)
        assert height <= 2 * screen, f"the urgent page is {height} px tall at {size}"
        call = page.locator("a[href='tel:999']").first
        expect(call).to_have_text("Call 999")
        expect(page.locator("main a[href='tel:111']")).to_have_text("Call 111")
        box = call.bounding_box()
        assert box is not None and box["y"] + box["height"] <= screen  # first screen
        assert _visible_problems(page) == []
        assert_accessible(page)
        # Today follows the urgent answers at once: where to go, no exercises.
        page.goto(fresh_server + "/people/me/today")
        expect(page.locator(".urgent-page")).to_be_visible()
        expect(page.locator("[data-exercise-id]")).to_have_count(0)
        shoot(page, f"companion-urgent-{signs}-{size}")
    finally:
        page.close()


def test_the_live_warning_appears_below_the_answer_without_moving_it(
    browser_context: BrowserContext, fresh_server: str
) -> None:
    page = _page(browser_context, "phone")
    try:
        page.goto(fresh_server + "/triage")
        region = page.locator("#urgent-now")
        expect(region).to_have_attribute("aria-live", "assertive")
        for name in ("symptoms.side", "symptoms.onset"):  # some answers first, further down
            page.locator(f"input[name='{name}']").first.check()
        radio = page.locator("input[name='symptoms.pop'][value='yes']")
        radio.scroll_into_view_if_needed()
        before = page.evaluate(
            "el => el.getBoundingClientRect().top + window.scrollY", radio.element_handle()
        )
        radio.check()
        banner = region.locator(".urgent-banner")
        expect(banner).to_be_visible()
        after = page.evaluate(
            "el => el.getBoundingClientRect().top + window.scrollY", radio.element_handle()
        )
        assert after == before, "the answer just given moved on the page"
        expect(banner).to_be_in_viewport()
        expect(radio).to_be_in_viewport()
        # The warning sits right after the question answered, not at the top of the form.
        follows = page.evaluate(
            "el => el.previousElementSibling && el.previousElementSibling.contains("
            "document.querySelector(\"input[name='symptoms.pop']\"))",
            region.element_handle(),
        )
        assert follows
        expect(banner.locator("a[href='tel:999']")).to_be_visible()
        assert_accessible(page)
        shoot(page, "companion-questionnaire-warning")
    finally:
        page.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_each_action_says_what_it_did(
    browser_context: BrowserContext, fresh_server: str, javascript: bool
) -> None:
    page = _page(browser_context, "phone", javascript=javascript)
    try:
        page.goto(fresh_server + "/triage")
        answer_everything(page)
        page.get_by_role("button", name="See my assessment").click()
        expect(page.get_by_role("status")).to_contain_text("Your journal is started")
        page.goto(fresh_server + "/people/me/checkin")
        page.get_by_label("Morning stiffness on first getting up (0–10)").fill("2")
        page.get_by_label("Pain walking today (0–10)").fill("1")
        page.get_by_role("button", name="Save my check-in").click()
        day = f"{today():%A} {today().day} {today():%B}"
        expect(page.get_by_role("status").first).to_contain_text(
            f"Your check-in for {day} is saved."
        )
        if javascript:
            expect(page.locator("#checkin .checkin-answer")).to_be_visible()  # answered in place
        else:
            expect(page.get_by_role("heading", level=1)).to_contain_text("Today, ")
        page.goto(fresh_server + "/people/me/tests")
        page.get_by_label("Pain while hopping (0–10)").fill("2")
        page.get_by_role("button", name="Save hop result").click()
        expect(page.get_by_role("status")).to_have_text(
            "Your hop test is saved: pain 2 out of 10 while hopping."
        )
        assert _visible_problems(page) == []
    finally:
        page.close()
