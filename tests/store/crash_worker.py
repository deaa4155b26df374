"""Writes to a journal in a loop until killed: import batches and check-ins, alternately.

Run by `test_crash.py` as `python -m tests.store.crash_worker URL`. It prints
`ready` once the first write is committed, so the parent kills it mid-stream.
"""

from __future__ import annotations

import datetime as dt
import sys

from sqlalchemy import func, select

from heelraise.app.recording import record_checkin
from heelraise.store.activities import add_activities, person_id
from heelraise.store.database import make_engine
from heelraise.store.models import Activity, CheckInRow
from heelraise.training.activity import ActivitySummary

PERSON = "crash"
BATCH = 20
FIRST_DAY = dt.date(2020, 1, 1)


def batch(number: int) -> list[ActivitySummary]:
    """Twenty runs two hours apart, unique to batch `number` (never duplicates)."""
    base = dt.datetime(2020, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=2 * BATCH * number)
    return [
        ActivitySummary(
            start=base + dt.timedelta(hours=2 * index),
            sport="run",
            distance_km=5.0 + index,
            duration_min=30.0 + index,
            source=f"batch-{number}",
            content_hash=f"{number:08d}{index:04d}".ljust(64, "0"),
        )
        for index in range(BATCH)
    ]


def main(url: str) -> None:
    engine = make_engine(url)
    who = person_id(engine, PERSON)
    with engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(Activity)).scalar_one()
        days = connection.execute(select(func.count()).select_from(CheckInRow)).scalar_one()
    number = stored // BATCH
    announced = False
    while True:
        add_activities(engine, who, batch(number))
        number += 1
        day = FIRST_DAY + dt.timedelta(days=days)
        fields = {
            "date": day.isoformat(),
            "morning_stiffness_0_10": days % 11,
            "pain_walking_0_10": 1,
        }
        record_checkin(url, PERSON, fields)
        days += 1
        if not announced:
            print("ready", flush=True)
            announced = True


if __name__ == "__main__":
    main(sys.argv[1])
