"""`heelraise data export | import | erase | backup | restore`: the person owns their data."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from heelraise.app.backups import backup, restore
from heelraise.app.transfer import erase, import_person, write_export
from heelraise.cli import app
from heelraise.cli.options import db_option, person_option

data_app = typer.Typer(help="Take your data away, bring it back, erase it, back it up.")
app.add_typer(data_app, name="data")


@data_app.command("export")
def export_command(
    file: Path = typer.Argument(..., help="Write the JSON here (heelraise.export/1)."),
    force: bool = typer.Option(
        False, "--force", help="Replace FILE if it exists (else asked on a terminal, or refused)."
    ),
    db: str | None = db_option(),
    person: str | None = person_option(),
) -> None:
    """All of one person's data as a documented JSON file.

    An existing FILE is never replaced silently: --force replaces it; on a terminal
    you are asked; otherwise nothing is written and the status is 1."""
    replace = force
    if not force and file.exists() and _on_a_terminal():
        replace = typer.confirm(f"{file} already exists. Replace it?", default=False)
        if not replace:
            typer.echo("Nothing written.")
            raise SystemExit(1)
    write_export(db, person, file, replace=replace)
    typer.echo(f"Wrote {file}")


def _on_a_terminal() -> bool:
    """True when someone can answer a question (standard input is a terminal)."""
    return sys.stdin.isatty()


@data_app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="A heelraise.export/1 file."),
    db: str | None = db_option(),
    person: str | None = typer.Option(
        None, "--person", help="Import under this name (default: the name in the file)."
    ),
) -> None:
    """Bring back an exported journal (checked completely before anything is written)."""
    name = import_person(db, file, person)
    typer.echo(f"Imported {name!r} from {file}")


@data_app.command("erase")
def erase_command(
    yes: bool = typer.Option(False, "--yes", help="Really erase: this cannot be undone."),
    db: str | None = db_option(),
    person: str | None = person_option(),
) -> None:
    """Erase every record of one person (export first if you may want it back)."""
    if not yes:
        typer.echo("Erasing cannot be undone: run again with --yes (export first to keep a copy).")
        raise SystemExit(1)
    name, counts = erase(db, person)
    total = sum(counts.values())
    typer.echo(f"Erased {name!r}: {total} records.")


@data_app.command("backup")
def backup_command(
    file: Path = typer.Argument(..., help="New SQLite file to write the copy to."),
    db: str | None = db_option(),
) -> None:
    """A consistent copy of the whole SQLite journal (SQLite's online backup)."""
    backup(db, file)
    typer.echo(f"Backed up to {file}")


@data_app.command("restore")
def restore_command(
    file: Path = typer.Argument(..., help="A file written by `heelraise data backup`."),
    yes: bool = typer.Option(False, "--yes", help="Replace the journal without asking."),
    db: str | None = db_option(),
) -> None:
    """Replace the whole SQLite journal with a backup."""
    if not yes and not typer.confirm("Replace the whole journal with this backup?", default=False):
        typer.echo("Nothing changed.")
        raise SystemExit(1)
    kept = restore(db, file)
    typer.echo(f"Restored from {file}")
    if kept.rows_kept:
        typer.echo(f"Kept {kept.rows_kept} audit log rows written since the backup was taken.")
    if kept.erased_since:
        names = ", ".join(kept.erased_since)
        typer.echo(
            f"Warning: the backup brings back data erased since it was taken ({names}). "
            "Erase it again with `heelraise data erase --person NAME` unless you meant to "
            "bring it back.",
            err=True,
        )
