"""Shared fixtures: the vignettes and corpus from ../shared, the packaged engine,
the real reader registry, and an isolated data folder for every test."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from heelraise.clinical.assess import Engine, default_engine
from heelraise.training.readers import ReaderRegistry, build_registry

# Imports put UTC starts in the machine's time zone: pin it, so the suite gives
# the same dates on every machine (tests that need another zone set `TZ` themselves).
os.environ["TZ"] = "UTC"
time.tzset()

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CASES = SHARED / "cases"
CORPUS = SHARED / "corpus"


def vignette_paths() -> list[Path]:
    paths = sorted(CASES.glob("*.json"))
    assert paths, f"no vignettes found in {CASES}"
    return paths


def load_vignette(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(case document without `expect`, the expected outcome)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    expect = document.pop("expect")
    return document, expect


@pytest.fixture(scope="session")
def engine() -> Engine:
    return default_engine()


@pytest.fixture
def corpus() -> Path:
    """The shared corpus of real activity files (read in place, never copied in)."""
    if not CORPUS.is_dir():  # pragma: no cover - the corpus ships with the workspace
        pytest.fail(f"corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture
def fit_registry() -> ReaderRegistry:
    """The built-in readers (the real FIT reader included), without third-party plugins."""
    return build_registry(plugins=False)


@pytest.fixture(scope="session")
def issue_bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The decompression bombs of issue 12 at full size, built by script (tests/bombs.py)
    once per run: file name → path."""
    from tests.bombs import write_bombs

    return {path.name: path for path in write_bombs(tmp_path_factory.mktemp("bombs"))}


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A real PostgreSQL server started by scripts/test (HEELRAISE_TEST_POSTGRES_URL).

    In CI its absence fails the run; elsewhere the test is skipped with the reason.
    """
    url = os.environ.get("HEELRAISE_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL tests: HEELRAISE_TEST_POSTGRES_URL is unset")
        pytest.skip("no PostgreSQL server: run ./scripts/test, which starts one")
    return url


@pytest.fixture
def empty_postgres_url(postgres_url: str) -> Iterator[str]:
    """The URL of a fresh, empty database on the test server, dropped afterwards
    (with its open connections: `WITH (FORCE)`, PostgreSQL 13 and later)."""
    import uuid

    from sqlalchemy import create_engine, text

    name = f"heelraise_t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, _ = postgres_url.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder and no database URL from the environment."""
    home = tmp_path / "home"
    monkeypatch.setenv("HEELRAISE_HOME", str(home))
    monkeypatch.delenv("HEELRAISE_DATABASE_URL", raising=False)
    return home


@pytest.fixture(params=["sqlite", "postgresql"])
def journal_where(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, ...]:
    """`--db URL --person NAME` for a fresh person, on SQLite and on the PostgreSQL server."""
    import uuid

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'journal.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    return ("--db", url, "--person", f"p-{uuid.uuid4().hex[:10]}")


def _choose_stdlib_store(module: Any, stdlib: bool, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make `module.open_at_head` hand out the stdlib store (`stdlib`), counting the URLs it
    was handed out for in the list returned, or never (SQLAlchemy's store every time)."""
    handed_out: list[str] = []
    open_at_head = module.open_at_head

    def counted(url: str) -> Any:
        found = open_at_head(url)
        if found is not None:
            handed_out.append(url)
        return found

    monkeypatch.setattr(module, "open_at_head", counted if stdlib else (lambda url: None))
    return handed_out


@pytest.fixture(params=["sqlite3", "sqlalchemy"])
def journal_repository(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """Which repository `open_journal` hands out for a SQLite file at the current schema:
    the stdlib `Sqlite3Journal`, as in use (and the test fails unless it was handed out
    at least once), or SQLAlchemy's `Journal` every time."""
    from heelraise.app import journal

    handed_out = _choose_stdlib_store(journal, request.param == "sqlite3", monkeypatch)
    yield request.param
    if request.param == "sqlite3":
        assert handed_out, "the stdlib journal was never handed out: the test does not try it"


@pytest.fixture(scope="session")
def migrated_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite journal at the packaged head revision with no one in it: copy it, never
    write to it (`copy_journal`)."""
    from heelraise.store.database import make_engine

    path = tmp_path_factory.mktemp("migrated-journal") / "journal.sqlite3"
    make_engine(f"sqlite:///{path}").dispose()
    return path


def copy_journal(source: Path, target: Path) -> Path:
    """A copy of the SQLite journal at `source` (its WAL included) at `target`."""
    import sqlite3

    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    original.close()
    copy.close()
    return target


@pytest.fixture(params=["sqlite3", "sqlalchemy"])
def activity_store(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    migrated_journal: Path,
    _isolated_home: Path,
) -> Iterator[str]:
    """Which activity store `open_activities` hands out (import, the activity list):

    - "sqlite3": the stdlib `Sqlite3Activities` wherever it is used, the default
      journal existing from the start (a copy of a migrated one), as after the first
      use; the test fails unless it was handed out at least once;
    - "sqlalchemy": SQLAlchemy's `EngineActivities` every time.
    """
    from heelraise.store import sqlite3_activities
    from heelraise.store.connecting import SQLITE_FILE

    if request.param == "sqlite3":
        copy_journal(migrated_journal, _isolated_home / SQLITE_FILE)
    handed_out = _choose_stdlib_store(sqlite3_activities, request.param == "sqlite3", monkeypatch)
    yield request.param
    if request.param == "sqlite3":
        assert handed_out, (
            "the stdlib activity store was never handed out: the test does not try it"
        )
