"""Journal column values ↔ contract-shaped dicts (`heelraise.case/1` parts).

The store hands the application plain dicts in the contract's own shapes, so
a case rebuilt from the records is exactly the document `assess` would read.
These conversions are shared by both journal repositories, so both store and
read the very same values: they take a row as anything with the columns as
attributes (a SQLAlchemy model in `store/journal.py`, a named tuple in
`store/sqlite3_journal.py`) and give the column values to store as a dict.
No SQLAlchemy here (`store/records.py` makes the SQLAlchemy rows).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any, Protocol

import orjson

from heelraise.training.activity import ActivitySummary


@dataclass(frozen=True, slots=True)
class StageRecord:
    """One programme stage-history row, detached from the session."""

    effective: dt.date
    event: str  # programme_start | stage_change
    stage: str  # "1".."4" | "maintenance"
    load_step: int | None
    method: str | None
    origin: str  # case | assessment | manual
    reason: str
    rule_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "effective": self.effective.isoformat(),
            "event": self.event,
            "stage": self.stage,
            "load_step": self.load_step,
            "method": self.method,
            "origin": self.origin,
            "reason": self.reason,
            "rule_id": self.rule_id,
        }


class StageFields(Protocol):
    """A `stage_history` row's columns, as read."""

    @property
    def effective(self) -> dt.date: ...
    @property
    def event(self) -> str: ...
    @property
    def stage(self) -> str: ...
    @property
    def load_step(self) -> int | None: ...
    @property
    def method(self) -> str | None: ...
    @property
    def origin(self) -> str: ...
    @property
    def reason(self) -> str: ...
    @property
    def rule_id(self) -> str | None: ...


def stage_record(row: StageFields) -> StageRecord:
    return StageRecord(
        row.effective,
        row.event,
        row.stage,
        row.load_step,
        row.method,
        row.origin,
        row.reason,
        row.rule_id,
    )


def stage_values(record: StageRecord) -> dict[str, Any]:
    """The `stage_history` columns for a record (beside `person_id` and `created_at`)."""
    return {
        "effective": record.effective,
        "event": record.event,
        "stage": record.stage,
        "load_step": record.load_step,
        "method": record.method,
        "origin": record.origin,
        "reason": record.reason,
        "rule_id": record.rule_id,
    }


class CheckInFields(Protocol):
    """A `checkins` row's columns, as read."""

    @property
    def date(self) -> dt.date: ...
    @property
    def morning_stiffness(self) -> int: ...
    @property
    def pain_walking(self) -> int: ...
    @property
    def pain_during(self) -> int | None: ...
    @property
    def pain_after(self) -> int | None: ...
    @property
    def settled(self) -> bool | None: ...
    @property
    def exercised(self) -> bool: ...


def checkin_item(row: CheckInFields) -> dict[str, Any]:
    """A contract `checkins[]` item."""
    item: dict[str, Any] = {
        "date": row.date.isoformat(),
        "morning_stiffness_0_10": row.morning_stiffness,
        "pain_walking_0_10": row.pain_walking,
    }
    if row.pain_during is not None:
        item["pain_during_0_10"] = row.pain_during
    if row.pain_after is not None:
        item["pain_after_0_10"] = row.pain_after
    if row.settled is not None:
        item["settled_by_next_morning"] = row.settled
    item["exercised"] = row.exercised
    return item


def checkin_values(item: dict[str, Any]) -> dict[str, Any]:
    """The `checkins` columns for a validated contract check-in (beside `person_id`
    and `created_at`): every one, so a replaced check-in keeps nothing of the old."""
    return {
        "date": dt.date.fromisoformat(item["date"]),
        "morning_stiffness": item["morning_stiffness_0_10"],
        "pain_walking": item["pain_walking_0_10"],
        "pain_during": item.get("pain_during_0_10"),
        "pain_after": item.get("pain_after_0_10"),
        "settled": item.get("settled_by_next_morning"),
        "exercised": item.get("exercised", True),
    }


# Per test kind: (contract field, `tests` column).
TEST_COLUMNS = {
    "heel_rise": (
        ("affected_reps", "affected_reps"),
        ("other_reps", "other_reps"),
        ("affected_height_cm", "affected_height_cm"),
        ("other_height_cm", "other_height_cm"),
    ),
    "hop": (("pain_0_10", "pain"), ("flare_24h", "flare_24h")),
    "visa_a": (("score", "score"), ("answers", "answers")),
}


class CapacityTestFields(Protocol):
    """A `tests` row's columns, as read (the kind's own columns by name: `TEST_COLUMNS`)."""

    @property
    def date(self) -> dt.date: ...
    @property
    def kind(self) -> str: ...


