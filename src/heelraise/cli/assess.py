"""`heelraise assess`: one case (readable or JSON), or a batch of JSON lines."""

from __future__ import annotations

import gc
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
) -> None:
    """Assess a case: is this consistent with Achilles tendinopathy, and what to do now."""
    if batch is not None:
        _run_batch(batch)
        return
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


def _run_batch(path: Path) -> None:
    from heelraise.app.assessing import assess_lines

    stream: BinaryIO
    if str(path) == "-":
        stream = sys.stdin.buffer
    else:
        try:
            stream = path.open("rb")
        except OSError as error:
            raise HeelraiseError(f"{path}: cannot read the batch file ({error.strerror})") from None
    out = sys.stdout.buffer
    _settle_memory()
    with stream:
        buffer: list[bytes] = []
        for line in assess_lines(stream):
            buffer.append(line)
            if len(buffer) >= 512:
                out.write(b"\n".join(buffer) + b"\n")
                buffer.clear()
        if buffer:
            out.write(b"\n".join(buffer) + b"\n")
    out.flush()


def _settle_memory() -> None:
    """Before a batch: build the engine, then keep the collector off everything built so far.

    Start-up leaves tens of thousands of long-lived objects (schemas, knowledge,
    the engine); frozen, the cyclic collector stops walking them again and
    again. Each case's objects are freed by reference counting as it goes, so
    collections can also run less often.
    """
    from heelraise.app.assessing import prepare_engine

    prepare_engine()
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 50, 100)
