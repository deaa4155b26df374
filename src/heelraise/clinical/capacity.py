"""Capacity tests: heel-rise limb symmetry and hop tolerance (pure).

Tests are told apart by their `kind` tag (not their class), so a case from
the fast decoder (`contract/fast_case.py`) reads the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from heelraise.contract.case import Case, HeelRiseTest, HopTest, VisaATest


_by_date = attrgetter("date")


@dataclass(frozen=True, slots=True)
class Symmetry:
    date: dt.date
    percent: float  # limb symmetry index: affected / other × 100
    basis: str  # "work" (height × reps) or "reps"


def heel_rise_symmetry(test: HeelRiseTest) -> Symmetry | None:
    """Limb symmetry index; work (height × reps) when both heights are recorded."""
    if test.affected_height_cm is not None and test.other_height_cm is not None:
        other = test.other_reps * test.other_height_cm
        if other <= 0:
            return None
        return Symmetry(
            test.date, test.affected_reps * test.affected_height_cm / other * 100, "work"
        )
    if test.other_reps <= 0:
        return None
    return Symmetry(test.date, test.affected_reps / test.other_reps * 100, "reps")


@dataclass(slots=True)  # read-only per-case record; not frozen: frozen __init__ costs 4×
class CapacityRecord:
    """A case's capacity tests, read once (shared by every checkpoint, flag and measure)."""

    heel_rise: list[Symmetry]  # every heel-rise symmetry, in date order
    visa_a: list[VisaATest]  # in date order
    latest_hop: HopTest | None


def capacity_record(case: Case) -> CapacityRecord:
    """The case's tests sorted by kind and date in one pass."""
    if not case.tests:
        return CapacityRecord([], [], None)
    heel_rises: list[HeelRiseTest] = []
    visa_a: list[VisaATest] = []
    latest_hop: HopTest | None = None
    for test in case.tests:
        if test.kind == "heel_rise":
            heel_rises.append(test)
        elif test.kind == "visa_a":
            visa_a.append(test)
        elif test.kind == "hop" and (latest_hop is None or test.date > latest_hop.date):
            latest_hop = test  # the first of the latest, as `max` would pick
    heel_rises.sort(key=_by_date)
    visa_a.sort(key=_by_date)
    symmetries = [s for s in map(heel_rise_symmetry, heel_rises) if s is not None]
    return CapacityRecord(symmetries, visa_a, latest_hop)


def latest(items: Sequence[Symmetry]) -> Symmetry | None:
    return items[-1] if items else None
