"""Writes to a journal in a loop until killed: import batches and check-ins, alternately.

Run by `test_crash.py` as `python -m tests.store.crash_worker URL FOLDER` (each
batch is a CSV file written to FOLDER, then imported with `import_paths`). It prints
`ready` once the first write is committed, so the parent kills it mid-stream.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from sqlalchemy import func, select

from heelraise.app.imports import import_paths
from heelraise.app.recording import record_checkin
from heelraise.store.activities import person_id
from heelraise.store.database import make_engine
from heelraise.store.models import Activity, CheckInRow

PERSON = "crash"
BATCH = 20
FIRST_DAY = dt.date(2020, 1, 1)
# Runs three hours apart from 1901 (before 1900 is refused): room for some 18,000
# batches before today. 50 kills import about 850 through the stdlib store; when runs
# were a day apart from 2000, the import began refusing them as dated after today.
FIRST_BATCH_START = dt.datetime(1901, 1, 1, tzinfo=dt.UTC)


def batch_file(folder: Path, number: int) -> Path:
    """A CSV export of twenty runs, three hours apart, unique to batch `number` (at a
    plausible 6 min/km: a faster run would be refused at the import)."""
    first = FIRST_BATCH_START + dt.timedelta(hours=3 * BATCH * number)
    if first + dt.timedelta(hours=3 * BATCH) > dt.datetime.now(dt.UTC):  # future: refused
        raise SystemExit(f"batch {number} would be dated after today: move FIRST_BATCH_START back")
    rows = ["date,sport,distance_km,duration_min"]
    rows += [
        f"{(first + dt.timedelta(hours=3 * index)).isoformat()},run,{5 + index},{6 * (5 + index)}"
        for index in range(BATCH)
    ]
    path = folder / f"batch-{number}.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def main(url: str, folder: Path) -> None:
    engine = make_engine(url)
    person_id(engine, PERSON)
    with engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(Activity)).scalar_one()
        days = connection.execute(select(func.count()).select_from(CheckInRow)).scalar_one()
    number = stored // BATCH
    announced = False
    while True:
        report = import_paths([batch_file(folder, number)], url, PERSON, workers=1)
        assert report.imported == BATCH, report
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
    main(sys.argv[1], Path(sys.argv[2]))
