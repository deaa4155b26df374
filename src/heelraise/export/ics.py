"""This week's plan as iCalendar (RFC 5545): one all-day event per session."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from heelraise.contract import Assessment, Plan, PlannedExercise

PRODID = "-//heelraise//rehab plan//EN"


def exercise_line(exercise: PlannedExercise) -> str:
    """One line of an event's description: name, dose, load, tempo and source."""
    if exercise.hold_s is not None:
        amount = f"{exercise.hold_s} s hold"
    elif exercise.reps is not None:
        amount = f"{exercise.reps} reps"
    else:
        amount = f"{exercise.duration_min} min"
    tempo = f", tempo {exercise.tempo}" if exercise.tempo else ""
    dose = f"{exercise.sets or 1} × {amount}, {exercise.load}{tempo}"
    return f"- {exercise.name}: {dose} [{exercise.source}]"


def plan_calendar(plan: Plan, notice: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "heelraise plan")
    for index, session in enumerate(plan.sessions):
        event = Event()
        event.add("uid", f"{session.date.isoformat()}-{index}@heelraise.plan.{plan.week_of}")
        event.add("dtstamp", dt.datetime.combine(plan.week_of, dt.time(0, 0), tzinfo=dt.UTC))
        event.add("dtstart", session.date)
        event.add("dtend", session.date + dt.timedelta(days=1))
        event.add("summary", session.title)
        lines = [exercise_line(exercise) for exercise in session.exercises]
        event.add("description", "\n".join([*lines, "", notice]))
        event.add("categories", [session.kind])
        calendar.add_component(event)
    return calendar


def plan_ics(assessment: Assessment) -> bytes:
    """The assessment's plan as iCalendar bytes; an empty calendar when there is no plan."""
    if assessment.plan is None:
        empty = Calendar()
        empty.add("prodid", PRODID)
        empty.add("version", "2.0")
        return bytes(empty.to_ical())
    return bytes(plan_calendar(assessment.plan, assessment.notice).to_ical())
