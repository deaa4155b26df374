"""Accounts and the clinician's list on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import orjson
import pytest

from heelraise.app.accounts import add_user, login_for, patients_of, sign_in, sign_out
from heelraise.app.clinic import patient_list
from heelraise.app.onboarding import init_from_case
from heelraise.app.today import check_in
from heelraise.app.transfer import erase
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
