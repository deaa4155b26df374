"""`heelraise users add|assign|passwd`: logins from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from heelraise.app.accounts import login_count, login_for, patients_of, sign_in
from heelraise.app.sign_in_limit import SIGN_IN_LIMIT
from heelraise.errors import NotSignedIn, SignInLocked, UnknownLogin
from tests.cli.journal_steps import ok, run


def test_users_add_with_the_password_on_stdin(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    out = ok(
        "users",
        "add",
        "dr-a",
        "--role",
        "clinician",
        "--password-stdin",
        "--db",
        db,
        stdin="a long password\n",
    )
    assert "Added clinician dr-a." in out
    out = ok(
        "users",
        "add",
        "anna",
        "--role",
        "patient",
        "--clinician",
        "dr-a",
        "--password-stdin",
        "--db",
        db,
        stdin="another password\n",
    )
    assert "Added patient anna for anna." in out
    ok(
        "users",
        "add",
        "ben",
        "--role",
        "patient",
        "--person",
        "benjamin",
        "--password-stdin",
        "--db",
        db,
        stdin="third password!\n",
    )
    ok("users", "assign", "dr-a", "benjamin", "--db", db)
    signed = sign_in(db, "dr-a", "a long password")
    assert patients_of(db, signed.login) == ["anna", "benjamin"]
    assert sign_in(db, "ben", "third password!").login.person == "benjamin"


def test_users_add_names_the_bad_option(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    result = run(
        "users",
        "add",
        "x",
        "--role",
        "nurse",
        "--password-stdin",
        "--db",
        db,
        stdin="a long password\n",
    )
    assert result.exit_code != 0
    assert "role" in str(result.exception)


def test_login_count(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert login_count(db) == 0
    ok("users", "add", "dr-a", "--role", "clinician", "--password-stdin", "--db", db,
       stdin="a long password\n")  # fmt: skip
    assert login_count(db) == 1


def test_users_passwd_resets_a_password_ends_sessions_and_lifts_a_lock(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    ok("users", "add", "anna", "--role", "patient", "--password-stdin", "--db", db,
       stdin="a long password\n")  # fmt: skip
    signed = sign_in(db, "anna", "a long password")
    for _ in range(SIGN_IN_LIMIT.max_failures):
        with pytest.raises(NotSignedIn):
            sign_in(db, "anna", "a wrong password")
    with pytest.raises(SignInLocked):
        sign_in(db, "anna", "a long password")
    out = ok("users", "passwd", "anna", "--password-stdin", "--db", db, stdin="a new password\n")
    assert "Changed the password for anna" in out
    assert login_for(db, signed.token) is None
    assert sign_in(db, "anna", "a new password").login.name == "anna"
    with pytest.raises(NotSignedIn):
        sign_in(db, "anna", "a long password")


def test_users_passwd_asks_twice_without_stdin(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    ok("users", "add", "dr-a", "--role", "clinician", "--password-stdin", "--db", db,
       stdin="a long password\n")  # fmt: skip
    ok("users", "passwd", "dr-a", "--db", db, stdin="a new password\na new password\n")
    assert sign_in(db, "dr-a", "a new password").login.role == "clinician"


def test_users_passwd_refuses_an_unknown_login_or_a_short_password(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    unknown = run("users", "passwd", "nobody", "--password-stdin", "--db", db,
                  stdin="a new password\n")  # fmt: skip
    assert isinstance(unknown.exception, UnknownLogin)
    assert str(unknown.exception) == "no login called 'nobody'"
    ok("users", "add", "dr-a", "--role", "clinician", "--password-stdin", "--db", db,
       stdin="a long password\n")  # fmt: skip
    short = run("users", "passwd", "dr-a", "--password-stdin", "--db", db, stdin="short\n")
    assert short.exit_code != 0
    assert "password: must be at least 10 characters" in str(short.exception)
    assert sign_in(db, "dr-a", "a long password").login.name == "dr-a"
