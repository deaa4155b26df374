"""The triage questionnaire: its questions in plain language, and answers → case parts.

Every `symptoms` and `history` field of `heelraise.case/1` is asked. A question
left unanswered is left out of the case, so the engine lists it as missing and
errs to the safer pathway. Values are passed on as typed (numbers as whole
numbers when they are), so the contract's own messages name a bad field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

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


def _yes_no(part: str, key: str, label: str, hint: str = "") -> Question:
    return Question(part, key, label, "yes_no", hint)


SPORT_LABELS: dict[str, str] = {sport: sport.capitalize() for sport in get_args(Sport)}

SECTIONS: tuple[Section, ...] = (
    Section(
        "warning-signs",
        "Warning signs first",
        "These questions check for a torn tendon or a clot. Please answer them all.",
        (
            _yes_no(
                "symptoms",
                "pop",
                "Did you feel or hear a pop or snap, or feel as if someone kicked the back "
                "of your ankle?",
            ),
            _yes_no("symptoms", "sudden_sharp_pain", "Did it start with a sudden, sharp pain?"),
            _yes_no(
                "symptoms",
                "push_off_difficulty",
                "Since it started, has it been hard to push off or to walk?",
            ),
            _yes_no("symptoms", "marked_swelling", "Is the back of the ankle clearly swollen?"),
            _yes_no(
                "symptoms",
                "contour_change",
                "Can you see a change in the tendon's shape, or feel a gap in it?",
            ),
            Question(
                "symptoms",
                "single_leg_heel_raise",
                "Standing on the painful leg only, can you rise up onto your toes?",
                "choice",
                "Hold a wall for balance. Do not force it if it hurts a lot.",
                (
                    ("able", "Yes, I can"),
                    ("unable", "No, I cannot"),
                    ("not_tried", "I have not tried"),
                ),
            ),
            _yes_no("history", "calf_hot_swollen", "Is your calf swollen, warm and tender?"),
        ),
    ),
    Section(
        "pain",
        "About the pain",
        "Where it is, how it started and how it behaves.",
        (
            Question(
                "symptoms",
                "side",
                "Which side hurts?",
                "choice",
                options=(("left", "Left"), ("right", "Right"), ("both", "Both")),
            ),
            Question(
                "symptoms",
                "site",
                "Where is the pain?",
                "choice",
                options=(
                    ("midportion", "In the tendon, 2 to 7 cm above the heel"),
                    ("insertion", "Where the tendon meets the heel bone"),
                    ("both", "Both places"),
                    ("unsure", "I am not sure"),
                ),
            ),
            Question(
                "symptoms",
                "onset",
                "How did it start?",
                "choice",
                options=(("gradual", "Gradually, over days or weeks"), ("sudden", "Suddenly")),
            ),
            Question("symptoms", "started", "When did it start?", "date"),
            Question(
                "symptoms",
                "pain_0_10",
                "Worst pain in everyday activity over the last week",
                "number",
                "0 means no pain, 10 the worst pain you can imagine.",
                minimum=0,
                maximum=10,
            ),
            _yes_no("symptoms", "morning_stiffness", "Is it stiff or sore when you first get up?"),
            _yes_no("symptoms", "eases_when_warm", "Does it ease once you are warmed up?"),
            _yes_no(
                "symptoms",
                "worse_after_fast_or_next_day",
                "Is it worse after fast running or jumping, or on the next day?",
            ),
            _yes_no(
                "symptoms",
                "limits_walking_or_stairs",
                "Does the pain limit your walking or using stairs?",
            ),
            _yes_no(
                "symptoms",
                "worsening_weeks",
                "Has it clearly been getting worse over several weeks?",
            ),
        ),
    ),
    Section(
        "health",
        "Health and medicines",
        "Some medicines and conditions change what is safe to do.",
        (
            _yes_no(
                "history",
                "fluoroquinolone",
                "In the last 3 months, have you taken an antibiotic such as ciprofloxacin or "
                "levofloxacin?",
                "These are fluoroquinolone antibiotics.",
            ),
            _yes_no(
                "history",
                "steroid_injection",
                "In the last 3 months, have you had a steroid (cortisone) injection near "
                "the tendon?",
            ),
            _yes_no(
                "history",
                "inflammatory_disease",
                "Do you have an inflammatory condition such as psoriasis, spondyloarthritis, "
                "inflammatory bowel disease or gout?",
            ),
            _yes_no("history", "fever_or_unwell", "Do you have a fever, or feel generally unwell?"),
            _yes_no("history", "night_or_rest_pain", "Is there constant pain at rest or at night?"),
            _yes_no("history", "numbness_tingling", "Any numbness or tingling in the foot or leg?"),
            _yes_no("history", "previous_rupture", "Have you torn an Achilles tendon before?"),
        ),
    ),
    Section(
        "about-you",
        "About you (optional)",
        "This helps shape the return to your sport.",
        (
            Question("person", "age", "Age", "number", minimum=5, maximum=110),
            Question(
                "person",
                "sports",
                "Sports you play",
                "many",
                options=tuple(SPORT_LABELS.items()),
            ),
            Question(
                "person", "goal", "Your goal", "text", "For example: a half marathon in March."
            ),
        ),
    ),
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
