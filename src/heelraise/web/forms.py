"""The triage questionnaire as a form: the shared questions (knowledge/questions.toml)
as form fields, and answers → case parts.

Every `symptoms` and `history` field of `heelraise.case/1` is asked. A question
left unanswered is left out of the case, so the engine lists it as missing and
errs to the safer pathway. Values are passed on as typed (numbers as whole
numbers when they are), so the contract's own messages name a bad field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from heelraise.app import questions as triage
from heelraise.app.reading import plain_problem
from heelraise.contract.case import Sport
from heelraise.errors import Problem

Kind = Literal["yes_no", "choice", "number", "date", "text", "many"]
YES_NO = (("yes", "Yes"), ("no", "No"))


@dataclass(frozen=True, slots=True)
class Question:
    part: str  # person | symptoms | history
    key: str
    label: str
    kind: Kind
    hint: str = ""
    options: tuple[tuple[str, str], ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    @property
    def name(self) -> str:
        """The form field's name and the case field's dotted path."""
        return f"{self.part}.{self.key}"

    @property
    def choices(self) -> tuple[tuple[str, str], ...]:
        return YES_NO if self.kind == "yes_no" else self.options


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    intro: str
    questions: tuple[Question, ...] = field(default_factory=tuple)


SPORT_LABELS: dict[str, str] = {sport: sport.capitalize() for sport in get_args(Sport)}


def _form_question(question: triage.Question) -> Question:
    """The shared wording (knowledge/questions.toml) as a form field."""
    if question.kind == "score":
        return Question(
            question.part,
            question.field,
            question.form_words,
            "number",
            question.hint,
            minimum=0,
            maximum=10,
        )
    if question.kind == "sports":
        return Question(
            question.part,
            question.field,
            question.form_words,
            "many",
            question.hint,
            tuple(SPORT_LABELS.items()),
        )
    return Question(
        question.part,
        question.field,
        question.form_words,
        question.kind,
        question.hint,
        question.choices,
        question.minimum,
        question.maximum,
    )


SECTIONS: tuple[Section, ...] = tuple(
    Section(
        section.id,
        section.title,
        section.intro,
        tuple(_form_question(q) for q in section.questions),
    )
    for section in triage.QUESTION_SECTIONS
)

QUESTIONS: tuple[Question, ...] = tuple(q for section in SECTIONS for q in section.questions)


def _value(question: Question, raw: str) -> Any:
    text = raw.strip()
    if question.kind == "yes_no":
        return {"yes": True, "no": False}.get(text, text)
    if question.kind == "number":
        return int(text) if text.lstrip("-").isdigit() else text
    return text


def answers_from_form(form: Mapping[str, Any], getlist: Any) -> dict[str, dict[str, Any]]:
    """Case parts from the posted form; unanswered questions are left out."""
    answers: dict[str, dict[str, Any]] = {"person": {}, "symptoms": {}, "history": {}}
    for question in QUESTIONS:
        if question.kind == "many":
            values = [v for v in getlist(question.name) if isinstance(v, str) and v]
            if values:
                answers[question.part][question.key] = values
            continue
        raw = form.get(question.name)
        if isinstance(raw, str) and raw.strip():
            answers[question.part][question.key] = _value(question, raw)
    return answers


def problems_by_field(problems: list[Problem]) -> dict[str, list[str]]:
    """Problems keyed by form field; a problem inside a list (`person.sports[1]`) goes
    to the list's field."""
    found: dict[str, list[str]] = {}
    for problem in problems:
        name = problem.field.split("[", 1)[0]
        found.setdefault(name, []).append(problem.message)
    return found


LABELS: dict[str, str] = {q.name: q.label for q in QUESTIONS}


def labelled_problems(problems: list[Problem]) -> dict[str, list[str]]:
    """`problems_by_field` with each message in words (`plain_problem`)."""
    return {
        name: [plain_problem(message) for message in messages]
        for name, messages in problems_by_field(problems).items()
    }
