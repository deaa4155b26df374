"""Helpers for tests with accounts on: an app, logins, signed-in clients."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import csrf_token

PASSWORD = "correct horse battery"


def sign_in(app: FastAPI, name: str, password: str = PASSWORD) -> TestClient:
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    data = {"name": name, "password": password, "csrf_token": csrf_token(client, "/login")}
    response = client.post("/login", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    return client
