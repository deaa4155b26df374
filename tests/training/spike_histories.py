"""Seeded steady running histories, with and without a +50% 7-day block: how often
the `weekly_volume` rule cries wolf, and how often it finds a real rise.

Steady histories (issue 11, point 8):

- regular days: the same N weekdays every week;
- irregular days: each calendar week N runs on random distinct days (a calendar
  week always holds N runs, but any 7 days may hold from 0 to 2N);
- N from 3 to 6 runs a week, each run the runner's usual distance ±15%,
  2 to 20 weeks long;
- the record starts on any weekday: the runs of the first week before that day
  are not in it (as when a watch's history starts mid-week).

A block is 7 days inserted into the history, starting on a given weekday at
least 28 days after the first run: the runner's N runs (on their weekdays, or
on random days of the block) each 50% longer, so the 7 days hold 1.5 times the
usual 7-day volume. The history after the block carries on as it was (moved 7
days later: whole weeks, so every later run keeps its weekday).

`long_run=True` makes one run of each week (and of the block) twice as long: a
harder case for any 7-day rule, since one 7-day period may then hold two long
runs. It is measured too, but the targets are for the histories above.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

START = dt.date(2025, 1, 6)  # a Monday: day 0 of every history
BLOCK_FACTOR = 1.5
HISTORY_BEFORE_BLOCK = 28  # days from the first run to the block's first day, at least
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True, slots=True)
class Runner:
    regular: bool
    runs_per_week: int
    usual_km: float
    weekdays: tuple[int, ...]  # the regular runner's days (0 = Monday)
    long_run: bool


@dataclass(frozen=True, slots=True)
class Sample:
    """One steady history and the same history with a block at each weekday that fits."""

    runner: Runner
    weeks: int
    steady: list[float]  # km run on each day from START (0.0: no run)
    blocks: dict[int, tuple[list[float], int]] = field(default_factory=dict)
    # weekday of the block's first day -> (daily km with the block, the block's first day)


def _week(rng: random.Random, runner: Runner, factor: float = 1.0) -> list[float]:
    """Seven days of running: N runs of the usual distance ±15%, times `factor`."""
    days = runner.weekdays if runner.regular else sorted(rng.sample(range(7), runner.runs_per_week))
    long_day = days[-1] if runner.regular else rng.choice(days)
    week = [0.0] * 7
    for day in days:
        length = 2.0 if runner.long_run and day == long_day else 1.0
        week[day] = round(runner.usual_km * length * factor * rng.uniform(0.85, 1.15), 2)
    return week


def _block(rng: random.Random, runner: Runner, weekday: int) -> list[float]:
    """The block's 7 days, from `weekday` on: the runner's week at 1.5 times the distance."""
    week = _week(rng, runner, BLOCK_FACTOR)
    if not runner.regular:
        return week  # random days anyway
    return week[weekday:] + week[:weekday]  # the regular weekdays, from `weekday` on


def sample(rng: random.Random, *, long_run: bool = False) -> Sample:
    runs_per_week = rng.randint(3, 6)
    runner = Runner(
        regular=rng.random() < 0.5,
        runs_per_week=runs_per_week,
        usual_km=round(rng.uniform(5.0, 12.0), 1),
        weekdays=tuple(sorted(rng.sample(range(7), runs_per_week))),
        long_run=long_run,
    )
    weeks = rng.randint(2, 20)
    steady = [km for _ in range(weeks) for km in _week(rng, runner)]
    record_starts = rng.randint(0, 6)
    steady[:record_starts] = [0.0] * record_starts
    first_run = next(day for day, km in enumerate(steady) if km)
    blocks: dict[int, tuple[list[float], int]] = {}
    for weekday in range(7):
        starts = [
            day
            for day in range(first_run + HISTORY_BEFORE_BLOCK, len(steady) + 1)
            if day % 7 == weekday
        ]
        if starts:
            start = rng.choice(starts)
            blocks[weekday] = (
                steady[:start] + _block(rng, runner, weekday) + steady[start:],
                start,
            )
    return Sample(runner, weeks, steady, blocks)


def samples(seed: int, count: int, *, long_run: bool = False) -> list[Sample]:
    rng = random.Random(seed)
    return [sample(rng, long_run=long_run) for _ in range(count)]


def training(daily_km: Sequence[float]) -> list[dict[str, Any]]:
    """The case's `training` list for a daily-km history starting on START."""
    return [
        {
            "date": (START + dt.timedelta(days=day)).isoformat(),
            "sport": "run",
            "distance_km": km,
            "duration_min": round(km * 5.5, 1),
        }
        for day, km in enumerate(daily_km)
        if km
    ]


