"""The clinician's patient list: one row per person, read in four queries whatever the count.

For each person: the latest stored assessment (its day and document), the
latest check-in (its day and the contract item) and the symptoms of the latest
triage. Nothing is assessed here; the application decides what to show and
flag from these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from heelraise.errors import StoreError
from heelraise.store.journal import first_line
from heelraise.store.models import CheckInRow, ClinicianPatient, Episode, Person, StoredAssessment
from heelraise.store.records import checkin_item


@dataclass(frozen=True, slots=True)
class PatientSummary:
    name: str
    assessed_on: dt.date | None
    assessment: dict[str, Any] | None
    last_checkin: dt.date | None
    latest_checkin: dict[str, Any] | None = None  # the contract item of `last_checkin`
    symptoms: dict[str, Any] | None = None  # the latest triage's `symptoms` part


def patient_summaries(engine: Engine, clinician_id: int | None) -> list[PatientSummary]:
    """A clinician's patients (None: everyone in the journal), sorted by name."""
    try:
        with Session(engine) as session:
            people = select(Person.id, Person.name)
            if clinician_id is not None:
                people = people.join(
                    ClinicianPatient, ClinicianPatient.person_id == Person.id
                ).where(ClinicianPatient.clinician_id == clinician_id)
            rows: Sequence[Any] = session.execute(people.order_by(Person.name)).all()
            ids = [row.id for row in rows]
            latest_day = (
                select(StoredAssessment.person_id, func.max(StoredAssessment.as_of).label("day"))
                .where(StoredAssessment.person_id.in_(ids))
                .group_by(StoredAssessment.person_id)
                .subquery()
            )
            assessed = {
                person_id: (day, document)
                for person_id, day, document in session.execute(
                    select(
                        StoredAssessment.person_id,
                        StoredAssessment.as_of,
                        StoredAssessment.document,
                    ).join(
                        latest_day,
                        (latest_day.c.person_id == StoredAssessment.person_id)
                        & (latest_day.c.day == StoredAssessment.as_of),
                    )
                )
            }
            latest_checkin = (
                select(CheckInRow.person_id, func.max(CheckInRow.date).label("day"))
                .where(CheckInRow.person_id.in_(ids))
                .group_by(CheckInRow.person_id)
                .subquery()
            )
            checked = {
                row.person_id: checkin_item(row)
                for row in session.scalars(
                    select(CheckInRow).join(
                        latest_checkin,
                        (latest_checkin.c.person_id == CheckInRow.person_id)
                        & (latest_checkin.c.day == CheckInRow.date),
                    )
                )
            }
            symptoms: dict[int, dict[str, Any]] = {}
            for person_id, answers in session.execute(
                select(Episode.person_id, Episode.symptoms)
                .where(Episode.person_id.in_(ids))
                .order_by(Episode.person_id, Episode.recorded_on, Episode.id)
            ):
                symptoms[person_id] = answers  # the last one read is the latest
    except SQLAlchemyError as error:
        raise StoreError(f"could not read the patient list ({first_line(error)})") from error
    summaries = []
    for row in rows:
        day, document = assessed.get(row.id, (None, None))
        item = checked.get(row.id)
        last = None if item is None else dt.date.fromisoformat(item["date"])
        summaries.append(PatientSummary(row.name, day, document, last, item, symptoms.get(row.id)))
    return summaries
