"""`heelraise import` and `heelraise activities` through Typer's CliRunner.

The commands are registered by importing `heelraise.cli.importing` (what
`_register_commands` does), so these tests do not depend on other modules.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from pydantic import TypeAdapter
from typer.testing import CliRunner

import heelraise.cli.importing  # noqa: F401 - registers the commands
from heelraise.cli import app
from heelraise.contract import TrainingSession
from heelraise.errors import InvalidInput

runner = CliRunner()


def _no_traceback(output: str) -> None:
    assert "Traceback" not in output


@pytest.mark.usefixtures("activity_store")
def test_import_all_good_exits_zero_and_reports(corpus: Path) -> None:
    result = runner.invoke(app, ["import", str(corpus / "tcxreader")])
    _no_traceback(result.output)
    assert result.exit_code == 0, result.output
    assert "Imported" in result.output
    assert "3" in result.output


@pytest.mark.usefixtures("activity_store")
def test_reimport_reports_duplicates(corpus: Path) -> None:
    runner.invoke(app, ["import", str(corpus / "tcxreader")])
    result = runner.invoke(app, ["import", str(corpus / "tcxreader")])
    assert result.exit_code == 0
    assert "duplicates" in result.output


@pytest.mark.usefixtures("activity_store")
def test_a_bad_file_among_good_ones_is_listed_and_the_import_succeeds(
    corpus: Path, tmp_path: Path
) -> None:
    """The new user's folder: some files unreadable, the rest imported → status 0."""
    broken = tmp_path / "broken.tcx"
    broken.write_text("<TrainingCenterDatabase><Activities>")
    good = corpus / "goldencheetah" / "test__runs__10kUNLP2014-Garmin15.tcx"
    result = runner.invoke(app, ["import", str(good), str(broken)], env={"COLUMNS": "200"})
    _no_traceback(result.output)
    assert result.exit_code == 0, result.output
    assert "broken.tcx" in result.output
    assert "not well-formed XML" in result.output


@pytest.mark.usefixtures("activity_store")
def test_a_folder_with_some_unreadable_files_exits_zero(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "runs"
    folder.mkdir()
    for path in sorted((corpus / "gpxpy").glob("*.gpx"))[:12]:
        (folder / path.name).write_bytes(path.read_bytes())
    for number in range(3):
        (folder / f"cut{number}.gpx").write_bytes(b'<gpx version="1.1"><trk><trkseg><trkpt')
    result = runner.invoke(app, ["import", str(folder)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "cut0.gpx" in result.output


def test_nothing_readable_exits_one(tmp_path: Path) -> None:
    broken = tmp_path / "broken.tcx"
    broken.write_text("<TrainingCenterDatabase><Activities>")
    paths = [str(broken), str(tmp_path / "missing.fit")]
    result = runner.invoke(app, ["import", *paths], env={"COLUMNS": "200"})
    _no_traceback(result.output)
    assert result.exit_code == 1
    assert "broken.tcx" in result.output


def test_import_help_documents_the_exit_status() -> None:
    result = runner.invoke(app, ["import", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Exit status 0" in result.output


@pytest.mark.usefixtures("activity_store")
def test_activities_json_is_contract_training_items(corpus: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'explicit.sqlite3'}"
    good = corpus / "goldencheetah" / "test__runs__10kUNLP2014-Garmin15.tcx"
    assert runner.invoke(app, ["import", "--db", db, "--person", "sam", str(good)]).exit_code == 0
    result = runner.invoke(app, ["activities", "--json", "--db", db, "--person", "sam"])
    assert result.exit_code == 0, result.output
    [item] = json.loads(result.output)
    TypeAdapter(TrainingSession).validate_python(item)  # a valid contract `training` item
    assert item["date"] == "2014-10-11"
    assert item["sport"] == "run"
    assert item["distance_km"] == pytest.approx(10.011, abs=0.001)
    assert item["duration_min"] > 0
    later = runner.invoke(
        app, ["activities", "--json", "--db", db, "--person", "sam", "--since", "2015-01-01"]
    )
    assert json.loads(later.output) == []
    sole = runner.invoke(app, ["activities", "--json", "--db", db])
    assert json.loads(sole.output) == [item]  # the only person is the default
    assert runner.invoke(app, ["import", "--db", db, "--person", "alex", str(good)]).exit_code == 0
    several = runner.invoke(app, ["activities", "--json", "--db", db])
    assert several.exit_code == 1
    assert "choose with --person" in str(several.exception)


@pytest.mark.usefixtures("activity_store")
def test_activities_table(corpus: Path) -> None:
    runner.invoke(app, ["import", str(corpus / "goldencheetah" / "test__swims__OWswim.tcx")])
    result = runner.invoke(app, ["activities"])
    assert result.exit_code == 0
    assert "2022-07-24" in result.output


def test_bad_since_is_a_plain_message() -> None:
    result = runner.invoke(app, ["activities", "--since", "last week"])
    assert result.exit_code != 0
    _no_traceback(result.output)
    # `main()` turns InvalidInput into "--since: ..." and exit status 2
    assert isinstance(result.exception, InvalidInput)
    assert "--since" in str(result.exception)


@pytest.mark.usefixtures("activity_store")
def test_activities_delete_asks_deletes_and_audits(corpus: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'del.sqlite3'}"
    good = corpus / "goldencheetah" / "test__runs__10kUNLP2014-Garmin15.tcx"
    assert runner.invoke(app, ["import", "--db", db, str(good)]).exit_code == 0
    listed = runner.invoke(app, ["activities", "--db", db], env={"COLUMNS": "200"})
    assert "ID" in listed.output
    declined = runner.invoke(app, ["activities", "delete", "1", "--db", db], input="n\n")
    assert declined.exit_code == 1
    assert "Nothing deleted" in declined.output
    missing = runner.invoke(app, ["activities", "delete", "99", "--yes", "--db", db])
    assert missing.exit_code != 0
    assert "no activity 99" in str(missing.exception)
    done = runner.invoke(app, ["activities", "delete", "1", "--yes", "--db", db])
    assert done.exit_code == 0, done.output
    assert "Deleted activity 1 (2014-10-11 run 10.01 km)" in done.output
    assert json.loads(runner.invoke(app, ["activities", "--json", "--db", db]).output) == []
    with sqlite3.connect(tmp_path / "del.sqlite3") as connection:
        actions = [row[0] for row in connection.execute("SELECT action FROM audit_log")]
    assert actions[-1] == "activity.delete"


def test_the_progress_bar_shows_only_once_an_import_takes_a_while(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from heelraise.app.imports import ImportProgress
    from heelraise.cli.importing import _ProgressBar

    step = ImportProgress(1, 3, "/runs/export.zip!activities/run.gpx")
    with _ProgressBar() as quick:
        quick(step)
    assert quick.bar is None  # not shown, not even made
    monkeypatch.setattr(_ProgressBar, "SHOW_AFTER_S", 0.0)
    with _ProgressBar() as slow:
        slow(step)
        slow(ImportProgress(2, 3, "/runs/ride.fit"))
        assert slow.bar is not None
        [task] = slow.bar.tasks
        assert (task.completed, task.total, task.fields["current"]) == (2, 3, "ride.fit")
    assert not slow.bar.live.is_started
