"""DNS rebinding: without accounts only loopback host names are served (400 for any
other `Host`); a clinic server's names are configurable (`--allowed-host`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from heelraise.web.app import create_app
from heelraise.web.settings import WebSettings


def _client(tmp_path: Path, **settings: object) -> TestClient:
    url = f"sqlite:///{tmp_path / 'hosts.sqlite3'}"
    app = create_app(WebSettings(database_url=url, **settings))  # type: ignore[arg-type]
    return TestClient(app, base_url="http://127.0.0.1:8732")


@pytest.mark.parametrize(
    "host", ["localhost", "localhost:8732", "127.0.0.1:8732", "[::1]:8732", "[::1]", "LOCALHOST."]
)
def test_local_mode_serves_loopback_names(tmp_path: Path, host: str) -> None:
    client = _client(tmp_path)
    assert client.get("/api/session", headers={"host": host}).status_code == 200


@pytest.mark.parametrize(
    "host",
    ["attacker.example:8732", "attacker.example", "192.0.2.7:8732", "127.0.0.1.evil.example"],
)
def test_local_mode_refuses_a_foreign_host_before_anything(tmp_path: Path, host: str) -> None:
    client = _client(tmp_path)
    for method, path in (
        ("GET", "/api/people/me/checkins"),
        ("GET", "/api/session"),
        ("GET", "/"),
        ("POST", "/api/people/me/checkins"),
    ):
        response = client.request(method, path, headers={"host": host}, json={})
        assert response.status_code == 400, (method, path)
        assert response.json()["error"]["message"] == "this host name is not served here"
        assert "set-cookie" not in response.headers  # no CSRF token handed out


def test_a_configured_name_is_served_and_others_are_not(tmp_path: Path) -> None:
    client = _client(tmp_path, accounts=True, allowed_hosts=("clinic.example", "*.ward.example"))
    assert client.get("/api/health", headers={"host": "clinic.example:443"}).status_code == 200
    assert client.get("/api/health", headers={"host": "a.ward.example"}).status_code == 200
    assert client.get("/api/health", headers={"host": "localhost"}).status_code == 200
    assert client.get("/api/health", headers={"host": "evil.example"}).status_code == 400


def test_with_accounts_and_no_list_any_name_is_served(tmp_path: Path) -> None:
    client = _client(tmp_path, accounts=True)
    assert client.get("/api/health", headers={"host": "clinic.example"}).status_code == 200


def test_off_loopback_only_https_or_a_proxy_is_a_working_transport() -> None:
    """Plain HTTP off loopback would lose the Secure cookies: `serve` refuses it."""
    assert WebSettings(host="127.0.0.1").transport_problem() is None
    assert not WebSettings(host="127.0.0.1").cookies_secure
    problem = WebSettings(host="0.0.0.0").transport_problem()
    assert problem is not None
    assert "--certfile" in problem
    assert "--behind-proxy" in problem
    for ready in (WebSettings(host="0.0.0.0", tls=True), WebSettings(host="::", behind_proxy=True)):
        assert ready.transport_problem() is None
        assert ready.cookies_secure
    assert WebSettings(host="127.0.0.1", behind_proxy=True).cookies_secure  # the proxy is HTTPS
