"""`assess --with-history`: spikes come from the activities stored by `heelraise import`."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from tests.factories import case_document, weekly_runs


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "heelraise", *args], capture_output=True, text=True, check=False
    )


def test_imported_history_feeds_the_spikes(tmp_path: Path) -> None:
    history = weekly_runs(dt.date(2026, 9, 28), 6)
    rows = ["date,sport,distance_km,duration_min,elevation_gain_m"]
    rows += [
        f"{s['date']},run,{s['distance_km']},{s['duration_min']},{s['elevation_gain_m']}"
        for s in history
    ]
    rows.append("2026-11-10,run,19.0,112.0,60")
    csv = tmp_path / "history.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    imported = run("import", str(csv))
    assert imported.returncode == 0, imported.stderr

    case = tmp_path / "case.json"
    case.write_text(json.dumps(case_document(symptoms={"started": "2026-11-14"})))
    without = json.loads(run("assess", "--json", str(case)).stdout)
    assert without["load"]["spikes"] == []
    done = run("assess", "--json", "--with-history", str(case))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    kinds = {spike["kind"] for spike in result["load"]["spikes"]}
    assert "single_session" in kinds
    assert sum(week["run_sessions"] for week in result["load"]["weeks"]) == len(history) + 1
