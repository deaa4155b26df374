"""Use case: a person's measures over time, for tables and charts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from heelraise.app.engine import current_engine
from heelraise.app.journal import choose_person, open_journal


@dataclass(frozen=True, slots=True)
class Series:
    """One measure: (date, value) points in date order."""

    name: str
    unit: str
    points: list[tuple[dt.date, float]] = field(default_factory=list)


def history(db_url: str | None, person: str | None) -> tuple[str, list[Series]]:
    """Morning stiffness, pain, VISA-A, heel-rise symmetry and weekly run km."""
    with open_journal(db_url) as journal:
        name = choose_person(journal, person)
        records = journal.records(name)
        journal.note_read(name, "history.read")
    day = dt.date.fromisoformat
    stiffness = Series("Morning stiffness", "/10")
    walking = Series("Pain walking", "/10")
    during = Series("Pain during loading", "/10")
    for item in records.checkins:
        when = day(item["date"])
        stiffness.points.append((when, item["morning_stiffness_0_10"]))
        walking.points.append((when, item["pain_walking_0_10"]))
        if "pain_during_0_10" in item:
            during.points.append((when, item["pain_during_0_10"]))
    visa = Series("VISA-A", "/100")
    symmetry = Series("Heel-rise symmetry", "%")
    for item in records.tests:
        when = day(item["date"])
        if item["kind"] == "visa_a" and "score" in item:
            visa.points.append((when, item["score"]))
        elif item["kind"] == "heel_rise" and item["other_reps"]:
            symmetry.points.append((when, round(100 * item["affected_reps"] / item["other_reps"])))
    run_sports = frozenset(current_engine().knowledge.spikes.settings.run_sports)
    weekly: defaultdict[dt.date, float] = defaultdict(float)
    for item in records.training:
        when = day(item["date"])
        monday = when - dt.timedelta(days=when.weekday())
        if item["sport"].lower() in run_sports:
            weekly[monday] += float(item.get("distance_km", 0.0))
        else:
            weekly.setdefault(monday, 0.0)
    km = Series("Weekly run km", "km", [(week, round(weekly[week], 1)) for week in sorted(weekly)])
    return name, [stiffness, walking, during, visa, symmetry, km]
