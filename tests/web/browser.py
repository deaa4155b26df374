"""Real-browser fixtures: `heelraise serve` in a subprocess and Debian's headless Chromium.

Playwright for Python drives `/usr/bin/chromium` (never `playwright install`):
scripts/test installs it through `ensure_chromium`. In CI a missing Chromium
fails the run; elsewhere the browser tests are skipped with the reason.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# What the browser tests saw (ignored by git); the committed pictures of every patient page
# come from scripts/screenshots.py.
SCREENSHOTS = REPO / "screenshots" / "test-runs"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("HEELRAISE_CHROMIUM", "/usr/bin/chromium")
    if not Path(path).is_file():
        message = f"no Chromium at {path}: run ./scripts/test, which installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def answers_health(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/api/health", timeout=1) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def wait_until_up(
    url: str,
    process: subprocess.Popen[bytes],
    timeout: float = 30.0,
    is_up: Callable[[str], bool] | None = None,
) -> None:
    check = is_up or answers_health
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stderr = process.stderr.read().decode() if process.stderr is not None else ""
            raise RuntimeError(
                f"heelraise serve exited with status {process.returncode}: {stderr[-2000:]}"
            )
        if check(url):
            return
        time.sleep(0.1)
    raise RuntimeError(f"heelraise serve did not answer at {url} within {timeout} s")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`heelraise serve` on a free port with its own data folder (embedded SQLite)."""
    with serving(tmp_path_factory.mktemp("serve-home")) as url:
        yield url


@contextmanager
def serving(home: Path, *options: str) -> Iterator[str]:
    """`heelraise serve OPTIONS` with `home` as its data folder, until the block ends."""
    with server_process(home, *options) as (url, _process):
        yield url


@contextmanager
def server_process(
    home: Path,
    *options: str,
    host: str = "127.0.0.1",
    scheme: str = "http",
    prefix: Sequence[str] = (),
    is_up: Callable[[str], bool] | None = None,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`heelraise serve --host HOST OPTIONS` (run through `prefix`, e.g. `ip netns exec
    NS`), its URL and process, until the block ends. `is_up(url)` says when it answers
    (default: `/api/health` over plain HTTP from here)."""
    port = free_port()
    env = {**os.environ, "HEELRAISE_HOME": str(home)}
    env.pop("HEELRAISE_DATABASE_URL", None)
    command = [sys.executable, "-m", "heelraise", "serve", "--host", host, "--port", str(port)]
    process = subprocess.Popen(
        [*prefix, *command, *options],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"{scheme}://{host}:{port}"
    try:
        wait_until_up(url, process, is_up=is_up)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:  # pragma: no cover - uvicorn stops on SIGTERM
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()
