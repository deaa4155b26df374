"""Logins, clinicians' patients, sessions and failed sign-ins: the accounts repository
(the only SQL for them).

Passwords arrive here already hashed (argon2id, `app/accounts.py`); session
tokens arrive already hashed (SHA-256), and so do the names failed sign-ins
are counted under: nothing here ever holds a secret that would let someone
sign in. What the counts mean is decided in `app/sign_in_limit.py`; here they
are only kept, one row-locked read-and-write per attempt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import ColumnElement, Engine, delete, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from heelraise.errors import StoreError, UnknownLogin, UnknownPerson, UserExists
from heelraise.store import audit
from heelraise.store.database import write_lock
from heelraise.store.journal import first_line
from heelraise.store.models import ClinicianPatient, LoginSession, Person, SignInAttempt, User

T = TypeVar("T")
CLINICIAN = "clinician"
PATIENT = "patient"


@dataclass(frozen=True, slots=True)
class Login:
    """A login as the application sees it: its role and, for a patient, their person."""

    id: int
    name: str
    role: str
    person: str | None


@dataclass(frozen=True, slots=True)
class FailedSignIns:
    """A name's run of failed sign-ins (times naive UTC); a name never tried has none."""

    failures: int = 0
    first_failure_at: dt.datetime | None = None
    last_failure_at: dt.datetime | None = None
    locked_until: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class NewUser:
    name: str
    role: str
    password_hash: str
    person: str | None = None
    clinician: str | None = None


