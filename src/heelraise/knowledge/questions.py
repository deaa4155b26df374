"""The triage questions (`questions.toml`): plain-language text for each case field."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from heelraise.errors import KnowledgeError
from heelraise.knowledge.schema import KnowledgeModel

FILE = "questions.toml"


class Question(KnowledgeModel):
    field: str
    text: str
    kind: Literal["choice", "yes_no", "date", "score"] = "choice"
    choices: list[tuple[str, str]] | None = None
    urgent_if: list[bool | str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _choices_for_choice(self) -> Question:
        if (self.kind == "choice") != (self.choices is not None):
            raise ValueError("choices are given exactly when kind is 'choice'")
        if not self.field.startswith(("symptoms.", "history.")):
            raise ValueError("field must be symptoms.* or history.*")
        return self


class QuestionsFile(KnowledgeModel):
    question: list[Question]


@cache
def triage_questions() -> list[Question]:
    """The packaged questions, validated once."""
    text = resources.files("heelraise.knowledge").joinpath(FILE).read_text(encoding="utf-8")
    try:
        return QuestionsFile.model_validate(tomllib.loads(text)).question
    except (tomllib.TOMLDecodeError, ValidationError) as error:
        raise KnowledgeError(FILE, "question", str(error).splitlines()[0]) from None
