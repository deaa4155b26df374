"""Named triage predicates: each reads a case and answers True, False or None.

None means "cannot tell": an answer the predicate needs is missing. The
triage rules in `knowledge/triage.toml` name these functions; the rule (not
the function) decides what a yes or a "cannot tell" does to the pathway.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from heelraise.knowledge.schema import TriageSettings

if TYPE_CHECKING:
    from heelraise.contract.case import Case

Predicate = Callable[["Case", TriageSettings], bool | None]

SAFETY_ANSWERS = (
    "onset",
    "pop",
    "contour_change",
    "sudden_sharp_pain",
    "push_off_difficulty",
    "marked_swelling",
    "single_leg_heel_raise",
    "pain_0_10",
    "limits_walking_or_stairs",
    "worsening_weeks",
)
TYPICAL_FEATURES = ("morning_stiffness", "eases_when_warm", "worse_after_fast_or_next_day")


def any_true(values: Iterable[bool | None]) -> bool | None:
    """True if any is True; None if none is True but some are unknown; else False."""
    unknown = False
    for value in values:
        if value is True:
            return True
        if value is None:
            unknown = True
    return None if unknown else False


def urgent_signs(case: Case) -> list[bool | None]:
    """Each sign that on its own sends a possible rupture to urgent care (the seed's FAQ).

    Push-off difficulty counts only after a sudden onset (None while the onset is
    unknown); being `unable` to rise on the toes counts whatever the onset.
    """
    s = case.symptoms
    raise_unable = None if s.single_leg_heel_raise is None else s.single_leg_heel_raise == "unable"
    return [
        s.pop,
        s.contour_change,
        s.sudden_sharp_pain,
        s.marked_swelling,
        raise_unable,
        push_off_difficulty_after_sudden_onset(case, None),
    ]


def pop_reported(case: Case, _: TriageSettings) -> bool | None:
    return case.symptoms.pop


def contour_change_reported(case: Case, _: TriageSettings) -> bool | None:
    return case.symptoms.contour_change


def sudden_sharp_pain_reported(case: Case, _: TriageSettings) -> bool | None:
    return case.symptoms.sudden_sharp_pain


def marked_swelling_reported(case: Case, _: TriageSettings) -> bool | None:
    return case.symptoms.marked_swelling


def heel_raise_unable(case: Case, _: TriageSettings) -> bool | None:
    raise_result = case.symptoms.single_leg_heel_raise
    return None if raise_result is None else raise_result == "unable"


def push_off_difficulty_after_sudden_onset(case: Case, _: TriageSettings | None) -> bool | None:
    """Push-off or walking difficulty since a sudden onset.

    None (cannot tell) when the difficulty is there but the onset is unknown: it
    cannot be cleared from here. An unanswered difficulty is left to the rule
    that lists unanswered safety questions.
    """
    s = case.symptoms
    if s.push_off_difficulty is not True or s.onset == "gradual":
        return False
    return True if s.onset == "sudden" else None


def push_off_difficulty_gradual(case: Case, _: TriageSettings) -> bool | None:
    s = case.symptoms
    return s.onset == "gradual" and s.push_off_difficulty is True


def calf_hot_swollen(case: Case, _: TriageSettings) -> bool | None:
    return case.history.calf_hot_swollen


def severe_pain(case: Case, settings: TriageSettings) -> bool | None:
    pain = case.symptoms.pain_0_10
    return None if pain is None else pain >= settings.severe_pain_min


def worsening_over_weeks(case: Case, _: TriageSettings) -> bool | None:
    return case.symptoms.worsening_weeks


def limits_walking_or_stairs(case: Case, _: TriageSettings) -> bool | None:
    return case.symptoms.limits_walking_or_stairs


def recent_fluoroquinolone(case: Case, _: TriageSettings) -> bool | None:
    return case.history.fluoroquinolone


def recent_steroid_injection(case: Case, _: TriageSettings) -> bool | None:
    return case.history.steroid_injection


def inflammatory_disease(case: Case, _: TriageSettings) -> bool | None:
    return case.history.inflammatory_disease


def inflammatory_pattern(case: Case, _: TriageSettings) -> bool | None:
    s = case.symptoms
    return (
        s.side == "both"
        and s.site in {"insertion", "both"}
        and s.morning_stiffness is True
        and s.worse_after_fast_or_next_day is False
    )


def fever_or_unwell(case: Case, _: TriageSettings) -> bool | None:
    return case.history.fever_or_unwell


def night_or_rest_pain(case: Case, _: TriageSettings) -> bool | None:
    return case.history.night_or_rest_pain


def numbness_tingling(case: Case, _: TriageSettings) -> bool | None:
    return case.history.numbness_tingling


def sudden_onset(case: Case, _: TriageSettings) -> bool | None:
    """A sudden start without any urgent sign (the urgent rules speak for those)."""
    onset = case.symptoms.onset
    if onset is None:
        return None
    return onset == "sudden" and any_true(urgent_signs(case)) is not True


def typical_feature_count(case: Case) -> tuple[int, int]:
    """(features present, features unanswered) among the load-related features."""
    values = [getattr(case.symptoms, name) for name in TYPICAL_FEATURES]
    return sum(value is True for value in values), sum(value is None for value in values)


def atypical_picture(case: Case, settings: TriageSettings) -> bool | None:
    if case.symptoms.onset == "sudden":
        return False  # a sudden start is judged by the onset rules instead
    present, unknown = typical_feature_count(case)
    if present >= settings.min_typical_features:
        return False
    return None if present + unknown >= settings.min_typical_features else True


_SAFETY_FIELDS = tuple((name, f"symptoms.{name}") for name in SAFETY_ANSWERS)


def missing_safety_answers(case: Case) -> list[str]:
    """Dotted names of the safety answers left blank."""
    symptoms = case.symptoms
    return [dotted for name, dotted in _SAFETY_FIELDS if getattr(symptoms, name) is None]


def safety_answers_missing(case: Case, _: TriageSettings) -> bool | None:
    symptoms = case.symptoms
    return any(getattr(symptoms, name) is None for name in SAFETY_ANSWERS)


def previous_rupture(case: Case, _: TriageSettings) -> bool | None:
    return case.history.previous_rupture


def heel_raise_not_tried(case: Case, _: TriageSettings) -> bool | None:
    return case.symptoms.single_leg_heel_raise == "not_tried"


def location_unclear(case: Case, _: TriageSettings) -> bool | None:
    return case.symptoms.site in {None, "unsure"}


PREDICATES: dict[str, Predicate] = {
    function.__name__: function
    for function in (
        pop_reported,
        contour_change_reported,
        sudden_sharp_pain_reported,
        push_off_difficulty_after_sudden_onset,
        marked_swelling_reported,
        heel_raise_unable,
        calf_hot_swollen,
        severe_pain,
        worsening_over_weeks,
        limits_walking_or_stairs,
        recent_fluoroquinolone,
        recent_steroid_injection,
        inflammatory_disease,
        inflammatory_pattern,
        fever_or_unwell,
        night_or_rest_pain,
        numbness_tingling,
        sudden_onset,
        push_off_difficulty_gradual,
        atypical_picture,
        safety_answers_missing,
        previous_rupture,
        heel_raise_not_tried,
        location_unclear,
    )
}
