"""How an assessment reads in plain words: shared by the terminal and the web pages.

No clinical logic: the assessment already holds every finding and decision.
This module only chooses the words for them, so that no output prints a
Python value as Python writes it:

- values in plain words (`plain_value`): dates as "28 Nov 2026", lists
  joined, None as "no data", booleans as yes/no, keys as labels
  (`plain_label`), the engine's day reasons ("2026-11-28: pain after 8/10
  (limit 5)") as "pain after 8/10 on 28 Nov (limit 5)" (`plain_reason`);
- the first line (`headline`): the urgent heading for an urgent pathway
  (a suspected clot has its own), today's decision when a programme is
  running on self-management, else the pathway's headline;
- what an urgent assessment shows (`urgent_summary`) and nothing else: its
  urgent flags, what to do until seen, where to go.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from heelraise.app.engine import current_engine
from heelraise.contract import Assessment
from heelraise.contract.assessment import AdviceItem, Flag, ReferralOption
from heelraise.knowledge.loader import default_knowledge

# Today's decision: as a section heading ("Today: ..."), and as the first line of a
# self-managed day once a programme runs (the pathway's "reasonable start" is no
# answer to a check-in).
DECISION_WORDS = {
    "start": "Start the loading programme",
    "progress": "Step the load up",
    "hold": "Keep the load where it is",
    "reduce": "Ease off and reduce the load",
}
DECISION_HEADLINES = {
    "progress": "Step the load up: your check-ins are within the limits.",
    "hold": "Keep the load where it is for now.",
    "reduce": "Ease off today: reduce the load.",
}
# The day's answer in one sentence, action first (Today's first line): start, keep
# going, ease off today, or get help.
DAY_ANSWERS = {
    "start": ("start", "Start today: the first session of your loading programme is below."),
    "progress": ("keep_going", "Keep going: step the load up a little today."),
    "hold": ("keep_going", "Keep going: the same load as last time today."),
    "reduce": ("ease_off", "Ease off today: a lighter session, below."),
}
# The second line when getting help comes first and there is a session meanwhile.
MEANWHILE = {
    "reduce": "Meanwhile, ease off: today's lighter session is below.",
}
MEANWHILE_SESSION = "Meanwhile, today's session is below: keep it gentle."
# The return-to-running checkpoints, as a person names what is still to work on.
CRITERION_WORDS = {
    "morning_stiffness": "less morning stiffness",
    "daily_function": "less pain with walking and stairs",
    "heel_rise_symmetry": "heel-rise strength on the painful side",
    "hop_tolerance": "hopping without a flare (record a hop test)",
}
# The labels of rule-trace inputs and other keys a page or the terminal shows.
LABELS = {
    "checkins_since_change": "Check-ins since the last change",
    "stiffness_this_week": "Morning stiffness this week (average out of 10)",
    "stiffness_previous_week": "Morning stiffness the week before (average out of 10)",
    "over_limits": "Over the limits",
    "last_checkin": "Last check-in",
    "days_since": "Days since",
    "gap_days": "Flagged after (days)",
    "load_step": "Load step",
    "last_over_limit": "Last day over the limits",
}
# Case fields as a person would name them (the engine's texts may name a field).
FIELD_WORDS = {
    "pop": "a pop or snap",
    "sudden_sharp_pain": "a sudden sharp pain",
    "push_off_difficulty": "difficulty pushing off or walking",
    "marked_swelling": "marked swelling",
    "contour_change": "a change in the tendon's shape",
    "single_leg_heel_raise": "the single-leg heel raise",
    "onset": "how it started",
    "pain_0_10": "the worst pain (0-10)",
    "limits_walking_or_stairs": "whether it limits walking or stairs",
    "worsening_weeks": "whether it has been getting worse over weeks",
    "calf_hot_swollen": "a swollen, warm, tender calf",
}

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DAY_IN_TEXT = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_DAY_REASON = re.compile(r"(\d{4}-\d{2}-\d{2}):\s*(.+)", re.DOTALL)
_LIMIT_TAIL = re.compile(r"(.*?)(\s*\((?:limit|target|need)[^)]*\))")
_FIELD_PATH = re.compile(r"\b(?:symptoms|history|person|programme)\.([a-z][a-z0-9_]*)\b")
_IDENTIFIER = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")


def plain_date(day: dt.date | str, *, year: bool = True) -> str:
    """`28 Nov 2026` (or `28 Nov`) from a date or an ISO day."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    text = f"{day.day} {day:%b}"
    return f"{text} {day.year}" if year else text