class Accounts:
    """Users, assignments and sessions in the journal database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add_user(self, user: NewUser) -> Login:
        """Store a login; a patient's person is created when new and assigned to `clinician`."""

        def work(session: Session) -> Login:
            if session.scalar(select(User.id).where(User.name == user.name)) is not None:
                raise UserExists(f"a login called {user.name!r} already exists")
            now = audit.now_utc()
            person_id = None
            if user.person is not None:
                person = session.scalar(select(Person).where(Person.name == user.person))
                if person is None:
                    person = Person(name=user.person, created_at=now)
                    session.add(person)
                    session.flush()
                    audit.record(session, person, "person.create", "users add")
                person_id = person.id
            row = User(
                name=user.name,
                role=user.role,
                password_hash=user.password_hash,
                person_id=person_id,
                created_at=now,
            )
            session.add(row)
            session.flush()
            if user.clinician is not None and person_id is not None:
                clinician = session.scalar(
                    select(User).where(User.name == user.clinician, User.role == CLINICIAN)
                )
                if clinician is None:
                    raise UnknownPerson(user.clinician)
                session.add(
                    ClinicianPatient(clinician_id=clinician.id, person_id=person_id, created_at=now)
                )
            return Login(row.id, row.name, row.role, user.person)

        return self._write(work, "could not store the login")

    def assign(self, clinician: str, person: str) -> None:
        """Make `person` one of `clinician`'s patients (idempotent)."""

        def work(session: Session) -> None:
            found = session.scalar(
                select(User).where(User.name == clinician, User.role == CLINICIAN)
            )
            patient = session.scalar(select(Person).where(Person.name == person))
            if found is None:
                raise UnknownPerson(clinician)
            if patient is None:
                raise UnknownPerson(person)
            exists = session.get(ClinicianPatient, (found.id, patient.id))
            if exists is None:
                session.add(
                    ClinicianPatient(
                        clinician_id=found.id, person_id=patient.id, created_at=audit.now_utc()
                    )
                )

        self._write(work, "could not assign the patient")

    def password_hash(self, name: str) -> tuple[Login, str] | None:
        """The login and its stored hash, or None for an unknown name."""

        def read(session: Session) -> tuple[Login, str] | None:
            row = session.execute(
                select(User, Person.name)
                .outerjoin(Person, Person.id == User.person_id)
                .where(User.name == name)
            ).first()
            if row is None:
                return None
            user, person = row
            return Login(user.id, user.name, user.role, person), user.password_hash

        return self._read(read)

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        """Replace a hash (re-hashed with newer parameters after a sign-in)."""

        def work(session: Session) -> None:
            user = session.get(User, user_id)
            if user is not None:
                user.password_hash = password_hash

        self._write(work, "could not update the password")

    def start_session(
        self, user_id: int, token_hash: str, expires: dt.datetime, replacing: str | None
    ) -> None:
        """Store a new session (dropping the one it replaces, and any expired ones)."""

        def work(session: Session) -> None:
            now = audit.now_utc()
            session.execute(delete(LoginSession).where(LoginSession.expires_at <= now))
            if replacing is not None:
                session.execute(delete(LoginSession).where(LoginSession.token_hash == replacing))
            session.add(
                LoginSession(
                    token_hash=token_hash, user_id=user_id, created_at=now, expires_at=expires
                )
            )

        self._write(work, "could not start the session")

    def change_password(
        self, user_id: int, password_hash: str, new_session: tuple[str, dt.datetime] | None
    ) -> None:
        """Store a new hash and end every session of the login; then start `new_session`
        (token hash, expiry) when given: the browser that made the change stays signed in."""

        def work(session: Session) -> None:
            user = session.get(User, user_id)
            if user is None:
                raise UnknownLogin(f"#{user_id}")
            user.password_hash = password_hash
            session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))
            if new_session is not None:
                token_hash, expires = new_session
                session.add(
                    LoginSession(
                        token_hash=token_hash,
                        user_id=user_id,
                        created_at=audit.now_utc(),
                        expires_at=expires,
                    )
                )

        self._write(work, "could not change the password")

    def count_attempt(
        self,
        name_key: str,
        decide: Callable[[FailedSignIns], FailedSignIns],
        *,
        now: dt.datetime,
        stale_before: dt.datetime,
    ) -> FailedSignIns:
        """Lock the name's row (made when missing), store `decide(what it holds)` and
        return what it held. Other names' rows with no failure since `stale_before`
        and no running lock are deleted on the way."""

        def work(session: Session) -> FailedSignIns:
            _insert_missing(session, name_key)
            row = session.scalars(
                select(SignInAttempt).where(SignInAttempt.name_key == name_key).with_for_update()
            ).one()
            before = FailedSignIns(
                row.failures, row.first_failure_at, row.last_failure_at, row.locked_until
            )
            after = decide(before)
            row.failures = after.failures
            row.first_failure_at = after.first_failure_at
            row.last_failure_at = after.last_failure_at
            row.locked_until = after.locked_until
            session.flush()
            stale: ColumnElement[bool] = (SignInAttempt.last_failure_at <= stale_before) & or_(
                SignInAttempt.locked_until.is_(None), SignInAttempt.locked_until <= now
            )
            if session.get_bind().dialect.name == "postgresql":
                # Rows another sign-in holds are skipped: two sign-ins never wait on each other.
                held = select(SignInAttempt.name_key).where(stale).with_for_update(skip_locked=True)
                stale = SignInAttempt.name_key.in_(held)
            session.execute(
                delete(SignInAttempt).where(stale, SignInAttempt.name_key != name_key),
                execution_options={"synchronize_session": False},
            )
            return before

        return self._write(work, "could not count the sign-in")

    def clear_attempts(self, name_key: str) -> None:
        """Forget a name's failed sign-ins (after a success, or a password reset)."""

        def work(session: Session) -> None:
            session.execute(delete(SignInAttempt).where(SignInAttempt.name_key == name_key))

        self._write(work, "could not clear the failed sign-ins")

    def end_session(self, token_hash: str) -> None:
        def work(session: Session) -> None:
            session.execute(delete(LoginSession).where(LoginSession.token_hash == token_hash))

        self._write(work, "could not end the session")

    def session_login(self, token_hash: str) -> Login | None:
        """The login a live session belongs to, or None (unknown or expired)."""

        def read(session: Session) -> Login | None:
            row = session.execute(
                select(User, Person.name)
                .join(LoginSession, LoginSession.user_id == User.id)
                .outerjoin(Person, Person.id == User.person_id)
                .where(
                    LoginSession.token_hash == token_hash,
                    LoginSession.expires_at > audit.now_utc(),
                )
            ).first()
            if row is None:
                return None
            user, person = row
            return Login(user.id, user.name, user.role, person)

        return self._read(read)

    def patients_of(self, clinician_id: int) -> list[str]:
        """The names of a clinician's patients, sorted."""

        def read(session: Session) -> list[str]:
            query = (
                select(Person.name)
                .join(ClinicianPatient, ClinicianPatient.person_id == Person.id)
                .where(ClinicianPatient.clinician_id == clinician_id)
                .order_by(Person.name)
            )
            return list(session.scalars(query))

        return self._read(read)

    def is_patient_of(self, clinician_id: int, person: str) -> bool:
        def read(session: Session) -> bool:
            query = (
                select(ClinicianPatient.person_id)
                .join(Person, Person.id == ClinicianPatient.person_id)
                .where(ClinicianPatient.clinician_id == clinician_id, Person.name == person)
            )
            return session.scalar(query) is not None

        return self._read(read)

    def login_count(self) -> int:
        return self._read(lambda session: int(session.scalar(select(func.count(User.id))) or 0))

    def _read(self, work: Callable[[Session], T]) -> T:
        try:
            with Session(self.engine) as session:
                return work(session)
        except SQLAlchemyError as error:
            raise StoreError(f"could not read the accounts ({first_line(error)})") from error

    def _write(self, work: Callable[[Session], T], failure: str) -> T:
        try:
            with write_lock(self.engine), Session(self.engine) as session, session.begin():
                return work(session)
        except IntegrityError as error:
            raise UserExists(f"{failure}: it already exists ({first_line(error)})") from error
        except SQLAlchemyError as error:
            raise StoreError(f"{failure} ({first_line(error)})") from error


def _insert_missing(session: Session, name_key: str) -> None:
    """Make the name's row unless it exists; simultaneous first attempts make one row."""
    values = {"name_key": name_key, "failures": 0}
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(postgresql.insert(SignInAttempt).values(values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        session.execute(sqlite.insert(SignInAttempt).values(values).on_conflict_do_nothing())
    elif session.get(SignInAttempt, name_key) is None:  # pragma: no cover - other databases
        session.add(SignInAttempt(**values))
        session.flush()
