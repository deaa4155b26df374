"""Axes for the server-drawn charts: round ticks, date labels, labels kept inside the frame.

Charts are drawn in a 360-unit-wide viewBox, about the width a 390 px phone
gives them, so a 14-unit label is about 14 CSS px there (and larger, never
smaller, on a wider screen up to the figure's maximum width). Text sizes are
attributes on the elements, so the size does not depend on the stylesheet.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 360
FONT = 14  # axis and label text, in viewBox units (≈ CSS px on a phone)
SMALL_FONT = 13
CHAR_WIDTH = 0.6  # a generous average glyph width, as a fraction of the font size


def nice_step(span: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 × 10^n) giving at most about `ticks` steps over `span`."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power * (1 + 1e-12):
            return float(factor * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


@dataclass(frozen=True, slots=True)
class Ticks:
    """Evenly spaced round values covering a range, and their labels."""

    values: tuple[float, ...]
    step: float
    decimals: int

    @property
    def low(self) -> float:
        return self.values[0]

    @property
    def high(self) -> float:
        return self.values[-1]

    def label(self, value: float) -> str:
        text = f"{value:.{self.decimals}f}"
        return "0" if float(text) == 0 else text

    @property
    def labels(self) -> list[str]:
        return [self.label(value) for value in self.values]


def nice_ticks(low: float, high: float, ticks: int = 4) -> Ticks:
    """Round ticks from a multiple of the step at or below `low` to one at or above `high`.

    The step is 1, 2 or 5 × 10^n and the labels carry just the decimals the step
    needs, so they are distinct and strictly increasing (never 0, 0.1, 0.1, 0.2).
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError("ticks need finite numbers")
    low, high = min(low, high), max(low, high)
    if high - low < 1e-6 * max(1.0, abs(low), abs(high)):  # one value: a range around it
        pad = abs(low) / 10 or 0.5
        low, high = (0.0, 1.0) if low == 0 else (low - pad, high + pad)
    step = nice_step(high - low, ticks)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    while round(first * step, decimals) > low:  # float noise: cover the data exactly
        first -= 1
    while round(last * step, decimals) < high:
        last += 1
    values = tuple(round(index * step, decimals) + 0.0 for index in range(first, last + 1))
    return Ticks(values, step, decimals)


def text_width(text: str, size: float = FONT) -> float:
    """An upper estimate of how wide `text` is drawn at `size`."""
    return len(text) * size * CHAR_WIDTH


def inside(
    x: float, text: str, *, left: float = 0, right: float = WIDTH, size: float = FONT
) -> float:
    """The centre for a label meant to sit at `x`, moved just enough to stay in the frame."""
    half = text_width(text, size) / 2 + 2
    return min(max(x, left + half), right - half)


def date_labels(days: Sequence[dt.date]) -> list[str]:
    """`5 Oct` for each day; the first label and the first of each new year add the year."""
    labels: list[str] = []
    year: int | None = None
    for day in days:
        text = f"{day.day} {day:%b}"
        if day.year != year:
            text += f" {day.year}"
            year = day.year
        labels.append(text)
    return labels


def label_every(count: int, slot: float, widest: float, gap: float = 10) -> int:
    """Label every n-th of `count` evenly spaced slots so that labels `widest` wide do not
    touch."""
    if count <= 0:
        return 1
    return max(1, math.ceil((widest + gap) / max(slot, 1e-9)))


def fmt(value: float) -> str:
    """A value for a tooltip or description: at most one decimal, no trailing zero."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text
