"""The main flows in real headless Chromium against `heelraise serve` (embedded SQLite).

Screenshots of the main pages go to `screenshots/test-runs/` (ignored by git;
scripts/screenshots.py makes the committed ones). Each page is also checked for
console errors, which is where a Content-Security-Policy violation would show.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect, sync_playwright

from tests.archive_builders import garmin_export
from tests.conftest import CASES, load_vignette
from tests.factories import BASE_SYMPTOMS
from tests.web.browser import CHROMIUM_ARGS, SCREENSHOTS, chromium_path, live_server
from tests.web.forms import form_value

__all__ = ["live_server"]  # the fixture, imported for the tests in this module

FIT = Path("python-fitparse") / "tests__files__activity-small-fenix2-run.fit"
HISTORY = (
    "fluoroquinolone",
    "steroid_injection",
    "inflammatory_disease",
    "calf_hot_swollen",
    "fever_or_unwell",
    "night_or_rest_pain",
    "numbness_tingling",
    "previous_rupture",
)


@pytest.fixture(scope="module")
def browser_context() -> Iterator[BrowserContext]:
    executable = chromium_path()
    with (
        tempfile.TemporaryDirectory(prefix="heelraise-chromium-") as profile,
        sync_playwright() as playwright,
    ):
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=executable,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1000, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser_context: BrowserContext) -> Iterator[Page]:
    page = browser_context.new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert not errors, f"console errors: {errors}"


AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_accessible(page: Page) -> None:
    """No WCAG 2.1 A or AA violation that axe-core can find on the page as it is now."""
    page.evaluate(AXE)  # evaluated through DevTools, so the page's CSP does not apply
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map(v => v.id + ": " + v.nodes.map(n => n.target).join(", "));
        }""",
        WCAG_AA,
    )
    assert violations == [], f"{page.url}: {violations}"


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def answer_everything(page: Page, **changes: object) -> None:
    values: dict[str, object] = {**BASE_SYMPTOMS, **changes}
    values["started"] = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    for key, value in values.items():
        name = f"symptoms.{key}"
        if key == "started":
            page.fill(f"input[name='{name}']", str(value))
        elif key == "pain_0_10":
            page.get_by_label("Worst pain in everyday activity over the last week").fill(str(value))
        else:
            page.check(f"input[name='{name}'][value='{form_value(value)}']")
    for key in HISTORY:
        page.check(f"input[name='history.{key}'][value='no']")


def test_questionnaire_to_plan(page: Page, live_server: str) -> None:
    page.goto(live_server + "/triage")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your Achilles pain")
    answer_everything(page)
    page.get_by_label("Age").fill("40")
    page.get_by_label("Running").check()
    assert_accessible(page)
    shoot(page, "triage")
    page.get_by_role("button", name="See my assessment").click()
    expect(page.locator("p.headline")).to_have_text(
        "Self-management with progressive loading is a reasonable start."
    )
    expect(page.get_by_role("heading", name="Your first session")).to_be_visible()
    exercise = page.locator("[data-exercise-id]").first
    exercise.get_by_text("How to do it").click()
    expect(exercise.locator("p.how")).to_be_visible()
    assert_accessible(page)
    shoot(page, "assessment")


def test_an_urgent_answer_shows_at_once_and_blocks_the_plan(page: Page, live_server: str) -> None:
    page.goto(live_server + "/triage")
    page.check("input[name='symptoms.pop'][value='yes']")
    banner = page.locator("#urgent-now .urgent-banner")
    expect(banner).to_be_visible()  # htmx: no submit needed
    expect(banner).to_contain_text("Urgent: go to A&E")
    page.get_by_role("button", name="See my assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Urgent: go to A&E or an urgent orthopaedic service today."
    )
    expect(page.locator("ul.referrals li").first).to_contain_text("A&E")
    assert page.locator("section.plan, [data-exercise-id]").count() == 0
    assert page.locator("a[href='tel:999']").count() >= 1
    assert_accessible(page)
    shoot(page, "urgent")


