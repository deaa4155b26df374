"""The daily commands typed as a person would: prompts fed through stdin, or flags."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from heelraise.app.questions import TRIAGE_QUESTIONS
from tests.cli.journal_steps import journal_from_case, ok, run
from tests.conftest import CASES, load_vignette

CASE, _ = load_vignette(CASES / "stage1-ready-to-progress.json")


def _answers_for_a_first_visit(started: dt.date) -> str:
    """stdin for every triage question: a typical midportion picture."""
    chosen = {
        "single_leg_heel_raise": "able",
        "onset": "gradual",
        "started": "last month\n" + started.isoformat(),  # asked again until it is a date
        "side": "left",
        "site": "midportion",
        "morning_stiffness": "y",
        "eases_when_warm": "y",
        "worse_after_fast_or_next_day": "y",
        "pain_0_10": "3",
        "age": "40",
        "sports": "running, padel",
        "goal": "a 10k in spring",
    }
    return "".join(chosen.get(q.field, "n") + "\n" for q in TRIAGE_QUESTIONS)


@pytest.mark.usefixtures("journal_repository")
def test_init_asks_one_question_at_a_time_then_assesses() -> None:
    started = dt.date.today() - dt.timedelta(days=30)
    output = ok("init", stdin=_answers_for_a_first_visit(started))
    assert "pop or snap" in output
    assert "Please write the date as YYYY-MM-DD." in output
    assert "consistent with" in output
    status = json.loads(ok("status", "--json"))
    assert (status["pathway"], status["decision"], status["stage"]) == ("self_manage", "start", 1)


@pytest.mark.usefixtures("journal_repository")
def test_an_urgent_answer_stops_the_questions_and_shows_the_urgent_advice() -> None:
    output = ok("init", stdin="y\n")  # a pop
    assert "stopping the questions" in output
    assert "Did it start suddenly" not in output  # no further question was asked
    status = json.loads(ok("status", "--json"))
    assert status["pathway"] == "urgent"
    assert status["plan"] is None


@pytest.mark.usefixtures("journal_repository")
def test_checkin_asks_when_no_flags_are_given(tmp_path: Path) -> None:
    journal_from_case(CASE, tmp_path)
    output = ok("checkin", "--date", "2026-11-21", stdin="3\n2\ny\n4\n3\nn\n")
    assert "Recorded the check-in for 2026-11-21" in output
    exported = tmp_path / "out.json"
    ok("data", "export", str(exported))
    [item] = [c for c in json.loads(exported.read_text())["checkins"] if c["date"] == "2026-11-21"]
    assert item == {
        "date": "2026-11-21",
        "morning_stiffness_0_10": 3,
        "pain_walking_0_10": 2,
        "pain_during_0_10": 4,
        "pain_after_0_10": 3,
        "settled_by_next_morning": False,
        "exercised": True,
    }


@pytest.mark.usefixtures("journal_repository")
def test_visa_a_asks_the_published_items_and_scores_them(tmp_path: Path) -> None:
    journal_from_case(CASE, tmp_path)
    # items 1-6, item 7 choice 2 (4 points), branch B, 21-30 min (14 points)
    stdin = "7\n8\n6\n7\n6\n5\n2\n2\n4\n"
    output = ok("test", "visa-a", "--date", "2026-11-19", stdin=stdin)
    assert "Recorded VISA-A for 2026-11-19: 57/100." in output
    assert "Q1." in output and "single-leg hops" in output


@pytest.mark.usefixtures("journal_repository")
def test_status_plan_and_history_from_the_journal(tmp_path: Path) -> None:
    journal_from_case(CASE, tmp_path)
    ok("test", "heel-rise", "--affected", "20", "--other", "25", "--date", "2026-11-18")
    readable = ok("status", "--as-of", CASE["as_of"])
    assert "Stage 2" in readable
    ics = tmp_path / "plan.ics"
    planned = ok("plan", "--as-of", CASE["as_of"], "--ics", str(ics))
    assert "This week from" in planned
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR")
    shown = ok("history")
    assert "Morning stiffness" in shown
    assert "Heel-rise symmetry" in shown
    assert "80 %" in shown
    assert any(bar in shown for bar in "▁▂▃▄▅▆▇█")


@pytest.mark.usefixtures("journal_repository")
def test_backup_and_restore_with_the_online_backup_api(tmp_path: Path) -> None:
    journal_from_case(CASE, tmp_path)
    before = json.loads(ok("status", "--json", "--as-of", CASE["as_of"]))
    copy = tmp_path / "backup.sqlite3"
    ok("data", "backup", str(copy))
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    ok("data", "erase", "--yes")
    assert run("status").exit_code != 0
    ok("data", "restore", str(copy), "--yes")
    assert json.loads(ok("status", "--json", "--as-of", CASE["as_of"])) == before
    assert "already exists" in str(run("data", "backup", str(copy)).exception)


def test_backup_says_it_is_sqlite_only(postgres_url: str, tmp_path: Path) -> None:
    result = run("data", "backup", str(tmp_path / "b.sqlite3"), "--db", postgres_url)
    assert result.exit_code != 0
    assert "pg_dump" in str(result.exception)


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    result = run("data", "restore", str(junk), "--yes")
    assert result.exit_code != 0
    assert "junk.sqlite3" in str(result.exception)


@pytest.mark.usefixtures("journal_repository")
def test_init_from_case_twice_is_refused(tmp_path: Path) -> None:
    journal_from_case(CASE, tmp_path)
    result = run("init", "--from-case", str(tmp_path / "case.json"))
    assert result.exit_code != 0
    assert "already has records" in str(result.exception)


def test_a_bad_date_flag_is_named() -> None:
    result = run("status", "--as-of", "yesterday")
    assert "--as-of: must be a date written YYYY-MM-DD" in str(result.exception)


def test_the_real_command_exits_2_naming_the_flag(tmp_path: Path) -> None:
    import subprocess
    import sys

    journal_from_case(CASE, tmp_path)
    flags = ["--date", "2026-11-21", "--morning-stiffness", "14", "--pain-walking", "2"]
    done = subprocess.run(
        [sys.executable, "-m", "heelraise", "checkin", *flags],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == "--morning-stiffness: must be an integer 0..10, got 14\n"


@pytest.mark.usefixtures("journal_repository")
def test_imported_activities_feed_the_journal_case(tmp_path: Path) -> None:
    journal_from_case(CASE, tmp_path)
    runs = tmp_path / "runs.csv"
    lines = ["date,sport,distance_km,duration_min"]
    lines += [f"2026-11-{day:02d},run,5.5,30" for day in (9, 11, 13, 16, 18)]
    runs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ok("import", str(runs), "--person", "me")
    status = json.loads(ok("status", "--json", "--as-of", CASE["as_of"]))
    weeks = {week["week_start"]: week["run_km"] for week in status["load"]["weeks"]}
    assert weeks["2026-11-09"] == 16.5
    assert weeks["2026-11-16"] == 11.0


@pytest.mark.usefixtures("journal_repository")
def test_assess_with_history_leaves_out_training_entered_from_a_case(tmp_path: Path) -> None:
    case, _ = load_vignette(CASES / "weekly-volume-spike.json")
    journal_from_case(case, tmp_path)
    whole = tmp_path / "whole-case.json"
    whole.write_text(json.dumps(case), encoding="utf-8")
    plain = json.loads(ok("assess", "--json", str(whole)))
    enriched = json.loads(ok("assess", "--json", "--with-history", str(whole)))
    assert enriched["load"] == plain["load"]  # not counted twice


@pytest.mark.usefixtures("journal_repository")
def test_heel_rise_symmetry_uses_work_when_heights_are_given(tmp_path: Path) -> None:
    journal_from_case(CASE, tmp_path)
    by_reps = ok("test", "heel-rise", "--affected", "20", "--other", "25", "--date", "2026-11-17")
    assert "80% of the other side, by reps" in by_reps
    by_work = ok(
        "test",
        "heel-rise",
        "--affected",
        "25",
        "--other",
        "25",
        "--height-cm",
        "8",
        "--other-height-cm",
        "10",
        "--date",
        "2026-11-18",
    )
    assert "80% of the other side, by work" in by_work  # equal reps, lower rises