def last_day(daily_km: Sequence[float]) -> dt.date:
    return START + dt.timedelta(days=len(daily_km) - 1)


SpikeDays = Callable[[Sequence[float]], list[dt.date]]
"""The first days of the `weekly_volume` spikes found in a daily-km history."""


@dataclass(slots=True)
class Rates:
    steady: int = 0
    false_spikes: int = 0  # steady histories with any weekly_volume spike
    blocks: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(7), 0))
    found: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(7), 0))
    spikes_at_found_blocks: int = 0  # weekly_volume spikes within 6 days of a found block
    by_kind: dict[str, list[int]] = field(default_factory=dict)
    # "irregular 3/wk" -> [steady, false, blocks, found]

    @property
    def false_rate(self) -> float:
        return self.false_spikes / self.steady if self.steady else 0.0

    def detection(self, weekday: int) -> float:
        blocks = self.blocks[weekday]
        return self.found[weekday] / blocks if blocks else 1.0

    @property
    def spikes_per_found_block(self) -> float:
        found = sum(self.found.values())
        return self.spikes_at_found_blocks / found if found else 0.0


def measure(items: Sequence[Sample], spike_days: SpikeDays) -> Rates:
    rates = Rates()
    for item in items:
        runner = item.runner
        kind = f"{'regular' if runner.regular else 'irregular'} {runner.runs_per_week}/wk"
        counts = rates.by_kind.setdefault(kind, [0, 0, 0, 0])
        rates.steady += 1
        counts[0] += 1
        if spike_days(item.steady):
            rates.false_spikes += 1
            counts[1] += 1
        for weekday, (daily_km, start) in item.blocks.items():
            block_day = START + dt.timedelta(days=start)
            near = [day for day in spike_days(daily_km) if abs((day - block_day).days) <= 6]
            rates.blocks[weekday] += 1
            counts[2] += 1
            if near:
                rates.found[weekday] += 1
                rates.spikes_at_found_blocks += len(near)
                counts[3] += 1
    return rates


def engine_spike_days(assess: Callable[[dict[str, Any]], Any]) -> SpikeDays:
    """`spike_days` through a full assessment of a case document (`assess(document)`)."""
    from tests.factories import case_document

    def spike_days(daily_km: Sequence[float]) -> list[dt.date]:
        as_of = last_day(daily_km)
        document = case_document(
            as_of=as_of.isoformat(),
            symptoms={"started": as_of.isoformat()},
            training=training(daily_km),
        )
        result = assess(document)
        return [spike.date for spike in result.load.spikes if spike.kind == "weekly_volume"]

    return spike_days


def report(rates: Rates, title: str) -> str:
    lines = [title]
    lines.append(
        f"  false spikes: {rates.false_spikes}/{rates.steady} steady histories "
        f"= {100 * rates.false_rate:.1f}%"
    )
    detection = "  ".join(
        f"{WEEKDAYS[weekday]} {100 * rates.detection(weekday):.1f}% "
        f"({rates.found[weekday]}/{rates.blocks[weekday]})"
        for weekday in range(7)
    )
    lines.append(f"  +50% block found, by the block's first weekday: {detection}")
    lines.append(f"  weekly_volume spikes per found block: {rates.spikes_per_found_block:.2f}")
    lines.append("  by kind of history (false spikes; blocks found):")
    for kind in sorted(rates.by_kind, key=lambda k: (k.split()[0], k)):
        steady, false, blocks, found = rates.by_kind[kind]
        lines.append(
            f"    {kind:<16} {false:>3}/{steady:<3} = {100 * false / steady:5.1f}%   "
            f"{found:>4}/{blocks:<4} = {100 * found / blocks if blocks else 100.0:5.1f}%"
        )
    return "\n".join(lines)
