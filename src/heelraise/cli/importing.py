"""`heelraise import`, `heelraise activities` and `heelraise activities delete ID`: thin
commands over `heelraise.app`."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import orjson
import typer
from rich.console import Console
from rich.table import Table

from heelraise.app.journal import resolve_person
from heelraise.cli import app
from heelraise.errors import HeelraiseError, InvalidInput, Problem

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from heelraise.app.imports import ImportProgress, ImportReport

EXIT_NOTHING_READ = 1

_DB_HELP = "Database URL (default: HEELRAISE_DATABASE_URL, else SQLite in the data folder)."


@app.command("import")
def import_command(
    paths: list[Path] = typer.Argument(..., help="Files, folders or zip exports to import."),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP),
    person: str | None = typer.Option(
        None, "--person", help="Whose activities these are (default: the only person, else 'me')."
    ),
) -> None:
    """Import activities (FIT, GPX, TCX, CSV; Garmin and Strava exports) or a FHIR bundle.

    Files that cannot be read are listed with the reason and skipped; the rest are
    imported. Exit status 0 when the import did its job (even if it skipped some
    files), 1 when files were given but none could be read, 2 for bad options. A
    FHIR bundle (from `heelraise export fhir`) goes into a person with no records.
    """
    if len(paths) == 1 and _a_json_object(paths[0]):
        # Only a JSON object can be a FHIR bundle: the FHIR models load for those alone.
        from heelraise.app.fhir_transfer import is_fhir_bundle

        if is_fhir_bundle(paths[0]):
            _import_bundle(paths[0], db, person)
            return
    from heelraise.app.imports import import_paths

    with _ProgressBar() as on_progress:
        report = import_paths(paths, db, resolve_person(db, person, creating=True), on_progress)
    _print_report(report)
    if report.nothing_read:
        # SystemExit, not typer.Exit: `main()` runs the app with standalone_mode=False,
        # where typer.Exit becomes a return value and the status would be lost.
        raise SystemExit(EXIT_NOTHING_READ)


class _ProgressBar:
    """Rich's progress bar on stderr, shown only once an import has run `SHOW_AFTER_S`:
    a shorter one would flash it by, and need not load it (some 5 ms) nor start its
    refresh thread."""

    SHOW_AFTER_S = 0.5

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def __call__(self, step: ImportProgress) -> None:
        if self.bar is None:
            if time.perf_counter() - self.started < self.SHOW_AFTER_S:
                return
            self._show()
        assert self.bar is not None
        assert self.task is not None
        name = step.source.rsplit("!", 1)[-1].rsplit("/", 1)[-1]
        self.bar.update(self.task, completed=step.done, total=step.total, current=name[:40])

    def _show(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
        )

        self.bar = Progress(
            SpinnerColumn(),
            TextColumn("Importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[current]}", style="dim"),
            console=Console(stderr=True),
            transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task("import", total=None, current="")


def _a_json_object(path: Path) -> bool:
    """Whether the file starts like a JSON object (what a FHIR bundle is)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(64)
    except OSError:
        return False
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _import_bundle(path: Path, db: str | None, person: str | None) -> None:
    """A FHIR bundle into the person's empty journal (checked whole before anything is stored)."""
    from heelraise.app.fhir_transfer import import_fhir

    try:
        text = path.read_bytes()
    except OSError as error:
        raise HeelraiseError(f"{path}: cannot read ({error.strerror})") from None
    name, counts = import_fhir(db, text, resolve_person(db, person, creating=True))
    words = ", ".join(f"{count} {kind.replace('_', ' ')}" for kind, count in counts.items())
    typer.echo(f"Imported the FHIR bundle for {name}: {words}.")


