"""Use cases: logins, sessions, and who may see whose data.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's
second recommended profile); a hash made with older parameters is replaced at
the next sign-in. A session is a random 256-bit token in an HttpOnly cookie;
the database keeps only its SHA-256. Every sign-in gets a fresh token (the
old one, if any, is dropped), so a session id fixed before sign-in is useless.

Failed sign-ins are limited per login name (`sign_in_limit.py`: 5 in a row
lock the name for 15 minutes, unknown names alike); a wrong current password
on the password-change form counts as a failed sign-in too. Changing a
password ends every session of the login: the browser that changed it gets a
fresh one, and `users passwd` (the operator's reset) also lifts a lock.

Access: a patient sees only their own person; a clinician only the people
assigned to them (`clinician_patients`); without accounts (one person on this
machine) the local user sees everyone in the journal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from heelraise.app.journal import open_journal
from heelraise.app.sign_in_limit import SIGN_IN_LIMIT, SignInLimit, counted, locked_for, name_key
from heelraise.errors import (
    InvalidInput,
    NotAllowed,
    NotSignedIn,
    Problem,
    SignInLocked,
    UnknownLogin,
)
from heelraise.store.accounts import CLINICIAN, PATIENT, Accounts, Login, NewUser
from heelraise.store.database import open_engine

ROLES = (PATIENT, CLINICIAN)
SESSION_HOURS = 12
MIN_PASSWORD = 10
_HASHER = PasswordHasher()  # argon2id


@cache
def _dummy_hash() -> str:
    """Verified against when the name is unknown, so both cases take the same time.
    Made on first use: hashing costs tens of milliseconds every command would pay."""
    return _HASHER.hash(secrets.token_urlsafe(16))


__all__ = ["ROLES", "Login", "SignedIn", "add_user", "change_password", "set_password", "sign_in"]


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A new session: the token for the cookie, and whose it is."""

    token: str
    login: Login


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _utc(now: dt.datetime | None) -> dt.datetime:
    """`now` as naive UTC, as the store keeps times (naive means UTC); the clock when None."""
    if now is None:
        return dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return now if now.tzinfo is None else now.astimezone(dt.UTC).replace(tzinfo=None)


