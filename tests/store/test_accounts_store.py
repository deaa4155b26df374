"""Accounts, the sign-in limit and the clinician's list, on SQLite and a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import orjson
import pytest

from heelraise.app.accounts import (
    add_user,
    login_count,
    login_for,
    patients_of,
    set_password,
    sign_in,
    sign_out,
)
from heelraise.app.clinic import patient_list
from heelraise.app.onboarding import init_from_case
from heelraise.app.sign_in_limit import SIGN_IN_LIMIT
from heelraise.app.today import check_in
from heelraise.app.transfer import erase
from heelraise.errors import NotSignedIn, SignInLocked
from tests.factories import case_document

PASSWORD = "correct horse battery"


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    return str(request.getfixturevalue("postgres_url"))


def test_logins_sessions_and_the_patient_list(url: str) -> None:
    tag = uuid.uuid4().hex[:8]
    doctor, anna, ben = f"dr-{tag}", f"anna-{tag}", f"ben-{tag}"
    add_user(url, doctor, "clinician", PASSWORD)
    init_from_case(url, anna, orjson.dumps(case_document()))
    init_from_case(url, ben, orjson.dumps(case_document()))
    add_user(url, anna, "patient", PASSWORD, clinician=doctor)
    add_user(url, ben, "patient", PASSWORD, clinician=doctor)
    day = dt.date(2026, 11, 21)
    check_in(
        url, anna, {"date": day.isoformat(), "morning_stiffness_0_10": 2, "pain_walking_0_10": 1}
    )

    signed = sign_in(url, doctor, PASSWORD)
    assert login_for(url, signed.token) == signed.login
    assert patients_of(url, signed.login) == [anna, ben]
    rows = {row.name: row for row in patient_list(url, signed.login, day, 3)}
    assert rows[anna].last_checkin == day
    assert rows[anna].assessed_on == day
    assert "no_checkin" not in rows[anna].flag_kinds
    assert rows[ben].last_checkin is None
    assert "no_checkin" in rows[ben].flag_kinds

    patient = sign_in(url, ben, PASSWORD)
    erase(url, ben)  # the login, its sessions and the assignment go with the person
    assert login_for(url, patient.token) is None
    assert patients_of(url, signed.login) == [anna]
    sign_out(url, signed.token)
    assert login_for(url, signed.token) is None


def test_failed_sign_ins_lock_a_name_in_the_database(url: str) -> None:
    name = f"anna-{uuid.uuid4().hex[:8]}"
    add_user(url, name, "patient", PASSWORD)
    now = dt.datetime.now(dt.UTC)
    for _ in range(SIGN_IN_LIMIT.max_failures):
        with pytest.raises(NotSignedIn) as caught:
            sign_in(url, name, "not the password", now=now)
        assert not isinstance(caught.value, SignInLocked)
    with pytest.raises(SignInLocked):
        sign_in(url, name, PASSWORD, now=now)
    set_password(url, name, PASSWORD)  # the operator lifts the lock
    sign_in(url, name, PASSWORD, now=now)


def test_simultaneous_wrong_passwords_get_no_more_tries_than_the_limit(url: str) -> None:
    """Like several server workers at once: each attempt has its own engine."""
    name = f"nobody-{uuid.uuid4().hex[:8]}"
    login_count(url)  # the schema is made before the "workers" start, as `serve` does
    tries = SIGN_IN_LIMIT.max_failures + 5
    start = threading.Barrier(tries)

    def attempt(_: int) -> str:
        start.wait()
        try:
            sign_in(url, name, "not the password")
        except SignInLocked:
            return "locked"
        except NotSignedIn:
            return "checked"
        return "signed in"  # pragma: no cover - no such login

    with ThreadPoolExecutor(max_workers=tries) as pool:
        outcomes = list(pool.map(attempt, range(tries)))
    assert outcomes.count("checked") == SIGN_IN_LIMIT.max_failures
    assert outcomes.count("locked") == tries - SIGN_IN_LIMIT.max_failures
