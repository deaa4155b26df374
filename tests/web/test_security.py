"""CSRF on every form, security headers and cookie flags, body limits, localhost only."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from heelraise.errors import HeelraiseError
from heelraise.web.app import create_app
from heelraise.web.route_table import route_table
from heelraise.web.security import CSRF_COOKIE
from heelraise.web.settings import WebSettings, is_loopback
from tests.web.conftest import csrf_token, parse


def form_posts(client: TestClient) -> list[str]:
    return [
        entry.path
        for entry in route_table(client.app.routes)  # type: ignore[attr-defined]
        if entry.method == "POST" and not entry.path.startswith("/api/")
    ]


def test_there_are_form_posts_to_check(client: TestClient) -> None:
    assert set(form_posts(client)) >= {
        "/triage",
        "/triage/check",
        "/training/upload",
        "/tests/heel-rise",
        "/case",
    }


def test_every_form_post_without_the_token_is_refused(client: TestClient) -> None:
    client.get("/")  # the cookie is set
    for path in form_posts(client):
        response = client.post(path, data={"symptoms.pop": "no"})
        assert response.status_code == 403, path
        assert "security token" in parse(response.text).text_content()


def test_a_wrong_token_or_no_cookie_is_refused(client: TestClient) -> None:
    token = csrf_token(client)
    assert client.post("/triage/check", data={"csrf_token": token + "x"}).status_code == 403
    fresh = TestClient(client.app, base_url="http://127.0.0.1:8000")  # type: ignore[arg-type]
    assert fresh.post("/triage/check", data={"csrf_token": token}).status_code == 403


def test_the_token_in_a_header_works_for_htmx(client: TestClient) -> None:
    token = csrf_token(client)
    response = client.post("/triage/check", data={}, headers={"x-csrf-token": token})
    assert response.status_code == 200


def test_cross_site_posts_are_refused_even_with_the_token(client: TestClient) -> None:
    token = csrf_token(client)
    response = client.post(
        "/triage/check", data={"csrf_token": token}, headers={"sec-fetch-site": "cross-site"}
    )
    assert response.status_code == 403


def test_security_headers_and_cookie_flags(client: TestClient) -> None:
    response = client.get("/triage")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{CSRF_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    again = client.get("/triage")
    assert "set-cookie" not in again.headers  # the same token is kept


def test_secure_cookies_when_configured(tmp_path: Path) -> None:
    settings = WebSettings(database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}", secure_cookies=True)
    client = TestClient(create_app(settings), base_url="http://127.0.0.1:8000")
    assert "Secure" in client.get("/").headers["set-cookie"]


def test_bodies_over_the_limit_get_413(tmp_path: Path) -> None:
    settings = WebSettings(
        database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        max_body_bytes=2048,
        max_upload_bytes=4096,
    )
    client = TestClient(create_app(settings), base_url="http://127.0.0.1:8000")
    big = b'{"as_of": "' + b"x" * 5000 + b'"}'
    response = client.post("/api/assess", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["status"] == 413
    token = csrf_token(client)
    upload = client.post(
        "/training/upload",
        data={"csrf_token": token},
        files={"files": ("big.gpx", b"<gpx>" + b" " * 8000 + b"</gpx>", "application/gpx+xml")},
    )
    assert upload.status_code == 413
    assert parse(upload.text).xpath("//h1")[0].text == "Error 413"


def test_streamed_bodies_without_a_length_are_limited_too(tmp_path: Path) -> None:
    settings = WebSettings(database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}", max_body_bytes=2048)
    client = TestClient(create_app(settings), base_url="http://127.0.0.1:8000")

    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(10):
            yield b" " * 1000

    response = client.post(
        "/api/assess", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("10.0.0.2", False),
    ],
)
def test_only_loopback_is_single_user(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_beyond_this_machine_accounts_are_on_and_cannot_be_turned_off(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    assert WebSettings(host="0.0.0.0", database_url=url).accounts_on
    assert WebSettings(host="0.0.0.0").cookies_secure
    with pytest.raises(HeelraiseError, match="without accounts"):
        create_app(WebSettings(host="0.0.0.0", accounts=False, database_url=url))
    app = create_app(WebSettings(host="0.0.0.0", database_url=url))
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    response = client.get("/training", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/training"


@pytest.mark.parametrize(
    "path", ["/manifest.webmanifest", "/static/heelraise.css", "/static/icons/icon-192.png"]
)
def test_files_never_replace_the_form_token_cookie(client: TestClient, path: str) -> None:
    """A page hands out the token's cookie; a file loading after it (the manifest is fetched
    without cookies) must not replace it, or the page's form is refused (seen in Chromium)."""
    client.cookies.clear()
    response = client.get(path)
    assert response.status_code == 200
    assert CSRF_COOKIE not in response.headers.get("set-cookie", "")
    page = client.get("/triage")
    assert CSRF_COOKIE in page.headers.get("set-cookie", "")
