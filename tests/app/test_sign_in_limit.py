"""The sign-in limit as pure functions: counting, locking, a lock running out, forgetting."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from heelraise.app.sign_in_limit import SIGN_IN_LIMIT, SignInLimit, counted, locked_for, name_key
from heelraise.store.accounts import FailedSignIns

T0 = dt.datetime(2026, 11, 24, 9, 0)
LIMIT = SignInLimit(max_failures=3, lock_for=dt.timedelta(minutes=10))


def _attempts(times: list[dt.datetime], limit: SignInLimit = LIMIT) -> FailedSignIns:
    state = FailedSignIns()
    for at in times:
        state = counted(state, at, limit)
    return state


def test_the_numbers_are_five_failures_and_fifteen_minutes() -> None:
    assert SIGN_IN_LIMIT.max_failures == 5
    assert SIGN_IN_LIMIT.lock_for == dt.timedelta(minutes=15)


def test_failures_count_up_and_the_last_allowed_one_locks_the_name() -> None:
    one = counted(FailedSignIns(), T0, LIMIT)
    assert one == FailedSignIns(1, T0, T0, None)
    two = counted(one, T0 + dt.timedelta(seconds=5), LIMIT)
    assert (two.failures, two.first_failure_at, two.locked_until) == (2, T0, None)
    assert locked_for(two, T0 + dt.timedelta(seconds=5)) is None
    at = T0 + dt.timedelta(seconds=9)
    three = counted(two, at, LIMIT)
    assert three.failures == 3
    assert three.locked_until == at + LIMIT.lock_for
    assert locked_for(three, at) == 600


def test_a_locked_name_is_left_as_it_is_until_the_lock_runs_out() -> None:
    locked = _attempts([T0, T0, T0])
    later = T0 + dt.timedelta(minutes=9, seconds=59, microseconds=1)
    assert counted(locked, later, LIMIT) == locked  # refused: not counted again
    assert locked_for(locked, later) == 1  # rounded up to a whole second
    ended = T0 + LIMIT.lock_for
    assert locked_for(locked, ended) is None
    assert counted(locked, ended, LIMIT) == FailedSignIns(1, ended, ended, None)  # afresh


def test_a_run_of_failures_is_forgotten_after_a_quiet_day() -> None:
    two = _attempts([T0, T0 + dt.timedelta(minutes=1)])
    next_day = T0 + dt.timedelta(minutes=1) + SIGN_IN_LIMIT.forget_after
    assert counted(two, next_day, LIMIT) == FailedSignIns(1, next_day, next_day, None)
    just_before = next_day - dt.timedelta(seconds=1)
    assert counted(two, just_before, LIMIT).failures == 3


def test_names_are_counted_trimmed_case_folded_and_normalised() -> None:
    assert name_key("anna") == name_key(" Anna ") == name_key("ANNA")
    assert name_key("ﬁona") == name_key("fiona")  # NFKC: the ligature is two letters
    assert name_key("anna") != name_key("anna2")
    assert len(name_key("x" * 5000)) == 64  # any length fits the column
    assert set(name_key("anna")) <= set("0123456789abcdef")  # a hash, not the name


@given(st.lists(st.integers(min_value=0, max_value=3 * 3600), max_size=40))
def test_never_more_than_the_limit_of_passwords_checked_while_locked(
    offsets: list[int],
) -> None:
    """Between a lock starting and ending, no attempt gets counted (its password checked)."""
    state = FailedSignIns()
    for offset in sorted(offsets):
        at = T0 + dt.timedelta(seconds=offset)
        after = counted(state, at, LIMIT)
        if locked_for(state, at) is not None:
            assert after == state
        else:
            assert after.failures <= LIMIT.max_failures
            assert (after.locked_until is not None) == (after.failures == LIMIT.max_failures)
        state = after
