"""The clinician's timeline: one SVG overlaying stages, weekly load, symptoms and tests.

Bands across the top show the programme stages; bars the weekly running km
(left axis); lines morning stiffness and pain walking (0-10, right axis);
diamonds the tests; a dashed line the symptom onset. Shapes as well as colour
tell the series apart, and a table beside it holds the same numbers.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from markupsafe import Markup

from heelraise.app.timeline import Timeline
from heelraise.web.charts import HEIGHT, WIDTH, nice_step

LEFT, RIGHT, TOP, BOTTOM = 48, 40, 40, 44
BAND = 18


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def timeline_svg(line: Timeline, *, chart_id: str = "timeline-chart") -> Markup:
    """The whole course from the first record to `as_of`, on one date axis."""
    first = line.start
    last = line.as_of
    span = max(1, (last - first).days + 7)
    plot_w = WIDTH - LEFT - RIGHT
    plot_top = TOP + BAND + 6
    plot_h = HEIGHT - plot_top - BOTTOM
    top_km = max((km for _d, km in line.weekly_km), default=0.0)
    step = nice_step(top_km) if top_km > 0 else 5.0
    km_max = step * max(1, -(-top_km // step)) if top_km > 0 else 10.0

    def x(day: dt.date) -> float:
        return LEFT + (day - first).days / span * plot_w

    def y_km(value: float) -> float:
        return plot_top + plot_h - value / km_max * plot_h

    def y_score(value: float) -> float:
        return plot_top + plot_h - value / 10 * plot_h

    description = (
        f"Timeline for {line.person} from {first:%d %b %Y} to {last:%d %b %Y}: "
        f"{len(line.stages)} stage period(s), {len(line.weekly_km)} week(s) of training, "
        f"{len(line.stiffness)} check-in(s), {len(line.tests)} test(s)"
        + (f"; symptoms began {line.onset:%d %b %Y}." if line.onset else ".")
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="chart timeline" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">Course timeline</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, stage in enumerate(line.stages):
        x0, x1 = x(max(stage.start, first)), x(stage.end)
        parts.append(
            f'<rect class="stage-band stage-{index % 2}" x="{x0:.1f}" y="{TOP}" '
            f'width="{max(1.0, x1 - x0):.1f}" height="{BAND}"><title>Stage {escape(stage.stage)} '
            f"from {stage.start:%d %b %Y}</title></rect>"
        )
        if x1 - x0 > 40:
            parts.append(
                f'<text class="stage-label" x="{x0 + 4:.1f}" y="{TOP + 13}">'
                f"Stage {escape(stage.stage)}</text>"
            )
    tick = 0.0
    while tick <= km_max + 1e-9:
        parts.append(
            f'<line class="grid" x1="{LEFT}" y1="{y_km(tick):.1f}" x2="{WIDTH - RIGHT}" '
            f'y2="{y_km(tick):.1f}"/>'
            f'<text class="axis" x="{LEFT - 6}" y="{y_km(tick) + 4:.1f}" text-anchor="end">'
            f"{_fmt(tick)}</text>"
        )
        tick += step
    for score in (0, 5, 10):
        parts.append(
            f'<text class="axis" x="{WIDTH - RIGHT + 6}" y="{y_score(score) + 4:.1f}">'
            f"{score}</text>"
        )
    bar_w = max(2.0, 7 / span * plot_w * 0.7)
    for week, km in line.weekly_km:
        parts.append(
            f'<rect class="bar" x="{x(week):.1f}" y="{y_km(km):.1f}" width="{bar_w:.1f}" '
            f'height="{y_km(0) - y_km(km):.1f}"><title>Week of {week:%d %b %Y}: '
            f"{_fmt(km)} km</title></rect>"
        )
    for css, label, points in (
        ("stiffness-line", "Morning stiffness", line.stiffness),
        ("pain-line", "Pain walking", line.pain_walking),
    ):
        if points:
            path = " ".join(
                f"{'M' if i == 0 else 'L'}{x(day):.1f},{y_score(value):.1f}"
                for i, (day, value) in enumerate(points)
            )
            parts.append(f'<path class="{css}" d="{path}"><title>{label}</title></path>')
            for day, value in points:
                parts.append(
                    f'<circle class="{css}-point" cx="{x(day):.1f}" cy="{y_score(value):.1f}" '
                    f'r="3.5"><title>{day:%d %b %Y}: {label.lower()} {_fmt(value)}/10</title>'
                    "</circle>"
                )
    for point in line.tests:
        cx, cy = x(point.date), plot_top + plot_h - 8
        parts.append(
            f'<path class="test-mark test-{point.kind}" d="M{cx:.1f},{cy - 7:.1f} '
            f'L{cx + 6:.1f},{cy:.1f} L{cx:.1f},{cy + 7:.1f} L{cx - 6:.1f},{cy:.1f} Z">'
            f"<title>{point.date:%d %b %Y}: {escape(point.label)}</title></path>"
        )
    if line.onset is not None and line.onset >= first:
        parts.append(
            f'<line class="onset" x1="{x(line.onset):.1f}" y1="{TOP}" '
            f'x2="{x(line.onset):.1f}" y2="{plot_top + plot_h:.1f}"/>'
            f'<text class="onset-label" x="{x(line.onset) + 4:.1f}" y="{TOP - 6}">'
            "symptoms began</text>"
        )
    for day in (first, last):
        parts.append(
            f'<text class="axis" x="{x(day):.1f}" y="{HEIGHT - BOTTOM + 16}" '
            f'text-anchor="middle">{day:%d %b %Y}</text>'
        )
    parts.append(
        f'<line class="baseline" x1="{LEFT}" y1="{y_km(0):.1f}" x2="{WIDTH - RIGHT}" '
        f'y2="{y_km(0):.1f}"/></svg>'
    )
    return Markup("".join(parts))
