"""Duplicate activities: the same file twice, or the same session from two services.

Two rules, thresholds in `inference.toml` `[dedupe]`:

1. Same content hash (the same file, or the same FIT inside Garmin's and
   Strava's exports) → one activity.
2. Starts within `start_window_s` and distances within `distance_tolerance`
   of the longer one or within `distance_slack_km` (durations instead, for
   sessions without distance) → one activity, whichever arrived first. The
   sport label never counts: the same recording is `walk` in one app and
   `generic` (or `other`) in another.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from heelraise.knowledge.importing import DedupeRule, import_rules
from heelraise.training.activity import ActivitySummary


def _close(a: float, b: float, tolerance: float, slack: float = 0.0) -> bool:
    longer = max(abs(a), abs(b))
    return longer == 0 or abs(a - b) <= max(tolerance * longer, slack)


def same_session(a: ActivitySummary, b: ActivitySummary, rule: DedupeRule | None = None) -> bool:
    """True when two summaries describe the same session (rule 2)."""
    rule = rule or import_rules().dedupe
    if abs((a.start - b.start).total_seconds()) > rule.start_window_s:
        return False
    if a.distance_km > 0 or b.distance_km > 0:
        return _close(a.distance_km, b.distance_km, rule.distance_tolerance, rule.distance_slack_km)
    return _close(a.duration_min, b.duration_min, rule.duration_tolerance)


class SeenActivities:
    """Activities already kept, searchable by hash and by start time."""

    def __init__(self, kept: Iterable[ActivitySummary] = (), rule: DedupeRule | None = None):
        self.rule = rule or import_rules().dedupe
        self._hashes: set[str] = set()
        self._starts: list[float] = []
        self._by_start: list[ActivitySummary] = []
        for summary in kept:
            self.add(summary)

    def add(self, summary: ActivitySummary) -> None:
        """Remember a kept activity."""
        self._hashes.add(summary.content_hash)
        key = summary.start.timestamp()
        index = bisect.bisect_left(self._starts, key)
        self._starts.insert(index, key)
        self._by_start.insert(index, summary)

    def is_duplicate(self, summary: ActivitySummary) -> bool:
        """True by hash, or by a kept activity of the same session."""
        if summary.content_hash in self._hashes:
            return True
        key = summary.start.timestamp()
        low = bisect.bisect_left(self._starts, key - self.rule.start_window_s)
        high = bisect.bisect_right(self._starts, key + self.rule.start_window_s)
        return any(same_session(summary, other, self.rule) for other in self._by_start[low:high])


def dedupe(
    candidates: Sequence[ActivitySummary], existing: Iterable[ActivitySummary] = ()
) -> tuple[list[ActivitySummary], int]:
    """Keep candidates new to `existing` and to each other; return (kept, duplicates)."""
    seen = SeenActivities(existing)
    kept: list[ActivitySummary] = []
    for summary in candidates:
        if seen.is_duplicate(summary):
            continue
        seen.add(summary)
        kept.append(summary)
    return kept, len(candidates) - len(kept)
