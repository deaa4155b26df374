"""`heelraise serve` as the README's first command starts it, and its help."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.web.browser import live_server

__all__ = ["live_server"]

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readmes_first_command_installs_and_starts_the_web_app() -> None:
    block = re.search(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    assert block is not None
    first, second = block.group(1).strip().splitlines()[:2]
    assert first.endswith(".venv/bin/heelraise serve")
    assert "pip install -q -e ." in first
    assert second == "./scripts/test"
    assert "`screenshots/`" in README.read_text(encoding="utf-8")


def test_serve_answers_on_embedded_sqlite(live_server: str) -> None:
    with urllib.request.urlopen(live_server + "/", timeout=5) as response:
        assert response.status == 200
        assert "About heelraise." in response.read().decode()


def test_serve_help_names_its_options() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "heelraise", "serve", "--help"],
        capture_output=True,
        check=True,
        text=True,
    )
    for option in ("--host", "--port", "--db"):
        assert option in done.stdout


def test_serve_refuses_a_public_address_without_accounts() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "heelraise", "serve", "--host", "0.0.0.0", "--no-accounts"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 1
    assert "without accounts the web app serves only this machine" in done.stderr


def _serve(*options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "heelraise", "serve", *options],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )


def test_serve_refuses_plain_http_off_loopback_and_names_the_fix() -> None:
    done = _serve("--host", "0.0.0.0", "--port", "1")
    assert done.returncode == 1
    assert "plain HTTP" in done.stderr
    assert "--certfile" in done.stderr
    assert "--behind-proxy" in done.stderr


def test_serve_refuses_several_workers_on_sqlite() -> None:
    done = _serve("--workers", "2", "--port", "1")
    assert done.returncode == 1
    assert "--workers 2 needs PostgreSQL" in done.stderr


def test_serve_help_names_the_clinic_options() -> None:
    done = _serve("--help")
    for option in (
        "--certfile",
        "--keyfile",
        "--behind-proxy",
        "--forwarded-allow-ips",
        "--workers",
        "--allowed-host",
    ):
        assert option in done.stdout
