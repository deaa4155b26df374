"""Crash safety: SIGKILL a writer at random moments, 50 times (seeded).

After every kill the SQLite file passes `PRAGMA integrity_check`, and every
write is all or nothing: each import batch is wholly present or absent and
matches its audit row, and each check-in has its audit row.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.store.crash_worker import BATCH

KILLS = 50
SEED = 20261124


def _check(path: Path) -> tuple[int, int]:
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        sources = connection.execute("SELECT source FROM activities").fetchall()
        # one CSV file per batch; each row's source is `path:line`
        per_batch = Counter(source.rsplit(":", 1)[0] for (source,) in sources)
        assert all(count == BATCH for count in per_batch.values()), per_batch
        imports = connection.execute(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'activities.import'"
        ).fetchone()[0]
        assert imports == len(per_batch)
        checkins = connection.execute("SELECT COUNT(*) FROM checkins").fetchone()[0]
        recorded = connection.execute(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'checkin.record'"
        ).fetchone()[0]
        assert checkins == recorded
    connection.close()
    return len(per_batch), checkins


@pytest.mark.slow
def test_sigkill_during_imports_and_checkins_leaves_whole_writes(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite3"
    url = f"sqlite:///{path}"
    chance = random.Random(SEED)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    progress: list[tuple[int, int]] = []
    for _ in range(KILLS):
        worker = subprocess.Popen(
            [sys.executable, "-m", "tests.store.crash_worker", url, str(tmp_path)],
            stdout=subprocess.PIPE,
            cwd=REPO,
            env=env,
        )
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == b"ready"
        time.sleep(chance.uniform(0.0, 0.15))
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        worker.stdout.close()
        assert worker.returncode == -signal.SIGKILL
        progress.append(_check(path))
    batches, checkins = progress[-1]
    print(f"after {KILLS} kills: {batches} import batches, {checkins} check-ins")
    assert batches >= KILLS and checkins >= KILLS  # every run committed at least once
