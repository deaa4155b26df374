"""The clinician's timeline: one SVG overlaying stages, weekly load, symptoms and tests.

Programme stages are bands behind the whole plot, from the day each began to
the next (labelled where the band is wide enough; the table beside the chart
lists every stage); bars the weekly running km (left axis); lines morning
stiffness and pain walking (0-10, right axis); diamonds the tests; a dashed
line the symptom onset. Shapes as well as colour tell the series apart. Dates
carry the year where the course crosses one; every label stays in the frame.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from markupsafe import Markup

from heelraise.app.timeline import Timeline
from heelraise.web.chart_axes import (
    FONT,
    SMALL_FONT,
    WIDTH,
    date_labels,
    fmt,
    inside,
    label_every,
    nice_ticks,
    text_width,
)

LEFT, RIGHT, TOP = 40, 30, 30
PLOT_H = 170
AXIS_H = 26
HEIGHT = TOP + PLOT_H + AXIS_H


def _text(x: float, y: float, words: str, css: str = "axis", anchor: str = "middle") -> str:
    size = FONT if css == "axis" else SMALL_FONT
    return (
        f'<text class="{css}" x="{x:.1f}" y="{y:.1f}" font-size="{size}" '
        f'text-anchor="{anchor}">{escape(words)}</text>'
    )


def month_ticks(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of each month from `first` to `last` (`first` itself when none falls
    in the range)."""
    day = dt.date(first.year, first.month, 1)
    ticks: list[dt.date] = []
    while day <= last:
        if day >= first:
            ticks.append(day)
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return ticks or [first]


def timeline_svg(line: Timeline, *, chart_id: str = "timeline-chart") -> Markup:
    """The whole course from the first record to `as_of`, on one date axis."""
    first = line.start
    last = line.as_of
    span = max(1, (last - first).days + 7)
    plot_w = WIDTH - LEFT - RIGHT
    top_km = max((km for _d, km in line.weekly_km), default=0.0)
    km = nice_ticks(0, max(top_km, 5.0))
    bottom = TOP + PLOT_H

    def x(day: dt.date) -> float:
        return LEFT + (day - first).days / span * plot_w

    def y_km(value: float) -> float:
        return bottom - value / km.high * PLOT_H

    def y_score(value: float) -> float:
        return bottom - value / 10 * PLOT_H

    description = (
        f"Timeline for {line.person} from {first:%d %b %Y} to {last:%d %b %Y}: "
        f"{len(line.stages)} stage period(s), {len(line.weekly_km)} week(s) of training, "
        f"{len(line.stiffness)} check-in(s), {len(line.tests)} test(s)"
        + (f"; symptoms began {line.onset:%d %b %Y}." if line.onset else ".")
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'preserveAspectRatio="xMidYMin meet" class="chart timeline" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">Course timeline</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, stage in enumerate(line.stages):
        x0 = x(max(stage.start, first))
        x1 = min(x(stage.end), LEFT + plot_w)
        width = max(1.0, x1 - x0)
        title = f"Stage {stage.stage} from {stage.start:%d %b %Y}"
        parts.append(
            f'<rect class="stage-band stage-{index % 2}" x="{x0:.1f}" y="{TOP}" '
            f'width="{width:.1f}" height="{PLOT_H}"><title>{escape(title)}</title></rect>'
        )
        for words in (f"Stage {stage.stage}", stage.stage):
            if text_width(words, SMALL_FONT) + 6 <= width:
                parts.append(_text(x0 + 3, TOP + 15, words, "stage-label", anchor="start"))
                break
    for value, label in zip(km.values, km.labels, strict=True):
        parts.append(
            f'<line class="grid" x1="{LEFT}" y1="{y_km(value):.1f}" x2="{WIDTH - RIGHT}" '
            f'y2="{y_km(value):.1f}"/>'
        )
        parts.append(_text(LEFT - 5, y_km(value) + 5, label, anchor="end"))
    parts.append(_text(4, TOP - 12, "km", anchor="start"))
    for score in (0, 5, 10):
        parts.append(_text(WIDTH - RIGHT + 5, y_score(score) + 5, str(score), anchor="start"))
    parts.append(_text(WIDTH - 2, TOP - 12, "0–10", anchor="end"))
    bar_w = max(2.0, 7 / span * plot_w * 0.7)
    for week, value in line.weekly_km:
        parts.append(
            f'<rect class="bar" x="{x(week):.1f}" y="{y_km(value):.1f}" width="{bar_w:.1f}" '
            f'height="{y_km(0) - y_km(value):.1f}"><title>Week of {week:%d %b %Y}: '
            f"{fmt(value)} km</title></rect>"
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
                    f'r="3.5"><title>{day:%d %b %Y}: {label.lower()} {fmt(value)}/10</title>'
                    "</circle>"
                )
    for point in line.tests:
        cx, cy = x(point.date), bottom - 10
        parts.append(
            f'<path class="test-mark test-{point.kind}" d="M{cx:.1f},{cy - 7:.1f} '
            f'L{cx + 6:.1f},{cy:.1f} L{cx:.1f},{cy + 7:.1f} L{cx - 6:.1f},{cy:.1f} Z">'
            f"<title>{point.date:%d %b %Y}: {escape(point.label)}</title></path>"
        )
    if line.onset is not None and line.onset >= first:
        ox = x(line.onset)
        words = "symptoms began"
        parts.append(
            f'<line class="onset" x1="{ox:.1f}" y1="{TOP - 6}" x2="{ox:.1f}" y2="{bottom}"/>'
        )
        # Between the axis titles ("km" at the left, "0–10" at the right), never over them.
        left = 4 + text_width("km") + 6
        right = WIDTH - 2 - text_width("0–10") - 6
        centre = inside(ox, words, left=left, right=right, size=SMALL_FONT)
        parts.append(_text(centre, TOP - 12, words, "onset-label"))
    ticks = month_ticks(first, last)
    month_w = 30.4 / span * plot_w
    shown = ticks[:: label_every(len(ticks), month_w, text_width("30 Sep 2026"))]
    for day, label in zip(shown, date_labels(shown), strict=True):
        parts.append(_text(inside(x(day), label), bottom + 20, label))
    parts.append(
        f'<line class="baseline" x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}"/>'
        "</svg>"
    )
    return Markup("".join(parts))
