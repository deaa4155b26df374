"""Property: for any valid case, the journal's assessment of its day is the engine's.

Random cases (tests/strategies.py) are set up with `init_from_case`, their
check-ins recorded one by one, and the day assessed from the journal.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from heelraise.app.assessing import assess_data
from heelraise.app.onboarding import init_from_case
from heelraise.app.recording import record_checkin
from heelraise.app.status import assess_day
from tests.strategies import AS_OF, cases

_names = itertools.count()


# `journal_repository` only chooses the repository: it may be shared by every example.
@pytest.mark.usefixtures("journal_repository")
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(cases())
def test_the_journal_assesses_any_case_as_the_engine_does(case: dict[str, Any]) -> None:
    person = f"person-{next(_names)}"
    init_from_case(None, person, json.dumps(case))
    for item in case.get("checkins", []):
        record_checkin(None, person, item)
    assert assess_day(None, person, AS_OF).assessment == assess_data(case)
