"""Repair imported activities that cannot be real (issue 12): stored before the checks.

Until now an imported value was stored as read, so a journal may hold a heart
rate of -5 or inf, a climb of 2,585 m over 0.24 km, or a 55,044 km, 89-day
"multisport" from a damaged FIT header. Each imported row (entered ones were
checked by the contract) goes through the import's own checks,
`training.plausibility.screen` with `[plausibility]` from
knowledge/inference.toml (one home for the thresholds, so this migration does
not keep a second copy): a field that cannot be real is set to NULL, a row
that cannot be real at all is deleted, and an offset no time zone has becomes
UTC. Each person whose rows changed gets one audit row saying what and why.
The date's upper bound is not checked here (the day of each import is not
known); the read path skips anything still implausible with a warning.

Downgrade leaves the repaired rows as they are: the bad values are not kept.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

from heelraise.training.activity import ActivitySummary
from heelraise.training.plausibility import screen

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ACTOR = "heelraise upgrade 0006"
ACTION = "activities.repair"
MAX_OFFSET_MIN = 14 * 60
NULLABLE = ("avg_hr", "elevation_gain_m", "kind", "surface", "sub_sport", "shoe", "device", "name")

activities = sa.table(
    "activities",
    sa.column("id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("start_utc", sa.DateTime),
    sa.column("utc_offset_min", sa.Integer),
    sa.column("date", sa.Date),
    sa.column("sport", sa.String),
    sa.column("sub_sport", sa.String),
    sa.column("distance_km", sa.Float),
    sa.column("duration_min", sa.Float),
    sa.column("elevation_gain_m", sa.Float),
    sa.column("kind", sa.String),
    sa.column("kind_inferred", sa.Boolean),
    sa.column("surface", sa.String),
    sa.column("shoe", sa.String),
    sa.column("device", sa.String),
    sa.column("avg_hr", sa.Float),
    sa.column("name", sa.String),
    sa.column("source", sa.String),
    sa.column("content_hash", sa.String),
    sa.column("entry", sa.JSON),
)
people = sa.table("people", sa.column("id", sa.Integer), sa.column("uid", sa.String))
audit_log = sa.table(
    "audit_log",
    sa.column("at", sa.DateTime),
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("subject", sa.String),
    sa.column("detail", sa.String),
)


def _number(value: float | None, fallback: float = math.nan) -> float:
    return fallback if value is None else float(value)


def _summary(row: sa.Row[tuple[object, ...]]) -> ActivitySummary:
    m = row._mapping
    offset = int(m["utc_offset_min"] or 0)
    if abs(offset) > MAX_OFFSET_MIN:
        offset = 0
    start = m["start_utc"].replace(tzinfo=dt.UTC)
    return ActivitySummary(
        start=start.astimezone(dt.timezone(dt.timedelta(minutes=offset))),
        sport=m["sport"],
        sub_sport=m["sub_sport"],
        distance_km=_number(m["distance_km"]),
        duration_min=_number(m["duration_min"]),
        elevation_gain_m=m["elevation_gain_m"],
        kind=m["kind"],
        kind_inferred=bool(m["kind_inferred"]),
        surface=m["surface"],
        shoe=m["shoe"],
        device=m["device"],
        avg_hr=m["avg_hr"],
        name=m["name"],
        source=m["source"],
        content_hash=m["content_hash"],
        local_time_known=True,
    )


def _audit(connection: sa.Connection, person: int, detail: str) -> None:
    uid = connection.execute(sa.select(people.c.uid).where(people.c.id == person)).scalar()
    if uid is None:
        uid = secrets.token_hex(16)
        connection.execute(people.update().where(people.c.id == person).values(uid=uid))
    subject = hashlib.sha256(f"heelraise-audit:{uid}".encode()).hexdigest()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    connection.execute(
        audit_log.insert().values(
            at=now, actor=ACTOR, action=ACTION, subject=subject, detail=detail[:2000]
        )
    )


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(activities).where(activities.c.entry.is_(None))).all()
    notes: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        m = row._mapping
        where = activities.c.id == m["id"]
        screened = screen(_summary(row))
        if screened.summary is None:
            connection.execute(activities.delete().where(where))
            notes[m["person_id"]].append(f"removed activity of {m['date']}: {screened.refused}")
            continue
        changes: dict[str, object] = {
            item.field: None for item in screened.dropped if item.field in NULLABLE
        }
        if "kind" in changes:
            changes["kind_inferred"] = False
        if screened.summary.sport != m["sport"]:
            changes["sport"] = screened.summary.sport
        if abs(int(m["utc_offset_min"] or 0)) > MAX_OFFSET_MIN:
            changes["utc_offset_min"] = 0
            changes["date"] = m["start_utc"].date()
        if changes:
            connection.execute(activities.update().where(where).values(**changes))
            reasons = "; ".join(str(item) for item in screened.dropped) or "time zone offset"
            notes[m["person_id"]].append(f"repaired activity of {m['date']}: {reasons}")
    for person, lines in notes.items():
        _audit(connection, person, " | ".join(lines))


def downgrade() -> None:
    """Nothing to undo: the values that could not be real are not kept anywhere."""