def plain_number(number: float) -> str:
    """`4` for 4.0, `3.3` for 3.29: one decimal at most."""
    if float(number).is_integer():
        return str(int(number))
    return f"{number:.1f}"


def humanise(key: str) -> str:
    """`checkins_since_change` → `checkins since change`; `pain_0_10` → `pain (0-10)`."""
    return re.sub(r"_0_10$", " (0-10)", key).replace("_", " ").replace(".", " ").strip()


def plain_label(key: str) -> str:
    """A key (a rule-trace input, a measure) as a label a person reads."""
    label = LABELS.get(key)
    if label is not None:
        return label
    words = humanise(key)
    return words[:1].upper() + words[1:]


def field_words(name: str) -> str:
    """A case field (`symptoms.pop` or `pop`) as a person would name it."""
    name = name.rsplit(".", 1)[-1]
    return FIELD_WORDS.get(name, humanise(name))


def plain_text(text: str) -> str:
    """Free text from the engine with any case-field path and ISO day put in words."""
    text = _FIELD_PATH.sub(lambda match: field_words(match[1]), text)
    return _ISO_DAY_IN_TEXT.sub(_day_words, text)


def _day_words(match: re.Match[str]) -> str:
    try:
        return plain_date(match[0])
    except ValueError:
        return match[0]


def plain_reason(text: str) -> str:
    """`2026-11-28: pain after 8/10 (limit 5)` → `pain after 8/10 on 28 Nov (limit 5)`.

    A reason without a day is returned with any field path put in words.
    """
    match = _DAY_REASON.fullmatch(text.strip())
    if match is None:
        return plain_text(text)
    try:
        day = plain_date(match[1], year=False)
    except ValueError:
        return plain_text(text)
    rest = plain_text(match[2].strip())
    tail = _LIMIT_TAIL.fullmatch(rest)
    if tail is not None:
        return f"{tail[1]} on {day}{tail[2]}"
    return f"{rest} ({day})"


def plain_value(value: Any) -> str:
    """Any value an assessment holds, in words (never its Python repr)."""
    if value is None:
        return "no data"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return plain_number(value)
    if isinstance(value, dt.date):
        return plain_date(value)
    if isinstance(value, str):
        return _plain_string(value)
    if isinstance(value, Mapping):
        parts = [f"{plain_label(str(key))}: {plain_value(item)}" for key, item in value.items()]
        return "; ".join(parts) if parts else "none"
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(plain_value(item) for item in value) if value else "none"
    return str(value)


def _plain_string(text: str) -> str:
    if _ISO_DAY.fullmatch(text):
        try:
            return plain_date(text)
        except ValueError:
            return text
    if _IDENTIFIER.fullmatch(text):
        return humanise(text)
    return plain_reason(text)


_INTEGER_RANGE = re.compile(r"must be an integer (\d+)\.\.(\d+)")
_AFTER_AS_OF = re.compile(r"(\d{4}-\d{2}-\d{2}) is after as_of \((\d{4}-\d{2}-\d{2})\)")
_GOT = re.compile(r"[,;] got (?:'(.*)'|(.*))$")


