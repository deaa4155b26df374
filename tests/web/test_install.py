"""Installable: the web app manifest names the app, opens on Today standalone, and every
icon it lists exists at its stated size; the base page links it."""

from __future__ import annotations

import struct

from fastapi.testclient import TestClient

from tests.web.conftest import parse


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_manifest_and_its_icons(client: TestClient) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["short_name"] == "heelraise" and manifest["name"]
    assert manifest["start_url"] == "/today"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"].startswith("#")
    sizes = set()
    for icon in manifest["icons"]:
        fetched = client.get(icon["src"])
        assert fetched.status_code == 200, icon["src"]
        assert fetched.headers["content-type"] == "image/png"
        width, height = png_size(fetched.content)
        assert icon["sizes"] == f"{width}x{height}"
        sizes.add((icon["sizes"], icon.get("purpose", "any")))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_every_page_links_the_manifest_theme_and_touch_icon(client: TestClient) -> None:
    head = parse(client.get("/").text).xpath("//head")[0]
    assert head.xpath("./link[@rel='manifest']/@href") == ["/manifest.webmanifest"]
    theme = head.xpath("./meta[@name='theme-color']/@content")
    assert theme == [client.get("/manifest.webmanifest").json()["theme_color"]]
    (touch,) = head.xpath("./link[@rel='apple-touch-icon']/@href")
    response = client.get(touch)
    assert response.status_code == 200 and png_size(response.content) == (180, 180)
