"""A simulated 16-week course, fed day by day as the journal would.

A plausible person checks in every day and tests weekly; two flares are
injected. The programme record is updated from each day's assessment exactly
as the journal does: a stage move or a load-step change sets `stage_started`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from heelraise.clinical.assess import default_engine
from heelraise.contract import parse_case
from tests.factories import case_document

START = dt.date(2026, 1, 5)  # a Monday
WEEKS = 16
FLARE_DAYS = {30, 31, 86}  # days after START with a flare (pain 7/10, not settled)


def checkin_for(day: int) -> dict[str, Any]:
    """Symptoms that ease over the weeks, with the injected flares."""
    week = day // 7
    flare = day in FLARE_DAYS
    stiffness = max(0, 4 - week // 2)
    walking = max(0, 3 - week // 2)
    return {
        "date": (START + dt.timedelta(days=day)).isoformat(),
        "morning_stiffness_0_10": stiffness + (2 if flare else 0),
        "pain_walking_0_10": walking + (2 if flare else 0),
        "pain_during_0_10": 7 if flare else 3,
        "pain_after_0_10": 7 if flare else 2,
        "settled_by_next_morning": not flare,
        "exercised": True,
    }


def capacity_tests_for(day: int) -> list[dict[str, Any]]:
    """Weekly heel-rise tests from week 3 (symmetry rising) and hop tests from week 8."""
    week = day // 7
    date = (START + dt.timedelta(days=day)).isoformat()
    found: list[dict[str, Any]] = []
    if day % 7 == 6 and week >= 3:
        found.append(
            {
                "date": date,
                "kind": "heel_rise",
                "affected_reps": min(27, 12 + 2 * week),
                "other_reps": 28,
            }
        )
    if day % 7 == 6 and week >= 8:
        found.append({"date": date, "kind": "hop", "pain_0_10": 1, "flare_24h": False})
    return found


def simulate() -> list[tuple[dt.date, str | None, Any, int | None]]:
    """Run the course; return (date, decision, stage, load step) for every day assessed."""
    engine = default_engine()
    programme: dict[str, Any] | None = None
    checkins: list[dict[str, Any]] = []
    tests: list[dict[str, Any]] = []
    log: list[tuple[dt.date, str | None, Any, int | None]] = []
    pending = [checkin_for(0)]  # the first check-in comes after the first assessment
    tests = capacity_tests_for(0)
    for day in range(WEEKS * 7 + 1):
        as_of = START + dt.timedelta(days=day)
        if day > 0:  # the day's check-in, then its assessment, as the journal does
            checkins = [*checkins, *pending, checkin_for(day)]
            tests = [*tests, *capacity_tests_for(day)]
            pending = []
        parts: dict[str, Any] = {
            "as_of": as_of.isoformat(),
            "symptoms": {"started": "2025-12-01", "pain_0_10": 3},
            "checkins": checkins,
            "tests": tests,
        }
        if programme is not None:
            parts["programme"] = programme
        result = engine.assess(parse_case(case_document(**parts)))
        log.append((as_of, result.decision, result.stage, result.load_step))
        # An eased dose (load step -1) lasts while the reduce does: the journal keeps
        # the programme at the stage's first rung (app/programme.py).
        step = None if result.load_step is None else max(result.load_step, 0)
        if programme is None:
            programme = {"started": as_of.isoformat(), "stage": 1, "load_step": 0}
        elif (result.stage, step) != (programme["stage"], programme["load_step"]):
            programme = {
                **programme,
                "stage": result.stage,
                "stage_started": as_of.isoformat(),
                "load_step": step,
            }
    return log


def test_course_moves_through_the_stages_and_reduces_on_each_flare() -> None:
    log = simulate()
    assert log[0][1:3] == ("start", 1)
    stage_changes = [
        (today[0], today[2])
        for yesterday, today in itertools.pairwise(log)
        if today[2] != yesterday[2]
    ]
    assert [stage for _, stage in stage_changes] == [2, 3, 4]
    assert [date.isoformat() for date, _ in stage_changes] == [
        "2026-01-11",
        "2026-02-24",
        "2026-03-08",
    ]
    reduce_days = [entry[0] for entry in log if entry[1] == "reduce"]
    flare_dates = {START + dt.timedelta(days=day) for day in FLARE_DAYS}
    # Every flare gets a reduce the same day (its check-in is assessed when it is saved) ...
    for flare in flare_dates:
        assert flare in reduce_days
    # ... and reduce lasts only while a flare day is in the 7 days ending that day.
    assert all(any(0 <= (day - flare).days <= 6 for flare in flare_dates) for day in reduce_days)


def test_the_load_steps_back_once_for_each_day_over_the_limits() -> None:
    """A day over the limits after the last change steps the load back once; the same day
    seen again in the following week's window does not step it back again."""
    log = simulate()
    step_downs = [
        today[0]
        for yesterday, today in itertools.pairwise(log)
        if today[2] == yesterday[2]
        and today[3] is not None
        and yesterday[3] is not None
        and today[3] < yesterday[3]
    ]
    assert [day.isoformat() for day in step_downs] == ["2026-02-04", "2026-02-05", "2026-04-01"]


def test_stage_never_moves_on_a_reduce_or_hold() -> None:
    log = simulate()
    for yesterday, today in itertools.pairwise(log):
        if today[1] in ("reduce", "hold"):
            assert today[2] == yesterday[2]
