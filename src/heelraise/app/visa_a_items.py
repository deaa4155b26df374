"""The VISA-A questionnaire items as published (Robinson et al. 2001), for `test visa-a`.

Items 1-6 are answered 0-10 (10 best); item 7 and the three branches of item 8
have fixed scores. Scoring is the engine's (`VisaAAnswers.total`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class VisaItem:
    """One item: its answer key, its words, and its scored options (empty: 0-10 scale)."""

    key: str
    text: str
    options: tuple[tuple[int, str], ...] = ()


SCALE_ITEMS: tuple[VisaItem, ...] = (
    VisaItem(
        "q1",
        "For how many minutes do you have stiffness in the Achilles region on first getting "
        "up? (0 = 100 minutes or more ... 10 = none)",
    ),
    VisaItem(
        "q2",
        "Once you are warmed up for the day, do you have pain when stretching the Achilles "
        "tendon fully over the edge of a step (keeping the knee straight)? "
        "(0 = strong severe pain ... 10 = no pain)",
    ),
    VisaItem(
        "q3",
        "After walking on flat ground for 30 minutes, do you have pain within the next "
        "2 hours? (0 = strong severe pain ... 10 = no pain; unable to walk 30 minutes = 0)",
    ),
    VisaItem(
        "q4",
        "Do you have pain walking downstairs with a normal gait cycle? "
        "(0 = strong severe pain ... 10 = no pain)",
    ),
    VisaItem(
        "q5",
        "Do you have pain during or immediately after doing 10 single-leg heel raises from a "
        "flat surface? (0 = strong severe pain ... 10 = no pain)",
    ),
    VisaItem("q6", "How many single-leg hops can you do without pain? (0 ... 10)"),
)

ACTIVITY_ITEM = VisaItem(
    "q7",
    "Are you currently undertaking sport or other physical activity?",
    (
        (0, "not at all"),
        (4, "modified training ± modified competition"),
        (7, "full training ± competition, but not at the level of before the symptoms"),
        (10, "competing at the same or a higher level as when the symptoms began"),
    ),
)

DURATIONS = ("nil", "1-10 min", "11-20 min", "21-30 min", "more than 30 min")

BRANCHES: tuple[VisaItem, ...] = (
    VisaItem(
        "q8a",
        "You have NO pain while doing Achilles-loading sport: for how long can you train "
        "or practise?",
        tuple(zip((0, 7, 14, 21, 30), DURATIONS, strict=True)),
    ),
    VisaItem(
        "q8b",
        "You have SOME pain in Achilles-loading sport but it does not stop you completing "
        "training: for how long can you train or practise?",
        tuple(zip((0, 4, 10, 14, 20), DURATIONS, strict=True)),
    ),
    VisaItem(
        "q8c",
        "You have pain that STOPS you completing training in Achilles-loading sport: for how "
        "long can you train or practise?",
        tuple(zip((0, 2, 5, 7, 10), DURATIONS, strict=True)),
    ),
)
