"""Capacity tests: heel-rise limb symmetry and hop tolerance (pure).

Tests are told apart by their `kind` tag (not their class), so a case from
the fast decoder (`contract/fast_case.py`) reads the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from heelraise.contract.case import Case, HeelRiseTest, HopTest, VisaATest


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


def heel_rise_history(case: Case) -> list[Symmetry]:
    """Every heel-rise symmetry in date order."""
    tests = sorted((t for t in case.tests if t.kind == "heel_rise"), key=lambda test: test.date)
    return [s for s in (heel_rise_symmetry(t) for t in tests) if s is not None]


def latest_hop(case: Case) -> HopTest | None:
    hops = [t for t in case.tests if t.kind == "hop"]
    return max(hops, key=lambda test: test.date) if hops else None


def visa_a_history(case: Case) -> list[VisaATest]:
    return sorted((t for t in case.tests if t.kind == "visa_a"), key=lambda t: t.date)


@dataclass(frozen=True, slots=True)
class CapacityRecord:
    """A case's capacity tests, each kind read once (shared by every checkpoint and flag)."""

    heel_rise: list[Symmetry]  # date order
    visa_a: list[VisaATest]  # date order
    latest_hop: HopTest | None


def capacity_record(case: Case) -> CapacityRecord:
    if not case.tests:
        return CapacityRecord([], [], None)
    return CapacityRecord(heel_rise_history(case), visa_a_history(case), latest_hop(case))


def latest(items: Sequence[Symmetry]) -> Symmetry | None:
    return items[-1] if items else None
