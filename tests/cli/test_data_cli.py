"""`heelraise data ...` and bad input: the person owns their data; nothing half-stored.

Each test runs on SQLite and on the real PostgreSQL server.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from heelraise.errors import InvalidInput
from heelraise.store.audit import subject_of
from heelraise.store.database import make_engine
from heelraise.store.models import AuditEntry, Base, Person
from heelraise.store.transfer import person_tables
from tests.cli.journal_steps import journal_from_case, ok, run
from tests.conftest import CASES, load_vignette

CASE, _ = load_vignette(CASES / "stage1-ready-to-progress.json")


def _export(tmp: Path, where: tuple[str, ...], name: str) -> bytes:
    path = tmp / name
    ok("data", "export", str(path), *where)
    return path.read_bytes()


def _status(where: tuple[str, ...]) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(ok("status", "--json", "--as-of", CASE["as_of"], *where))
    return document


def _with_tests(where: tuple[str, ...]) -> None:
    ok("test", "heel-rise", "--affected", "20", "--other", "25", "--date", "2026-11-18", *where)
    ok("test", "hop", "--pain", "2", "--no-flare", "--date", "2026-11-18", *where)
    answers = "q1=7,q2=8,q3=6,q4=7,q5=6,q6=5,q7=4,q8b=10"
    ok("test", "visa-a", "--answers", answers, "--date", "2026-11-19", *where)


def _person_rows(url: str, person_id: int) -> dict[str, int]:
    """Rows keyed to the person in every table the metadata declares with `person_id`."""
    engine = make_engine(url)
    counts: dict[str, int] = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if "person_id" in table.columns:
                query = select(func.count()).where(table.c.person_id == person_id)
                counts[table.name] = connection.execute(query).scalar_one()
    engine.dispose()
    return counts


def _person_id(url: str, name: str) -> tuple[int, str]:
    engine = make_engine(url)
    with engine.connect() as connection:
        row = connection.execute(select(Person.id, Person.uid).where(Person.name == name)).one()
    engine.dispose()
    return row[0], row[1]


def test_export_erase_import_gives_the_same_assessment(
    tmp_path: Path, journal_where: tuple[str, ...]
) -> None:
    url, name = journal_where[1], journal_where[3]
    first = journal_from_case(CASE, tmp_path, *journal_where)
    _with_tests(journal_where)
    before = _status(journal_where)
    exported = _export(tmp_path, journal_where, "out.json")
    assert json.loads(exported)["format"] == "heelraise.export/1"
    person_id, uid = _person_id(url, name)
    assert sum(_person_rows(url, person_id).values()) > 0

    ok("data", "erase", "--yes", *journal_where)
    remaining = _person_rows(url, person_id)
    assert set(remaining) == set(person_tables())
    assert remaining == dict.fromkeys(remaining, 0)
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.execute(select(Person).where(Person.id == person_id)).first() is None
        audit_columns = {column.name for column in AuditEntry.__table__.columns}
        assert not {"person_id", "name"} & audit_columns  # nothing in the audit log names them
        erased = connection.execute(
            select(AuditEntry.action).where(AuditEntry.subject == subject_of(uid))
        ).scalars()
        assert "data.erase" in list(erased)
        names = connection.execute(text("SELECT detail FROM audit_log")).scalars()
        assert all(name not in (detail or "") for detail in names)
    engine.dispose()

    ok("data", "import", str(tmp_path / "out.json"), *journal_where)
    assert _status(journal_where) == before
    assert first["pathway"] == before["pathway"]
    again = json.loads(_export(tmp_path, journal_where, "again.json"))
    original = json.loads(exported)
    for document in (again, original):  # `status` above stored that day's assessment afresh
        for stored in document["assessments"]:
            stored.pop("created_at")
    assert again == original


def test_a_rejected_checkin_changes_nothing(tmp_path: Path, journal_where: tuple[str, ...]) -> None:
    journal_from_case(CASE, tmp_path, *journal_where)
    before = _export(tmp_path, journal_where, "before.json")
    flags = ("--date", "2026-11-21", "--morning-stiffness", "14", "--pain-walking", "2")
    result = run("checkin", *flags, *journal_where)
    assert result.exit_code != 0
    assert isinstance(result.exception, InvalidInput)
    assert str(result.exception) == "--morning-stiffness: must be an integer 0..10, got 14"
    bad_test = run("test", "hop", "--pain", "11", "--flare", *journal_where)
    assert isinstance(bad_test.exception, InvalidInput)
    assert "--pain: must be an integer 0..10, got 11" in str(bad_test.exception)
    bad_visa = run("test", "visa-a", "--answers", "q1=7,q2=8", *journal_where)
    assert isinstance(bad_visa.exception, InvalidInput)
    assert "--answers.q3: required field is missing" in str(bad_visa.exception)
    assert _export(tmp_path, journal_where, "after.json") == before


def test_a_second_checkin_on_a_day_replaces_it_only_when_confirmed(
    tmp_path: Path, journal_where: tuple[str, ...]
) -> None:
    journal_from_case(CASE, tmp_path, *journal_where)
    day = ("--date", "2026-11-21", "--pain-walking", "1")
    ok("checkin", *day, "--morning-stiffness", "2", *journal_where)
    before = _export(tmp_path, journal_where, "before.json")
    refused = run("checkin", *day, "--morning-stiffness", "5", *journal_where, stdin="n\n")
    assert refused.exit_code == 1
    assert _export(tmp_path, journal_where, "refused.json") == before
    confirmed = ok("checkin", *day, "--morning-stiffness", "5", *journal_where, stdin="y\n")
    assert "Replaced" in confirmed
    ok("checkin", *day, "--morning-stiffness", "6", "--yes", *journal_where)
    checkins = json.loads(_export(tmp_path, journal_where, "after.json"))["checkins"]
    assert [c["morning_stiffness_0_10"] for c in checkins if c["date"] == "2026-11-21"] == [6]


def test_a_bad_import_file_names_the_field_and_stores_nothing(
    tmp_path: Path, journal_where: tuple[str, ...]
) -> None:
    journal_from_case(CASE, tmp_path, *journal_where)
    exported = json.loads(_export(tmp_path, journal_where, "out.json"))
    ok("data", "erase", "--yes", *journal_where)
    exported["checkins"][3]["pain_walking_0_10"] = 12
    exported["tests"] = [{"date": "2026-11-01", "kind": "visa_a"}]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(exported), encoding="utf-8")
    result = run("data", "import", str(broken), *journal_where)
    assert isinstance(result.exception, InvalidInput)
    message = str(result.exception)
    assert "checkins[3].pain_walking_0_10: must be an integer 0..10, got 12" in message
    exported["checkins"][3]["pain_walking_0_10"] = 1
    broken.write_text(json.dumps(exported), encoding="utf-8")
    second = run("data", "import", str(broken), *journal_where)
    assert isinstance(second.exception, InvalidInput)
    assert str(second.exception) == "tests[0]: give either score or answers"
    assert "no one called" in str(run("status", *journal_where).exception)


def test_erase_needs_yes(tmp_path: Path) -> None:
    journal_from_case(CASE, tmp_path)
    assert run("data", "erase").exit_code == 1
    ok("status", "--as-of", CASE["as_of"])


def test_import_refuses_a_person_with_data(tmp_path: Path) -> None:
    journal_from_case(CASE, tmp_path)
    ok("data", "export", str(tmp_path / "out.json"))
    result = run("data", "import", str(tmp_path / "out.json"))
    assert result.exit_code != 0
    assert "already has data" in str(result.exception)


def test_export_never_replaces_a_file_silently(tmp_path: Path) -> None:
    """An existing file is refused (status 1, untouched) unless --force replaces it."""
    journal_from_case(CASE, tmp_path)
    target = tmp_path / "precious.json"
    target.write_bytes(b"my own notes")
    refused = run("data", "export", str(target))
    assert refused.exit_code == 1
    assert "already exists" in str(refused.exception)
    assert "--force" in str(refused.exception)
    assert target.read_bytes() == b"my own notes"
    ok("data", "export", str(target), "--force")
    assert json.loads(target.read_bytes())["format"].startswith("heelraise.export/")


def test_export_asks_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    journal_from_case(CASE, tmp_path)
    target = tmp_path / "out.json"
    target.write_bytes(b"keep me")
    monkeypatch.setattr("heelraise.cli.data._on_a_terminal", lambda: True)
    declined = run("data", "export", str(target), stdin="n\n")
    assert declined.exit_code == 1
    assert target.read_bytes() == b"keep me"
    accepted = run("data", "export", str(target), stdin="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert target.read_bytes() != b"keep me"
