"""The bombs of issue 12 through `heelraise import`, `/api/people/{p}/import` and
`/training/upload`, each in a process tree of its own: refused or skipped with a
reason, under 300 MB of memory for the whole tree and under 100 MB of temporary
disk (RLIMIT_FSIZE: a write past 100 MB fails, and the reason would no longer be
the expected one; the old code, run so, skipped the deflated `inner.zip` as
"corrupt archive member (File too large)").

Before the one decompression budget the same bombs (tests/bombs.py, full size)
peaked at 3.2 GB (double gzip), 6.2 GB (bzip2 declaring 1,000 bytes), 2.3 GB
(a bzip2 `inner.zip`), 1.1 GB (the `.gpx.gz`) and wrote 1.2 GB of temporary
file (a deflated `inner.zip`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from heelraise.app.imports import import_paths
from tests.memory_probe import child_env, heelraise_command, run_measured

MAX_PEAK_MB = 300
MAX_FILE_BYTES = 100 * 1024**2  # any temporary (or other) file the tree writes
BOMB = "expands more than 200 times its stored size (a decompression bomb?); not read"
REASONS = {
    "double-gzip.fit": ("double-gzip.fit", BOMB),
    "bzip2-declares-1000.zip": (
        "bzip2-declares-1000.zip!run.fit",
        "corrupt archive member (more data than the 1,000 bytes it declares)",
    ),
    "inner-zip-deflate.zip": ("inner-zip-deflate.zip!inner.zip", BOMB),
    "inner-zip-bzip2.zip": ("inner-zip-bzip2.zip!inner.zip", BOMB),
    "track.gpx.gz": ("track.gpx.gz", BOMB),
}
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", sorted(REASONS))
def test_the_cli_skips_each_bomb_within_memory_and_disk(
    issue_bombs: dict[str, Path], tmp_path: Path, name: str
) -> None:
    db = f"sqlite:///{tmp_path / 'journal.sqlite3'}"
    command = heelraise_command("import", "--db", db, str(issue_bombs[name]))
    env = child_env(tmp_path, COLUMNS="400")
    measured = run_measured(command, env=env, max_file_bytes=MAX_FILE_BYTES)
    assert measured.returncode == 1, measured.stderr[-2000:]  # 1: something was skipped
    source, reason = REASONS[name]
    line = next(line for line in measured.stdout.splitlines() if source in line)
    assert reason in line
    assert "Traceback" not in measured.stderr
    assert measured.peak_mb < MAX_PEAK_MB
    assert not [path for path in tmp_path.iterdir() if path.name.startswith("heelraise-")]


@pytest.mark.parametrize("route", ["api", "page"])
def test_both_upload_routes_skip_every_bomb_within_memory_and_disk(
    issue_bombs: dict[str, Path], tmp_path: Path, route: str
) -> None:
    db = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    files = [str(issue_bombs[name]) for name in sorted(REASONS)]
    command = [*heelraise_command()[:2], "tests.upload_probe", route, db, *files]
    env = child_env(
        tmp_path, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    )
    measured = run_measured(command, env=env, max_file_bytes=MAX_FILE_BYTES, cwd=REPO)
    assert measured.returncode == 0, measured.stderr[-2000:]
    results = json.loads(measured.stdout)
    for result in results:
        assert result["status"] == 200, result
        source, reason = REASONS[str(result["file"])]
        [skipped] = result["skipped"]
        assert skipped.endswith(f"{source.split('!', 1)[-1]}: {reason}"), skipped
    assert len(results) == len(REASONS)
    assert measured.peak_mb < MAX_PEAK_MB


def test_a_bomb_among_good_files_is_skipped_and_the_rest_imported(
    issue_bombs: dict[str, Path], corpus: Path, tmp_path: Path
) -> None:
    good = corpus / "goldencheetah" / "test__runs__10kUNLP2014-Garmin15.tcx"
    db = f"sqlite:///{tmp_path / 'j.sqlite3'}"
    report = import_paths(
        [good, issue_bombs["double-gzip.fit"], issue_bombs["inner-zip-bzip2.zip"]], db
    )
    assert report.imported == 1
    assert [item.reason for item in report.failed] == [BOMB, BOMB]
    assert report.peak_temp_bytes < MAX_FILE_BYTES
    assert report.limits.max_file_bytes == 200 * 1024**2
