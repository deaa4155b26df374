"""What an action did, said on the page it lands on, with or without JavaScript.

A form that redirects (post, then get) names what happened in the query:
`today?checked_in=2026-12-05`, `progress?saved=visa_a&score=72`. The page looks
the words up here and shows them in its `role="status"` region. Only these
words can appear: each value is parsed (a day, a whole number, a known test)
and anything else is ignored, so a crafted link cannot put text on the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from urllib.parse import urlencode

TESTS = {"heel_rise": "heel-rise test", "hop": "hop test", "visa_a": "VISA-A questionnaire"}


def checked_in_query(day: dt.date, replaced: bool) -> str:
    """The query Today is sent with after a check-in saved without JavaScript."""
    values = {"checked_in": day.isoformat()}
    if replaced:
        values["replaced"] = "yes"
    return urlencode(values)


def saved_test_query(item: Mapping[str, object]) -> str:
    """The query the progress page is sent with after a test is saved."""
    kind = str(item.get("kind"))
    values = {"saved": kind}
    if kind == "heel_rise":
        values |= {"painful": str(item.get("affected_reps")), "other": str(item.get("other_reps"))}
    elif kind == "hop":
        values["pain"] = str(item.get("pain_0_10"))
    elif kind == "visa_a" and item.get("score") is not None:
        values["score"] = str(item.get("score"))
    return urlencode(values)


def flash_message(query: Mapping[str, str]) -> str | None:
    """The words for what the query says was done (None when it says nothing known)."""
    day = _day(query.get("checked_in"))
    if day is not None:
        words = f"{day:%A} {day.day} {day:%B}"
        if query.get("replaced") == "yes":
            return f"Your check-in for {words} has replaced the one saved before."
        return f"Your check-in for {words} is saved."
    kind = query.get("saved")
    if kind in TESTS:
        return f"Your {TESTS[kind]} is saved{_result(kind, query)}."
    return None


def _result(kind: str, query: Mapping[str, str]) -> str:
    if kind == "heel_rise":
        painful, other = _number(query.get("painful")), _number(query.get("other"))
        if painful is not None and other is not None:
            return f": {painful} rises on the painful side and {other} on the other"
    elif kind == "hop":
        pain = _number(query.get("pain"))
        if pain is not None and pain <= 10:
            return f": pain {pain} out of 10 while hopping"
    elif kind == "visa_a":
        score = _number(query.get("score"))
        if score is not None and score <= 100:
            return f": {score} out of 100"
    return ""


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _number(value: str | None) -> int | None:
    if value is None or not value.isdigit() or len(value) > 4:
        return None
    return int(value)
