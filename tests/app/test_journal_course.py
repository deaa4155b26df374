"""The simulated 16-week course, lived through the journal one day at a time.

Each day: assess the day from the journal (storing it and advancing the
programme record), then record that day's check-in and tests — the same
sequence `tests/clinical/test_course_simulation.py` runs on case documents.
The journal must reach the very same decisions, stages and load steps.
"""

from __future__ import annotations

import datetime as dt

import pytest

from heelraise.app.journal import build_case, open_journal
from heelraise.app.onboarding import Answers, init_from_answers
from heelraise.app.programme import programme_as_of
from heelraise.app.recording import record_checkin, record_test
from heelraise.app.status import assess_day
from tests.clinical.test_course_simulation import (
    START,
    WEEKS,
    capacity_tests_for,
    checkin_for,
    simulate,
)
from tests.factories import BASE_SYMPTOMS


@pytest.mark.usefixtures("journal_repository")
def test_the_journal_lives_the_course_exactly_as_the_simulation() -> None:
    expected = simulate()
    answers = Answers({**BASE_SYMPTOMS, "started": "2025-12-01", "pain_0_10": 3}, {}, {"age": 40})
    # The simulation's symptoms are the factory defaults with these two replaced.
    first = init_from_answers(None, "sim", answers, START)
    lived = [(START, first.assessment.decision, first.assessment.stage, first.assessment.load_step)]
    record_checkin(None, "sim", checkin_for(0))
    for test in capacity_tests_for(0):
        record_test(None, "sim", test)
    for day in range(1, WEEKS * 7 + 1):
        as_of = START + dt.timedelta(days=day)
        record_checkin(None, "sim", checkin_for(day))  # the day's check-in, then its answer
        for test in capacity_tests_for(day):
            record_test(None, "sim", test)
        result = assess_day(None, "sim", as_of).assessment
        lived.append((as_of, result.decision, result.stage, result.load_step))
    assert lived == expected


@pytest.mark.usefixtures("journal_repository")
def test_a_stage_advance_applies_from_the_next_day() -> None:
    answers = Answers({**BASE_SYMPTOMS}, {}, {})
    day = dt.date(2026, 11, 2)
    first = init_from_answers(None, None, answers, day)
    assert (first.assessment.decision, first.advanced is not None) == ("start", True)
    with open_journal(None) as journal:
        stages = journal.records("me").stages
        assert programme_as_of(stages, day) is None  # the day's own advance is not read back
        assert programme_as_of(stages, day + dt.timedelta(days=1)) == {
            "started": "2026-11-02",
            "stage": 1,
            "load_step": 0,
        }
        assert build_case(journal, "me", day).programme is None
    again = assess_day(None, None, day)
    assert again.assessment == first.assessment
    with open_journal(None) as journal:
        assert len(journal.records("me").stages) == 1  # re-running the day replaces its row
