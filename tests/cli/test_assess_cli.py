"""`heelraise assess` as a user runs it: a real subprocess, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import load_vignette, vignette_paths
from tests.factories import case_document


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "heelraise", *args], input=stdin, capture_output=True, check=False
    )


def write(tmp_path: Path, document: object, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_readable_output_starts_with_the_intended_purpose(tmp_path: Path) -> None:
    done = run("assess", str(write(tmp_path, case_document())))
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode()
    assert text.index("not a diagnosis") < text.index("consistent with")
    assert "Stage 1" in text and "Sources" in text


def test_json_output_is_the_assessment_document(tmp_path: Path) -> None:
    done = run("assess", "--json", str(write(tmp_path, case_document())))
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["format"] == "heelraise.assessment/1"
    assert document["pathway"] == "self_manage"
    assert document["plan"]["sessions"]


def test_standard_input_and_determinism() -> None:
    payload = json.dumps(case_document()).encode()
    first = run("assess", "--json", "-", stdin=payload)
    second = run("assess", "--json", "-", stdin=payload)
    assert first.returncode == 0
    assert first.stdout == second.stdout


def test_invalid_case_exits_2_with_one_line_per_problem(tmp_path: Path) -> None:
    document = case_document(symptoms={"pain_0_10": 14, "site": "calf", "typo": 1})
    document["symptoms"]["started"] = "2027-01-01"
    done = run("assess", str(write(tmp_path, document)))
    assert done.returncode == 2
    lines = done.stderr.decode().strip().splitlines()
    assert "symptoms.pain_0_10: must be an integer 0..10, got 14" in lines
    fields = sorted(line.split(":")[0] for line in lines)
    assert fields == [
        "symptoms.pain_0_10",
        "symptoms.site",
        "symptoms.started",
        "symptoms.typo",
    ]
    assert b"Traceback" not in done.stderr


def test_missing_file_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    done = run("assess", str(tmp_path / "nope.json"))
    assert done.returncode == 1
    assert b"cannot read the case file" in done.stderr
    assert b"Traceback" not in done.stderr


def test_batch_keeps_order_and_survives_a_bad_line(tmp_path: Path) -> None:
    documents = [load_vignette(path)[0] for path in vignette_paths()]
    lines = [json.dumps(d) for d in documents]
    lines.insert(2, '{"as_of": "2026-11-20", "symptoms": {"pain_0_10": 14}}')
    lines.insert(4, "not json")
    batch = tmp_path / "in.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run("assess", "--batch", str(batch))
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(out) == len(lines)
    assert out[2]["error"].startswith("symptoms.pain_0_10: must be an integer 0..10")
    assert "not valid JSON" in out[4]["error"]
    good = [o for o in out if "error" not in o]
    assert [o["as_of"] for o in good] == [d["as_of"] for d in documents]
    single = json.loads(run("assess", "--json", str(write(tmp_path, documents[0]))).stdout)
    assert out[0] == single


def test_every_command_has_help() -> None:
    done = run("--help")
    assert done.returncode == 0
    assert b"assess" in done.stdout
    assert run("assess", "--help").returncode == 0


def test_batch_scores_visa_a_answers_and_names_a_bad_record(tmp_path: Path) -> None:
    answers = {f"q{i}": 5 for i in range(1, 7)} | {"q7": 4, "q8b": 10}
    good = case_document(
        programme={"started": "2026-10-01", "stage": 2},
        tests=[{"date": "2026-11-01", "kind": "visa_a", "answers": answers}],
    )
    bad = case_document(
        tests=[{"date": "2026-11-01", "kind": "visa_a", "answers": answers | {"q8a": 7}}]
    )
    batch = tmp_path / "in.jsonl"
    batch.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    done = run("assess", "--batch", str(batch))
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in done.stdout.decode().splitlines())
    assert first["measures"]["visa_a"] == [{"date": "2026-11-01", "score": 44}]
    assert second["error"] == "tests[0].answers: answer exactly one of q8a, q8b and q8c"