def plain_problem(message: str) -> str:
    """A validation message as a person reads it: no `as_of`, no `0..10`, no quotes.

    `must be an integer 0..10, got 14` → `must be a whole number from 0 to 10 (you gave 14)`;
    `2026-12-10 is after as_of (2026-12-05)` → `must be on or before 5 Dec 2026 (you gave
    10 Dec 2026)`; `is required` → `please answer this`.
    """
    text = message.strip()
    if text == "is required":
        return "please answer this"
    after = _AFTER_AS_OF.fullmatch(text)
    if after is not None:
        return f"must be on or before {plain_date(after[2])} (you gave {plain_date(after[1])})"
    text = _INTEGER_RANGE.sub(r"must be a whole number from \1 to \2", text)
    got = _GOT.search(text)
    if got is not None:
        given = got[1] if got[1] is not None else got[2]
        text = f"{text[: got.start()]} (you gave {given})" if given else text[: got.start()]
    return plain_text(text)


def citation_of(source: str) -> str:
    """A source's citation in words (its id when the knowledge has no such source)."""
    found = default_knowledge().sources.get(source)
    return found.citation if found is not None else source


def plain_inputs(inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value) for each input of a rule trace or a flag, in words."""
    return [(plain_label(key), plain_value(value)) for key, value in inputs.items()]


def missing_words(assessment: Assessment) -> list[str]:
    """The unanswered questions, as a person would name them."""
    return [field_words(name) for name in assessment.missing]


def day_reasons(assessment: Assessment) -> list[str]:
    """The day-by-day reasons the decision read (the check-ins over the limits), in words.

    Taken from the decision's rule trace: every input that is a list of
    reasons, some dated by their day (the rest of such a list, e.g. a rise in
    stiffness, comes too). Whatever the decision, so a day over the limits is
    named the moment its check-in is in.
    """
    rule = assessment.decision_rule
    if rule is None:
        return []
    reasons: list[str] = []
    for value in rule.inputs.values():
        if _dated_reasons(value):
            reasons.extend(plain_reason(str(item)) for item in value)
    return reasons


def other_inputs(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs but the lists `day_reasons` shows (so a reading names them once)."""
    return {key: value for key, value in inputs.items() if not _dated_reasons(value)}


def _dated_reasons(value: Any) -> bool:
    return isinstance(value, list) and any(
        isinstance(item, str) and _DAY_REASON.fullmatch(item) for item in value
    )


def next_step_words(step: Mapping[str, Any] | None) -> str | None:
    """The return-to-running next step in a sentence (None when there is none)."""
    if not step:
        return None
    if step.get("kind") == "keep_building":
        work_on = [CRITERION_WORDS.get(str(key), humanise(str(key))) for key in step["work_on"]]
        if not work_on:
            return None
        return f"Still to work on: {_join(work_on)}."
    if step.get("kind") == "walk_run_ladder":
        steps = step.get("steps") or []
        if steps:
            first = steps[0]
            return (
                "Ready to start the walk-run ladder on flat ground: begin with "
                f"{first['repeats']} rounds of walking {first['walk_min']} minutes and running "
                f"{first['run_min']}, and change one thing at a time."
            )
        return "Ready to start the walk-run ladder on flat ground."
    return None


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def decision_words(decision: str | None) -> str | None:
    """Today's decision in words (None when there is none, e.g. urgent)."""
    if decision is None:
        return None
    return DECISION_WORDS.get(decision, humanise(decision).capitalize())


def headline(assessment: Assessment) -> str:
    """The first line of any reading of the assessment (see the module docstring)."""
    if assessment.pathway == "urgent":
        return urgent_heading(assessment)
    decision = assessment.decision
    if assessment.pathway == "self_manage" and decision in DECISION_HEADLINES:
        return DECISION_HEADLINES[decision]
    return _words(default_knowledge().advice.headline, assessment.pathway)


@dataclass(frozen=True, slots=True)
class DayAnswer:
    """The day's answer: `kind` (start, keep_going, ease_off, get_help) and its sentence;
    `then` is a second line when getting help and today's session both apply."""

    kind: str
    sentence: str
    then: str | None = None