def _verifies(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _password_problems(field: str, password: str) -> list[Problem]:
    if len(password) < MIN_PASSWORD:
        return [Problem(field, f"must be at least {MIN_PASSWORD} characters")]
    return []


def _count_attempt(accounts: Accounts, key: str, now: dt.datetime, limit: SignInLimit) -> None:
    """Count an attempt for the name as a failure until it succeeds; `SignInLocked`
    (and nothing counted) while the name is locked."""
    before = accounts.count_attempt(
        key,
        lambda state: counted(state, now, limit),
        now=now,
        stale_before=now - limit.forget_after,
    )
    wait = locked_for(before, now)
    if wait is not None:
        raise SignInLocked(wait)


def add_user(
    db_url: str | None,
    name: str,
    role: str,
    password: str,
    *,
    person: str | None = None,
    clinician: str | None = None,
) -> Login:
    """Create a login. A patient is linked to `person` (default: their own name)."""
    problems = []
    if not name.strip() or len(name) > 200:
        problems.append(Problem("name", "must be 1 to 200 characters"))
    if role not in ROLES:
        problems.append(Problem("role", f"must be one of {', '.join(ROLES)}, got {role!r}"))
    problems += _password_problems("password", password)
    if role == CLINICIAN and (person or clinician):
        problems.append(Problem("role", "a clinician has no --person or --clinician"))
    if problems:
        raise InvalidInput(problems)
    linked = (person or name) if role == PATIENT else None
    user = NewUser(name, role, _HASHER.hash(password), linked, clinician)
    with open_engine(db_url) as engine:
        return Accounts(engine).add_user(user)


def assign_patient(db_url: str | None, clinician: str, person: str) -> None:
    """Make `person` one of `clinician`'s patients."""
    with open_engine(db_url) as engine:
        Accounts(engine).assign(clinician, person)


def sign_in(
    db_url: str | None,
    name: str,
    password: str,
    replacing: str | None = None,
    *,
    now: dt.datetime | None = None,
    limit: SignInLimit = SIGN_IN_LIMIT,
) -> SignedIn:
    """Check the password and start a fresh session; `NotSignedIn` when either is wrong,
    `SignInLocked` while the name is locked by failed sign-ins (`now`: the clock)."""
    at = _utc(now)
    key = name_key(name)
    with open_engine(db_url) as engine:
        accounts = Accounts(engine)
        _count_attempt(accounts, key, at, limit)
        found = accounts.password_hash(name)
        stored = _dummy_hash() if found is None else found[1]
        if not _verifies(stored, password):
            raise NotSignedIn("the name or password is not right")
        if found is None:  # pragma: no cover - the dummy hash matches no password
            raise NotSignedIn("the name or password is not right")
        accounts.clear_attempts(key)
        login = found[0]
        if _HASHER.check_needs_rehash(stored):
            accounts.set_password_hash(login.id, _HASHER.hash(password))
        token = secrets.token_urlsafe(32)
        expires = at + dt.timedelta(hours=SESSION_HOURS)
        old = None if replacing is None else _token_hash(replacing)
        accounts.start_session(login.id, _token_hash(token), expires, old)
    return SignedIn(token, login)


def change_password(
    db_url: str | None,
    login: Login,
    current: str,
    new: str,
    again: str,
    *,
    now: dt.datetime | None = None,
    limit: SignInLimit = SIGN_IN_LIMIT,
) -> SignedIn:
    """A signed-in login changes its own password: every session of the login ends and
    the returned one (a fresh token) replaces the caller's. A wrong current password
    counts as a failed sign-in for the name, and a locked name is refused."""
    problems = _password_problems("new_password", new)
    if new != again:
        problems.append(Problem("new_password_again", "does not match the new password"))
    if problems:
        raise InvalidInput(problems)
    at = _utc(now)
    key = name_key(login.name)
    with open_engine(db_url) as engine:
        accounts = Accounts(engine)
        _count_attempt(accounts, key, at, limit)
        found = accounts.password_hash(login.name)
        if found is None or found[0].id != login.id:
            raise NotSignedIn("sign in to see this page")
        if not _verifies(found[1], current):
            raise InvalidInput([Problem("current_password", "is not your current password")])
        accounts.clear_attempts(key)
        token = secrets.token_urlsafe(32)
        expires = at + dt.timedelta(hours=SESSION_HOURS)
        accounts.change_password(login.id, _HASHER.hash(new), (_token_hash(token), expires))
    return SignedIn(token, found[0])


def set_password(db_url: str | None, name: str, password: str) -> Login:
    """The operator sets a login's password (no old one needed): every session of the
    login ends and any lock from failed sign-ins is lifted."""
    problems = _password_problems("password", password)
    if problems:
        raise InvalidInput(problems)
    with open_engine(db_url) as engine:
        accounts = Accounts(engine)
        found = accounts.password_hash(name)
        if found is None:
            raise UnknownLogin(name)
        accounts.change_password(found[0].id, _HASHER.hash(password), None)
        accounts.clear_attempts(name_key(name))
    return found[0]


def sign_out(db_url: str | None, token: str) -> None:
    with open_engine(db_url) as engine:
        Accounts(engine).end_session(_token_hash(token))


def login_for(db_url: str | None, token: str | None) -> Login | None:
    """Whose live session `token` is, or None."""
    if not token:
        return None
    with open_engine(db_url) as engine:
        return Accounts(engine).session_login(_token_hash(token))


def patients_of(db_url: str | None, login: Login) -> list[str]:
    """The people a clinician may see (a patient: themselves)."""
    if login.role == PATIENT:
        return [login.person] if login.person else []
    with open_engine(db_url) as engine:
        return Accounts(engine).patients_of(login.id)


def require_access(db_url: str | None, login: Login | None, person: str) -> None:
    """Raise unless `login` may see `person` (None: accounts are off, the local user)."""
    if login is None:
        return
    if login.role == PATIENT:
        if login.person == person:
            return
        raise NotAllowed("this page belongs to someone else")
    with open_engine(db_url) as engine:
        if Accounts(engine).is_patient_of(login.id, person):
            return
    raise NotAllowed("this person is not one of your patients")


def require_signed_in(login: Login | None) -> Login:
    if login is None:
        raise NotSignedIn("sign in to see this page")
    return login


def people_for(db_url: str | None, login: Login | None) -> list[str]:
    """Whom the login may see: a patient themselves, a clinician their patients,
    without accounts everyone in the journal."""
    if login is not None:
        return patients_of(db_url, login)
    with open_journal(db_url) as journal:
        return journal.people()


def login_count(db_url: str | None) -> int:
    """How many logins the database holds (a clinic server with none lets no one in)."""
    with open_engine(db_url) as engine:
        return Accounts(engine).login_count()
