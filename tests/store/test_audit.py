"""The audit log: reads and writes of a person's data, under a one-way subject only."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from heelraise.store.audit import subject_of, trail
from heelraise.store.database import make_engine, resolve_url
from heelraise.store.models import AuditEntry, Person
from tests.cli.journal_steps import ok
from tests.conftest import CASES, load_vignette


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
