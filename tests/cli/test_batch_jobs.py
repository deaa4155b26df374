"""`assess --batch --jobs N`: the same bytes as one job, in the same order, bad lines included."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from heelraise.app.assessing import assess_lines
from heelraise.app.batch import read_chunks, run_batch
from tests.cli.test_plain_output import BENCHMARKS
from tests.conftest import vignette_paths

BAD_LINES = [
    b"not json",
    b'{"as_of": "2026-11-20", "symptoms": {"pain_0_10": 14}}',
    b'{"as_of": ',  # cut short: the message names where
    b"[1, 2]",
    b'{"as_of": "2026-11-20", "symptoms": {}, "typo": 1}',
    b"",
    b"   ",
    b'{"as_of": "2026-11-20", "symptoms": {}}\r',  # a Windows line end
]


def batch_lines() -> list[bytes]:
    """The vignettes, 2,000 seeded random cases and the bad lines, shuffled in."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from random_cases import random_cases
    finally:
        sys.path.remove(str(BENCHMARKS))
    lines = [path.read_bytes().replace(b"\n", b" ") for path in vignette_paths()]
    lines += [json.dumps(case).encode() for case in random_cases(2000)]
    rng = random.Random(15)
    for bad in BAD_LINES * 3:
        lines.insert(rng.randrange(len(lines) + 1), bad)
    return lines


@pytest.fixture(scope="module")
def batch_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("batch") / "in.jsonl"
    path.write_bytes(b"\n".join(batch_lines()))  # and no newline after the last line
    return path


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "heelraise", "assess", *args],
        input=stdin,
        capture_output=True,
        check=False,
    )


def test_two_and_three_jobs_write_what_one_job_writes(batch_file: Path) -> None:
    one = run("--batch", str(batch_file), "--jobs", "1")
    assert one.returncode == 0, one.stderr
    for jobs in ("2", "3"):
        many = run("--batch", str(batch_file), "--jobs", jobs)
        assert many.returncode == 0, many.stderr
        assert many.stdout == one.stdout, f"--jobs {jobs} differs from --jobs 1"
    lines = batch_file.read_bytes().split(b"\n")
    out = one.stdout.splitlines()
    assert len(out) == sum(1 for line in lines if line.strip())
    errors = [json.loads(line) for line in out if line.startswith(b'{"error"')]
    assert len(errors) == 5 * 3
    for error in errors:
        assert lines[error["line"] - 1] in BAD_LINES, error
    assert any(e["error"].startswith("symptoms.pain_0_10: must be an integer") for e in errors)


def test_jobs_read_standard_input(batch_file: Path) -> None:
    data = b"\n".join(batch_file.read_bytes().split(b"\n")[:300])
    one = run("--batch", "-", stdin=data)
    two = run("--batch", "-", "--jobs", "2", stdin=data)
    assert one.returncode == two.returncode == 0, two.stderr
    assert two.stdout == one.stdout


def test_jobs_need_a_batch(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_bytes(vignette_paths()[0].read_bytes())
    done = run(str(case), "--jobs", "2")
    assert done.returncode == 2
    assert b"--jobs" in done.stderr


@pytest.mark.parametrize("size", [1, 7, 64, 1000, 1 << 18])
def test_chunks_hold_whole_lines_and_their_numbers(size: int) -> None:
    data = b"a\n\nbb\r\nccc\n" + b"d" * 300 + b"\nlast"
    chunks = list(read_chunks(io.BytesIO(data), size))
    assert b"".join(chunk for _, chunk in chunks) == data
    for first_line, chunk in chunks:
        assert data.split(b"\n")[first_line - 1] == chunk.split(b"\n")[0]
        assert chunk.endswith(b"\n") or chunk is chunks[-1][1]
    assert list(read_chunks(io.BytesIO(b""), size)) == []


@pytest.mark.parametrize("size", [1, 4096, 1 << 18])
def test_chunked_output_is_what_the_line_by_line_batch_gives(batch_file: Path, size: int) -> None:
    data = b"\n".join(batch_file.read_bytes().split(b"\n")[:400])
    written: list[bytes] = []
    run_batch(io.BytesIO(data), written.append, jobs=1, chunk_bytes=size)
    expected = b"".join(line + b"\n" for line in assess_lines(io.BytesIO(data)))
    assert b"".join(written) == expected
