"""`heelraise export fhir [-o FILE]`: the journal as a FHIR R4 bundle (calls `heelraise.app`)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from heelraise.app.fhir_transfer import bundle_bytes, fhir_bundle, write_fhir
from heelraise.cli import app
from heelraise.cli.options import db_option, parse_as_of, person_option

export_app = typer.Typer(
    help="Export the journal in a standard format (FHIR R4) for a clinician's system.",
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")


@export_app.command("fhir")
def fhir_command(
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write the bundle here (default: standard output)."
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help="The day the condition, plan and flags are for (default today)."
    ),
    db: str | None = db_option(),
    person: str | None = person_option(),
) -> None:
    """A FHIR R4 Bundle (collection): Patient (pseudonymous), Condition, Observations,
    Questionnaires and responses, CarePlan and Flags. `heelraise import` reads it back."""
    day = parse_as_of(as_of)
    if output is None:
        _name, bundle = fhir_bundle(db, person, day)
        sys.stdout.buffer.write(bundle_bytes(bundle))
        sys.stdout.flush()
        return
    name = write_fhir(db, person, day, output)
    typer.echo(f"Wrote {output} (the FHIR bundle for {name}).", err=True)
