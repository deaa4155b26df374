"""`data erase` leaves no byte of the person in the database files, while a real
`heelraise serve` holds the same database: the SQLite main file, `-wal` and `-shm`
are searched raw, and on PostgreSQL every table, index and TOAST file of the
database (found with `pg_relation_filepath`) after a checkpoint."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.web.browser import server_process

NAME = "Zebulon Quartermaine"
GOAL = "win the Brockenhurst parkrun"
ACTIVITY = "Larkspur hill repeats"
DEVICE = "Forerunner Q7X Zeta"
SHOE = "Quokka Glide 9"
SECRETS = (NAME, GOAL, ACTIVITY, DEVICE, SHOE)
OTHER = "Ottoline Keeps"  # a second person, who must survive the erasure


def _export_document(name: str, day: dt.date) -> dict[str, object]:
    """A `heelraise.export/1` document holding every kind of personal text (the other
    person's texts are their own, so finding one of `SECRETS` means residue)."""
    goal, activity, device, shoe = (
        (GOAL, ACTIVITY, DEVICE, SHOE)
        if name == NAME
        else ("a sub-3 marathon", "Morning run", "Edge 1040", "Trail shoe")
    )
    start = dt.datetime.combine(day - dt.timedelta(days=3), dt.time(7, 30), dt.UTC)
    return {
        "format": "heelraise.export/1",
        "person": {"name": name, "created_at": "2026-10-01T08:00:00"},
        "episodes": [
            {
                "recorded_on": (day - dt.timedelta(days=10)).isoformat(),
                "person": {"age": 41, "sports": ["running"], "goal": goal},
                "symptoms": {"side": "left", "onset": "gradual", "site": "midportion"},
                "history": {},
            }
        ],
        "checkins": [
            {
                "date": (day - dt.timedelta(days=offset)).isoformat(),
                "morning_stiffness_0_10": 2,
                "pain_walking_0_10": 1,
            }
            for offset in range(1, 6)
        ],
        "activities": [
            {
                "start": (start - dt.timedelta(days=offset)).isoformat(),
                "sport": "run",
                "distance_km": 8.0 + offset,
                "duration_min": 45.0,
                "source": f"{activity} {offset}.fit",
                "content_hash": f"{offset:064x}",
                "shoe": shoe,
                "device": device,
                "name": f"{activity} {offset}",
            }
            for offset in range(40)
        ],
    }


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "heelraise", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return bytes(response.read())


def _post_json(url: str, body: object) -> int:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(response.status)


def _found(data: bytes) -> list[str]:
    """Which of the secrets are in `data` (as UTF-8; SQLite and PostgreSQL store text so)."""
    return [secret for secret in SECRETS if secret.encode() in data]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def _load(env: dict[str, str], tmp_path: Path, *where: str) -> None:
    today = dt.date.today()
    for name in (NAME, OTHER):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(_export_document(name, today)), encoding="utf-8")
        _cli(env, "data", "import", str(path), *where)


def _use(server: str, name: str) -> None:
    """What a browser would do: read the person's pages and record a check-in."""
    quoted = urllib.parse.quote(name)
    assert NAME.encode() in _get(f"{server}/api/people") or name == OTHER
    _get(f"{server}/api/people/{quoted}/checkins")
    _get(f"{server}/api/activities")
    day = dt.date.today().isoformat()
    body = {"date": day, "morning_stiffness_0_10": 3, "pain_walking_0_10": 2}
    assert _post_json(f"{server}/api/people/{quoted}/checkins?replace=true", body) == 201


def test_erase_while_serving_leaves_nothing_in_the_sqlite_files(home: Path, tmp_path: Path) -> None:
    env = {**os.environ, "HEELRAISE_HOME": str(home)}
    env.pop("HEELRAISE_DATABASE_URL", None)
    database = home / "heelraise.sqlite3"
    with server_process(home) as (server, _process):
        _load(env, tmp_path)
        _use(server, NAME)
        _use(server, OTHER)
        files = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
        before = b"".join(path.read_bytes() for path in files if path.exists())
        assert set(_found(before)) == set(SECRETS)  # the test can see them before

        output = _cli(env, "data", "erase", "--yes", "--person", NAME)
        assert NAME in output

        for path in sorted(home.rglob("*")):  # main file, -wal, -shm and anything else
            if path.is_file():
                assert _found(path.read_bytes()) == [], path
        # The server goes on serving, and the other person is intact.
        assert json.loads(_get(f"{server}/api/people"))["people"] == [OTHER]
        _use(server, OTHER)
    assert all(_found(path.read_bytes()) == [] for path in home.rglob("*") if path.is_file())


@pytest.mark.slow
def test_erase_while_serving_leaves_nothing_in_the_postgresql_files(
    empty_postgres_url: str, home: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "HEELRAISE_HOME": str(home)}
    where = ("--db", empty_postgres_url)
    with server_process(home, *where) as (server, _process):
        _load(env, tmp_path, *where)
        _use(server, NAME)
        engine = create_engine(empty_postgres_url, isolation_level="AUTOCOMMIT")
        try:
            assert set(_found(_relation_bytes(engine))) == set(SECRETS)
            _cli(env, "data", "erase", "--yes", "--person", NAME, *where)
            assert _found(_relation_bytes(engine)) == []
        finally:
            engine.dispose()
        assert json.loads(_get(f"{server}/api/people"))["people"] == [OTHER]
        _use(server, OTHER)


def _relation_bytes(engine: object) -> bytes:
    """Every table, index and TOAST file of the database, as on disk after a checkpoint."""
    from sqlalchemy import Engine

    assert isinstance(engine, Engine)
    with engine.connect() as connection:
        connection.execute(text("CHECKPOINT"))
        data_directory = Path(connection.execute(text("SHOW data_directory")).scalar_one())
        paths = connection.execute(
            text(
                "SELECT pg_relation_filepath(c.oid) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'i', 't', 'm') "
                "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "AND pg_relation_filepath(c.oid) IS NOT NULL"
            )
        ).scalars()
        found = [data_directory / path for path in paths]
    if not found or not os.access(data_directory, os.R_OK):
        pytest.skip(f"cannot read the PostgreSQL data directory {data_directory}")
    chunks = []
    for path in found:
        for segment in [path, *path.parent.glob(f"{path.name}.*")]:
            if segment.is_file() and not segment.name.endswith(("_fsm", "_vm")):
                chunks.append(segment.read_bytes())
    return b"".join(chunks)
