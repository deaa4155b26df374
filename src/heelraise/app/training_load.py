"""Use case: a person's weekly training load and load spikes from their stored activities.

The same domain functions the engine uses for an assessment's `load` part
(`training.load.weekly_load`, `training.spikes.find_spikes`, thresholds from
`knowledge/spikes.toml`), over a window of weeks the page chooses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import TypeAdapter

from heelraise.app.activities import activities_since
from heelraise.app.engine import current_engine
from heelraise.contract import Spike, TrainingSession, WeekLoad
from heelraise.training.load import TrainingView, week_start, weekly_load
from heelraise.training.spikes import find_spikes

DEFAULT_WEEKS = 26
_SESSIONS = TypeAdapter(list[TrainingSession])


@dataclass(frozen=True, slots=True)
class TrainingLoad:
    """Weeks to show (oldest first), the spikes in them, and the symptom onset."""

    weeks: list[WeekLoad]
    spikes: list[Spike]
    activities: int
    onset: dt.date | None

    @property
    def empty(self) -> bool:
        return self.activities == 0


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
    if not stored:
        return TrainingLoad([], [], 0, onset)
    knowledge = current_engine().knowledge.spikes
    sessions = _SESSIONS.validate_python([item.to_training() for item in stored])
    view = TrainingView.of(sessions, frozenset(knowledge.settings.run_sports))
    end = max(view.sessions[-1].date, onset or view.sessions[-1].date)
    end = min(end, as_of)
    report_from = week_start(end) - dt.timedelta(weeks=weeks - 1)
    all_weeks = weekly_load(view, end)
    spikes = find_spikes(view, onset, report_from, knowledge)
    shown = [week for week in all_weeks if week.week_start >= report_from]
    return TrainingLoad(shown, spikes, len(stored), onset)
