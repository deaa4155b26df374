"""`heelraise users add|assign`: logins from the command line."""

from __future__ import annotations

from pathlib import Path

from heelraise.app.accounts import login_count, patients_of, sign_in
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