def test_the_form_works_without_javascript(
    browser_context: BrowserContext, live_server: str
) -> None:
    # No JavaScript at all (scripts are blocked), and the form sent from the keyboard.
    page = browser_context.new_page()
    page.route("**/*.js", lambda route: route.abort())
    try:
        page.goto(live_server + "/triage")
        answer_everything(page)
        page.get_by_role("button", name="See my assessment").press("Enter")
        expect(page.get_by_role("heading", name="Your first session")).to_be_visible()
    finally:
        page.close()


def test_upload_a_fit_file_and_see_it_in_the_training_view(
    page: Page, live_server: str, corpus: Path
) -> None:
    page.goto(live_server + "/training")
    page.get_by_label("Activity files or export").set_input_files(str(corpus / FIT))
    page.get_by_role("button", name="Upload and import").click()
    expect(page.locator(".import-report")).to_contain_text("Imported 1 activity")
    expect(page.locator("svg.chart")).to_be_visible()
    assert page.locator("svg.chart rect.bar").count() >= 1
    page.goto(live_server + "/training")  # stored: still there after a reload
    expect(page.locator("svg.chart")).to_be_visible()
    assert_accessible(page)
    shoot(page, "training")


def test_a_garmin_export_uploads_with_progress(
    page: Page, live_server: str, corpus: Path, tmp_path: Path
) -> None:
    export = garmin_export(corpus, tmp_path / "garmin-export.zip")
    page.goto(live_server + "/training")
    page.evaluate(
        """() => {
            window.uploadProgress = [];
            document.addEventListener("htmx:xhr:progress", (event) => {
                const bar = document.getElementById("upload-progress");
                window.uploadProgress.push([event.detail.loaded, bar.hidden, bar.value]);
            });
        }"""
    )
    page.get_by_label("Activity files or export").set_input_files(str(export))
    page.get_by_role("button", name="Upload and import").click()
    expect(page.locator(".import-report")).to_contain_text("Imported 2 activities")
    progress = page.evaluate("window.uploadProgress")
    assert progress, "no upload progress events"
    # htmx reports the upload (and then the response's download): the bar showed the upload.
    sent = [event for event in progress if event[0] >= export.stat().st_size]
    assert sent, progress
    assert sent[0][1:] == [False, 100]  # shown, at 100%, once every byte was sent
    expect(page.locator("#upload-progress")).to_be_hidden()  # and hidden once done


@pytest.mark.parametrize(
    ("vignette", "shot"),
    [("weekly-volume-spike", "case-load-spikes"), ("plateau-after-14-weeks", "case-progress")],
)
def test_a_case_file_gives_its_assessment_with_charts(
    page: Page, live_server: str, vignette: str, shot: str, tmp_path: Path
) -> None:
    document, _expect = load_vignette(CASES / f"{vignette}.json")
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(document), encoding="utf-8")
    page.goto(live_server + "/case")
    page.get_by_label("Case file (.json)").set_input_files(str(case_file))
    page.get_by_role("button", name="Assess").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your assessment")
    expect(page.locator("svg.chart").first).to_be_visible()
    assert_accessible(page)
    shoot(page, shot)


def test_heel_rise_metronome_and_symmetry(page: Page, live_server: str) -> None:
    page.goto(live_server + "/tests/heel-rise")
    page.get_by_label("Sound").uncheck()
    toggle = page.get_by_role("button", name="Start the metronome")
    toggle.click()
    expect(page.locator("#beat")).to_have_text("Up")
    expect(page.locator("#beat")).to_have_text("Down", timeout=2500)
    expect(page.locator("#rise-count")).to_have_text("2", timeout=3500)
    page.get_by_role("button", name="Stop the metronome").click()
    page.get_by_label("Rises on the painful side").fill("18")
    page.get_by_label("Rises on the other side").fill("25")
    expect(page.locator("#heel-rise-result .symmetry")).to_contain_text("72.0% of the other side")
    assert_accessible(page)
    shoot(page, "heel-rise")


def test_pages_fit_a_phone(browser_context: BrowserContext, live_server: str) -> None:
    page = browser_context.new_page()
    try:
        page.set_viewport_size({"width": 360, "height": 740})
        for path, name in (
            ("/", "home-phone"),
            ("/triage", "triage-phone"),
            ("/referrals", "referrals"),
        ):
            page.goto(live_server + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways on a phone by {overflow}px"
            assert_accessible(page)
            shoot(page, name)
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        assert focused == "Skip to content"
    finally:
        page.close()
