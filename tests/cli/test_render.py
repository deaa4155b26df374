"""The readable plan: consecutive days with the same session share one row."""

from __future__ import annotations

import datetime as dt

import orjson
from rich.console import Console

from heelraise.app.assessing import assess_json_text
from heelraise.cli.render import day_span, plan_table, same_day_runs
from heelraise.contract import PlannedExercise, PlannedSession
from tests.factories import case_document

MONDAY = dt.date(2026, 11, 30)


def exercise(name: str, reps: int = 15) -> PlannedExercise:
    return PlannedExercise(
        id=name.lower().replace(" ", "-"),
        name=name,
        sets=3,
        reps=reps,
        hold_s=None,
        duration_min=None,
        load="15RM",
        tempo="3-0-3",
        tags=[],
        notes="",
        source="consensus",
    )


def session(offset: int, title: str, *exercises: PlannedExercise) -> PlannedSession:
    return PlannedSession(MONDAY + dt.timedelta(days=offset), title, list(exercises))


def test_a_week_of_one_routine_is_one_run() -> None:
    week = [session(day, "Loading", exercise("Calf raise")) for day in range(7)]
    assert same_day_runs(week) == [(MONDAY, MONDAY + dt.timedelta(days=6), week[0])]


def test_alternating_days_stay_apart() -> None:
    week = [
        session(day, "Loading" if day % 2 == 0 else "Recovery", exercise("Calf raise"))
        for day in range(7)
    ]
    runs = same_day_runs(week)
    assert [(first, last) for first, last, _ in runs] == [(s.date, s.date) for s in week]


def test_a_different_dose_or_a_gap_starts_a_new_run() -> None:
    same = exercise("Calf raise")
    heavier = exercise("Calf raise", reps=12)
    week = [
        session(0, "Loading", same),
        session(1, "Loading", same),
        session(2, "Loading", heavier),  # another dose
        session(4, "Loading", heavier),  # a day missing in between
    ]
    runs = same_day_runs(week)
    assert [(first.day, last.day) for first, last, _ in runs] == [(30, 1), (2, 2), (4, 4)]


def test_day_span_words() -> None:
    assert day_span(MONDAY, MONDAY) == "Mon 30 Nov"
    assert day_span(MONDAY, MONDAY + dt.timedelta(days=6)) == "Mon 30 Nov – Sun 6 Dec"
    friday = dt.date(2026, 11, 20)
    assert day_span(friday, friday + dt.timedelta(days=6)) == "Fri 20 – Thu 26 Nov"


def test_the_table_shows_each_exercise_of_a_run_once() -> None:
    assessment = assess_json_text(orjson.dumps(case_document()))
    assert assessment.plan is not None
    console = Console(width=200, record=True)
    console.print(plan_table(assessment))
    text = console.export_text()
    runs = same_day_runs(assessment.plan.sessions)
    assert len(runs) < len(assessment.plan.sessions)  # the first-visit week is one routine
    first = assessment.plan.sessions[0].exercises[0].name
    shown = sum(1 for line in text.splitlines() if first in line)
    assert shown == sum(1 for *_, s in runs if any(e.name == first for e in s.exercises))
