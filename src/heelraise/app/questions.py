"""The triage questions in plain language, asked one at a time by `heelraise init`.

Each question fills one field of the case's `symptoms` or `history` part (or
`person`). The safety questions come first, so an urgent answer can stop the
interview straight away. Wording only: what an answer means clinically is
decided by the engine from the knowledge files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["yes_no", "choice", "score", "date", "number", "text", "sports"]


@dataclass(frozen=True, slots=True)
class Question:
    """One question: which case field it fills, its words, and how it is answered."""

    part: Literal["symptoms", "history", "person"]
    field: str
    text: str
    kind: Kind
    choices: tuple[tuple[str, str], ...] = ()  # (value, words) for `choice`
    optional: bool = False


def _yes_no(part: Literal["symptoms", "history"], field: str, text: str) -> Question:
    return Question(part, field, text, "yes_no")


TRIAGE_QUESTIONS: tuple[Question, ...] = (
    _yes_no(
        "symptoms",
        "pop",
        "When it started, did you feel or hear a pop or snap at the back of the ankle, "
        "or feel as if you had been kicked there?",
    ),
    _yes_no("symptoms", "sudden_sharp_pain", "Did it start suddenly with a sharp pain?"),
    _yes_no(
        "symptoms",
        "push_off_difficulty",
        "Since it started, has it been hard to push off or to walk normally?",
    ),
    _yes_no("symptoms", "marked_swelling", "Is there marked swelling around the tendon?"),
    _yes_no(
        "symptoms",
        "contour_change",
        "Can you see a change in the tendon's shape, or a gap in it?",
    ),
    Question(
        "symptoms",
        "single_leg_heel_raise",
        "Standing on the painful leg only, can you rise up on your toes?",
        "choice",
        (("able", "yes"), ("unable", "no"), ("not_tried", "not tried")),
    ),
    _yes_no("history", "calf_hot_swollen", "Is your calf swollen, warm and tender?"),
    Question(
        "symptoms",
        "onset",
        "Did the pain come on gradually or suddenly?",
        "choice",
        (("gradual", "gradually"), ("sudden", "suddenly")),
    ),
    Question("symptoms", "started", "When did it start? (YYYY-MM-DD)", "date"),
    Question(
        "symptoms",
        "side",
        "Which side?",
        "choice",
        (("left", "left"), ("right", "right"), ("both", "both")),
    ),
    Question(
        "symptoms",
        "site",
        "Where is the pain?",
        "choice",
        (
            ("midportion", "in the tendon, 2-7 cm above the heel"),
            ("insertion", "where the tendon meets the heel bone"),
            ("both", "both"),
            ("unsure", "not sure"),
        ),
    ),
    _yes_no("symptoms", "morning_stiffness", "Is it stiff first thing in the morning?"),
    _yes_no("symptoms", "eases_when_warm", "Does it ease once you are warmed up?"),
    _yes_no(
        "symptoms",
        "worse_after_fast_or_next_day",
        "Is it worse after running fast or jumping, or the next day?",
    ),
    Question(
        "symptoms",
        "pain_0_10",
        "Over the last week, how bad was the worst pain in daily activity? (0 none - 10 worst)",
        "score",
    ),
    _yes_no("symptoms", "limits_walking_or_stairs", "Does it limit your walking or using stairs?"),
    _yes_no("symptoms", "worsening_weeks", "Has it been clearly getting worse over several weeks?"),
    _yes_no(
        "history",
        "fluoroquinolone",
        "In the last 3 months, have you taken an antibiotic such as ciprofloxacin or levofloxacin?",
    ),
    _yes_no(
        "history",
        "steroid_injection",
        "In the last 3 months, have you had a steroid injection near the tendon?",
    ),
    _yes_no(
        "history",
        "inflammatory_disease",
        "Do you have an inflammatory condition such as psoriasis, spondyloarthritis, "
        "inflammatory bowel disease or gout?",
    ),
    _yes_no("history", "fever_or_unwell", "Do you have a fever or feel generally unwell?"),
    _yes_no("history", "night_or_rest_pain", "Is the pain constant at rest or at night?"),
    _yes_no("history", "numbness_tingling", "Any numbness or tingling in the foot?"),
    _yes_no("history", "previous_rupture", "Have you ruptured an Achilles tendon before?"),
    Question("person", "age", "How old are you? (leave blank to skip)", "number", optional=True),
    Question(
        "person",
        "sports",
        "Which sports do you do? (comma-separated: running, football, tennis, ...; blank to skip)",
        "sports",
        optional=True,
    ),
    Question("person", "goal", "What is your goal? (blank to skip)", "text", optional=True),
)
