"""Use case: what the clinical report holds (the PDF a person brings to their physio).

One dict of data, built once; `web/report.py` renders it to HTML with the
same chart functions as the pages, and `export/pdf.py` prints that HTML.
The day's assessment is made, not stored (`status` stores it); the read is
written to the audit log as `report.pdf`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from heelraise.app.engine import current_engine
from heelraise.app.journal import case_from_records, choose_person, open_journal, today
from heelraise.app.questions import TRIAGE_QUESTIONS
from heelraise.app.reading import plain_label, plain_value
from heelraise.app.timeline import Timeline, timeline
from heelraise.app.training_load import TrainingLoad, training_load
from heelraise.contract import Assessment, Case


@dataclass(frozen=True, slots=True)
class TestRow:
    """One capacity test as the report lists it."""

    __test__ = False  # not a pytest class

    date: dt.date
    kind: str  # heel_rise | hop | visa_a
    result: str
    value: float | None  # the trend's value: VISA-A score, symmetry %, hop pain


@dataclass(frozen=True, slots=True)
class DoseRow:
    """One exercise of this week's plan: its dose and the days it falls on."""

    name: str
    dose: str
    days: list[dt.date]
    tags: list[str]


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything the report shows, for one person and day."""

    person_label: str
    named: bool
    as_of: dt.date
    made_on: dt.date
    case: Case
    assessment: Assessment
    answers: list[tuple[str, str]]  # (the question's field in words, the answer in words)
    method: str | None
    programme_started: dt.date | None
    line: Timeline
    load: TrainingLoad
    tests: list[TestRow] = field(default_factory=list)
    doses: list[DoseRow] = field(default_factory=list)
    symmetry_target: float = 90.0

    @property
    def visa_a(self) -> list[TestRow]:
        return [row for row in self.tests if row.kind == "visa_a" and row.value is not None]

    @property
    def heel_rise(self) -> list[TestRow]:
        return [row for row in self.tests if row.kind == "heel_rise" and row.value is not None]


def report_data(
    db_url: str | None,
    person: str | None,
    as_of: dt.date | None = None,
    *,
    name: str | None = None,
) -> ReportData:
    """The report for the person's day (default today). `name`: printed instead of the
    pseudonymous reference, when the person chooses to add it."""
    day = as_of or today()
    with open_journal(db_url) as journal:
        who = choose_person(journal, person)
        records = journal.records(who, day)
        pseudonym = journal.pseudonym(who)
        journal.note_read(who, "report.pdf", day.isoformat())
    case = case_from_records(records, day)
    engine = current_engine()
    assessment = engine.assess(case)
    line = timeline(db_url, who, day)
    load = training_load(db_url, who, day, line.onset)
    rules = engine.knowledge.return_to_run.criterion
    target = float(next(rule.value for rule in rules if rule.id == "heel_rise_symmetry"))
    programme = case.programme
    return ReportData(
        person_label=name.strip() if name and name.strip() else f"Reference {pseudonym[:8]}",
        named=bool(name and name.strip()),
        as_of=day,
        made_on=today(),
        case=case,
        assessment=assessment,
        answers=_answers(case),
        method=None if programme is None else programme.method,
        programme_started=None if programme is None else programme.started,
        line=line,
        load=load,
        tests=[_test_row(item) for item in records.tests],
        doses=_doses(assessment),
        symmetry_target=target,
    )


def _answers(case: Case) -> list[tuple[str, str]]:
    answered = []
    for question in TRIAGE_QUESTIONS:
        value = getattr(getattr(case, question.part), question.field, None)
        if value is None or value == []:
            continue
        if question.kind == "choice":
            words = dict(question.choices).get(str(value), str(value))
        else:
            words = plain_value(value)
        answered.append((plain_label(question.field), words))
    return answered


def _test_row(item: dict[str, Any]) -> TestRow:
    day = dt.date.fromisoformat(item["date"])
    if item["kind"] == "heel_rise":
        other = item["other_reps"]
        percent = round(100 * item["affected_reps"] / other, 1) if other else None
        words = f"{item['affected_reps']} affected / {other} other side"
        if percent is not None:
            words += f": {percent:g}% symmetry"
        return TestRow(day, "heel_rise", words, percent)
    if item["kind"] == "hop":
        flare = "a flare within 24 hours" if item.get("flare_24h") else "no flare within 24 hours"
        pain = item.get("pain_0_10")
        return TestRow(day, "hop", f"pain {pain}/10, {flare}", None if pain is None else pain)
    score = item.get("score")
    return TestRow(day, "visa_a", "not scored" if score is None else f"{score}/100", score)


def _doses(assessment: Assessment) -> list[DoseRow]:
    if assessment.plan is None:
        return []
    rows: dict[tuple[str, str], DoseRow] = {}
    for session in assessment.plan.sessions:
        for exercise in session.exercises:
            dose = exercise.dose_text()
            if exercise.load:
                dose += f", {exercise.load}"
            if exercise.tempo:
                dose += f", tempo {exercise.tempo}"
            key = (exercise.id, dose)
            if key not in rows:
                rows[key] = DoseRow(exercise.name, dose, [], list(exercise.tags))
            rows[key].days.append(session.date)
    return list(rows.values())
