"""The triage questions (`questions.toml`): plain-language text for each case field."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import ValidationError, model_validator

from heelraise.errors import KnowledgeError
from heelraise.knowledge.pydantic_base import KnowledgeModel

FILE = "questions.toml"


Kind = Literal["yes_no", "choice", "score", "date", "number", "text", "sports"]


class SectionRecord(KnowledgeModel):
    id: str
    title: str
    intro: str


class QuestionRecord(KnowledgeModel):
    section: str
    field: str
    text: str
    # The words on the web form where they differ from the command line's (a date
    # picker needs no "YYYY-MM-DD", ticked boxes no "comma-separated").
    form_text: str | None = None
    hint: str = ""
    kind: Kind = "choice"
    choices: list[tuple[str, str]] | None = None
    minimum: int | None = None
    maximum: int | None = None
    optional: bool = False

    @model_validator(mode="after")
    def _choices_for_choice(self) -> QuestionRecord:
        if (self.kind == "choice") != (self.choices is not None):
            raise ValueError("choices are given exactly when kind is 'choice'")
        if not self.field.startswith(("symptoms.", "history.", "person.")):
            raise ValueError("field must be symptoms.*, history.* or person.*")
        return self


@dataclass(frozen=True, slots=True)
class Question:
    """One question: which part and field of the case it fills, its words, how answered."""

    part: Literal["symptoms", "history", "person"]
    field: str
    text: str
    kind: Kind
    choices: tuple[tuple[str, str], ...] = ()  # (value, words) for `choice`
    optional: bool = False
    section: str = ""
    hint: str = ""
    minimum: int | None = None
    maximum: int | None = None
    form_text: str | None = None

    @property
    def form_words(self) -> str:
        """The question as the web form asks it."""
        return self.form_text or self.text


@dataclass(frozen=True, slots=True)
class Section:
    """A group of questions with a title and a line of introduction."""

    id: str
    title: str
    intro: str
    questions: tuple[Question, ...]


class QuestionsFile(KnowledgeModel):
    section: list[SectionRecord]
    question: list[QuestionRecord]

    @model_validator(mode="after")
    def _sections_known(self) -> QuestionsFile:
        known = {section.id for section in self.section}
        for record in self.question:
            if record.section not in known:
                raise ValueError(f"{record.field}: unknown section {record.section!r}")
        return self


@cache
def _questions_file() -> QuestionsFile:
    text = resources.files("heelraise.knowledge").joinpath(FILE).read_text(encoding="utf-8")
    try:
        return QuestionsFile.model_validate(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, ValidationError) as error:
        raise KnowledgeError(FILE, "question", str(error).splitlines()[0]) from None


@cache
def question_sections() -> tuple[Section, ...]:
    """The questions grouped by section, in order."""
    questions = triage_questions()
    return tuple(
        Section(
            record.id,
            record.title,
            record.intro,
            tuple(q for q in questions if q.section == record.id),
        )
        for record in _questions_file().section
    )


@cache
def triage_questions() -> tuple[Question, ...]:
    """The packaged questions in the order they are asked, validated once."""
    questions: list[Question] = []
    for record in _questions_file().question:
        part, _, name = record.field.partition(".")
        questions.append(
            Question(
                part,  # type: ignore[arg-type]  # checked by QuestionRecord
                name,
                record.text,
                record.kind,
                tuple(record.choices or ()),
                record.optional,
                record.section,
                record.hint,
                record.minimum,
                record.maximum,
                record.form_text,
            )
        )
    return tuple(questions)
