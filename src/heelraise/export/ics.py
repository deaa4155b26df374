"""This week's plan as iCalendar (RFC 5545), with reminders.

- One all-day event per session, with an alarm (VALARM) on the day at the
  session reminder time.
- A daily check-in reminder for each of the plan's 7 days: a 5-minute event
  at the check-in time with an alarm as it starts.

Times are floating local times (no time zone): 08:00 is 08:00 wherever the
phone is, which is what "a reminder at 8 in the morning" means. UIDs are
stable for a day (`session-2026-12-05-0@…`, `checkin-2026-12-05@…`), so a
subscribed calendar that refreshes the feed updates the events in place
rather than duplicating them. No plan (an urgent reading, or no programme
until seen) gives an empty calendar: no exercise and no reminder to do one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from icalendar import Alarm, Calendar, Event

from heelraise.contract import Assessment, Plan, PlannedExercise

PRODID = "-//heelraise//rehab plan//EN"
CHECKIN_MINUTES = 5


@dataclass(frozen=True, slots=True)
class Reminders:
    """When the reminders go off, in local wall-clock time."""

    checkin_at: dt.time = dt.time(8, 0)
    session_at: dt.time = dt.time(17, 30)
    checkin_url: str | None = None  # where the check-in is (the feed knows; a file may not)
    uid_domain: str = "heelraise"  # keeps two people's events apart in one calendar app


DEFAULT_REMINDERS = Reminders()


def parse_clock(text: str) -> dt.time:
    """`08:00` or `8:00` as a time of day (ValueError otherwise)."""
    hours, sep, minutes = text.strip().partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise ValueError(f"write a time as HH:MM (24-hour clock), not {text!r}")
    return dt.time(int(hours), int(minutes))


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


def _alarm(trigger: dt.timedelta, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger)
    return alarm


def _empty(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _since_midnight(clock: dt.time) -> dt.timedelta:
    return dt.timedelta(hours=clock.hour, minutes=clock.minute)


def plan_calendar(
    plan: Plan,
    notice: str,
    reminders: Reminders = DEFAULT_REMINDERS,
    *,
    name: str = "heelraise plan",
    stamp: dt.datetime | None = None,
) -> Calendar:
    """The plan's sessions (each with an alarm) and a daily check-in reminder."""
    calendar = _empty(name)
    stamp = stamp or dt.datetime.combine(plan.week_of, dt.time(0, 0), tzinfo=dt.UTC)
    domain = reminders.uid_domain
    at = _since_midnight(reminders.session_at)
    for index, session in enumerate(plan.sessions):
        event = Event()
        event.add("uid", f"session-{session.date.isoformat()}-{index}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.date)
        event.add("dtend", session.date + dt.timedelta(days=1))
        event.add("summary", session.title)
        lines = [exercise_line(exercise) for exercise in session.exercises]
        event.add("description", "\n".join([*lines, "", notice]))
        event.add("categories", [session.kind])
        event.add("transp", "TRANSPARENT")  # a reminder, not time taken
        event.add_component(_alarm(at, f"Today: {session.title}"))
        calendar.add_component(event)
    for offset in range(7):
        day = plan.week_of + dt.timedelta(days=offset)
        start = dt.datetime.combine(day, reminders.checkin_at)  # floating local time
        event = Event()
        event.add("uid", f"checkin-{day.isoformat()}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=CHECKIN_MINUTES))
        event.add("summary", "heelraise check-in")
        words = "How is your Achilles this morning? The check-in takes 30 seconds."
        if reminders.checkin_url:
            event.add("url", reminders.checkin_url)
            words += f"\n{reminders.checkin_url}"
        event.add("description", words)
        event.add("categories", ["checkin"])
        event.add("transp", "TRANSPARENT")
        event.add_component(_alarm(dt.timedelta(0), "Time for your heelraise check-in"))
        calendar.add_component(event)
    return calendar


def empty_ics(name: str = "heelraise plan") -> bytes:
    """A calendar with no events (no plan yet, or none until seen)."""
    return bytes(_empty(name).to_ical())


def plan_ics(
    assessment: Assessment,
    reminders: Reminders = DEFAULT_REMINDERS,
    *,
    name: str = "heelraise plan",
    stamp: dt.datetime | None = None,
) -> bytes:
    """The assessment's plan and reminders as iCalendar bytes; an empty calendar when there
    is no plan."""
    if assessment.plan is None:
        return empty_ics(name)
    calendar = plan_calendar(assessment.plan, assessment.notice, reminders, name=name, stamp=stamp)
    return bytes(calendar.to_ical())
