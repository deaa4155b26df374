"""The triage questions in plain language, asked one at a time by `heelraise init`.

The words live in `knowledge/questions.toml` (shared with the web
questionnaire); what an answer means clinically is decided by the engine.
"""

from __future__ import annotations

from heelraise.knowledge.questions import Question, Section, question_sections, triage_questions

TRIAGE_QUESTIONS: tuple[Question, ...] = triage_questions()
QUESTION_SECTIONS: tuple[Section, ...] = question_sections()

__all__ = ["QUESTION_SECTIONS", "TRIAGE_QUESTIONS", "Question", "Section"]
