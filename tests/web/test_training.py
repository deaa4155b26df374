"""The training view: upload a real FIT file, see it in the weekly load table and chart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson
from fastapi.testclient import TestClient

from heelraise.app.onboarding import init_from_case
from heelraise.app.today import check_in
from heelraise.web.settings import WebSettings
from tests.archive_builders import garmin_export, strava_export
from tests.factories import case_document
from tests.web.conftest import csrf_token, parse, texts

LAST_WEEK = dt.date.today() - dt.timedelta(days=7)
REHAB_MONDAY = LAST_WEEK - dt.timedelta(days=LAST_WEEK.weekday())  # last week's Monday
FIT = Path("python-fitparse") / "tests__files__activity-small-fenix2-run.fit"


def test_empty_training_view_invites_an_upload(client: TestClient) -> None:
    page = parse(client.get("/training").text)
    assert page.xpath("//input[@type='file'][@name='files']")
    assert page.xpath("//label[@for='files']")
    assert texts(page, "//section[@id='training']/p") == ["No activities yet. Upload some above."]


def test_uploading_a_fit_file_shows_it_in_the_training_view(
    client: TestClient, corpus: Path
) -> None:
    token = csrf_token(client, "/training")
    data = (corpus / FIT).read_bytes()
    response = client.post(
        "/training/upload",
        data={"csrf_token": token},
        files={"files": ("run.fit", data, "application/octet-stream")},
    )
    assert response.status_code == 200
    page = parse(response.text)
    report = texts(page, "//div[@class='import-report']/p")
    assert report[0] == "Imported 1 activity."
    svg = page.xpath("//*[local-name()='svg'][@role='img']")
    assert len(svg) == 1
    assert svg[0].xpath(".//*[local-name()='rect'][contains(@class, 'bar')]")
    rows = page.xpath("//table[@class='data']/tbody/tr")
    assert any(float(row.xpath("./td")[0].text) > 0 for row in rows)
    # Importing the same file again adds nothing; the page after a reload still shows it.
    again = parse(
        client.post(
            "/training/upload",
            data={"csrf_token": token},
            files={"files": ("run.fit", data, "application/octet-stream")},
        ).text
    )
    assert texts(again, "//div[@class='import-report']/p") == [
        "Nothing new: 1 activity was already there."
    ]
    assert parse(client.get("/training").text).xpath("//*[local-name()='svg']")
    stored = client.get("/api/activities").json()
    assert len(stored) == 1 and stored[0]["sport"] == "run"


def test_htmx_upload_returns_the_fragment_only(client: TestClient, corpus: Path) -> None:
    token = csrf_token(client, "/training")
    response = client.post(
        "/training/upload",
        data={"csrf_token": token},
        files={"files": ("run.fit", (corpus / FIT).read_bytes(), "application/octet-stream")},
        headers={"hx-request": "true"},
    )
    fragment = parse(response.text)
    assert fragment.tag == "section" and fragment.get("id") == "training"


def test_an_unreadable_file_is_reported_not_fatal(client: TestClient) -> None:
    token = csrf_token(client, "/training")
    response = client.post(
        "/training/upload",
        data={"csrf_token": token},
        files={"files": ("broken.fit", b"\x0e\x10garbage", "application/octet-stream")},
    )
    assert response.status_code == 200
    problems = texts(parse(response.text), "//div[@class='import-report']//li")
    assert problems == ["broken.fit: the file is damaged, or not a FIT file after all."]


def test_an_onset_in_the_future_is_a_field_problem(client: TestClient) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    response = client.get(f"/training?onset={tomorrow}")
    assert response.status_code == 422
    assert texts(parse(response.text), "//ul[@class='problems']/li")[0].startswith("onset:")


def test_garmin_and_strava_exports_upload_together(
    client: TestClient, corpus: Path, tmp_path: Path
) -> None:
    token = csrf_token(client, "/training")
    garmin = garmin_export(corpus, tmp_path / "garmin.zip").read_bytes()
    strava = strava_export(corpus, tmp_path / "strava.zip").read_bytes()
    response = client.post(
        "/training/upload",
        data={"csrf_token": token},
        files=[
            ("files", ("garmin.zip", garmin, "application/zip")),
            ("files", ("strava.zip", strava, "application/zip")),
        ],
    )
    assert response.status_code == 200
    report = texts(parse(response.text), "//div[@class='import-report']/p")[0]
    # The Strava run is the Garmin FIT's run (a duplicate across exports).
    assert report.startswith("Imported ")
    page = parse(client.get("/training").text)
    assert texts(page, "//section[@id='training']/p")[0].endswith("hold a load spike.")


def test_the_training_view_on_postgresql(postgres_url: str, corpus: Path) -> None:
    """The web app on the CLI's database settings: a real PostgreSQL server."""
    import uuid

    from heelraise.web.app import create_app
    from heelraise.web.settings import WebSettings

    settings = WebSettings(database_url=postgres_url, person=f"web-{uuid.uuid4().hex[:8]}")
    client = TestClient(create_app(settings), base_url="http://127.0.0.1:8000")
    token = csrf_token(client, "/training")
    response = client.post(
        "/training/upload",
        data={"csrf_token": token},
        files={"files": ("run.fit", (corpus / FIT).read_bytes(), "application/octet-stream")},
    )
    assert texts(parse(response.text), "//div[@class='import-report']/p") == [
        "Imported 1 activity."
    ]
    assert len(client.get("/api/activities").json()) == 1


