"""Use cases: `init` — the triage answers, from the questions or from a case document.

`init --from-case` stores a case's person, symptoms, history, programme (as
stage-history rows with their own dates), tests and training in one
transaction; its check-ins are left for `heelraise checkin` (or `data import`).
Both forms then assess the case's day from the journal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from heelraise.app.engine import current_engine
from heelraise.app.journal import choose_person, open_journal, plain, today
from heelraise.app.programme import case_programme_rows
from heelraise.app.status import DayAssessment, day_assessor
from heelraise.contract import Assessment, Case, parse_case, parse_case_json
from heelraise.contract.dates import record_problems
from heelraise.errors import InvalidCase
from heelraise.store.journal import EpisodeParts, Setup


@dataclass(frozen=True, slots=True)
class Answers:
    """Triage answers so far, by case part (contract field names and values)."""

    symptoms: dict[str, Any]
    history: dict[str, Any]
    person: dict[str, Any]

    def document(self, as_of: dt.date) -> dict[str, Any]:
        return {
            "as_of": as_of.isoformat(),
            "person": self.person,
            "symptoms": self.symptoms,
            "history": self.history,
        }


def triage_so_far(answers: Answers, as_of: dt.date | None = None) -> Assessment:
    """The assessment of the answers given so far (to stop at an urgent answer)."""
    return current_engine().assess(parse_case(answers.document(as_of or today()), today=today()))


def init_from_answers(
    db_url: str | None, person: str | None, answers: Answers, as_of: dt.date | None = None
) -> DayAssessment:
    """Store the triage answers as a new episode (a re-triage for a known person) and assess."""
    day = as_of or today()
    case = parse_case(answers.document(day), today=today())
    _not_after_today(case)
    made: list[DayAssessment] = []
    with open_journal(db_url) as journal:
        name = choose_person(journal, person, creating=True)
        journal.set_up_assessed(
            name, Setup(_episode(case)), as_of=day, assess=day_assessor(name, day, made)
        )
    return made[-1]


def init_from_case(
    db_url: str | None, person: str | None, text: str | bytes
) -> tuple[DayAssessment, int]:
    """Store a case document's parts; return the day's assessment and how many check-ins
    were left out (enter them with `heelraise checkin`)."""
    case = parse_case_json(text, today=today())
    _not_after_today(case)
    document = plain(case)
    made: list[DayAssessment] = []
    with open_journal(db_url) as journal:
        name = choose_person(journal, person, creating=True)
        setup = Setup(
            _episode(case),
            case_programme_rows(document["programme"]) if case.programme else (),
            document.get("tests", []),
            document.get("training", []),
            fresh=True,
        )
        journal.set_up_assessed(
            name, setup, as_of=case.as_of, assess=day_assessor(name, case.as_of, made)
        )
    return made[-1], len(case.checkins)


def _not_after_today(case: Case) -> None:
    """A triage stored in the journal is a record: dated today or before (the date rule)."""
    problems = record_problems("as_of", case.as_of, today())
    if problems:
        raise InvalidCase(problems)


def _episode(case: Case) -> EpisodeParts:
    return EpisodeParts(case.as_of, plain(case.person), plain(case.symptoms), plain(case.history))


def start_journal_if_new(
    db_url: str | None, person: str | None, answers: dict[str, dict[str, Any]]
) -> DayAssessment | None:
    """The questionnaire starts a journal: store the answers as the first episode.

    `person` None (no accounts): only while the journal holds no one yet (the
    person is then `me`). A named person: only while they have no triage
    recorded. Otherwise nothing is stored and None is returned.
    """
    with open_journal(db_url) as journal:
        if person is None:
            if journal.people():
                return None
        elif person in journal.people() and journal.records(person).episode is not None:
            return None
    parts = Answers(
        dict(answers.get("symptoms", {})),
        dict(answers.get("history", {})),
        dict(answers.get("person", {})),
    )
    return init_from_answers(db_url, person, parts)