def test_item(row: CapacityTestFields) -> dict[str, Any]:
    """A contract `tests[]` item."""
    item: dict[str, Any] = {"date": row.date.isoformat(), "kind": row.kind}
    for field, column in TEST_COLUMNS[row.kind]:
        value = getattr(row, column)
        if value is not None:
            item[field] = value
    return item


def test_values(item: dict[str, Any]) -> dict[str, Any]:
    """The `tests` columns for a validated contract test item (beside `person_id` and
    `created_at`): its date, kind and the kind's columns; the others stay NULL."""
    values: dict[str, Any] = {"date": dt.date.fromisoformat(item["date"]), "kind": item["kind"]}
    for field, column in TEST_COLUMNS[item["kind"]]:
        values[column] = item.get(field)
    return values


class EntryFields(Protocol):
    """The `activities` columns `training_item` reads."""

    @property
    def date(self) -> dt.date: ...
    @property
    def entry(self) -> dict[str, Any] | None: ...


def training_item(row: EntryFields, summary: ActivitySummary) -> dict[str, Any]:
    """A contract `training[]` item: as entered, or from an imported file's summary
    (`summary`: the row as it may be read, `store.activity_reading.readable`)."""
    if row.entry is not None:
        return dict(row.entry)
    item: dict[str, Any] = {
        "date": row.date.isoformat(),
        "sport": summary.sport,
        "distance_km": summary.distance_km,
        "duration_min": summary.duration_min,
    }
    optional: dict[str, Any] = {
        "elevation_gain_m": summary.elevation_gain_m,
        "kind": summary.kind,
        "kind_inferred": summary.kind_inferred if summary.kind is not None else None,
        "surface": summary.surface,
        "shoe": summary.shoe,
        "start": summary.start.isoformat(),
        "source": summary.source,
        "device": summary.device,
        "sub_sport": summary.sub_sport,
        "avg_hr": summary.avg_hr,
        "content_hash": summary.content_hash,
        "name": summary.name,
    }
    item.update({key: value for key, value in optional.items() if value is not None})
    return item


def entered_activity_values(item: dict[str, Any], position: int) -> dict[str, Any]:
    """The `activities` columns (beside `person_id`) for a contract training item
    entered by hand or from a case document.

    The item itself is kept (`entry`) so the case is rebuilt exactly; the
    columns hold what listing and charts need. Its start is the date at
    midnight UTC plus `position` seconds, which keeps the entered order.
    """
    day = dt.date.fromisoformat(item["date"])
    start = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=position)
    digest = hashlib.sha256(
        b"entered:%d:" % position + orjson.dumps(item, option=orjson.OPT_SORT_KEYS)
    ).hexdigest()
    return {
        "start_utc": start,
        "utc_offset_min": 0,
        "date": day,
        "sport": item["sport"],
        "sub_sport": None,
        "distance_km": float(item.get("distance_km", 0.0)),
        "duration_min": float(item.get("duration_min", 0.0)),
        "elevation_gain_m": item.get("elevation_gain_m"),
        "kind": item.get("kind"),
        "kind_inferred": False,
        "surface": item.get("surface"),
        "shoe": item.get("shoe"),
        "device": None,
        "avg_hr": None,
        "name": item.get("name"),
        "source": item.get("source") or "entered",
        "content_hash": digest,
        "entry": item,
    }


def utc_naive(moment: dt.datetime) -> dt.datetime:
    """An instant as naive UTC (how `activities.start_utc` holds it)."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _offset_minutes(moment: dt.datetime) -> int:
    offset = moment.utcoffset()
    return 0 if offset is None else int(offset.total_seconds() // 60)


def imported_activity_values(person_id: int, summary: ActivitySummary) -> dict[str, Any]:
    """The `activities` columns for an imported summary (`entry` left unset: NULL);
    its start kept as naive UTC and the offset it was recorded at."""
    return {
        "person_id": person_id,
        "start_utc": utc_naive(summary.start),
        "utc_offset_min": _offset_minutes(summary.start),
        "date": summary.date,
        "sport": summary.sport,
        "sub_sport": summary.sub_sport,
        "distance_km": summary.distance_km,
        "duration_min": summary.duration_min,
        "elevation_gain_m": summary.elevation_gain_m,
        "kind": summary.kind,
        "kind_inferred": summary.kind_inferred,
        "surface": summary.surface,
        "shoe": summary.shoe,
        "device": summary.device,
        "avg_hr": summary.avg_hr,
        "name": summary.name,
        "source": summary.source,
        "content_hash": summary.content_hash,
    }
