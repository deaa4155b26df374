"""A check-in is read by the fast decoder when it can vouch for it, else by pydantic.

`validate_checkin` gives the same item, or the same problems, whichever reads it:
the fast one only saves `heelraise checkin` from loading pydantic.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from heelraise.app import recording
from heelraise.app.journal import plain
from heelraise.errors import InvalidInput

FIELDS = (
    "date",
    "morning_stiffness_0_10",
    "pain_walking_0_10",
    "pain_during_0_10",
    "pain_after_0_10",
    "settled_by_next_morning",
    "exercised",
    "mood",
)
values = st.one_of(
    st.integers(-2, 12),
    st.sampled_from([3.0, 3.5, True, False, "3", "", "2026-11-20", "2026-11-20T08:00:00"]),
    st.just(dt.date(2026, 11, 19)),
    st.just(dt.datetime(2026, 11, 19, 0, 0)),
    st.just(dt.datetime(2026, 11, 19, 7, 30)),
)


def _outcome(read: Any, data: dict[str, Any]) -> tuple[str, Any]:
    try:
        return "item", plain(read(data))
    except InvalidInput as error:
        return "problems", [str(problem) for problem in error.problems]


@settings(max_examples=600, deadline=None)
@given(
    st.dictionaries(st.sampled_from(FIELDS), values, max_size=3),
    st.sets(st.sampled_from(["morning_stiffness_0_10", "pain_walking_0_10"])),
)
def test_the_fast_reading_agrees_with_pydantic(fields: dict[str, Any], left_out: set[str]) -> None:
    usual = {"date": "2026-11-20", "morning_stiffness_0_10": 2, "pain_walking_0_10": 1}
    data = {key: value for key, value in usual.items() if key not in left_out} | fields
    fast = recording._fast_checkin(data)
    worded = _outcome(recording._worded_checkin, data)
    if fast is not None:
        assert worded == ("item", plain(fast)), data
    assert _outcome(lambda d: recording._fast_checkin(d) or recording._worded_checkin(d), data) == (
        worded
    )


def test_a_usual_checkin_takes_the_fast_reading() -> None:
    data = {"date": "2026-11-20", "morning_stiffness_0_10": 3, "pain_walking_0_10": 2}
    fast = recording._fast_checkin(data)
    assert fast is not None
    assert plain(fast) == {
        "date": "2026-11-20",
        "morning_stiffness_0_10": 3,
        "pain_walking_0_10": 2,
        "exercised": True,
    }


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"morning_stiffness_0_10": 14, "pain_walking_0_10": 2}, "morning_stiffness_0_10"),
        ({"pain_walking_0_10": 2}, "morning_stiffness_0_10"),
        ({"morning_stiffness_0_10": 1, "pain_walking_0_10": True}, "pain_walking_0_10"),
    ],
)
def test_a_wrong_checkin_is_worded_by_the_contract(data: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        recording.validate_checkin(data)
    assert [problem.field for problem in raised.value.problems] == [field]


def test_checking_in_needs_no_pydantic() -> None:
    probe = (
        "import sys\n"
        "from heelraise.app.recording import validate_checkin\n"
        "validate_checkin({'morning_stiffness_0_10': 2, 'pain_walking_0_10': 1})\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == b"[]"
