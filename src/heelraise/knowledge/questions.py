"""The triage questions (`questions.toml`): plain-language text for each case field."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import ValidationError, model_validator

from heelraise.errors import KnowledgeError
from heelraise.knowledge.schema import KnowledgeModel

FILE = "questions.toml"


Kind = Literal["yes_no", "choice", "score", "date", "number", "text", "sports"]


class QuestionRecord(KnowledgeModel):
    field: str
    text: str
    kind: Kind = "choice"
    choices: list[tuple[str, str]] | None = None
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


class QuestionsFile(KnowledgeModel):
    question: list[QuestionRecord]


@cache
def triage_questions() -> tuple[Question, ...]:
    """The packaged questions in the order they are asked, validated once."""
    text = resources.files("heelraise.knowledge").joinpath(FILE).read_text(encoding="utf-8")
    try:
        records = QuestionsFile.model_validate(tomllib.loads(text)).question
    except (tomllib.TOMLDecodeError, ValidationError) as error:
        raise KnowledgeError(FILE, "question", str(error).splitlines()[0]) from None
    questions: list[Question] = []
    for record in records:
        part, _, name = record.field.partition(".")
        questions.append(
            Question(
                part,  # type: ignore[arg-type]  # checked by QuestionRecord
                name,
                record.text,
                record.kind,
                tuple(record.choices or ()),
                record.optional,
            )
        )
    return tuple(questions)
