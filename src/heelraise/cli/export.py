"""`heelraise export fhir [-o FILE]`: the journal as a FHIR R4 bundle (calls `heelraise.app`)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from heelraise.cli import app
from heelraise.cli.options import DAY, db_option, parse_as_of, person_option

export_app = typer.Typer(
    help="Export the journal in a standard format (FHIR R4) for a clinician's system.",
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")


@export_app.command("fhir")
def fhir_command(
    output: Path | None = typer.Option(
        None,
        "-o",
        "--output",
        metavar="FILE",
        help="Write the bundle here (default: standard output).",
    ),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        metavar=DAY,
        help="The day the condition, plan and flags are for (default today).",
    ),
    db: str | None = db_option(),
    person: str | None = person_option(),
) -> None:
    """The journal as a FHIR R4 Bundle, which `heelraise import` reads back.

    A collection of Patient (pseudonymous), Condition, Observations, Questionnaires and
    their responses, CarePlan and Flags."""
    from heelraise.app.fhir_transfer import bundle_bytes, fhir_bundle, write_fhir

    day = parse_as_of(as_of)
    if output is None:
        _name, bundle = fhir_bundle(db, person, day)
        sys.stdout.buffer.write(bundle_bytes(bundle))
        sys.stdout.flush()
        return
    name = write_fhir(db, person, day, output)
    typer.echo(f"Wrote {output} (the FHIR bundle for {name}).", err=True)
