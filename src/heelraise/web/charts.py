"""Server-rendered SVG charts (no JavaScript): weekly load with spikes and the onset line.

Each chart is one `<svg role="img">` with a title and a description, sized by
its viewBox so it scales to a phone; colours meet WCAG AA contrast on white and
spikes are marked by shape as well as colour. Pages put a data table beside it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

from markupsafe import Markup

from heelraise.contract import Spike, WeekLoad

WIDTH = 720
HEIGHT = 280
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 28, 44


def nice_step(top: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 × 10^n) giving about `ticks` gridlines up to `top`."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def weekly_load_svg(
    weeks: Sequence[WeekLoad],
    spikes: Sequence[Spike],
    onset: dt.date | None = None,
    *,
    chart_id: str = "load-chart",
) -> Markup:
    """Run km per week as bars; weeks with a spike marked ▲; a dashed line at the onset."""
    if not weeks:
        raise ValueError("no weeks to chart")
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    top = max(week.run_km for week in weeks)
    step = nice_step(top)
    y_max = step * max(1, math.ceil(top / step)) if top > 0 else step
    slot = plot_w / len(weeks)
    bar_w = max(2.0, slot * 0.7)
    first = weeks[0].week_start

    def y(value: float) -> float:
        return TOP + plot_h - value / y_max * plot_h

    by_week: dict[dt.date, list[Spike]] = {}
    for spike in spikes:
        monday = spike.date - dt.timedelta(days=spike.date.weekday())
        by_week.setdefault(monday, []).append(spike)

    spiked = sum(1 for week in weeks if week.week_start in by_week)
    description = (
        f"Running distance per week for {len(weeks)} weeks from {first:%d %b %Y}; "
        f"highest {_fmt(top)} km. {spiked} week(s) hold a load spike"
        + (f"; the pain began on {onset:%d %b %Y}." if onset else ".")
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">Weekly running load</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    tick = 0.0
    while tick <= y_max + 1e-9:
        ty = y(tick)
        parts.append(
            f'<line class="grid" x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}"/>'
        )
        parts.append(
            f'<text class="axis" x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">'
            f"{_fmt(tick)}</text>"
        )
        tick += step
    parts.append(f'<text class="axis" x="4" y="{TOP - 12}">km</text>')
    label_every = max(1, math.ceil(len(weeks) / 8))
    for index, week in enumerate(weeks):
        x = LEFT + index * slot + (slot - bar_w) / 2
        marked = by_week.get(week.week_start, [])
        css = "bar spike" if marked else "bar"
        height = max(0.0, y(0) - y(week.run_km))
        label = (
            f"Week of {week.week_start:%d %b %Y}: {_fmt(week.run_km)} km, "
            f"{week.sessions} session(s)"
        )
        if marked:
            label += "; spikes: " + ", ".join(sorted({s.kind.replace("_", " ") for s in marked}))
        parts.append(
            f'<rect class="{css}" x="{x:.1f}" y="{y(week.run_km):.1f}" width="{bar_w:.1f}" '
            f'height="{height:.1f}"><title>{escape(label)}</title></rect>'
        )
        if marked:
            cx = x + bar_w / 2
            cy = y(week.run_km) - 8
            parts.append(
                f'<path class="spike-marker" d="M{cx - 6:.1f},{cy + 5:.1f} '
                f'L{cx + 6:.1f},{cy + 5:.1f} L{cx:.1f},{cy - 6:.1f} Z">'
                f"<title>{escape(label)}</title></path>"
            )
        if index % label_every == 0:
            parts.append(
                f'<text class="axis" x="{x + bar_w / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" '
                f'text-anchor="middle">{week.week_start:%d %b}</text>'
            )
    if onset is not None:
        offset_days = (onset - first).days
        if 0 <= offset_days < 7 * len(weeks):
            ox = LEFT + offset_days / 7 * slot
            parts.append(
                f'<line class="onset" x1="{ox:.1f}" y1="{TOP - 6}" '
                f'x2="{ox:.1f}" y2="{TOP + plot_h}">'
                f"<title>Pain began {onset:%d %b %Y}</title></line>"
            )
            parts.append(
                f'<text class="onset-label" x="{ox + 4:.1f}" y="{TOP - 10}">pain began</text>'
            )
    parts.append(
        f'<line class="baseline" x1="{LEFT}" y1="{y(0):.1f}" x2="{WIDTH - RIGHT}" y2="{y(0):.1f}"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def trend_svg(
    points: Sequence[tuple[dt.date, float]],
    *,
    title: str,
    unit: str,
    y_max: float,
    target: float | None = None,
    chart_id: str = "trend-chart",
) -> Markup:
    """A measure over time (VISA-A, heel-rise symmetry): dots joined by a line, with an
    optional dashed target line; x is spaced by date."""
    if not points:
        raise ValueError("no points to chart")
    ordered = sorted(points)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    first, last = ordered[0][0], ordered[-1][0]
    span = max(1, (last - first).days)
    top = max(y_max, max(value for _day, value in ordered))
    step = nice_step(top)
    top = step * math.ceil(top / step)

    def x(day: dt.date) -> float:
        if len(ordered) == 1:
            return LEFT + plot_w / 2
        return LEFT + (day - first).days / span * plot_w

    def y(value: float) -> float:
        return TOP + plot_h - value / top * plot_h

    latest = ordered[-1]
    description = (
        f"{title}: {len(ordered)} result(s) from {first:%d %b %Y} to {last:%d %b %Y}; "
        f"latest {_fmt(latest[1])}{unit}"
        + (f"; target {_fmt(target)}{unit}." if target is not None else ".")
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="chart trend" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    tick = 0.0
    while tick <= top + 1e-9:
        parts.append(
            f'<line class="grid" x1="{LEFT}" y1="{y(tick):.1f}" x2="{WIDTH - RIGHT}" '
            f'y2="{y(tick):.1f}"/>'
        )
        parts.append(
            f'<text class="axis" x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">'
            f"{_fmt(tick)}</text>"
        )
        tick += step
    if target is not None:
        parts.append(
            f'<line class="target" x1="{LEFT}" y1="{y(target):.1f}" x2="{WIDTH - RIGHT}" '
            f'y2="{y(target):.1f}"><title>Target {_fmt(target)}{escape(unit)}</title></line>'
        )
    path = " ".join(
        f"{'M' if index == 0 else 'L'}{x(day):.1f},{y(value):.1f}"
        for index, (day, value) in enumerate(ordered)
    )
    parts.append(f'<path class="trend-line" d="{path}"/>')
    for day, value in ordered:
        parts.append(
            f'<circle class="point" cx="{x(day):.1f}" cy="{y(value):.1f}" r="5">'
            f"<title>{day:%d %b %Y}: {_fmt(value)}{escape(unit)}</title></circle>"
        )
    for day in (first, last) if first != last else (first,):
        parts.append(
            f'<text class="axis" x="{x(day):.1f}" y="{HEIGHT - BOTTOM + 16}" '
            f'text-anchor="middle">{day:%d %b}</text>'
        )
    parts.append(
        f'<line class="baseline" x1="{LEFT}" y1="{y(0):.1f}" x2="{WIDTH - RIGHT}" y2="{y(0):.1f}"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))
