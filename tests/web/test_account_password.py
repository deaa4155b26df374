"""`/account/password`: changing one's own password through the real app, as plain forms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from heelraise.app.accounts import add_user
from heelraise.app.sign_in_limit import SIGN_IN_LIMIT
from heelraise.web.app import create_app
from heelraise.web.security import SESSION_COOKIE
from heelraise.web.settings import WebSettings
from tests.web.accounts import PASSWORD, sign_in
from tests.web.conftest import csrf_token, parse, texts

NEW = "a brand new passphrase"
PATH = "/account/password"


@pytest.fixture
def clinic(tmp_path: Path) -> FastAPI:
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    add_user(url, "dr-a", "clinician", PASSWORD)
    add_user(url, "anna", "patient", PASSWORD, clinician="dr-a")
    return create_app(WebSettings(database_url=url, accounts=True))


def _change(client: TestClient, current: str, new: str, again: str) -> Any:
    data = {
        "csrf_token": csrf_token(client, PATH),
        "current_password": current,
        "new_password": new,
        "new_password_again": again,
    }
    return client.post(PATH, data=data, follow_redirects=False)


def _session(client: TestClient) -> str:
    return str(client.cookies.get(SESSION_COOKIE))


def test_the_page_is_linked_beside_sign_out_for_patients_and_clinicians(clinic: FastAPI) -> None:
    for name, home in (("anna", "/today"), ("dr-a", "/clinic")):
        client = sign_in(clinic, name)
        nav = parse(client.get(home, follow_redirects=True).text)
        links = nav.xpath("//nav[@aria-label='Main']//li")
        labels = [" ".join(item.text_content().split()) for item in links]
        assert labels[-2:] == ["Change password", f"Sign out {name}"]
        page = parse(client.get(PATH).text)
        assert texts(page, "//h1") == ["Change your password"]
        fields = page.xpath("//form[@action='/account/password']//input[@type='password']/@name")
        assert fields == ["current_password", "new_password", "new_password_again"]


def test_changing_the_password_signs_out_everywhere_else(clinic: FastAPI) -> None:
    elsewhere = sign_in(clinic, "anna")
    client = sign_in(clinic, "anna")
    before = _session(client)
    response = _change(client, PASSWORD, NEW, NEW)
    assert response.status_code == 303
    assert response.headers["location"] == f"{PATH}?changed=yes"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert _session(client) != before  # a fresh session for this browser
    done = parse(client.get(f"{PATH}?changed=yes").text)
    assert texts(done, "//p[@role='status']")[0].startswith("Your password has been changed.")
    assert client.get("/api/session").json()["login"] == "anna"
    assert elsewhere.get("/api/session").status_code == 401
    stale = TestClient(clinic, base_url="http://127.0.0.1:8000", cookies={SESSION_COOKIE: before})
    assert stale.get("/api/session").status_code == 401
    sign_in(clinic, "anna", NEW)
    refused = TestClient(clinic, base_url="http://127.0.0.1:8000")
    data = {"name": "anna", "password": PASSWORD, "csrf_token": csrf_token(refused, "/login")}
    assert refused.post("/login", data=data).status_code == 401


@pytest.mark.parametrize(
    ("current", "new", "again", "field"),
    [
        ("not my password", NEW, NEW, "current_password"),
        (PASSWORD, "too short", "too short", "new_password"),
        (PASSWORD, NEW, NEW + "!", "new_password_again"),
    ],
)
def test_a_bad_change_names_the_field_and_changes_nothing(
    clinic: FastAPI, current: str, new: str, again: str, field: str
) -> None:
    client = sign_in(clinic, "anna")
    before = _session(client)
    response = _change(client, current, new, again)
    assert response.status_code == 422
    page = parse(response.text)
    assert page.xpath("//input[@aria-invalid='true']/@name") == [field]
    [message] = texts(page, f"//p[@id='err-{field}']")  # in words, under its label
    assert message and not message.startswith(f"{field}")
    assert not page.xpath("//input[@type='password']/@value")  # passwords are not sent back
    assert _session(client) == before
    assert client.get("/api/session").status_code == 200
    sign_in(clinic, "anna", PASSWORD)


def test_wrong_current_passwords_lock_the_name_like_failed_sign_ins(clinic: FastAPI) -> None:
    client = sign_in(clinic, "anna")
    for _ in range(SIGN_IN_LIMIT.max_failures):
        assert _change(client, "not my password", NEW, NEW).status_code == 422
    locked = _change(client, PASSWORD, NEW, NEW)
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 0
    assert "too many failed sign-ins" in locked.text
    fresh = TestClient(clinic, base_url="http://127.0.0.1:8000")
    data = {"name": "anna", "password": PASSWORD, "csrf_token": csrf_token(fresh, "/login")}
    assert fresh.post("/login", data=data).status_code == 429


def test_without_the_sessions_token_the_change_is_refused(clinic: FastAPI) -> None:
    client = sign_in(clinic, "anna")
    data = {"current_password": PASSWORD, "new_password": NEW, "new_password_again": NEW}
    assert client.post(PATH, data=data).status_code == 403
    assert client.post(PATH, data={**data, "csrf_token": "x" * 64}).status_code == 403
    sign_in(clinic, "anna", PASSWORD)


def test_signed_out_the_page_asks_to_sign_in(clinic: FastAPI) -> None:
    client = TestClient(clinic, base_url="http://127.0.0.1:8000")
    response = client.get(PATH, follow_redirects=False)
    assert response.headers["location"] == f"/login?next={PATH}"


def test_without_accounts_there_is_no_password_to_change(client: TestClient) -> None:
    assert client.get(PATH, follow_redirects=False).headers["location"] == "/"
    assert "Change password" not in client.get("/triage").text
