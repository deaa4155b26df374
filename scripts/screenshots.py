"""Screenshots of every patient page at a phone width (390 × 844) and a laptop width
(1280 × 800), and each page's height, into `screenshots/`.

    .venv/bin/python scripts/screenshots.py            # every page, both widths
    .venv/bin/python scripts/screenshots.py --heights  # only print the heights

The journal is made as a person would make it: `heelraise init --from-case` on a
stage-2 vignette (moved so that its last day is yesterday), its check-ins entered
one a day, then `heelraise serve`; Chromium is Debian's (`HEELRAISE_CHROMIUM`,
default /usr/bin/chromium), driven by Playwright. The urgent page comes from the
questionnaire on a server of its own; the sign-in, password and clinician pages
from a third one with accounts on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CASES = REPO.parent / "shared" / "cases"
VIGNETTE = "rtr-not-ready-weak-calf"
WIDTHS = {"phone": (390, 844), "laptop": (1280, 800)}
PASSWORD = "correct horse battery"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def shifted_case(vignette: str, as_of: dt.date) -> dict[str, Any]:
    """The vignette moved in time so that its `as_of` is `as_of` (every ISO day alike)."""
    document = json.loads((CASES / f"{vignette}.json").read_text(encoding="utf-8"))
    document.pop("expect", None)
    delta = as_of - dt.date.fromisoformat(document["as_of"])

    def move(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: move(item) for key, item in value.items()}
        if isinstance(value, list):
            return [move(item) for item in value]
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                return (dt.date.fromisoformat(value) + delta).isoformat()
            except ValueError:
                return value
        return value

    moved: dict[str, Any] = move(document)
    return moved


def heelraise(home: Path, *args: str, stdin: str | None = None) -> str:
    """Run the `heelraise` command line with `home` as its data folder."""
    env = {**os.environ, "HEELRAISE_HOME": str(home)}
    env.pop("HEELRAISE_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "heelraise", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"heelraise {' '.join(args)}: {done.stderr or done.stdout}")
    return done.stdout


def make_journal(home: Path, person: str = "me", vignette: str = VIGNETTE) -> str:
    """`heelraise init --from-case` on the vignette as of yesterday, then its check-ins;
    the database URL."""
    from heelraise.app.today import check_in  # the same use case `heelraise checkin` calls

    home.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{home / 'journal.sqlite3'}"
    yesterday = dt.date.today() - dt.timedelta(days=1)
    case = shifted_case(vignette, yesterday)
    path = home / f"{vignette}.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    heelraise(home, "init", "--from-case", str(path), "--db", url, "--person", person)
    for item in case.get("checkins", []):
        check_in(url, person, item, replace=True)
    return url


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(home: Path, *options: str) -> Iterator[str]:
    """`heelraise serve` on a free port with `home` as its data folder."""
    port = _free_port()
    env = {**os.environ, "HEELRAISE_HOME": str(home)}
    env.pop("HEELRAISE_DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "heelraise", "serve", "--port", str(port), *options],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "/api/health", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("heelraise serve did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def answer_questionnaire(page: Any, **changes: str) -> None:
    """Answer every triage question as a typical midportion first visit (`changes` apart)."""
    started = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    answers = {
        "symptoms.pop": "no",
        "symptoms.sudden_sharp_pain": "no",
        "symptoms.push_off_difficulty": "no",
        "symptoms.marked_swelling": "no",
        "symptoms.contour_change": "no",
        "symptoms.single_leg_heel_raise": "able",
        "history.calf_hot_swollen": "no",
        "symptoms.side": "left",
        "symptoms.site": "midportion",
        "symptoms.onset": "gradual",
        "symptoms.morning_stiffness": "yes",
        "symptoms.eases_when_warm": "yes",
        "symptoms.worse_after_fast_or_next_day": "yes",
        "symptoms.limits_walking_or_stairs": "no",
        "symptoms.worsening_weeks": "no",
        **{
            f"history.{key}": "no"
            for key in (
                "fluoroquinolone",
                "steroid_injection",
                "inflammatory_disease",
                "fever_or_unwell",
                "night_or_rest_pain",
                "numbness_tingling",
                "previous_rupture",
            )
        },
        **changes,
    }
    for name, value in answers.items():
        page.check(f"input[name='{name}'][value='{value}']")
    page.fill("input[name='symptoms.started']", started)
    page.fill("input[name='symptoms.pain_0_10']", "3")
    page.press("input[name='symptoms.pain_0_10']", "Tab")  # its change, checked live first
    page.wait_for_load_state("networkidle")


def submit_questionnaire(page: Any) -> None:
    """Send the questionnaire and wait for its answer (the same URL, another page)."""
    page.click("form.triage button[type='submit']")
    page.locator("form.triage").wait_for(state="detached")
    page.wait_for_load_state("load")


def height(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollHeight"))


class Camera:
    """Takes each page at each width; remembers the heights."""

    def __init__(self, browser: Any, out: Path | None) -> None:
        self.browser = browser
        self.out = out
        self.heights: dict[tuple[str, str], int] = {}

    def page(self, width: str) -> Any:
        w, h = WIDTHS[width]
        return self.browser.new_page(viewport={"width": w, "height": h})

    def shoot(self, page: Any, name: str, width: str) -> None:
        page.wait_for_load_state("networkidle")
        self.heights[(name, width)] = height(page)
        if self.out is not None:
            self.out.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(self.out / f"{name}-{width}.png"), full_page=True)

    def visit(self, base: str, pages: list[tuple[str, str]], width: str) -> None:
        page = self.page(width)
        try:
            for name, path in pages:
                page.goto(base + path)
                self.shoot(page, name, width)
        finally:
            page.close()


def journal_pages(camera: Camera, root: Path) -> None:
    """Today and the pages around it, on the stage-2 journal (no accounts); a journal
    for each width, since each checks in."""
    for width in WIDTHS:
        home = root / f"journal-{width}"
        url = make_journal(home)
        with serving(home, "--db", url) as base:
            camera.visit(
                base,
                [
                    ("home", "/"),
                    ("today", "/people/me/today"),
                    ("checkin", "/people/me/checkin"),
                    ("tests", "/people/me/tests"),
                    ("progress", "/people/me/progress"),
                    ("timeline", "/people/me/timeline"),
                    ("training", "/training"),
                    ("heel-rise", "/tests/heel-rise"),
                    ("referrals", "/referrals"),
                ],
                width,
            )
            page = camera.page(width)
            try:  # an upload: runs, and a file that is no activity
                page.goto(base + "/training")
                runs = "date,sport,distance_km,duration_min\n" + "".join(
                    f"{dt.date.today() - dt.timedelta(days=d)},run,{5 + d % 4},{30 + d}\n"
                    for d in range(3, 60, 3)
                )
                page.set_input_files(
                    "#files",
                    files=[
                        {"name": "runs.csv", "mimeType": "text/csv", "buffer": runs.encode()},
                        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"},
                    ],
                )
                page.click("form.upload button[type='submit']")
                page.wait_for_selector(".import-report")
                camera.shoot(page, "training-upload", width)
            finally:
                page.close()
            page = camera.page(width)
            try:  # the answer to today's check-in, in place (htmx)
                page.goto(base + "/people/me/checkin")
                for label, value in (
                    ("morning_stiffness_0_10", "1"),
                    ("pain_walking_0_10", "0"),
                    ("pain_during_0_10", "2"),
                    ("pain_after_0_10", "2"),
                ):
                    page.fill(f"#{label}", value)
                page.check("input[name='settled_by_next_morning'][value='yes']")
                page.click("button[type='submit'].primary")
                page.wait_for_selector("#checkin [role='status']")
                camera.shoot(page, "checkin-saved", width)
                page.goto(base + "/people/me/today")
                camera.shoot(page, "today-checked-in", width)
            finally:
                page.close()


def questionnaire_pages(camera: Camera, root: Path) -> None:
    """The questionnaire, its result, and the urgent page (each on a fresh journal)."""
    for width in WIDTHS:
        home = root / f"fresh-{width}"
        with serving(home) as base:
            page = camera.page(width)
            try:
                page.goto(base + "/triage")
                camera.shoot(page, "questionnaire", width)
                answer_questionnaire(page)
                submit_questionnaire(page)
                camera.shoot(page, "result", width)
                page.goto(base + "/triage")
                answer_questionnaire(page, **{"symptoms.pop": "yes"})
                page.wait_for_selector("#urgent-now .urgent-banner")
                camera.shoot(page, "questionnaire-urgent", width)
                submit_questionnaire(page)
                camera.shoot(page, "urgent", width)
                page.goto(base + "/people/me/today")
                camera.shoot(page, "today-urgent", width)
            finally:
                page.close()


def account_pages(camera: Camera, root: Path) -> None:
    """Sign-in, password and the clinician's list, with accounts on."""
    home = root / "clinic"
    url = make_journal(home, "kim")
    heelraise(home, "users", "add", "dr-lee", "--role", "clinician", "--db", url,
              "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    heelraise(home, "users", "add", "kim", "--role", "patient", "--clinician", "dr-lee",
              "--db", url, "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    with serving(home, "--db", url, "--accounts") as base:
        for width in WIDTHS:
            for login, pages in (
                ("kim", [("today-signed-in", "/today"), ("password", "/account/password")]),
                ("dr-lee", [("clinic", "/clinic")]),
            ):
                page = camera.page(width)
                try:
                    page.goto(base + "/login")
                    if login == "kim":
                        camera.shoot(page, "sign-in", width)
                    page.fill("#name", login)
                    page.fill("#password", PASSWORD)
                    with page.expect_navigation():
                        page.click("button[type='submit'].primary")
                    for name, path in pages:
                        page.goto(base + path)
                        camera.shoot(page, name, width)
                finally:
                    page.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "screenshots")
    parser.add_argument("--heights", action="store_true", help="only print the page heights")
    parser.add_argument("--only", choices=["journal", "questionnaire", "accounts"], nargs="*")
    options = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("HEELRAISE_CHROMIUM", "/usr/bin/chromium")
    with tempfile.TemporaryDirectory(prefix="heelraise-shots-") as folder, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        camera = Camera(browser, None if options.heights else options.out)
        root = Path(folder)
        steps = {
            "journal": journal_pages,
            "questionnaire": questionnaire_pages,
            "accounts": account_pages,
        }
        for name, step in steps.items():
            if not options.only or name in options.only:
                step(camera, root)
        browser.close()
    print(f"{'page':28} {'390 px':>8} {'1280 px':>8}  (height in CSS px)")
    for name in dict.fromkeys(name for name, _ in camera.heights):
        phone = camera.heights.get((name, "phone"))
        laptop = camera.heights.get((name, "laptop"))
        print(f"{name:28} {phone or '':>8} {laptop or '':>8}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
