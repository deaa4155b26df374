"""`heelraise report --pdf FILE`: the clinical report a person brings to their physio."""

from __future__ import annotations

from pathlib import Path

import typer

from heelraise.cli import app
from heelraise.cli.options import DAY, db_option, parse_as_of, person_option
from heelraise.errors import HeelraiseError


@app.command()
def report(
    pdf: Path = typer.Option(..., "--pdf", metavar="FILE", help="Write the report here as PDF."),
    as_of: str | None = typer.Option(
        None, "--as-of", metavar=DAY, help="The day to report (default today)."
    ),
    name: str | None = typer.Option(
        None,
        "--name",
        metavar="NAME",
        help="Print this name on the report (default: a pseudonymous reference).",
    ),
    db: str | None = db_option(),
    person: str | None = person_option(),
) -> None:
    """A PDF report for a physio, GP or specialist, two A4 pages at most.

    It holds the triage, pathway and flags, the course timeline and training load, the
    tests, the programme now, the return-to-run criteria and the sources."""
    from heelraise.web.report import report_pdf  # WeasyPrint: only this command needs it

    _file_name, data = report_pdf(db, person, parse_as_of(as_of), name=name)
    try:
        pdf.write_bytes(data)
    except OSError as error:
        raise HeelraiseError(f"{pdf}: cannot write ({error.strerror})") from None
    typer.echo(f"Wrote {pdf}")
