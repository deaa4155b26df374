"""The stdlib journal (`store/sqlite3_journal.py`) does exactly what SQLAlchemy's does.

- Each repository test below runs on both (the `journal` fixture), on a SQLite file.
- The same operations through both, on two copies of one migrated database, leave
  the very same rows in every table, audit log included. The clock and the random
  person ids are pinned for this (both call `store/audit_entry.py`), so nothing is
  left out of the comparison: ids, timestamps, uids and audit subjects are compared too.
- What one writes, the other reads back identically.
- The stored forms (`store/stored_formats.py`) agree with the models' column types.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import JSON, Boolean, Date, DateTime, text
from sqlalchemy.orm import Session

from heelraise.app.journal import plain
from heelraise.app.programme import case_programme_rows
from heelraise.app.status import DayAssessment, assess_in, day_assessor
from heelraise.contract import parse_case
from heelraise.contract.serialise import assessment_to_json
from heelraise.errors import (
    AlreadySetUp,
    CheckInExists,
    HeelraiseError,
    StoreError,
    UnknownPerson,
)
from heelraise.store import audit_entry, stored_formats
from heelraise.store.activities import add_activities
from heelraise.store.database import make_engine
from heelraise.store.journal import Journal
from heelraise.store.journal_interface import (
    DaySave,
    EpisodeParts,
    JournalRepository,
    Records,
    Setup,
)
from heelraise.store.migrate import downgrade
from heelraise.store.models import Base
from heelraise.store.record_values import StageRecord
from heelraise.store.sqlite3_journal import Sqlite3Journal, open_at_head
from heelraise.training.activity import ActivitySummary
from tests.conftest import CASES, load_vignette

ACTOR = "tester"
KINDS = ("sqlalchemy", "sqlite3")


def _case() -> dict[str, Any]:
    """A programme (stage 1, ready to progress), tests, training and check-ins, one day."""
    case, _ = load_vignette(CASES / "stage1-ready-to-progress.json")
    case["tests"] = load_vignette(CASES / "rtr-ready.json")[0]["tests"]
    case["training"] = load_vignette(CASES / "weekly-volume-spike.json")[0]["training"]
    return case


CASE = _case()
AS_OF = dt.date.fromisoformat(CASE["as_of"])
CHECKINS: list[dict[str, Any]] = CASE["checkins"]


def _setup(*, fresh: bool = True, with_records: bool = True) -> Setup:
    """The case as `init --from-case` stores it (`app.onboarding.init_from_case`)."""
    case = parse_case(CASE)
    document = plain(case)
    episode = EpisodeParts(
        case.as_of, plain(case.person), plain(case.symptoms), plain(case.history)
    )
    if not with_records:
        return Setup(episode, fresh=fresh)
    return Setup(
        episode,
        case_programme_rows(document["programme"]),
        document["tests"],
        document["training"],
        fresh=fresh,
    )


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database at the packaged head revision, with no one in it yet."""
    path = tmp_path_factory.mktemp("migrated") / "journal.sqlite3"
    make_engine(f"sqlite:///{path}").dispose()
    return path


def _copy(migrated: Path, target: Path) -> Path:
    with sqlite3.connect(migrated) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    copy.close()
    return target


def _open(kind: str, path: Path, stack: ExitStack) -> JournalRepository:
    if kind == "sqlite3":
        found = open_at_head(f"sqlite:///{path}")
        assert isinstance(found, Sqlite3Journal)
        return Sqlite3Journal(found.path, ACTOR)
    engine = make_engine(f"sqlite:///{path}")
    stack.callback(engine.dispose)
    return Journal(engine, ACTOR)


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def path(migrated: Path, tmp_path: Path) -> Path:
    return _copy(migrated, tmp_path / "journal.sqlite3")


@pytest.fixture
def journal(kind: str, path: Path) -> Iterator[JournalRepository]:
    with ExitStack() as stack:
        yield _open(kind, path, stack)


