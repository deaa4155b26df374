"""The audit log: reads and writes of a person's data, under a one-way subject only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from heelraise.store.audit import subject_of, trail
from heelraise.store.database import make_engine, resolve_url
from heelraise.store.models import AuditEntry, Person
from tests.cli.journal_steps import ok, run
from tests.conftest import CASES, load_vignette


@pytest.mark.usefixtures("journal_repository")
def test_reads_and_writes_are_audited_without_the_persons_id(tmp_path: Path) -> None:
    case, _ = load_vignette(CASES / "stage2-flare-reduce.json")
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    ok("init", "--from-case", str(path), "--person", "zoe")
    ok("checkin", "--date", "2026-11-21", "--morning-stiffness", "2", "--pain-walking", "1")
    ok("test", "hop", "--pain", "1", "--no-flare", "--date", "2026-11-21")
    ok("status", "--as-of", "2026-11-21")
    ok("history")
    ok("data", "export", str(tmp_path / "out.json"))
    engine = make_engine(resolve_url())
    with Session(engine) as session:
        person = session.scalars(select(Person)).one()
        actions = [entry.action for entry in trail(session, person)]
        assert actions == [
            "person.create",
            "journal.init",
            "assessment.store",
            "checkin.record",
            "test.record",
            "assessment.store",
            "history.read",
            "data.export",
        ]
        assert person.uid is not None
        every = list(session.scalars(select(AuditEntry)))
        assert {entry.subject for entry in every} == {subject_of(person.uid)}
        assert all(
            "zoe" not in (entry.detail or "") and entry.subject != str(person.id) for entry in every
        )
    engine.dispose()


def _actions(engine_url: str | None = None) -> list[tuple[str, str | None]]:
    engine = make_engine(resolve_url(engine_url))
    with Session(engine) as session:
        rows = [
            (e.action, e.subject)
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]
    engine.dispose()
    return rows


@pytest.mark.usefixtures("journal_repository")
def test_a_restore_keeps_the_audit_rows_written_since_the_backup(tmp_path: Path) -> None:
    case, _ = load_vignette(CASES / "stage2-flare-reduce.json")
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    ok("init", "--from-case", str(path), "--person", "zoe")
    backup = tmp_path / "backup.sqlite3"
    ok("data", "backup", str(backup))
    at_backup = _actions()
    ok("checkin", "--date", "2026-11-21", "--morning-stiffness", "2", "--pain-walking", "1")
    ok("data", "erase", "--yes")
    before_restore = _actions()
    since = before_restore[len(at_backup) :]
    assert [action for action, _ in since] == ["checkin.record", "data.erase"]

    result = run("data", "restore", str(backup), "--yes")
    assert result.exit_code == 0, result.output
    assert f"Kept {len(since)} audit log rows" in result.output
    # The backup brings zoe back although the log says she was erased since: say so, by name.
    assert "brings back data erased since it was taken (zoe)" in result.output

    after = _actions()
    assert after[: len(at_backup)] == at_backup  # the backup's own log, unchanged
    assert after[len(at_backup) : -1] == since  # then what was done since, in order
    assert after[-1] == ("data.restore", None)  # then the restore itself, under no subject

    # Restoring the same backup again keeps every row once: nothing is duplicated.
    ok("data", "restore", str(backup), "--yes")
    again = _actions()
    assert again[:-1] == after
    assert again[-1] == ("data.restore", None)


def test_a_restore_over_an_empty_database_records_only_the_restore(tmp_path: Path) -> None:
    case, _ = load_vignette(CASES / "stage2-flare-reduce.json")
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    ok("init", "--from-case", str(path), "--person", "zoe")
    backup = tmp_path / "backup.sqlite3"
    ok("data", "backup", str(backup))
    at_backup = _actions()
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    output = ok("data", "restore", str(backup), "--yes", "--db", fresh)
    assert "Kept" not in output and "Warning" not in output
    assert _actions(fresh) == [*at_backup, ("data.restore", None)]