def test_a_wrong_activity_is_deleted_with_its_button(client: TestClient, corpus: Path) -> None:
    token = csrf_token(client, "/training")
    data = (corpus / FIT).read_bytes()
    files = {"files": ("run.fit", data, "application/octet-stream")}
    client.post("/training/upload", data={"csrf_token": token}, files=files)
    page = parse(client.get("/training").text)
    [form] = page.xpath("//table[contains(@class, 'activities')]//form")
    assert form.get("method") == "post"
    assert form.xpath("./input[@name='csrf_token']/@value") == [token]
    response = client.post(form.get("action"), data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/api/activities").json() == []
    again = client.post(form.get("action"), data={"csrf_token": token}, follow_redirects=False)
    assert again.status_code == 404
    refused = client.post(form.get("action"), data={}, follow_redirects=False)
    assert refused.status_code == 403  # no CSRF token


def test_the_training_page_shows_rehab_sessions_beside_runs(
    client: TestClient, settings: WebSettings
) -> None:
    """Rehab done (check-ins with `exercised`) is in the chart and in the tables, which
    list only the weeks holding something."""
    person = client.get("/api/session").json()["person"] or settings.person
    init_from_case(settings.database_url, person, orjson.dumps(case_document(as_of=REHAB_MONDAY)))
    for offset in (0, 1):
        fields = {
            "date": (REHAB_MONDAY + dt.timedelta(days=offset)).isoformat(),
            "morning_stiffness_0_10": 2,
            "pain_walking_0_10": 1,
            "exercised": True,
        }
        check_in(settings.database_url, person, fields)
    page = parse(client.get("/training").text)
    svg = page.xpath("//*[local-name()='svg'][@role='img']")[0]
    rehab = svg.xpath(".//*[local-name()='rect'][@class='count-rehab']")
    assert len(rehab) == 1 and "2 rehab session(s) done" in rehab[0].text_content()
    rows = page.xpath("(//table[@class='data'])[1]/tbody/tr")
    assert len(rows) == 1  # one week with data, no padding
    assert texts(page, "(//table[@class='data'])[1]/thead/tr/th")[4] == "Rehab sessions"
    assert rows[0].xpath("./td")[3].text == "2"
    days = page.xpath("//details[@class='rehab-days']//tbody/tr")
    assert len(days) == 2
    assert all(" × " in row.xpath("./td")[0].text_content() for row in days)
