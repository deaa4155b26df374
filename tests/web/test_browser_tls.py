"""A clinic server as the README runs it: `heelraise serve --certfile --keyfile` on an
address that is not loopback, and a real Chromium signing in over HTTPS (the Secure
cookies come back, so the CSRF token and the session work).

The address is 198.18.0.1 on a network namespace this test makes (`ip netns`), so
no traffic leaves the machine; the server and Chromium both run inside it. The
certificate is self-signed, made here with `openssl`; Chromium accepts exactly that
key (`--ignore-certificate-errors-spki-list`)."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from heelraise.app.accounts import add_user
from tests.web.browser import CHROMIUM_ARGS, SCREENSHOTS, chromium_path, server_process

ADDRESS = "198.18.0.1"  # RFC 2544 benchmarking range: not loopback, not routed anywhere
PASSWORD = "correct horse battery"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def namespace() -> Iterator[str]:
    """A network namespace with `ADDRESS` on its own loopback interface."""
    if shutil.which("ip") is None or os.geteuid() != 0:
        _unavailable("needs root and `ip` (iproute2) to make a network namespace")
    name = f"heelraise-{uuid.uuid4().hex[:8]}"
    made = subprocess.run(["ip", "netns", "add", name], capture_output=True, check=False)
    if made.returncode != 0:
        _unavailable(f"cannot make a network namespace: {made.stderr.decode().strip()}")
    try:
        for command in (
            ["ip", "link", "set", "lo", "up"],
            ["ip", "addr", "add", f"{ADDRESS}/32", "dev", "lo"],
        ):
            subprocess.run(["ip", "netns", "exec", name, *command], check=True)
        yield name
    finally:
        subprocess.run(["ip", "netns", "delete", name], check=False)


def _certificate(folder: Path) -> tuple[Path, Path, str]:
    """A self-signed certificate for `ADDRESS`, its key, and the key's SPKI SHA-256."""
    if shutil.which("openssl") is None:
        _unavailable("needs openssl to make a test certificate")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=heelraise test clinic",
            "-addext", f"subjectAltName=IP:{ADDRESS}",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    public = subprocess.run(
        ["openssl", "x509", "-in", str(cert), "-pubkey", "-noout"],
        check=True,
        capture_output=True,
    ).stdout
    der = subprocess.run(
        ["openssl", "pkey", "-pubin", "-outform", "der"],
        input=public,
        check=True,
        capture_output=True,
    ).stdout
    import hashlib

    return cert, key, base64.b64encode(hashlib.sha256(der).digest()).decode()


def _answers_inside(namespace: str) -> object:
    """`is_up` for a server in the namespace: a health check made from inside it."""
    probe = (
        "import ssl, sys, urllib.request\n"
        "context = ssl._create_unverified_context()\n"
        "try:\n"
        "    urllib.request.urlopen(sys.argv[1] + '/api/health', timeout=1, context=context)\n"
        "except OSError:\n"
        "    sys.exit(1)\n"
    )

    def is_up(url: str) -> bool:
        done = subprocess.run(
            ["ip", "netns", "exec", namespace, sys.executable, "-c", probe, url],
            capture_output=True,
            check=False,
        )
        return done.returncode == 0

    return is_up


def test_a_browser_signs_in_over_https_on_a_non_loopback_address(
    namespace: str, tmp_path: Path
) -> None:
    executable = chromium_path()
    cert, key, spki = _certificate(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    url = f"sqlite:///{home / 'clinic.sqlite3'}"
    add_user(url, "dr-tls", "clinician", PASSWORD)
    wrapper = tmp_path / "chromium-in-namespace"
    wrapper.write_text(f'#!/bin/sh\nexec ip netns exec {namespace} {executable} "$@"\n')
    wrapper.chmod(0o755)
    with (
        server_process(
            home,
            "--db", url, "--certfile", str(cert), "--keyfile", str(key),
            host=ADDRESS,
            scheme="https",
            prefix=["ip", "netns", "exec", namespace],
            is_up=_answers_inside(namespace),  # type: ignore[arg-type]
        ) as (server, _process),
        tempfile.TemporaryDirectory(prefix="heelraise-chromium-") as profile,
        sync_playwright() as playwright,
    ):  # fmt: skip
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(wrapper),
            headless=True,
            args=[*CHROMIUM_ARGS, f"--ignore-certificate-errors-spki-list={spki}"],
        )
        try:
            page = context.new_page()
            page.goto(server + "/login")
            page.get_by_label("Name").fill("dr-tls")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page).to_have_url(server + "/clinic")
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            assert "security token" not in page.content()
            cookies = {cookie["name"]: cookie for cookie in context.cookies()}
            assert cookies["heelraise_session"]["secure"] is True
            assert cookies["heelraise_csrf"]["secure"] is True
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "clinic-over-tls.png"))
        finally:
            context.close()
