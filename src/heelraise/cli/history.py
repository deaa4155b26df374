"""`heelraise history`: tables and terminal sparklines of the measures over time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from heelraise.cli import app
from heelraise.cli.options import db_option, person_option

if TYPE_CHECKING:
    from rich.table import Table

    from heelraise.app.history import Series

BARS = "▁▂▃▄▅▆▇█"
LAST = 12


def sparkline(values: list[float]) -> str:
    """One bar character per value, scaled between the series' lowest and highest."""
    if not values:
        return ""
    low, high = min(values), max(values)
    span = high - low
    if span == 0:
        return BARS[len(BARS) // 2] * len(values)
    return "".join(BARS[round((value - low) / span * (len(BARS) - 1))] for value in values)


def _format(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


@app.command("history")
def history_command(
    db: str | None = db_option(),
    person: str | None = person_option(),
) -> None:
    """Morning stiffness, pain, VISA-A, heel-rise symmetry and weekly km over time."""
    from rich.console import Console
    from rich.table import Table

    from heelraise.app.history import history

    name, series = history(db, person)
    out = Console(highlight=False)
    overview = Table(title=f"History: {name}")
    overview.add_column("Measure")
    overview.add_column("Trend (oldest → newest)")
    overview.add_column("First", justify="right")
    overview.add_column("Latest", justify="right")
    overview.add_column("Points", justify="right")
    for one in series:
        values = [value for _, value in one.points]
        if not values:
            overview.add_row(one.name, "[dim]no data yet[/dim]", "", "", "0")
            continue
        overview.add_row(
            one.name,
            sparkline(values),
            f"{_format(values[0])} {one.unit}",
            f"{_format(values[-1])} {one.unit}",
            str(len(values)),
        )
    out.print(overview)
    for one in series:
        if one.points:
            out.print(_recent(one))


def _recent(one: Series) -> Table:
    from rich.table import Table

    table = Table(title=f"{one.name} (last {min(LAST, len(one.points))})", box=None)
    table.add_column("Date")
    table.add_column(one.unit, justify="right")
    for when, value in one.points[-LAST:]:
        table.add_row(when.isoformat(), _format(value))
    return table
