"""Web fixtures: the app on a temporary SQLite file, a client that keeps cookies,
and helpers to read pages as parsed HTML."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from heelraise.web.app import create_app
from heelraise.web.settings import WebSettings


@pytest.fixture
def settings(tmp_path: Path) -> WebSettings:
    return WebSettings(database_url=f"sqlite:///{tmp_path / 'web.sqlite3'}")


@pytest.fixture
def app(settings: WebSettings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1:8000")


def parse(text: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(text)


def csrf_token(client: TestClient, path: str = "/triage") -> str:
    """Load a page (which sets the CSRF cookie) and read the token from its form."""
    page = parse(client.get(path).text)
    values = page.xpath("//input[@name='csrf_token']/@value")
    assert values, f"no csrf_token field on {path}"
    return str(values[0])


def texts(page: lxml.html.HtmlElement, xpath: str) -> list[str]:
    """The normalised text of every element the XPath finds."""
    return [" ".join(element.text_content().split()) for element in page.xpath(xpath)]
