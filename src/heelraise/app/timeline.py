"""Use case: one person's course on one time axis — training load, symptoms, tests, stages.

The clinician's timeline overlays these; the training view uses the onset.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from heelraise.app.engine import current_engine
from heelraise.app.journal import open_journal, today
from heelraise.app.programme import in_force


@dataclass(frozen=True, slots=True)
class StageSpan:
    stage: str
    start: dt.date
    end: dt.date  # exclusive: the next stage's start, or the day after `as_of`


@dataclass(frozen=True, slots=True)
class TestPoint:
    date: dt.date
    kind: str
    value: float
    label: str


@dataclass(frozen=True, slots=True)
class Timeline:
    person: str
    as_of: dt.date
    onset: dt.date | None
    weekly_km: list[tuple[dt.date, float]] = field(default_factory=list)
    stiffness: list[tuple[dt.date, float]] = field(default_factory=list)
    pain_walking: list[tuple[dt.date, float]] = field(default_factory=list)
    tests: list[TestPoint] = field(default_factory=list)
    stages: list[StageSpan] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.weekly_km or self.stiffness or self.tests or self.stages)

    @property
    def start(self) -> dt.date:
        days = [day for day, _ in self.weekly_km + self.stiffness]
        days += [point.date for point in self.tests] + [span.start for span in self.stages]
        if self.onset is not None:
            days.append(self.onset)
        return min(days, default=self.as_of - dt.timedelta(days=28))


@dataclass(frozen=True, slots=True)
class WeekRow:
    """One week of the timeline's table: only weeks with training or check-ins."""

    week: dt.date
    km: float
    checkins: int
    stiffness: float | None  # the week's average, None without check-ins
    pain: float | None


def week_rows(line: Timeline) -> list[WeekRow]:
    """The timeline's weeks that hold training or check-ins, oldest first."""
    km = dict(line.weekly_km)
    stiffness: defaultdict[dt.date, list[float]] = defaultdict(list)
    pain: defaultdict[dt.date, list[float]] = defaultdict(list)
    for day, value in line.stiffness:
        stiffness[day - dt.timedelta(days=day.weekday())].append(value)
    for day, value in line.pain_walking:
        pain[day - dt.timedelta(days=day.weekday())].append(value)
    rows = []
    for week in sorted(set(km) | set(stiffness)):
        values, pains = stiffness.get(week, []), pain.get(week, [])
        if not km.get(week) and not values:
            continue
        rows.append(
            WeekRow(
                week,
                km.get(week, 0.0),
                len(values),
                round(sum(values) / len(values), 1) if values else None,
                round(sum(pains) / len(pains), 1) if pains else None,
            )
        )
    return rows


def symptom_onset(started: object) -> dt.date | None:
    if isinstance(started, str):
        try:
            return dt.date.fromisoformat(started)
        except ValueError:
            return None
    return None


def timeline(db_url: str | None, person: str, as_of: dt.date | None = None) -> Timeline:
    """The person's records up to `as_of` (default today) on one axis."""
    day = as_of or today()
    with open_journal(db_url) as journal:
        records = journal.records(person, day)
        journal.note_read(person, "timeline.read")
    onset = (
        None if records.episode is None else symptom_onset(records.episode.symptoms.get("started"))
    )
    run_sports = frozenset(current_engine().knowledge.spikes.settings.run_sports)
    weekly: defaultdict[dt.date, float] = defaultdict(float)
    for item in records.training:
        when = dt.date.fromisoformat(item["date"])
        monday = when - dt.timedelta(days=when.weekday())
        km = float(item.get("distance_km", 0.0)) if item["sport"].lower() in run_sports else 0.0
        weekly[monday] += km
    result = Timeline(
        person, day, onset, [(week, round(weekly[week], 1)) for week in sorted(weekly)]
    )
    for item in records.checkins:
        when = dt.date.fromisoformat(item["date"])
        result.stiffness.append((when, float(item["morning_stiffness_0_10"])))
        result.pain_walking.append((when, float(item["pain_walking_0_10"])))
    for item in records.tests:
        when = dt.date.fromisoformat(item["date"])
        if item["kind"] == "visa_a" and item.get("score") is not None:
            result.tests.append(TestPoint(when, "visa_a", item["score"], f"VISA-A {item['score']}"))
        elif item["kind"] == "heel_rise" and item.get("other_reps"):
            percent = round(100 * item["affected_reps"] / item["other_reps"])
            result.tests.append(TestPoint(when, "heel_rise", percent, f"heel rise {percent}%"))
        elif item["kind"] == "hop":
            flare = " flare" if item.get("flare_24h") else ""
            label = f"hop, pain {item.get('pain_0_10', '?')}/10{flare}"
            result.tests.append(TestPoint(when, "hop", float(item.get("pain_0_10", 0)), label))
    rows = in_force(records.stages, day + dt.timedelta(days=1))
    for index, row in enumerate(rows):
        end = rows[index + 1].effective if index + 1 < len(rows) else day + dt.timedelta(days=1)
        if end > row.effective:
            result.stages.append(StageSpan(row.stage, row.effective, end))
    return result
