"""Which journal repository `open_journal` hands out, and what the daily commands import.

A SQLite file already at the current schema gets the stdlib `Sqlite3Journal`, so
`heelraise status` and `heelraise checkin` start without importing SQLAlchemy
(issue 15: within 300 ms). Everything else gets SQLAlchemy's `Journal`. The
activity store (`open_activities`: `heelraise import`, `heelraise activities`)
is chosen by the same rule.
"""

from __future__ import annotations

import ast
import sqlite3
import subprocess
import sys
from pathlib import Path

from heelraise.app.journal import close_kept, keep_open, open_activities, open_journal
from heelraise.app.onboarding import init_from_case
from heelraise.store.journal import Journal
from heelraise.store.sqlite3_activities import Sqlite3Activities
from heelraise.store.sqlite3_journal import Sqlite3Journal
from tests.conftest import CASES, REPO

CASE = CASES / "stage2-flare-reduce.json"


def _started(path: Path) -> str:
    url = f"sqlite:///{path}"
    init_from_case(url, "me", CASE.read_bytes())
    return url


def test_an_existing_sqlite_file_at_the_current_schema_gets_the_stdlib_journal(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'journal.sqlite3'}"
    with open_journal(url) as journal:  # a new file: made and migrated by SQLAlchemy
        assert isinstance(journal, Journal)
        assert journal.people() == []
    with open_journal(url) as journal:
        assert isinstance(journal, Sqlite3Journal)
    with open_journal("sqlite:///:memory:") as journal:
        assert isinstance(journal, Journal)


def test_a_server_keeps_using_its_engine(tmp_path: Path) -> None:
    url = _started(tmp_path / "journal.sqlite3")
    keep_open(url)
    try:
        with open_journal(url) as journal:
            assert isinstance(journal, Journal)
            with open_journal(url) as again:
                assert isinstance(again, Journal)
                assert again.engine is journal.engine
    finally:
        close_kept(url)
    with open_journal(url) as journal:
        assert isinstance(journal, Sqlite3Journal)


def test_a_journal_that_needs_migrating_is_migrated_by_sqlalchemy(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    url = _started(path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0006'")
        connection.execute("DROP TABLE calendar_feeds")
    connection.close()
    with open_journal(url) as journal:
        assert isinstance(journal, Journal)
        assert journal.people() == ["me"]
    with open_journal(url) as journal:  # upgraded: from now on, the stdlib one
        assert isinstance(journal, Sqlite3Journal)


def _run(*argv: str) -> tuple[bool, int, str]:
    """Run `heelraise ARGV` in a fresh interpreter: (whether SQLAlchemy was ever imported,
    the exit status, the output)."""
    imported, code, output = _run_loading(*argv)
    return "sqlalchemy" in imported, code, output


def _run_loading(*argv: str) -> tuple[set[str], int, str]:
    """Run `heelraise ARGV` in a fresh interpreter: (which of SQLAlchemy and pydantic were
    imported, the exit status, the output)."""
    probe = (
        "import sys\n"
        f"sys.argv = ['heelraise', *{list(argv)!r}]\n"
        "from heelraise.cli import main\n"
        "try:\n    main()\n    code = 0\n"
        "except SystemExit as done:\n    code = done.code or 0\n"
        "heavy = {m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'pydantic'}\n"
        "print(repr((heavy, code)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO
    )
    *output, last = done.stdout.strip().splitlines()
    imported, code = ast.literal_eval(last)
    return imported, code, "\n".join(output) + done.stderr


def test_status_and_checkin_on_an_existing_journal_never_import_sqlalchemy(
    tmp_path: Path,
) -> None:
    # The default journal (HEELRAISE_HOME, set for every test), as a person runs them.
    imported, code, output = _run("init", "--from-case", str(CASE))
    assert code == 0, output
    assert imported  # a new journal is made and migrated through SQLAlchemy: the probe sees it

    checkin = ["checkin", "--date", "2026-11-21", "--morning-stiffness", "2", "--pain-walking"]
    for argv in (
        ["status"],
        ["status", "--json", "--as-of", "2026-11-20"],
        [*checkin, "1", "--pain-during", "3", "--pain-after", "2", "--settled"],
        [*checkin, "4", "--yes"],  # replacing that day's
        ["status", "--as-of", "2026-11-21"],
    ):
        imported, code, output = _run(*argv)
        assert code == 0, (argv, output)
        assert not imported, argv
    # Nor pydantic: the journal's case and a valid check-in take the fast decoder.
    for argv in (
        ["status", "--as-of", "2026-11-21"],
        ["plan"],
        [*checkin, "4", "--yes"],  # the same day again, as before
    ):
        loaded, code, output = _run_loading(*argv)
        assert code == 0, (argv, output)
        assert loaded == set(), argv

    with open_journal(None) as journal:
        assert isinstance(journal, Sqlite3Journal)
        [last] = [c for c in journal.records("me").checkins if c["date"] == "2026-11-21"]
        assessed = [day.isoformat() for day, _ in journal.assessments("me")]
    assert last["pain_walking_0_10"] == 4
    assert "2026-11-21" in assessed


def test_import_into_an_existing_journal_never_imports_sqlalchemy(
    tmp_path: Path, corpus: Path
) -> None:
    """`heelraise import FOLDER` (issue 15: at least 8x gpxpy, start-up included) and the
    activity list and delete, on the default journal once it exists."""
    empty = tmp_path / "empty"
    empty.mkdir()
    imported, code, output = _run("import", str(empty))
    assert code == 0, output
    assert imported  # the control: a new journal is made and migrated through SQLAlchemy

    for argv in (
        ["import", str(corpus / "tcxreader")],
        ["import", str(corpus / "tcxreader")],  # again: duplicates
        ["import", str(corpus / "gpxpy"), str(empty)],
        ["activities"],
        ["activities", "--json", "--since", "2010-01-01"],
        ["activities", "delete", "1", "--yes"],
    ):
        imported, code, output = _run(*argv)
        assert code == 0, (argv, output)
        assert not imported, argv

    with open_activities(None) as store:
        assert isinstance(store, Sqlite3Activities)
        me = store.find_person("me")
        assert me is not None
        ids = [number for number, _ in store.list_activity_rows(me)]
    assert len(ids) > 5
    assert 1 not in ids  # deleted
