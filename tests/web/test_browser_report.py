"""The report in real headless Chromium: the athlete downloads it from their progress page
and their clinician from the patient's page (the timeline the patient list links to). The
first page of the PDF is kept as a PNG in `screenshots/` when poppler's pdftoppm is there."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from playwright.sync_api import Page, expect

from heelraise.app.accounts import add_user
from heelraise.app.onboarding import init_from_case
from heelraise.app.today import check_in
from tests.conftest import CASES, load_vignette
from tests.web.browser import SCREENSHOTS, serving
from tests.web.test_browser import assert_accessible, browser_context, page
from tests.web.test_browser_journal import PASSWORD, sign_in

__all__ = ["browser_context", "page"]  # fixtures, imported for the tests in this module


@pytest.fixture(scope="module")
def report_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A clinic server: pat (the plateau vignette, every check-in recorded) is dr-p's."""
    home = tmp_path_factory.mktemp("report-home")
    url = f"sqlite:///{home / 'clinic.sqlite3'}"
    case, _expect = load_vignette(CASES / "plateau-after-14-weeks.json")
    checkins = case.pop("checkins")
    init_from_case(url, "pat", orjson.dumps(case))
    for item in checkins:
        check_in(url, "pat", item)
    add_user(url, "dr-p", "clinician", PASSWORD)
    add_user(url, "pat", "patient", PASSWORD, clinician="dr-p")
    with serving(home, "--db", url, "--accounts") as server:
        yield server


def _download(page: Page, link_name: str, target: Path) -> bytes:
    with page.expect_download() as waiting:
        page.get_by_role("link", name=link_name).click()
    waiting.value.save_as(target)
    return target.read_bytes()


def _keep_first_page(pdf: Path, name: str) -> None:
    if shutil.which("pdftoppm") is None:
        return
    SCREENSHOTS.mkdir(exist_ok=True)
    for number in (1, 2):
        out = SCREENSHOTS / f"{name}-page-{number}"
        command = ["pdftoppm", "-png", "-r", "110", "-f", str(number), "-l", str(number)]
        subprocess.run([*command, "-singlefile", str(pdf), str(out)], check=True)


def test_the_athlete_downloads_the_report_from_their_progress_page(
    page: Page, report_server: str, tmp_path: Path
) -> None:
    sign_in(page, report_server, "pat")
    page.goto(report_server + "/people/pat/progress")
    assert_accessible(page)
    target = tmp_path / "from-progress.pdf"
    pdf = _download(page, "Download the report for your physio (PDF)", target)
    assert pdf.startswith(b"%PDF")
    _keep_first_page(target, "report")


def test_the_clinician_downloads_it_from_the_patients_page(
    page: Page, report_server: str, tmp_path: Path
) -> None:
    sign_in(page, report_server, "dr-p")
    expect(page.get_by_role("heading", level=1)).to_have_text("Patients")
    page.get_by_role("link", name="pat", exact=True).click()
    expect(page.locator("svg.chart.timeline")).to_be_visible()
    assert_accessible(page)
    pdf = _download(page, "Download the report (PDF)", tmp_path / "from-timeline.pdf")
    assert pdf.startswith(b"%PDF")
    with page.expect_download() as waiting:
        page.get_by_role(
            "link", name="The same data for a clinic's computer system (FHIR R4, JSON)"
        ).click()
    bundle = orjson.loads(Path(waiting.value.path()).read_bytes())
    assert bundle["resourceType"] == "Bundle"
