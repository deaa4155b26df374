"""The report and the FHIR bundle over HTTP: the person's own and their clinician's, every
download in the audit log; another patient gets 403, and nothing is read or logged for it."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from sqlalchemy import create_engine

from heelraise.app.accounts import add_user
from heelraise.app.onboarding import init_from_case
from heelraise.store.audit import all_rows
from heelraise.web.app import create_app
from heelraise.web.settings import WebSettings
from tests.factories import case_document
from tests.web.conftest import csrf_token

PASSWORD = "correct horse battery"


@pytest.fixture
def clinic(tmp_path: Path) -> tuple[str, TestClient]:
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    app = create_app(WebSettings(database_url=url, accounts=True))
    for person in ("anna", "ben"):
        init_from_case(url, person, orjson.dumps(case_document()))
    add_user(url, "dr-a", "clinician", PASSWORD)
    add_user(url, "anna", "patient", PASSWORD, person="anna", clinician="dr-a")
    add_user(url, "ben", "patient", PASSWORD, person="ben")
    return url, TestClient(app, base_url="http://127.0.0.1:8000")


def _sign_in(client: TestClient, name: str) -> None:
    client.cookies.clear()
    data = {"name": name, "password": PASSWORD, "csrf_token": csrf_token(client, "/login")}
    assert client.post("/login", data=data, follow_redirects=False).status_code == 303


def _downloads(url: str) -> list[tuple[str, str]]:
    engine = create_engine(url)
    try:
        rows = all_rows(engine)
    finally:
        engine.dispose()
    return [(actor, action) for _at, actor, action, _s, _d in rows if action in _ACTIONS]


_ACTIONS = {"report.pdf", "fhir.export"}


@pytest.mark.parametrize("login", ["anna", "dr-a"])
def test_the_person_and_their_clinician_download_both(
    clinic: tuple[str, TestClient], login: str
) -> None:
    url, client = clinic
    _sign_in(client, login)
    report = client.get("/api/people/anna/report.pdf")
    assert report.status_code == 200
    assert report.headers["content-type"] == "application/pdf"
    assert report.content.startswith(b"%PDF")
    assert "attachment" in report.headers["content-disposition"]
    bundle = client.get("/api/people/anna/fhir")
    assert bundle.status_code == 200
    assert bundle.headers["content-type"].startswith("application/fhir+json")
    assert Bundle.model_validate_json(bundle.content).type == "collection"
    assert [action for _actor, action in _downloads(url)] == ["report.pdf", "fhir.export"]


def test_another_patient_gets_403_and_nothing_is_read(clinic: tuple[str, TestClient]) -> None:
    url, client = clinic
    _sign_in(client, "ben")
    for path in ("/api/people/anna/report.pdf", "/api/people/anna/fhir"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert not response.content.startswith(b"%PDF")
        assert b"resourceType" not in response.content
    assert _downloads(url) == []
