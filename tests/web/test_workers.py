"""`heelraise serve --workers 2` on PostgreSQL: the sign-in limit, sessions and CSRF hold
across worker processes, because their state is in the database, not in a process."""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from heelraise.app.accounts import add_user
from heelraise.app.sign_in_limit import SIGN_IN_LIMIT, name_key
from tests.web.browser import server_process

PASSWORD = "correct horse battery"
TRIES = 20


class Browser:
    """A cookie-keeping HTTP client, as one browser tab would be."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields).encode()
        return self._open(urllib.request.Request(self.base + path, data=data, method="POST"))

    def csrf(self, path: str) -> str:
        status, page = self.get(path)
        assert status == 200, page
        found = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert found is not None
        return found.group(1)

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return int(response.status), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def _worker_processes(server_pid: int) -> int:
    """How many child processes the server has (uvicorn's workers)."""
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children")
    return len(children.read_text().split()) if children.exists() else 0


@pytest.mark.slow
def test_twenty_parallel_wrong_sign_ins_on_two_workers_check_five_passwords(
    empty_postgres_url: str, tmp_path: Path
) -> None:
    name = f"anna-{uuid.uuid4().hex[:6]}"
    add_user(empty_postgres_url, name, "clinician", PASSWORD)  # also brings the schema up
    options = ("--db", empty_postgres_url, "--accounts", "--workers", "2")
    with server_process(tmp_path, *options) as (base, process):
        assert _worker_processes(process.pid) >= 2
        start = threading.Barrier(TRIES)

        def attempt(_: int) -> int:
            browser = Browser(base)
            token = browser.csrf("/login")
            start.wait()
            status, _page = browser.post_form(
                "/login", {"name": name, "password": "not the password", "csrf_token": token}
            )
            return status

        with ThreadPoolExecutor(max_workers=TRIES) as pool:
            statuses = list(pool.map(attempt, range(TRIES)))
        # 401: the password was checked and was wrong; 429: locked, no password checked.
        assert statuses.count(401) == SIGN_IN_LIMIT.max_failures, statuses
        assert statuses.count(429) == TRIES - SIGN_IN_LIMIT.max_failures, statuses
        engine = create_engine(empty_postgres_url)
        with engine.connect() as connection:
            failures = connection.execute(
                text("SELECT failures FROM sign_in_attempts WHERE name_key = :key"),
                {"key": name_key(name)},
            ).scalar_one()
        engine.dispose()
        assert failures == SIGN_IN_LIMIT.max_failures

        # A session made by one worker is honoured by the other, CSRF included.
        other = f"ben-{uuid.uuid4().hex[:6]}"
        add_user(empty_postgres_url, other, "clinician", PASSWORD)
        browser = Browser(base)
        token = browser.csrf("/login")
        status, _page = browser.post_form(
            "/login", {"name": other, "password": PASSWORD, "csrf_token": token}
        )
        assert status == 200  # followed the redirect to /clinic
        for _ in range(6):  # several requests: both workers get some
            status, page = browser.get("/clinic")
            assert status == 200
            assert "Sign in" not in page.split("<main", 1)[-1][:200]
        token = browser.csrf("/account/password")
        status, page = browser.post_form("/logout", {"csrf_token": token})
        assert status == 200
        assert browser.get("/clinic")[1].count('name="password"') == 1  # the sign-in form again
