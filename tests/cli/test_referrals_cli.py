"""The user's own referral file replaces the packaged examples everywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.factories import case_document


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HEELRAISE_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "heelraise", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_init_then_edit_changes_the_assessment(tmp_path: Path) -> None:
    assert run(tmp_path, "referrals", "--init").returncode == 0
    mine = tmp_path / "referrals.toml"
    mine.write_text(
        mine.read_text(encoding="utf-8").replace("Your GP practice", "Riverside Surgery"),
        encoding="utf-8",
    )
    case = tmp_path / "case.json"
    case.write_text(json.dumps(case_document(history={"fluoroquinolone": True})))
    done = run(tmp_path, "assess", "--json", str(case))
    names = [o["name"] for o in json.loads(done.stdout)["escalation"]["options"]]
    assert "Riverside Surgery" in names
    assert run(tmp_path, "referrals", "--init").returncode == 1  # never overwrites


def test_a_broken_referral_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "referrals.toml").write_text('region = "x"\n', encoding="utf-8")
    done = run(tmp_path, "referrals")
    assert done.returncode == 1
    assert "referrals.toml: destination" in done.stderr
    assert "Traceback" not in done.stderr
