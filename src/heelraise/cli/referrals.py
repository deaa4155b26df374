"""`heelraise referrals [--init]`: where heelraise sends people, and how to change it."""

from __future__ import annotations

import typer

from heelraise.cli import app


@app.command()
def referrals(
    init: bool = typer.Option(False, "--init", help="Write an editable copy of the examples."),
) -> None:
    """Show the referral destinations in force (NHS and private examples by default)."""
    from rich.console import Console
    from rich.table import Table

    from heelraise.app.referrals import init_referrals, referral_destinations

    console = Console(highlight=False)
    if init:
        console.print(f"Wrote {init_referrals()}: edit it to match your area or clinic.")
    path, exists, destinations = referral_destinations()
    table = Table(title="Referral destinations")
    for column in ("Level", "Name", "Kind", "How"):
        table.add_column(column)
    for destination in destinations:
        table.add_row(destination.level, destination.name, destination.kind, destination.how)
    console.print(table)
    where = "in use" if exists else "not created yet (heelraise referrals --init)"
    console.print(f"Your file: {path} ({where})")
