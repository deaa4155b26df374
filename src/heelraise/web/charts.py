"""Server-rendered SVG charts (no JavaScript): weekly load with spikes and the onset line,
the sessions of each week (runs, other sports, rehab), and a measure over time.

Each chart is one `<svg role="img">` with a title and a description, sized by a
phone-width viewBox (`chart_axes.WIDTH`) so its text reads at 390 px; round
ticks with distinct labels; dates with the year where the range crosses one;
every label kept inside the frame. Colours meet WCAG AA contrast on white and
spikes are marked by shape as well as colour. Pages put a table of the same
numbers beside each chart (only the rows with data).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from xml.sax.saxutils import escape

from markupsafe import Markup

from heelraise.app.training_load import TrainingLoad
from heelraise.contract import Spike, WeekLoad
from heelraise.web.chart_axes import (
    FONT,
    SMALL_FONT,
    WIDTH,
    date_labels,
    fmt,
    inside,
    label_every,
    nice_step,
    nice_ticks,
    text_width,
)

__all__ = ["nice_step", "training_chart", "trend_svg", "weekly_load_svg"]

LEFT, RIGHT, TOP = 40, 8, 30
PLOT_H = 140
SESSIONS_GAP, SESSIONS_H = 34, 60
AXIS_H = 26
TREND_H = 150
_Y_NUDGE = 5  # centres a 14-unit label on its gridline


def _open(chart_id: str, height: float, css: str, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'preserveAspectRatio="xMidYMin meet" class="{css}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _text(x: float, y: float, words: str, css: str = "axis", anchor: str = "middle") -> str:
    size = FONT if css == "axis" else SMALL_FONT
    return (
        f'<text class="{css}" x="{x:.1f}" y="{y:.1f}" font-size="{size}" '
        f'text-anchor="{anchor}">{escape(words)}</text>'
    )


def _y_axis(
    values: Sequence[float], labels: Sequence[str], y: Callable[[float], float], right: float
) -> list[str]:
    parts: list[str] = ['<g class="y-axis">']
    for value, label in zip(values, labels, strict=True):
        ty = y(value)
        parts.append(
            f'<line class="grid" x1="{LEFT}" y1="{ty:.1f}" x2="{right:.1f}" y2="{ty:.1f}"/>'
        )
        parts.append(_text(LEFT - 5, ty + _Y_NUDGE, label, anchor="end"))
    parts.append("</g>")
    return parts


def _week_labels(
    weeks: Sequence[dt.date], x_of: Callable[[int], float], slot: float, y: float
) -> list[str]:
    """Dates under the slots, as many as fit without touching, inside the frame."""
    widest = max(text_width(label) for label in date_labels(weeks))
    shown = list(range(0, len(weeks), label_every(len(weeks), slot, widest)))
    labels = date_labels([weeks[index] for index in shown])  # the year on the first of each
    return [
        _text(inside(x_of(index), label), y, label)
        for index, label in zip(shown, labels, strict=True)
    ]


def weekly_load_svg(
    weeks: Sequence[WeekLoad],
    spikes: Sequence[Spike],
    onset: dt.date | None = None,
    *,
    rehab: Mapping[dt.date, int] | None = None,
    chart_id: str = "load-chart",
) -> Markup:
    """Run km per week as bars, spike weeks marked ▲, a dashed line at the onset; below,
    each week's sessions stacked: runs, other sports and rehab sessions done."""
    if not weeks:
        raise ValueError("no weeks to chart")
    rehab = rehab or {}
    plot_w = WIDTH - LEFT - RIGHT
    top_km = max(week.run_km for week in weeks)
    km = nice_ticks(0, max(top_km, 1.0))
    slot = plot_w / len(weeks)
    bar_w = max(2.0, slot * 0.7)
    first = weeks[0].week_start
    counts = [
        (week.run_sessions, week.other_sessions, rehab.get(week.week_start, 0)) for week in weeks
    ]
    top_count = max(sum(count) for count in counts)
    sessions = nice_ticks(0, max(top_count, 1), ticks=2)
    sessions_top = TOP + PLOT_H + SESSIONS_GAP
    height = sessions_top + SESSIONS_H + AXIS_H

    def y(value: float) -> float:
        return TOP + PLOT_H - value / km.high * PLOT_H

    def y_count(value: float) -> float:
        return sessions_top + SESSIONS_H - value / sessions.high * SESSIONS_H

    def x_mid(index: int) -> float:
        return LEFT + index * slot + slot / 2

    by_week: dict[dt.date, list[Spike]] = {}
    for spike in spikes:
        monday = spike.date - dt.timedelta(days=spike.date.weekday())
        by_week.setdefault(monday, []).append(spike)
    spiked = sum(1 for week in weeks if week.week_start in by_week)
    done = sum(rehab.get(week.week_start, 0) for week in weeks)
    description = (
        f"Running distance per week for {len(weeks)} weeks from {first:%d %b %Y}; "
        f"highest {fmt(top_km)} km. {spiked} week(s) hold a load spike"
        + (f"; the pain began on {onset:%d %b %Y}" if onset else "")
        + f". Below: sessions per week (runs, other sports, {done} rehab session(s) done)."
    )
    parts = _open(chart_id, height, "chart load", "Weekly running load", description)
    parts += _y_axis(km.values, km.labels, y, WIDTH - RIGHT)
    parts.append(_text(4, TOP - 12, "km", anchor="start"))
    for index, week in enumerate(weeks):
        x = LEFT + index * slot + (slot - bar_w) / 2
        marked = by_week.get(week.week_start, [])
        css = "bar spike" if marked else "bar"
        label = (
            f"Week of {week.week_start:%d %b %Y}: {fmt(week.run_km)} km, {week.sessions} session(s)"
        )
        if marked:
            label += "; spikes: " + ", ".join(sorted({s.kind.replace("_", " ") for s in marked}))
        parts.append(
            f'<rect class="{css}" x="{x:.1f}" y="{y(week.run_km):.1f}" width="{bar_w:.1f}" '
            f'height="{max(0.0, y(0) - y(week.run_km)):.1f}"><title>{escape(label)}</title></rect>'
        )
        if marked:
            cx, cy = x + bar_w / 2, y(week.run_km) - 8
            parts.append(
                f'<path class="spike-marker" d="M{cx - 6:.1f},{cy + 5:.1f} '
                f'L{cx + 6:.1f},{cy + 5:.1f} L{cx:.1f},{cy - 6:.1f} Z">'
                f"<title>{escape(label)}</title></path>"
            )
    parts.append(
        f'<line class="baseline" x1="{LEFT}" y1="{y(0):.1f}" x2="{WIDTH - RIGHT}" y2="{y(0):.1f}"/>'
    )
    # Sessions per week: runs, other sports, rehab, stacked from the bottom.
    parts.append(_text(4, sessions_top - 10, "sessions per week", "axis", anchor="start"))
    parts += _y_axis(sessions.values, sessions.labels, y_count, WIDTH - RIGHT)
    for index, (week, (runs, other, done_here)) in enumerate(zip(weeks, counts, strict=True)):
        x = LEFT + index * slot + (slot - bar_w) / 2
        base = 0
        for count, css, words in (
            (runs, "count-run", "run(s)"),
            (other, "count-other", "other sport session(s)"),
            (done_here, "count-rehab", "rehab session(s) done"),
        ):
            if count:
                top_y, bottom_y = y_count(base + count), y_count(base)
                parts.append(
                    f'<rect class="{css}" x="{x:.1f}" y="{top_y:.1f}" width="{bar_w:.1f}" '
                    f'height="{bottom_y - top_y:.1f}"><title>Week of {week.week_start:%d %b %Y}: '
                    f"{count} {words}</title></rect>"
                )
                base += count
    parts.append(
        f'<line class="baseline" x1="{LEFT}" y1="{y_count(0):.1f}" x2="{WIDTH - RIGHT}" '
        f'y2="{y_count(0):.1f}"/>'
    )
    parts += _week_labels(
        [week.week_start for week in weeks], x_mid, slot, sessions_top + SESSIONS_H + 20
    )
    if onset is not None:
        offset_days = (onset - first).days
        if 0 <= offset_days < 7 * len(weeks):
            ox = LEFT + offset_days / 7 * slot
            parts.append(
                f'<line class="onset" x1="{ox:.1f}" y1="{TOP - 6}" x2="{ox:.1f}" '
                f'y2="{y_count(0):.1f}"><title>Pain began {onset:%d %b %Y}</title></line>'
            )
            words = "pain began"
            parts.append(
                _text(inside(ox, words, left=LEFT, size=SMALL_FONT), TOP - 12, words, "onset-label")
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def training_chart(load: TrainingLoad) -> Markup | None:
    """The training page's chart: runs, other sports and the rehab sessions done."""
    if not load.weeks:
        return None
    return weekly_load_svg(load.weeks, load.spikes, load.onset, rehab=load.rehab_by_week)


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
    plot_w = WIDTH - LEFT - RIGHT - 10  # room for the last dot
    first, last = ordered[0][0], ordered[-1][0]
    span = max(1, (last - first).days)
    ticks = nice_ticks(0, max(y_max, max(value for _day, value in ordered)))
    height = TOP + TREND_H + AXIS_H

    def x(day: dt.date) -> float:
        if len(ordered) == 1:
            return LEFT + plot_w / 2
        return LEFT + 5 + (day - first).days / span * plot_w

    def y(value: float) -> float:
        return TOP + TREND_H - value / ticks.high * TREND_H

    latest = ordered[-1]
    description = (
        f"{title}: {len(ordered)} result(s) from {first:%d %b %Y} to {last:%d %b %Y}; "
        f"latest {fmt(latest[1])}{unit}"
        + (f"; target {fmt(target)}{unit}." if target is not None else ".")
    )
    parts = _open(chart_id, height, "chart trend", title, description)
    parts += _y_axis(ticks.values, ticks.labels, y, WIDTH - RIGHT)
    if target is not None:
        parts.append(
            f'<line class="target" x1="{LEFT}" y1="{y(target):.1f}" x2="{WIDTH - RIGHT}" '
            f'y2="{y(target):.1f}"><title>Target {fmt(target)}{escape(unit)}</title></line>'
        )
    path = " ".join(
        f"{'M' if index == 0 else 'L'}{x(day):.1f},{y(value):.1f}"
        for index, (day, value) in enumerate(ordered)
    )
    parts.append(f'<path class="trend-line" d="{path}"/>')
    for day, value in ordered:
        parts.append(
            f'<circle class="point" cx="{x(day):.1f}" cy="{y(value):.1f}" r="5">'
            f"<title>{day:%d %b %Y}: {fmt(value)}{escape(unit)}</title></circle>"
        )
    ends = [first, last] if first != last else [first]  # at the two edges: never touching
    for day, label in zip(ends, date_labels(ends), strict=True):
        parts.append(_text(inside(x(day), label), TOP + TREND_H + 20, label))
    parts.append(
        f'<line class="baseline" x1="{LEFT}" y1="{y(0):.1f}" x2="{WIDTH - RIGHT}" y2="{y(0):.1f}"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))
