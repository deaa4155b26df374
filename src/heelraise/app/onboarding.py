"""Use cases: `init` — the triage answers, from the questions or from a case document.

The answers are a person's episodes: the first starts the journal, a later one
(the questions answered again, on the command line or the web questionnaire)
is the newest, and every day from then on is assessed with it.

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
from heelraise.store.journal_interface import EpisodeParts, Setup


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


@dataclass(frozen=True, slots=True)
class TriageRecorded:
    """The questionnaire's answers stored in a journal: the day they lead to, and whether
    they started the journal (else they replace the answers Today and status read)."""

    day: DayAssessment
    started: bool


def record_questionnaire(
    db_url: str | None, person: str | None, answers: dict[str, dict[str, Any]]
) -> TriageRecorded | None:
    """The web questionnaire's answers into the journal, as of today.

    The first answers start the journal; answers given again become the newest
    triage, which Today, `heelraise status` and the clinician's list read at once
    (an urgent answer puts the journal on the urgent pathway, with no plan, until
    the answers change). `person` None (no accounts): the journal's one person
    (`me` while it is empty); nothing is stored, and None returned, when it holds
    several people.
    """
    with open_journal(db_url) as journal:
        if person is None:
            people = journal.people()
            if len(people) > 1:
                return None
            person = people[0] if people else None
        started = (
            person is None
            or person not in journal.people()
            or journal.records(person).episode is None
        )
    parts = Answers(
        dict(answers.get("symptoms", {})),
        dict(answers.get("history", {})),
        dict(answers.get("person", {})),
    )
    return TriageRecorded(init_from_answers(db_url, person, parts), started)


def latest_answers(db_url: str | None, person: str | None) -> dict[str, dict[str, Any]]:
    """The answers of the person's latest triage, by case part (empty when there is none);
    `person` None: the journal's one person, if it holds exactly one."""
    with open_journal(db_url) as journal:
        if person is None:
            people = journal.people()
            if len(people) != 1:
                return {}
            person = people[0]
        elif person not in journal.people():
            return {}
        episode = journal.records(person).episode
    if episode is None:
        return {}
    return {"person": episode.person, "symptoms": episode.symptoms, "history": episode.history}
