"""`heelraise users add|assign|passwd`: a clinic server's logins (through `app.accounts`)."""

from __future__ import annotations

import sys

import typer

from heelraise.cli import app
from heelraise.cli.options import db_option

users_app = typer.Typer(help="Logins for a clinic server: patients and clinicians.")
app.add_typer(users_app, name="users")

# The roles `app.accounts.ROLES` accepts, written out so that help loads no database
# library (a test checks them against ROLES).
ROLE_NAMES = ("patient", "clinician")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_app.command("add")
def add(
    name: str = typer.Argument(..., metavar="NAME", help="The login name."),
    role: str = typer.Option(
        ..., "--role", metavar="ROLE", help=f"One of: {', '.join(ROLE_NAMES)}."
    ),
    person: str | None = typer.Option(
        None,
        "--person",
        metavar="NAME",
        help="A patient's person in the journal (default: the login name).",
    ),
    clinician: str | None = typer.Option(
        None, "--clinician", metavar="NAME", help="The clinician who sees this patient."
    ),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from the first line of stdin."
    ),
    db: str | None = db_option(),
) -> None:
    """Add a login (the password is asked for, or read with --password-stdin)."""
    from heelraise.app.accounts import add_user

    login = add_user(db, name, role, _password(password_stdin), person=person, clinician=clinician)
    whose = f" for {login.person}" if login.person else ""
    typer.echo(f"Added {login.role} {login.name}{whose}.")


@users_app.command("assign")
def assign(
    clinician: str = typer.Argument(..., metavar="CLINICIAN", help="The clinician's login name."),
    person: str = typer.Argument(
        ..., metavar="PERSON", help="The patient's person in the journal."
    ),
    db: str | None = db_option(),
) -> None:
    """Make a person one of a clinician's patients."""
    from heelraise.app.accounts import assign_patient

    assign_patient(db, clinician, person)
    typer.echo(f"{person} is now a patient of {clinician}.")


@users_app.command("passwd")
def passwd(
    name: str = typer.Argument(..., metavar="NAME", help="The login name."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the new password from the first line of stdin."
    ),
    db: str | None = db_option(),
) -> None:
    """Set a login's password (the old one is not needed).

    It signs out all of the login's sessions and lifts any lock from failed sign-ins.
    """
    from heelraise.app.accounts import set_password

    login = set_password(db, name, _password(password_stdin))
    typer.echo(f"Changed the password for {login.name}; all of their sessions are signed out.")
