"""Use case: a person's weekly training load and load spikes from their stored activities,
and the rehab sessions they did, so a week's whole tendon load reads in one picture.

The same domain functions the engine uses for an assessment's `load` part
(`training.load.weekly_load`, `training.spikes.find_spikes`, thresholds from
`knowledge/spikes.toml`), over a window of weeks the page chooses.

A rehab session done is a check-in with `exercised: true`. Its dose is the
session for that day in the plan the person had then: the latest stored
assessment made before the day whose plan covers it (what Today showed
before that day's check-in), else the one stored for the day itself; a day
no stored plan covers is listed without a dose.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter

from heelraise.app.activities import activities_since
from heelraise.app.engine import current_engine
from heelraise.app.journal import open_journal
from heelraise.contract import Spike, TrainingSession, WeekLoad
from heelraise.training.load import TrainingView, week_start, weekly_load
from heelraise.training.spikes import find_spikes

DEFAULT_WEEKS = 26
_SESSIONS = TypeAdapter(list[TrainingSession])


@dataclass(frozen=True, slots=True)
class RehabDay:
    """A day the person did their rehab session (a check-in with `exercised: true`)."""

    date: dt.date
    title: str | None  # the session's title in the plan; None when no stored plan covers it
    doses: list[str] = field(default_factory=list)  # "Seated calf raise: 3 × 15, 15RM"


@dataclass(frozen=True, slots=True)
class TrainingLoad:
    """Weeks to show (oldest first), the spikes in them, the symptom onset and the rehab
    sessions done in those weeks."""

    weeks: list[WeekLoad]
    spikes: list[Spike]
    activities: int
    onset: dt.date | None
    rehab: list[RehabDay] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.activities == 0 and not self.rehab

    @property
    def rehab_by_week(self) -> dict[dt.date, int]:
        """Rehab sessions done per week (keyed by the week's Monday)."""
        return dict(Counter(week_start(day.date) for day in self.rehab))

    @property
    def weeks_with_data(self) -> list[WeekLoad]:
        """The weeks holding a session or a rehab session (a table lists only these)."""
        rehab = self.rehab_by_week
        return [week for week in self.weeks if week.sessions or rehab.get(week.week_start)]


def training_load(
    db_url: str | None,
    person: str,
    as_of: dt.date,
    onset: dt.date | None = None,
    weeks: int = DEFAULT_WEEKS,
) -> TrainingLoad:
    """The load over `weeks` weeks ending at the last activity (or the onset, if later).

    Activities after `as_of` are left out; earlier ones build the spikes' baselines.
    """
    stored = [item for item in activities_since(db_url, person) if item.date <= as_of]
    rehab = rehab_days(db_url, person, as_of)
    if not stored and not rehab:
        return TrainingLoad([], [], 0, onset)
    knowledge = current_engine().knowledge.spikes
    sessions = _SESSIONS.validate_python([item.to_training() for item in stored])
    view = TrainingView.of(sessions, frozenset(knowledge.settings.run_sports))
    last_day = max([*(item.date for item in stored), *(day.date for day in rehab)])
    end = min(max(last_day, onset or last_day), as_of)
    report_from = week_start(end) - dt.timedelta(weeks=weeks - 1)
    loaded = weekly_load(view, end) if stored else []
    # Spikes from the activity weeks alone: empty weeks added for rehab are no baseline.
    spikes = find_spikes(view, onset, report_from, knowledge) if stored else []
    first_rehab = min(day.date for day in rehab) if rehab else end
    all_weeks = _with_empty_weeks(loaded, first_rehab, end)
    shown = [week for week in all_weeks if week.week_start >= report_from]
    done = [day for day in rehab if day.date >= report_from]
    return TrainingLoad(shown, spikes, len(stored), onset, done)


def _with_empty_weeks(weeks: list[WeekLoad], first: dt.date, last: dt.date) -> list[WeekLoad]:
    """`weeks` with a zero row for every week from `first`'s to `last`'s that has none
    (rehab done in weeks with no activity)."""
    have = {week.week_start: week for week in weeks}
    start = min([week_start(first), *have])
    rows: list[WeekLoad] = []
    monday = start
    while monday <= week_start(last):
        rows.append(have.get(monday) or WeekLoad(monday, 0.0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0))
        monday += dt.timedelta(weeks=1)
    return rows


def rehab_days(db_url: str | None, person: str, as_of: dt.date) -> list[RehabDay]:
    """The days up to `as_of` the person did their rehab session, with that day's dose."""
    with open_journal(db_url) as journal:
        if person not in journal.people():
            return []
        records = journal.records(person, as_of)
        days = [
            dt.date.fromisoformat(item["date"]) for item in records.checkins if item["exercised"]
        ]
        if not days:
            return []
        stored = [
            (made, document)
            for made, document in journal.assessments(person)
            if days[0] - dt.timedelta(days=7) <= made <= as_of
        ]
        journal.note_read(person, "training.read")
    return [_rehab_day(day, stored) for day in days]


def _rehab_day(day: dt.date, stored: list[tuple[dt.date, dict[str, Any]]]) -> RehabDay:
    before = [(made, document) for made, document in stored if made < day]
    same = [(made, document) for made, document in stored if made == day]
    for _made, document in [*reversed(before), *same]:
        session = _session_on(document, day)
        if session is not None:
            return RehabDay(
                day, str(session.get("title", "")), [_dose(item) for item in session["exercises"]]
            )
    return RehabDay(day, None)


def _session_on(document: dict[str, Any], day: dt.date) -> dict[str, Any] | None:
    plan = document.get("plan") or {}
    for session in plan.get("sessions") or []:
        if session.get("date") == day.isoformat() and session.get("exercises"):
            found: dict[str, Any] = session
            return found
    return None


def _dose(item: dict[str, Any]) -> str:
    """`Seated calf raise (heavy): 3 × 15, 15RM` from a plan's exercise."""
    if item.get("hold_s") is not None:
        amount = f"{item['hold_s']} s"
    elif item.get("reps") is not None:
        amount = str(item["reps"])
    else:
        amount = f"{item.get('duration_min')} min"
    return f"{item.get('name', '')}: {item.get('sets') or 1} × {amount}, {item.get('load', '')}"
