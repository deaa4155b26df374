"""`heelraise assess`: one case (readable or JSON), or a batch of JSON lines."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

import typer

from heelraise.cli import app
from heelraise.errors import HeelraiseError


@app.command()
def assess(
    case: str = typer.Argument(
        None, metavar="CASE", help="Case JSON file (heelraise.case/1), or - for standard input."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print the assessment document."),
    with_history: bool = typer.Option(
        False,
        "--with-history",
        help="Fill the case's training from the activities stored by `heelraise import`.",
    ),
    db: str | None = typer.Option(
        None, "--db", metavar="URL", help="Database URL (default: your data folder)."
    ),
    person: str | None = typer.Option(
        None,
        "--person",
        metavar="NAME",
        help="Whose stored activities (default: the only person, else 'me').",
    ),
    batch: Path | None = typer.Option(
        None,
        "--batch",
        metavar="IN.jsonl",
        help="Read one case per line (- for standard input); write one assessment per line.",
    ),
    jobs: int = typer.Option(
        1,
        "--jobs",
        min=0,
        metavar="N",
        help="With --batch: assess in N processes (0: one per CPU); the output is the same.",
    ),
) -> None:
    """Assess a case: is this consistent with Achilles tendinopathy, and what to do now."""
    if batch is not None:
        _run_batch(batch, jobs)
        return
    if jobs != 1:
        raise typer.BadParameter("--jobs goes with --batch IN.jsonl", param_hint="--jobs")
    if case is None:
        raise typer.BadParameter("give a CASE file, - for standard input, or --batch IN.jsonl")
    from heelraise.app.assessing import assess_json_text, assessment_json, case_json_with_history

    text = read_case_bytes(case)
    if with_history:
        from heelraise.app.journal import resolve_person  # the store: only this option needs it

        text = case_json_with_history(text, db, resolve_person(db, person, creating=True))
    assessment = assess_json_text(text)
    if json_output:
        sys.stdout.buffer.write(assessment_json(assessment, indent=True) + b"\n")
    else:
        from heelraise.cli.render import render_assessment  # Rich: only readable output needs it

        render_assessment(assessment)


def read_case_bytes(name: str) -> bytes:
    """The bytes of a case file, or of standard input for `-`."""
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except OSError as error:
        raise HeelraiseError(f"{name}: cannot read the case file ({error.strerror})") from None


def _run_batch(path: Path, jobs: int) -> None:
    from heelraise.app.batch import run_batch, usable_cpus

    stream: BinaryIO
    if str(path) == "-":
        stream = sys.stdin.buffer
    else:
        try:
            stream = path.open("rb")
        except OSError as error:
            raise HeelraiseError(f"{path}: cannot read the batch file ({error.strerror})") from None
    out = sys.stdout.buffer
    out.flush()  # nothing written yet is copied into the workers
    with stream:
        run_batch(stream, out.write, jobs or usable_cpus())
    out.flush()
