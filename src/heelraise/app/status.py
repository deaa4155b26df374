"""Use case: assess a person's day from the journal, store it, advance the programme."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import orjson

from heelraise.app.engine import current_engine
from heelraise.app.journal import case_from_records, choose_person, open_journal, today
from heelraise.app.programme import programme_as_of, stage_advance
from heelraise.contract import Assessment
from heelraise.contract.serialise import assessment_to_json
from heelraise.store.journal_interface import DaySave, JournalRepository, Records
from heelraise.store.record_values import StageRecord

if TYPE_CHECKING:
    from heelraise.contract import Case


@dataclass(frozen=True, slots=True)
class DayAssessment:
    """A day's assessment from the journal, whose it is, and any stage change it made."""

    person: str
    case: Case
    assessment: Assessment
    advanced: StageRecord | None


def assess_day(
    db_url: str | None, person: str | None, as_of: dt.date | None = None
) -> DayAssessment:
    """Rebuild the person's case for the day (default today), assess it and store the result."""
    with open_journal(db_url) as journal:
        return assess_in(journal, choose_person(journal, person), as_of or today())


def assess_in(journal: JournalRepository, name: str, as_of: dt.date) -> DayAssessment:
    """`assess_day` on an open journal."""
    records = journal.records(name, as_of)
    case = case_from_records(records, as_of)
    assessment = current_engine().assess(case)
    advance = stage_advance(programme_as_of(records.stages, as_of), assessment)
    document = orjson.loads(assessment_to_json(assessment))
    journal.save_assessment(name, as_of, document, assessment.knowledge_version, advance)
    return DayAssessment(name, case, assessment, advance)


def day_assessor(
    person: str, day: dt.date, made: list[DayAssessment]
) -> Callable[[Records], DaySave | None]:
    """What a write that re-assesses its day runs inside its transaction (the journal's
    `*_assessed` methods): the day's assessment from the records, appended to `made`;
    None (nothing stored) before any triage."""

    def assess(records: Records) -> DaySave | None:
        if records.episode is None:
            return None
        case = case_from_records(records, day)
        assessment = current_engine().assess(case)
        advance = stage_advance(programme_as_of(records.stages, day), assessment)
        made.append(DayAssessment(person, case, assessment, advance))
        document = orjson.loads(assessment_to_json(assessment))
        return DaySave(document, assessment.knowledge_version, advance)

    return assess
