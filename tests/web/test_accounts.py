"""Accounts in the web app: sign-in, sessions, cookies, CSRF tied to the session."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select

from heelraise.app.accounts import add_user
from heelraise.app.sign_in_limit import SIGN_IN_LIMIT
from heelraise.app.transfer import erase
from heelraise.errors import InvalidInput, SignInLocked, UserExists
from heelraise.store.models import ClinicianPatient, LoginSession, User
from heelraise.web.app import create_app
from heelraise.web.errors import report_for
from heelraise.web.security import SESSION_COOKIE, csrf_for_session
from heelraise.web.settings import WebSettings
from tests.web.accounts import PASSWORD, sign_in
from tests.web.conftest import csrf_token, parse, texts


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    add_user(url, "dr-a", "clinician", PASSWORD)
    add_user(url, "anna", "patient", PASSWORD, clinician="dr-a")
    return url


def _rows(url: str, model: type) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(select(model)).all())
    finally:
        engine.dispose()


def test_passwords_are_stored_as_argon2id_hashes(url: str) -> None:
    hashes = [row.password_hash for row in _rows(url, User)]  # type: ignore[attr-defined]
    assert hashes
    assert all(value.startswith("$argon2id$") for value in hashes)
    assert all(PASSWORD not in value for value in hashes)


def test_sign_in_gives_a_fresh_session_and_a_session_bound_csrf_token(url: str) -> None:
    app = create_app(WebSettings(database_url=url, accounts=True))
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    before = csrf_token(client, "/login")
    planted = "planted-session-id-000000000000000000000000"
    client.cookies.set(SESSION_COOKIE, planted)
    response = client.post(
        "/login",
        data={"name": "anna", "password": PASSWORD, "csrf_token": csrf_for_session(planted)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/today"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP on loopback
    token = cookie.split(";")[0].split("=", 1)[1]
    assert token != planted
    client.cookies.delete(SESSION_COOKIE)
    client.cookies.set(SESSION_COOKIE, token)
    stored = [row.token_hash for row in _rows(url, LoginSession)]  # type: ignore[attr-defined]
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]  # only the hash is kept
    # Forms now carry the session's token; the token from before sign-in is refused.
    after = csrf_token(client, "/triage")
    assert after == csrf_for_session(token)
    assert after != before
    refused = client.post(
        "/people/anna/checkin",
        data={"csrf_token": before, "morning_stiffness_0_10": "2", "pain_walking_0_10": "1"},
    )
    assert refused.status_code == 403
    # Signing in again replaces the session: the old id no longer works.
    again = client.post(
        "/login",
        data={"name": "anna", "password": PASSWORD, "csrf_token": after},
        follow_redirects=False,
    )
    assert again.status_code == 303
    assert again.headers["set-cookie"].split(";")[0].split("=", 1)[1] != token
    stale = TestClient(app, base_url="http://127.0.0.1:8000", cookies={SESSION_COOKIE: token})
    assert stale.get("/api/session").status_code == 401


def test_a_wrong_password_or_name_signs_no_one_in(url: str) -> None:
    app = create_app(WebSettings(database_url=url, accounts=True))
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    for name, password in (("anna", "wrong password!"), ("nobody", PASSWORD)):
        data = {"name": name, "password": password, "csrf_token": csrf_token(client, "/login")}
        response = client.post("/login", data=data, follow_redirects=False)
        assert response.status_code == 401
        assert "the name or password is not right" in response.text
        assert SESSION_COOKIE not in client.cookies
    assert _rows(url, LoginSession) == []


def test_off_loopback_the_session_cookie_is_secure(url: str) -> None:
    app = create_app(WebSettings(host="0.0.0.0", database_url=url))
    client = TestClient(app, base_url="https://clinic.example")
    data = {"name": "anna", "password": PASSWORD, "csrf_token": csrf_token(client, "/login")}
    response = client.post("/login", data=data, follow_redirects=False)
    assert response.status_code == 303
    assert "Secure" in response.headers["set-cookie"]


def test_sign_out_ends_the_session(url: str) -> None:
    app = create_app(WebSettings(database_url=url, accounts=True))
    client = sign_in(app, "anna")
    assert client.get("/api/session").json()["person"] == "anna"
    response = client.post(
        "/logout", data={"csrf_token": csrf_token(client, "/triage")}, follow_redirects=False
    )
    assert response.status_code == 303
    assert _rows(url, LoginSession) == []
    assert client.get("/people/anna/today", follow_redirects=False).status_code == 303


def test_a_clinician_goes_to_the_patient_list(url: str) -> None:
    app = create_app(WebSettings(database_url=url, accounts=True))
    client = sign_in(app, "dr-a")
    assert client.get("/today", follow_redirects=False).headers["location"] == "/clinic"
    assert client.get("/training").status_code == 403


def test_bad_logins_are_refused_naming_the_field(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    with pytest.raises(InvalidInput) as caught:
        add_user(url, "x", "nurse", "short")
    assert {problem.field for problem in caught.value.problems} == {"role", "password"}
    add_user(url, "dr", "clinician", PASSWORD)
    with pytest.raises(UserExists):
        add_user(url, "dr", "clinician", PASSWORD)


def test_erasing_a_patient_erases_their_login_and_assignment(url: str) -> None:
    assert len(_rows(url, ClinicianPatient)) == 1
    erase(url, "anna")
    assert [row.name for row in _rows(url, User)] == ["dr-a"]  # type: ignore[attr-defined]
    assert _rows(url, ClinicianPatient) == []


def _post_login(client: TestClient, name: str, password: str) -> Any:  # the test client's response
    data = {"name": name, "password": password, "csrf_token": csrf_token(client, "/login")}
    return client.post("/login", data=data, follow_redirects=False)


def test_failed_sign_ins_lock_the_name_with_429_and_retry_after(url: str) -> None:
    app = create_app(WebSettings(database_url=url, accounts=True))
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    for _ in range(SIGN_IN_LIMIT.max_failures):
        assert _post_login(client, "anna", "wrong password!").status_code == 401
    # Another worker on the same database (or the server after a restart) sees the lock.
    other = TestClient(create_app(WebSettings(database_url=url, accounts=True)))
    response = _post_login(other, "anna", PASSWORD)
    assert response.status_code == 429
    assert 0 < int(response.headers["retry-after"]) <= SIGN_IN_LIMIT.lock_for.total_seconds()
    page = parse(response.text)
    assert texts(page, "//p[@role='alert']") == [
        "too many failed sign-ins for this name; try again in 15 minutes"
    ]
    assert page.xpath("//input[@name='name']/@value") == ["anna"]  # the form, to try later
    assert SESSION_COOKIE not in other.cookies
    assert _rows(url, LoginSession) == []
    assert _post_login(other, "dr-a", PASSWORD).status_code == 303


def test_an_unknown_name_is_locked_with_the_same_words(url: str) -> None:
    app = create_app(WebSettings(database_url=url, accounts=True))
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    answers = {}
    for name in ("anna", "nobody"):
        for _ in range(SIGN_IN_LIMIT.max_failures):
            refused = _post_login(client, name, "wrong password!")
            assert refused.status_code == 401
            assert "the name or password is not right" in refused.text
        locked = _post_login(client, name, PASSWORD)
        answers[name] = (locked.status_code, texts(parse(locked.text), "//p[@role='alert']"))
    assert answers["anna"] == answers["nobody"]
    assert answers["anna"][0] == 429


def test_a_locked_name_is_one_error_shape_under_the_api() -> None:
    report = report_for(SignInLocked(61))
    assert (report.status, report.headers) == (429, {"Retry-After": "61"})
    assert report.document() == {
        "error": {
            "status": 429,
            "message": "too many failed sign-ins for this name; try again in 2 minutes",
            "problems": [],
        }
    }