def day_answer(assessment: Assessment) -> DayAnswer:
    """What to do today, in one sentence (see `DAY_ANSWERS`); an urgent or clinician
    pathway says to get help first."""
    pathway = assessment.pathway
    decision = DAY_ANSWERS.get(assessment.decision or "")
    if pathway == "urgent":
        return DayAnswer("get_help", urgent_heading(assessment))
    if pathway == "self_manage":
        if decision is None:
            return DayAnswer("start", headline(assessment))
        return DayAnswer(*decision)
    sentence = _words(default_knowledge().advice.headline, pathway)
    if pathway == "clinician":
        sentence = f"Get help: {sentence[:1].lower()}{sentence[1:]}"
    then = None
    if decision is not None and assessment.plan is not None:
        then = MEANWHILE.get(assessment.decision or "", MEANWHILE_SESSION)
    return DayAnswer("get_help", sentence, then)


def first_sentence(text: str) -> str:
    """The first sentence of a text (all of it when it is one sentence)."""
    head, stop, _rest = text.partition(". ")
    return f"{head}." if stop else text


def urgent_heading(assessment: Assessment) -> str:
    """The urgent headline, worded for the condition (a suspected clot has its own)."""
    return default_knowledge().advice.headline_for("urgent", assessment.condition)


def picture(assessment: Assessment) -> str:
    """`consistent with Achilles tendinopathy, in the midportion of the tendon (...)`."""
    advice = default_knowledge().advice
    what = _words(advice.condition_phrase, assessment.condition)
    if assessment.condition == "possible_dvt":
        return what  # a clot in the calf: where on the tendon says nothing
    return f"{what}, {_words(advice.location_phrase, assessment.location)}"


def _words(phrases: Mapping[Any, str], value: str) -> str:
    """The knowledge's phrase for an enum value; the value in words for one it lacks
    (a value the engine adds before the knowledge has its phrase)."""
    return phrases.get(value) or humanise(value)


@dataclass(frozen=True, slots=True)
class UrgentSummary:
    """All an urgent reading shows: go now, why, where, and what to do until seen."""

    heading: str
    flags: list[Flag]  # level `urgent` only, one per text
    destinations: list[ReferralOption]
    until_seen: list[AdviceItem]


def urgent_summary(assessment: Assessment) -> UrgentSummary:
    """The urgent part of an assessment (the JSON keeps the rest).

    The destinations are the assessment's own when it names urgent ones, else
    the referral file's `urgent` destinations.
    """
    seen: set[str] = set()
    flags: list[Flag] = []
    for flag in assessment.flags:
        if flag.level == "urgent" and flag.text not in seen:
            seen.add(flag.text)
            flags.append(flag)
    escalation = assessment.escalation
    options = escalation.options if escalation.to == "urgent" else []
    return UrgentSummary(
        heading=urgent_heading(assessment),
        flags=flags,
        destinations=list(options) or urgent_destinations(),
        until_seen=list(assessment.advice),
    )


def urgent_destinations() -> list[ReferralOption]:
    """The `urgent` destinations of the referral file in force."""
    return [
        ReferralOption(d.name, d.kind, d.how, d.url)
        for d in current_engine().knowledge.referrals.destination
        if d.level == "urgent"
    ]


def phone_of(name: str) -> str | None:
    """The number to call for a referral destination, by its name (None: none given)."""
    for destination in current_engine().knowledge.referrals.destination:
        if destination.name == name:
            return destination.phone
    return None


def emergency_phone() -> str | None:
    """The first urgent destination's number (999 in the UK file), for every page's footer."""
    for destination in current_engine().knowledge.referrals.destination:
        if destination.level == "urgent" and destination.phone:
            return destination.phone
    return None


def call_words(url: str) -> str:
    """`tel:999` → `Call 999`; any other link is shown as it is."""
    if url.startswith("tel:"):
        return f"Call {url[4:]}"
    return url
