"""Signing in against a real database: failed sign-ins lock a name for a while (known and
unknown names alike), a success resets the count; changing and resetting passwords."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from heelraise.app.accounts import (
    add_user,
    change_password,
    login_for,
    set_password,
    sign_in,
)
from heelraise.app.sign_in_limit import SIGN_IN_LIMIT, name_key
from heelraise.errors import InvalidInput, NotSignedIn, SignInLocked, UnknownLogin
from heelraise.store.models import SignInAttempt

PASSWORD = "correct horse battery"
WRONG = "not the password"
NEW = "a brand new passphrase"
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
LOCK_SECONDS = int(SIGN_IN_LIMIT.lock_for.total_seconds())


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'accounts.sqlite3'}"
    add_user(url, "anna", "patient", PASSWORD)
    add_user(url, "dr-a", "clinician", PASSWORD)
    return url


def _at(seconds: float) -> dt.datetime:
    return NOW + dt.timedelta(seconds=seconds)


def _fail(url: str, name: str, times: int, at: dt.datetime = NOW) -> None:
    for _ in range(times):
        with pytest.raises(NotSignedIn) as caught:
            sign_in(url, name, WRONG, now=at)
        assert not isinstance(caught.value, SignInLocked)
        assert caught.value.message == "the name or password is not right"


def _attempts(url: str) -> dict[str, tuple[int, dt.datetime | None]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(SignInAttempt)).all()
            return {row.name_key: (row.failures, row.locked_until) for row in rows}
    finally:
        engine.dispose()


def test_five_failures_lock_the_name_even_against_the_right_password(url: str) -> None:
    _fail(url, "anna", SIGN_IN_LIMIT.max_failures - 1)
    assert _attempts(url) == {name_key("anna"): (4, None)}
    _fail(url, "anna", 1)
    with pytest.raises(SignInLocked) as caught:
        sign_in(url, "anna", PASSWORD, now=_at(60))
    assert caught.value.retry_after == LOCK_SECONDS - 60
    assert caught.value.message == "too many failed sign-ins for this name; try again in 14 minutes"
    assert _attempts(url)[name_key("anna")] == (
        5,
        NOW.replace(tzinfo=None) + SIGN_IN_LIMIT.lock_for,
    )
    sign_in(url, "dr-a", PASSWORD, now=_at(60))  # other names are not affected


def test_a_success_resets_the_count(url: str) -> None:
    _fail(url, "anna", SIGN_IN_LIMIT.max_failures - 1)
    signed = sign_in(url, "anna", PASSWORD)
    assert login_for(url, signed.token) == signed.login
    assert _attempts(url) == {}
    _fail(url, "anna", SIGN_IN_LIMIT.max_failures - 1)  # four more, still not locked
    sign_in(url, "anna", PASSWORD)


def test_an_unknown_name_is_throttled_exactly_like_a_known_one(url: str) -> None:
    refusals: dict[str, tuple[str, int]] = {}
    for name in ("anna", "nobody"):
        _fail(url, name, SIGN_IN_LIMIT.max_failures)
        with pytest.raises(SignInLocked) as caught:
            sign_in(url, name, PASSWORD, now=_at(1))
        refusals[name] = (caught.value.message, caught.value.retry_after)
    assert refusals["anna"] == refusals["nobody"]
    assert set(_attempts(url)) == {name_key("anna"), name_key("nobody")}


def test_the_name_is_counted_however_it_is_typed(url: str) -> None:
    _fail(url, "Anna", 2)
    _fail(url, " ANNA", 2)
    _fail(url, "anna", 1)
    with pytest.raises(SignInLocked):
        sign_in(url, "anna", PASSWORD, now=_at(1))


def test_the_lock_ends_after_the_cooling_off_period(url: str) -> None:
    _fail(url, "anna", SIGN_IN_LIMIT.max_failures)
    with pytest.raises(SignInLocked) as caught:
        sign_in(url, "anna", PASSWORD, now=_at(LOCK_SECONDS - 1))
    assert caught.value.retry_after == 1
    assert caught.value.message.endswith("try again in 1 minute")
    # Attempts while locked are not counted, so they do not make the lock longer.
    signed = sign_in(url, "anna", PASSWORD, now=_at(LOCK_SECONDS))
    assert signed.login.name == "anna"
    assert _attempts(url) == {}


def test_after_a_lock_runs_out_the_count_starts_again(url: str) -> None:
    _fail(url, "anna", SIGN_IN_LIMIT.max_failures)
    after = _at(LOCK_SECONDS)
    _fail(url, "anna", 1, at=after)
    assert _attempts(url)[name_key("anna")] == (1, None)


def test_stale_counts_of_other_names_are_deleted(url: str) -> None:
    _fail(url, "someone", 2)
    _fail(url, "nobody", SIGN_IN_LIMIT.max_failures)
    _fail(url, "anna", 1, at=NOW + SIGN_IN_LIMIT.forget_after)
    assert set(_attempts(url)) == {name_key("anna")}


def test_times_may_come_in_with_any_time_zone(url: str) -> None:
    _fail(url, "anna", SIGN_IN_LIMIT.max_failures)
    paris = dt.timezone(dt.timedelta(hours=1))
    with pytest.raises(SignInLocked) as caught:
        sign_in(url, "anna", PASSWORD, now=_at(30).astimezone(paris))
    assert caught.value.retry_after == LOCK_SECONDS - 30


def test_changing_the_password_ends_every_other_session(url: str) -> None:
    first = sign_in(url, "anna", PASSWORD)
    second = sign_in(url, "anna", PASSWORD)
    changed = change_password(url, second.login, PASSWORD, NEW, NEW)
    assert changed.token not in (first.token, second.token)
    assert login_for(url, first.token) is None
    assert login_for(url, second.token) is None
    assert login_for(url, changed.token) == second.login
    with pytest.raises(NotSignedIn):
        sign_in(url, "anna", PASSWORD)
    assert sign_in(url, "anna", NEW).login == second.login


def test_a_bad_change_names_the_field_and_changes_nothing(url: str) -> None:
    signed = sign_in(url, "anna", PASSWORD)
    cases = {
        "current_password": (WRONG, NEW, NEW),
        "new_password": (PASSWORD, "short", "short"),
        "new_password_again": (PASSWORD, NEW, NEW + "!"),
    }
    for field, (current, new, again) in cases.items():
        with pytest.raises(InvalidInput) as caught:
            change_password(url, signed.login, current, new, again)
        assert [problem.field for problem in caught.value.problems] == [field]
    assert login_for(url, signed.token) == signed.login
    sign_in(url, "anna", PASSWORD)


def test_wrong_current_passwords_count_as_failed_sign_ins(url: str) -> None:
    signed = sign_in(url, "anna", PASSWORD)
    for _ in range(SIGN_IN_LIMIT.max_failures):
        with pytest.raises(InvalidInput):
            change_password(url, signed.login, WRONG, NEW, NEW)
    with pytest.raises(SignInLocked):
        change_password(url, signed.login, PASSWORD, NEW, NEW)
    with pytest.raises(SignInLocked):
        sign_in(url, "anna", PASSWORD)


def test_the_operator_resets_a_password_ending_sessions_and_the_lock(url: str) -> None:
    signed = sign_in(url, "anna", PASSWORD)
    _fail(url, "anna", SIGN_IN_LIMIT.max_failures)
    assert set_password(url, "anna", NEW) == signed.login
    assert login_for(url, signed.token) is None
    assert sign_in(url, "anna", NEW).login == signed.login
    with pytest.raises(UnknownLogin):
        set_password(url, "nobody", NEW)
    with pytest.raises(InvalidInput) as caught:
        set_password(url, "anna", "short")
    assert caught.value.problems[0].field == "password"
