"""Escalation from the programme itself: plateau, repeated flares, limits that persist."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from heelraise.clinical.capacity import CapacityRecord, Symmetry
from heelraise.clinical.visa_a import visa_a_score
from heelraise.contract.assessment import Flag, Location
from heelraise.knowledge.programme_schema import EscalationFile

if TYPE_CHECKING:
    from heelraise.contract.case import Case, VisaATest


def weeks_loading(case: Case) -> int:
    if case.programme is None:
        return 0
    return max(0, (case.as_of - case.programme.started).days // 7)


def programme_flags(
    case: Case,
    location: Location,
    flares: list[dt.date],
    tests: CapacityRecord,
    config: EscalationFile,
) -> list[Flag]:
    """Specialist-level flags (and a caution when a plateau cannot be judged)."""
    if case.programme is None:
        return []
    weeks = weeks_loading(case)
    flags: list[Flag] = []
    plateau = config.plateau
    if weeks >= plateau.min_weeks_loading:
        stalled = _visa_a_change(tests.visa_a, config)
        if stalled is None:
            unknown = config.plateau_unknown
            flags.append(Flag(unknown.id, "caution", unknown.text, unknown.source))
        elif stalled < plateau.visa_a_mic and not _heel_rise_improving(tests.heel_rise, config):
            points = f"{stalled} point" if abs(stalled) == 1 else f"{stalled} points"
            text = plateau.text.format(weeks=weeks, visa_change=points)
            flags.append(Flag(plateau.id, "specialist", text, plateau.source))
    repeated = config.repeated_flares
    recent = case.as_of - dt.timedelta(days=repeated.window_days)
    count = sum(1 for day in flares if day >= recent)
    if count >= repeated.min_flares:
        text = repeated.text.format(flares=count)
        flags.append(Flag(repeated.id, "specialist", text, repeated.source))
    walking = config.walking_still_limited
    if weeks >= walking.min_weeks_loading and case.symptoms.limits_walking_or_stairs is True:
        flags.append(
            Flag(walking.id, "specialist", walking.text.format(weeks=weeks), walking.source)
        )
    unclear = config.unclear_picture
    if weeks >= unclear.min_weeks_loading and location == "unclear":
        flags.append(
            Flag(unclear.id, "specialist", unclear.text.format(weeks=weeks), unclear.source)
        )
    return flags


def _visa_a_change(history: list[VisaATest], config: EscalationFile) -> int | None:
    """VISA-A change between the first and latest scores, if they span long enough."""
    if len(history) < 2:
        return None
    first, last = history[0], history[-1]
    if (last.date - first.date).days < config.plateau.visa_a_min_span_days:
        return None
    return visa_a_score(last) - visa_a_score(first)


def _heel_rise_improving(history: list[Symmetry], config: EscalationFile) -> bool:
    if len(history) < 2:
        return False
    first, last = history[0], history[-1]
    if (last.date - first.date).days < config.plateau.heel_rise_min_span_days:
        return False
    return last.percent - first.percent >= config.plateau.heel_rise_min_improvement
