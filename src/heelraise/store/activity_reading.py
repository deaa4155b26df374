"""A stored activity row read back as a summary, as it may be read: one bad row is
skipped with a warning, never fatal. No SQLAlchemy here: both journal repositories
read activities through `readable` (`store/journal.py`, `store/sqlite3_journal.py`)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any, Protocol

from heelraise.training.activity import ActivitySummary

# The logger these warnings have always had, from when this lived in `store/activities.py`.
log = logging.getLogger("heelraise.store.activities")


class ActivityFields(Protocol):
    """An `activities` row's columns, as read."""

    @property
    def id(self) -> int: ...
    @property
    def person_id(self) -> int: ...
    @property
    def start_utc(self) -> dt.datetime: ...  # naive UTC
    @property
    def utc_offset_min(self) -> int: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def sport(self) -> str: ...
    @property
    def sub_sport(self) -> str | None: ...
    @property
    def distance_km(self) -> float: ...
    @property
    def duration_min(self) -> float: ...
    @property
    def elevation_gain_m(self) -> float | None: ...
    @property
    def kind(self) -> str | None: ...
    @property
    def kind_inferred(self) -> bool: ...
    @property
    def surface(self) -> str | None: ...
    @property
    def shoe(self) -> str | None: ...
    @property
    def device(self) -> str | None: ...
    @property
    def avg_hr(self) -> float | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def source(self) -> str: ...
    @property
    def content_hash(self) -> str: ...
    @property
    def entry(self) -> dict[str, Any] | None: ...


def to_summary(row: ActivityFields) -> ActivitySummary:
    """The summary a stored row holds (start back in its local offset)."""
    zone = dt.timezone(dt.timedelta(minutes=row.utc_offset_min))
    start = row.start_utc.replace(tzinfo=dt.UTC).astimezone(zone)
    return ActivitySummary(
        start=start,
        sport=row.sport,
        sub_sport=row.sub_sport,
        distance_km=row.distance_km,
        duration_min=row.duration_min,
        elevation_gain_m=row.elevation_gain_m,
        kind=row.kind,
        kind_inferred=row.kind_inferred,
        surface=row.surface,
        shoe=row.shoe,
        device=row.device,
        avg_hr=row.avg_hr,
        name=row.name,
        source=row.source,
        content_hash=row.content_hash,
        local_time_known=True,  # the offset was settled at import
    )


def readable(row: ActivityFields) -> ActivitySummary | None:
    """The summary a stored row holds, as it may be read: an imported row passes the
    import's plausibility checks (rows stored before them may fail), its impossible
    fields left out; a row that cannot be real at all is skipped with a warning in
    the log (None), so one bad row never stops the journal being read.
    Rows entered from a case document were checked by the contract and are kept."""
    try:
        summary = to_summary(row)
    except (ValueError, OverflowError) as error:  # an offset no time zone has
        log.warning("activity %s of person %s skipped: %s", row.id, row.person_id, error)
        return None
    if row.entry is not None:
        return summary
    # Imported here: a journal with no imported activities (`status`, `checkin`) need not
    # load the plausibility rules (some 8 ms).
    from heelraise.training.plausibility import screen

    screened = screen(summary)
    if screened.summary is None:
        log.warning("activity %s of person %s skipped: %s", row.id, row.person_id, screened.refused)
    elif screened.dropped:
        left_out = "; ".join(str(item) for item in screened.dropped)
        log.warning("activity %s of person %s read without %s", row.id, row.person_id, left_out)
    return screened.summary


def readable_all(rows: Iterable[ActivityFields]) -> list[ActivitySummary]:
    """`readable` for each row, the skipped ones left out."""
    return [summary for summary in map(readable, rows) if summary is not None]