def _rows(path: Path, query: str, *parameters: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute(query, parameters).fetchall()
    connection.close()
    return rows


def _execute(path: Path, statement: str, *parameters: Any) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(statement, parameters)
    connection.close()


def _actions(path: Path) -> list[str]:
    return [action for (action,) in _rows(path, "SELECT action FROM audit_log ORDER BY id")]


# -- the repository, on both ---------------------------------------------------------


def test_set_up_creates_the_person_and_stores_the_case(journal: JournalRepository) -> None:
    assert journal.people() == []
    journal.set_up("me", _setup())
    journal.set_up("ann", _setup(with_records=False))
    assert journal.people() == ["ann", "me"]
    records = journal.records("me")
    assert records.episode == _setup().episode
    assert records.stages == list(_setup().stages)
    assert records.tests == CASE["tests"]
    assert records.training == [plain_item(item) for item in CASE["training"]]
    assert records.checkins == []
    assert journal.records("ann") == Records(_setup().episode)


def plain_item(item: dict[str, Any]) -> dict[str, Any]:
    """A training item as the contract hands it back (unanswered fields left out)."""
    return {key: value for key, value in item.items() if value is not None}


def test_the_first_triage_starts_the_journal_a_later_one_is_recorded_again(
    journal: JournalRepository, path: Path
) -> None:
    journal.set_up("me", _setup(fresh=False, with_records=False))
    later = EpisodeParts(AS_OF + dt.timedelta(days=3), {}, {"side": "right"}, {})
    journal.set_up("me", Setup(later))
    assert _actions(path) == ["person.create", "journal.init", "triage.record"]
    assert [e.recorded_on for e in journal.episodes("me")] == [AS_OF, later.recorded_on]
    assert journal.records("me").episode == later
    assert journal.records("me", AS_OF).episode == _setup().episode


def test_a_fresh_set_up_is_refused_for_someone_with_records(
    journal: JournalRepository, path: Path
) -> None:
    journal.set_up("me", _setup())
    before = _actions(path)
    with pytest.raises(AlreadySetUp, match="'me' already has records in this journal"):
        journal.set_up("me", _setup())
    assert _actions(path) == before
    assert len(journal.episodes("me")) == 1


def test_an_unknown_person_is_named(journal: JournalRepository) -> None:
    calls: list[Callable[[], object]] = [
        lambda: journal.put_checkin("nobody", CHECKINS[0], replace=False),
        lambda: journal.add_test("nobody", CASE["tests"][0]),
        lambda: journal.records("nobody"),
        lambda: journal.episodes("nobody"),
        lambda: journal.assessments("nobody"),
        lambda: journal.note_read("nobody", "history.read"),
        lambda: journal.pseudonym("nobody"),
        lambda: journal.save_assessment("nobody", AS_OF, {}, "k", None),
    ]
    for call in calls:
        with pytest.raises(UnknownPerson, match="no one called 'nobody'"):
            call()


def test_a_checkin_is_replaced_only_when_told(journal: JournalRepository, path: Path) -> None:
    journal.set_up("me", _setup())
    first = CHECKINS[0]
    assert journal.put_checkin("me", first, replace=False) is False
    with pytest.raises(CheckInExists, match=f"a check-in for {first['date']} is already"):
        journal.put_checkin("me", first, replace=False)
    bare = {"date": first["date"], "morning_stiffness_0_10": 7, "pain_walking_0_10": 6}
    assert journal.put_checkin("me", bare, replace=True) is True
    assert journal.records("me").checkins == [{**bare, "exercised": True}]
    assert _actions(path)[-2:] == ["checkin.record", "checkin.replace"]
    assert _rows(path, "SELECT COUNT(*) FROM checkins") == [(1,)]


def test_checkins_tests_and_training_come_back_in_date_order(journal: JournalRepository) -> None:
    journal.set_up("me", _setup())
    for item in reversed(CHECKINS):
        journal.put_checkin("me", item, replace=False)
    records = journal.records("me")
    assert records.checkins == CHECKINS
    cut = dt.date.fromisoformat(CHECKINS[5]["date"])
    assert journal.records("me", cut).checkins == CHECKINS[:6]
    assert journal.records("me", cut).training == [
        plain_item(item) for item in CASE["training"] if item["date"] <= cut.isoformat()
    ]


def test_a_days_assessment_replaces_that_days_and_its_stage_advance(
    journal: JournalRepository, path: Path
) -> None:
    journal.set_up("me", _setup())
    advance = StageRecord(AS_OF, "stage_change", "2", 0, None, "assessment", "ready", "rule.x")
    journal.save_assessment("me", AS_OF, {"n": 1}, "k1", advance)
    journal.save_assessment("me", AS_OF, {"n": 2}, "k2", advance)
    journal.save_assessment("me", AS_OF - dt.timedelta(days=1), {"n": 0}, "k0", None)
    assert journal.assessments("me") == [
        (AS_OF - dt.timedelta(days=1), {"n": 0}),
        (AS_OF, {"n": 2}),
    ]
    assert journal.records("me").stages == [*_setup().stages, advance]
    assert _actions(path)[-3:] == ["assessment.store"] * 3


def test_a_write_and_its_assessment_land_together_or_not_at_all(
    journal: JournalRepository, path: Path
) -> None:
    journal.set_up("me", _setup())
    seen: list[Records] = []

    def failing(records: Records) -> DaySave | None:
        seen.append(records)
        raise RuntimeError("the engine failed")

    with pytest.raises(RuntimeError, match="the engine failed"):
        journal.put_checkin_assessed("me", CHECKINS[0], replace=False, as_of=AS_OF, assess=failing)
    assert seen[0].checkins == [CHECKINS[0]]  # the assessment saw the new check-in
    assert journal.records("me").checkins == []  # and nothing of it was kept
    assert _actions(path) == ["person.create", "journal.init"]

    def storing(records: Records) -> DaySave | None:
        return DaySave({"checkins": len(records.checkins)}, "k", None)

    journal.add_test_assessed("me", CASE["tests"][0], as_of=AS_OF, assess=storing)
    assert (
        journal.put_checkin_assessed("me", CHECKINS[0], replace=False, as_of=AS_OF, assess=storing)
        is False
    )
    assert journal.assessments("me") == [(AS_OF, {"checkins": 1})]
    assert _actions(path)[2:] == [
        "test.record",
        "assessment.store",
        "checkin.record",
        "assessment.store",
    ]


def test_reads_are_audited_under_a_subject_never_the_name(
    journal: JournalRepository, path: Path
) -> None:
    journal.set_up("me", _setup())
    journal.note_read("me", "history.read")
    journal.note_read("me", "api.read", "checkins")
    [(uid,)] = _rows(path, "SELECT uid FROM people")
    subject = audit_entry.subject_of(uid)
    assert _rows(path, "SELECT actor, action, subject, detail FROM audit_log WHERE id > 2") == [
        (ACTOR, "history.read", subject, None),
        (ACTOR, "api.read", subject, "checkins"),
    ]
    assert journal.pseudonym("me") == audit_entry.pseudonym_of(uid)
    assert journal.pseudonym("me") == journal.pseudonym("me")


def test_someone_made_by_an_older_version_gets_a_random_id_when_first_audited(
    journal: JournalRepository, path: Path
) -> None:
    journal.set_up("me", _setup())
    _execute(path, "UPDATE people SET uid = NULL")
    name = journal.pseudonym("me")
    [(uid,)] = _rows(path, "SELECT uid FROM people")
    assert uid is not None and len(uid) == 32
    assert name == audit_entry.pseudonym_of(uid)


def test_a_unique_conflict_is_retried_once_then_named(
    journal: JournalRepository, path: Path
) -> None:
    journal.set_up("me", _setup())
    before = _actions(path)
    again = Setup(_setup().episode, training=_setup().training)  # the same entered items
    with pytest.raises(StoreError) as raised:
        journal.set_up("me", again)
    assert str(raised.value) == (
        "could not store the triage answers ((sqlite3.IntegrityError) UNIQUE constraint "
        "failed: activities.person_id, activities.content_hash)"
    )
    assert _actions(path) == before
    assert len(journal.episodes("me")) == 1


def test_a_unique_conflict_succeeds_when_retried(journal: JournalRepository, path: Path) -> None:
    """Two writers racing for one day's check-in: the loser's transaction conflicts once,
    and its retry, from the start, sees the winner's row. Played here by a write that
    conflicts on its first run only."""
    journal.set_up("me", _setup(with_records=False))
    runs: list[int] = []
    clash = "INSERT INTO people (name, created_at) VALUES ('me', '2026-11-20 08:00:00.000000')"

    def work(connection: Any) -> str:
        runs.append(len(runs) + 1)
        if len(runs) == 1:
            connection.execute(text(clash) if isinstance(connection, Session) else clash)
        return "done"

    assert journal._write(work, "could not write") == "done"  # type: ignore[attr-defined]
    assert runs == [1, 2]
    runs.clear()

    def always(connection: Any) -> None:  # every run conflicts: one retry, then the error
        runs.append(len(runs) + 1)
        connection.execute(text(clash) if isinstance(connection, Session) else clash)

    with pytest.raises(StoreError, match=r"could not write \(\(sqlite3.IntegrityError\) UNIQUE"):
        journal._write(always, "could not write")  # type: ignore[attr-defined]
    assert runs == [1, 2]


def test_the_audit_log_refuses_changes(journal: JournalRepository, path: Path) -> None:
    journal.set_up("me", _setup())
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        _execute(path, "DELETE FROM audit_log")


def test_a_database_failure_is_a_store_error_with_its_first_line(
    journal: JournalRepository, path: Path
) -> None:
    journal.set_up("me", _setup())
    _execute(path, "DROP TABLE checkins")
    with pytest.raises(StoreError) as read:
        journal.records("me")
    assert str(read.value) == (
        "could not read the journal ((sqlite3.OperationalError) no such table: checkins)"
    )
    with pytest.raises(StoreError) as written:
        journal.put_checkin("me", CHECKINS[0], replace=False)
    assert str(written.value) == (
        "could not store the check-in ((sqlite3.OperationalError) no such table: checkins)"
    )


def test_a_bad_activity_row_is_skipped_never_fatal(
    journal: JournalRepository, path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    journal.set_up("me", _setup(with_records=False))
    _insert_bad_activities(path)
    with caplog.at_level(logging.WARNING, logger="heelraise.store.activities"):
        training = journal.records("me").training
    assert [item["content_hash"] for item in training] == ["plausible"]
    skipped = [message for message in caplog.messages if "skipped" in message]
    assert len(skipped) == 2, caplog.messages


def _insert_bad_activities(path: Path) -> None:
    """Imported rows as an older version may have left them: one with an offset no time
    zone has, one that cannot be real (100 km in 10 minutes), and one that is fine."""
    row = (
        "INSERT INTO activities (person_id, start_utc, utc_offset_min, date, sport, distance_km,"
        " duration_min, kind_inferred, source, content_hash) VALUES (1, ?, ?, ?, 'run', ?, ?, 0,"
        " 'old.fit', ?)"
    )
    _execute(path, row, "2026-11-10 07:00:00.000000", 100_000, "2026-11-10", 5.0, 30.0, "offset")
    _execute(path, row, "2026-11-11 07:00:00.000000", 60, "2026-11-11", 100.0, 10.0, "fast")
    _execute(path, row, "2026-11-12 07:00:00.000000", 60, "2026-11-12", 5.0, 30.0, "plausible")


def test_simultaneous_checkins_for_one_day_give_one_row(
    journal: JournalRepository, path: Path
) -> None:
    journal.set_up("me", _setup(with_records=False))
    results: list[str] = []

    def post() -> None:
        try:
            journal.put_checkin("me", CHECKINS[0], replace=False)
            results.append("stored")
        except CheckInExists:
            results.append("exists")

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["exists"] * 7 + ["stored"]
    assert _rows(path, "SELECT COUNT(*) FROM checkins") == [(1,)]


# -- the two, side by side ----------------------------------------------------------


class Pins:
    """The clock and the random person ids, pinned: a clock ticking one millisecond at each
    reading (from a whole second, so the stored microseconds `.000000` are seen too), and
    ids counted up. `reset` starts both again, for the second implementation."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.readings = 0
        self.uids = 0
        monkeypatch.setattr(audit_entry, "now_utc", self.now)
        monkeypatch.setattr(audit_entry, "new_uid", self.new_uid)

    def now(self) -> dt.datetime:
        self.readings += 1
        return dt.datetime(2026, 11, 20, 8, 0) + dt.timedelta(milliseconds=self.readings - 1)

    def new_uid(self) -> str:
        self.uids += 1
        return f"{self.uids:032x}"

    def reset(self) -> None:
        self.readings = self.uids = 0

    def resync(self) -> None:
        """On to the next whole hundred readings: after a write that failed, which read
        the clock a different number of times (SQLAlchemy inserts at commit, so it makes
        every row before the conflict is found; sqlite3 stops at the conflicting insert),
        none of it stored."""
        self.readings += -self.readings % 100


@pytest.fixture
def pins(monkeypatch: pytest.MonkeyPatch) -> Pins:
    return Pins(monkeypatch)


def _story(journal: JournalRepository, path: Path, pins: Pins | None = None) -> list[Any]:
    """The same operations through a journal; what each returned or raised."""
    seen: list[Any] = []
    made: list[DayAssessment] = []

    def attempt(call: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        try:
            seen.append(call(*args, **kwargs))
        except (HeelraiseError, RuntimeError) as error:
            seen.append((type(error).__name__, str(error)))

    def failing(records: Records) -> DaySave | None:
        raise RuntimeError(f"failed with {len(records.checkins)} check-ins")

    day_before = AS_OF - dt.timedelta(days=1)
    attempt(
        journal.set_up_assessed, "me", _setup(), as_of=AS_OF, assess=day_assessor("me", AS_OF, made)
    )
    attempt(journal.set_up, "me", _setup())  # AlreadySetUp
    for item in CHECKINS[:-2]:
        attempt(journal.put_checkin, "me", item, replace=False)
    attempt(journal.put_checkin, "me", CHECKINS[0], replace=False)  # CheckInExists
    bare = {"date": CHECKINS[0]["date"], "morning_stiffness_0_10": 4, "pain_walking_0_10": 3}
    attempt(journal.put_checkin, "me", {**bare, "exercised": False}, replace=True)
    attempt(
        journal.put_checkin_assessed,
        "me",
        CHECKINS[-2],
        replace=False,
        as_of=day_before,
        assess=day_assessor("me", day_before, made),
    )
    attempt(
        journal.put_checkin_assessed, "me", CHECKINS[-1], replace=False, as_of=AS_OF, assess=failing
    )
    attempt(
        journal.put_checkin_assessed,
        "me",
        CHECKINS[-1],
        replace=False,
        as_of=AS_OF,
        assess=day_assessor("me", AS_OF, made),
    )
    heel_rise, hop = CASE["tests"]
    attempt(journal.add_test, "me", {**heel_rise, "affected_height_cm": 8, "other_height_cm": 9.5})
    attempt(
        journal.add_test_assessed, "me", hop, as_of=AS_OF, assess=day_assessor("me", AS_OF, made)
    )
    visa = {"date": day_before.isoformat(), "kind": "visa_a", "score": 57}
    attempt(journal.add_test, "me", {**visa, "answers": {"q1": 7, "q2": 8}})
    for day in (AS_OF, AS_OF, AS_OF + dt.timedelta(days=1)):  # again; then the advance in force
        attempt(lambda day=day: _day(assess_in(journal, "me", day)))
    attempt(journal.note_read, "me", "history.read")
    attempt(journal.note_read, "me", "api.read", "checkins")
    attempt(journal.pseudonym, "me")
    attempt(journal.pseudonym, "nobody")  # UnknownPerson
    attempt(journal.set_up, "zoe", _setup(fresh=False, with_records=False))
    later = EpisodeParts(AS_OF + dt.timedelta(days=2), {"age": 41}, {"side": "right"}, {})
    attempt(journal.set_up, "zoe", Setup(later))
    attempt(journal.set_up, "me", Setup(_setup().episode, training=_setup().training))  # unique
    if pins is not None:
        pins.resync()
    _execute(path, "UPDATE people SET uid = NULL WHERE name = 'zoe'")  # as an older version left
    attempt(journal.note_read, "zoe", "history.read")
    seen.append([_day(day) for day in made])
    seen.append(_reads(journal))
    return seen


def _day(day: DayAssessment) -> tuple[Any, ...]:
    return (day.person, orjson.loads(assessment_to_json(day.assessment)), day.advanced)


def _reads(journal: JournalRepository) -> list[Any]:
    """Everything the journal gives back, for everyone in it."""
    found: list[Any] = [journal.people()]
    for name in journal.people():
        found.append(journal.episodes(name))
        found.append(journal.assessments(name))
        found.append(journal.records(name))
        for day in (AS_OF - dt.timedelta(days=30), AS_OF - dt.timedelta(days=1), AS_OF):
            found.append(journal.records(name, day))
    return found


def _dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, each value exactly as stored (SQLite's own type)."""
    tables = _rows(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    return {
        name: _rows(path, f'SELECT * FROM "{name}" ORDER BY rowid')
        for (name,) in tables
        if name != "alembic_version"
    }


def test_the_same_operations_leave_the_same_rows(
    migrated: Path, tmp_path: Path, pins: Pins
) -> None:
    seen: dict[str, list[Any]] = {}
    rows: dict[str, dict[str, list[tuple[Any, ...]]]] = {}
    for kind in KINDS:
        pins.reset()
        path = _copy(migrated, tmp_path / f"{kind}.sqlite3")
        with ExitStack() as stack:
            seen[kind] = _story(_open(kind, path, stack), path, pins)
        rows[kind] = _dump(path)
    assert seen["sqlite3"] == seen["sqlalchemy"]
    for table, expected in rows["sqlalchemy"].items():
        assert rows["sqlite3"][table] == expected, table
    assert rows["sqlite3"].keys() == rows["sqlalchemy"].keys()
    # The story did what it says: every kind of row and outcome is there to compare.
    actions = [row[3] for row in rows["sqlite3"]["audit_log"]]
    for action in (
        "person.create",
        "journal.init",
        "triage.record",
        "checkin.record",
        "checkin.replace",
        "test.record",
        "assessment.store",
        "history.read",
        "api.read",
    ):
        assert action in actions, action
    outcomes = {item[0] for item in seen["sqlite3"] if isinstance(item, tuple)}
    assert {"AlreadySetUp", "CheckInExists", "UnknownPerson", "StoreError", "RuntimeError"} <= (
        outcomes
    )
    assert any(advanced is not None for _, _, advanced in seen["sqlite3"][-2])  # a stage advance
    assert all(
        len(table) for name, table in rows["sqlite3"].items() if name in stored_formats.COLUMNS
    )


@pytest.mark.parametrize("writer", KINDS)
def test_what_one_writes_the_other_reads_back_identically(
    writer: str, migrated: Path, tmp_path: Path
) -> None:
    path = _copy(migrated, tmp_path / "journal.sqlite3")
    with ExitStack() as stack:
        _story(_open(writer, path, stack), path)
    engine = make_engine(f"sqlite:///{path}")
    summaries = [
        ActivitySummary(
            start=dt.datetime(2026, 11, day, 7, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            sport="run",
            distance_km=8.0,
            duration_min=44.5,
            source=f"run-{day}.fit",
            content_hash=f"imported-{day}",
            elevation_gain_m=40.0,
            kind="easy",
            kind_inferred=True,
            device="watch",
            avg_hr=141.0,
        )
        for day in (3, 10, 17)
    ]
    add_activities(engine, 1, summaries)
    engine.dispose()
    _insert_bad_activities(path)
    with ExitStack() as stack:
        reads = {kind: _reads(_open(kind, path, stack)) for kind in KINDS}
    assert reads["sqlite3"] == reads["sqlalchemy"]
    training = reads["sqlite3"][3].training  # "me": records, every day
    assert {item.get("content_hash") for item in training} >= {"imported-3", "plausible"}


# -- the stored forms, and when the stdlib journal is used ------------------------------


def test_the_stored_forms_are_the_models_column_types() -> None:
    def form(column: Any) -> str:
        if isinstance(column.type, JSON):
            return "json?" if column.type.none_as_null else "json"
        if isinstance(column.type, DateTime):
            return "datetime"
        if isinstance(column.type, Date):
            return "date"
        if isinstance(column.type, Boolean):
            return "bool"
        return "plain"

    for table, columns in stored_formats.COLUMNS.items():
        model = Base.metadata.tables[table]
        assert columns == {column.name: form(column) for column in model.columns}, table


def test_the_stored_forms_are_sqlalchemys(path: Path) -> None:
    """One of each form, written by SQLAlchemy, read back raw and compared with ours."""
    engine = make_engine(f"sqlite:///{path}")
    Journal(engine, ACTOR).set_up("me", _setup())
    engine.dispose()
    [(created_at,)] = _rows(path, "SELECT created_at FROM people")
    assert created_at == stored_formats.stored(
        "datetime", stored_formats.datetime_value(created_at)
    )
    [row] = _rows(path, "SELECT recorded_on, person_part FROM episodes")
    assert row == (
        stored_formats.stored("date", AS_OF),
        stored_formats.stored("json", _setup().episode.person),
    )
    kinds = _rows(path, "SELECT kind_inferred, entry, typeof(distance_km) FROM activities")
    assert {(inferred, kind) for inferred, _, kind in kinds} == {(0, "real")}
    assert kinds[0][1] == stored_formats.json_text(_setup().training[0])
    assert stored_formats.stored("datetime", dt.datetime(2026, 1, 2, 3, 4, 5)) == (
        "2026-01-02 03:04:05.000000"
    )
    assert stored_formats.stored("json?", None) is None
    assert stored_formats.stored("json", None) == "null"


def test_only_a_sqlite_file_at_the_current_schema_gets_the_stdlib_journal(
    migrated: Path, tmp_path: Path
) -> None:
    current = _copy(migrated, tmp_path / "current.sqlite3")
    assert isinstance(open_at_head(f"sqlite:///{current}"), Sqlite3Journal)
    missing = tmp_path / "missing.sqlite3"
    assert open_at_head(f"sqlite:///{missing}") is None
    assert not missing.exists()  # and it was not created
    older = _copy(migrated, tmp_path / "older.sqlite3")
    engine = make_engine(f"sqlite:///{older}")
    downgrade(engine, "0006")
    engine.dispose()
    assert open_at_head(f"sqlite:///{older}") is None
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    assert open_at_head(f"sqlite:///{junk}") is None
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    assert open_at_head(f"sqlite:///{empty}") is None
    for url in (
        "sqlite:///:memory:",
        "sqlite://",
        f"sqlite:///{current}?mode=ro",
        f"sqlite+pysqlite:///{current}",
        "postgresql+psycopg://u@localhost/heelraise",
    ):
        assert open_at_head(url) is None, url