def _print_report(report: ImportReport) -> None:
    out = Console()
    summary = Table(title="Import", show_header=False)
    summary.add_row("Imported", str(report.imported))
    summary.add_row("Already there (duplicates)", str(report.duplicates))
    summary.add_row("Skipped, unreadable", str(len(report.failed)))
    summary.add_row("Skipped, not an activity", str(len(report.skipped) - len(report.failed)))
    listing = report.listing
    if listing.listed or listing.multisport_parents:
        legs = ""
        if listing.multisport_parents:
            legs = (
                f"; {listing.multisport_parents} multisport activities counted as their "
                f"{listing.multisport_legs} legs"
            )
        summary.add_row(
            "Garmin's activity list",
            f"{listing.listed} listed: {listing.with_file} with a file, "
            f"{listing.without_file} without one (read from the list){legs}",
        )
    summary.add_row("Limits", report.limits.describe())
    out.print(summary)
    if report.failed:
        failed = Table(title="Skipped: could not be read")
        failed.add_column("File", overflow="fold")
        failed.add_column("Reason", overflow="fold")
        for item in report.failed:
            failed.add_row(item.source, item.reason)
        out.print(failed)
    if report.left_out:
        left = Table(title="Values left out: they cannot be real")
        for column in ("File", "Field", "Reason"):
            left.add_column(column, overflow="fold")
        for entry in report.left_out:
            left.add_row(entry.source, entry.field, entry.reason)
        out.print(left)
    ignored = Counter(item.reason for item in report.skipped if not item.bad)
    if ignored:
        # Exports hold many non-activity files (monitoring, settings): count them by reason.
        table = Table(title="Skipped: not activities")
        table.add_column("Reason", overflow="fold")
        table.add_column("Files", justify="right")
        for reason, count in ignored.most_common():
            table.add_row(reason, str(count))
        out.print(table)


def _parse_since(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput([Problem("--since", "use a date like 2026-10-01")]) from None


activities_app = typer.Typer(
    help="List imported activities (with their ids); `delete ID` removes one.",
    invoke_without_command=True,
)
app.add_typer(activities_app, name="activities")


@activities_app.callback()
def activities_command(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print contract training items as JSON."),
    since: str | None = typer.Option(None, "--since", help="Only from this date (YYYY-MM-DD)."),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP),
    person: str | None = typer.Option(
        None, "--person", help="Whose activities to list (default: the only person, else 'me')."
    ),
) -> None:
    """List imported activities."""
    if ctx.invoked_subcommand is not None:
        return
    who = resolve_person(db, person, creating=True)
    from heelraise.app.activities import activities_since, activities_with_ids

    items = activities_since(db, who, _parse_since(since))
    if as_json:
        payload = [item.to_training() for item in items]
        typer.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode())
        return
    with_ids = activities_with_ids(db, who)
    ids = {(s.start, s.content_hash): number for number, s in with_ids}
    table = Table(title=f"Activities ({len(items)})")
    for column in ("ID", "Date", "Sport", "km", "min", "Climb m", "Name"):
        right = column in ("ID", "km", "min", "Climb m")
        table.add_column(column, justify="right" if right else "left")
    for item in items:
        climb = "" if item.elevation_gain_m is None else f"{item.elevation_gain_m:.0f}"
        number = ids.get((item.start, item.content_hash))
        table.add_row(
            "" if number is None else str(number),
            item.date.isoformat(),
            item.sport,
            f"{item.distance_km:.2f}",
            f"{item.duration_min:.1f}",
            climb,
            item.name or "",
        )
    Console().print(table)


@activities_app.command("delete")
def delete_command(
    activity_id: int = typer.Argument(..., help="The activity's ID (see `heelraise activities`)."),
    yes: bool = typer.Option(False, "--yes", help="Delete without asking."),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP),
    person: str | None = typer.Option(
        None, "--person", help="Whose activity it is (default: the only person)."
    ),
) -> None:
    """Delete one imported activity (recorded in the audit log)."""
    who = resolve_person(db, person)
    if not yes and not typer.confirm(f"Delete activity {activity_id} of {who}?", default=False):
        typer.echo("Nothing deleted.")
        raise SystemExit(1)
    from heelraise.app.activities import delete_activity

    what = delete_activity(db, who, activity_id)
    typer.echo(f"Deleted activity {activity_id} ({what}).")
