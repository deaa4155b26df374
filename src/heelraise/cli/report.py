"""`heelraise report --pdf FILE`: the clinical report a person brings to their physio."""

from __future__ import annotations

from pathlib import Path

import typer

from heelraise.cli import app
from heelraise.cli.options import db_option, parse_as_of, person_option
from heelraise.errors import HeelraiseError
from heelraise.web.report import report_pdf


@app.command()
def report(
    pdf: Path = typer.Option(..., "--pdf", metavar="FILE", help="Write the report here as PDF."),
    as_of: str | None = typer.Option(None, "--as-of", help="The day to report (default today)."),
    name: str | None = typer.Option(
        None, "--name", help="Print this name on the report (default: a pseudonymous reference)."
    ),
    db: str | None = db_option(),
    person: str | None = person_option(),
) -> None:
    """A PDF report for a physio, GP or specialist: triage, pathway and flags, the course
    timeline and training load, tests, the programme now, return-to-run criteria, sources."""
    _file_name, data = report_pdf(db, person, parse_as_of(as_of), name=name)
    try:
        pdf.write_bytes(data)
    except OSError as error:
        raise HeelraiseError(f"{pdf}: cannot write ({error.strerror})") from None
    typer.echo(f"Wrote {pdf}")
