"""SQLAlchemy 2 models: the one journal schema (people, their records, assessments, audit).

Starts are stored as naive UTC plus the local offset in minutes, so every
database (SQLite included) keeps the instant and the local wall time exactly.

Every table holding a person's data carries `person_id` with
`ON DELETE CASCADE`, so erasing the person erases their rows. The audit log
is the exception by design: it never holds the person's id, only `subject`,
a one-way hash of a random id kept on the person row (see `store/audit.py`).
Once the person is erased nothing can tie those audit rows back to them.

The schema is created and changed only by the Alembic migrations in
`store/migrations/`; a test checks that these models and the migrations agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    PrimaryKeyConstraint,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base shared by every table in the journal schema."""


def _person_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)


class Person(Base):
    """Someone whose training and symptoms are recorded."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("uid", name="uq_people_uid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime())  # naive UTC
    # Random, never shown: the audit log names the person only by a hash of it.
    uid: Mapped[str | None] = mapped_column(String(32))


class Activity(Base):
    """One activity summary: imported from a file, or entered (from a case document)."""

    __tablename__ = "activities"
    __table_args__ = (UniqueConstraint("person_id", "content_hash", name="uq_activity_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    start_utc: Mapped[dt.datetime] = mapped_column(DateTime(), index=True)  # naive UTC
    utc_offset_min: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(index=True)  # local calendar date
    sport: Mapped[str] = mapped_column(String(40))
    sub_sport: Mapped[str | None] = mapped_column(String(40))
    distance_km: Mapped[float] = mapped_column(Float)
    duration_min: Mapped[float] = mapped_column(Float)
    elevation_gain_m: Mapped[float | None] = mapped_column(Float)
    kind: Mapped[str | None] = mapped_column(String(40))
    kind_inferred: Mapped[bool] = mapped_column(default=False)
    surface: Mapped[str | None] = mapped_column(String(40))
    shoe: Mapped[str | None] = mapped_column(String(200))
    device: Mapped[str | None] = mapped_column(String(200))
    avg_hr: Mapped[float | None] = mapped_column(Float)
    name: Mapped[str | None] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(2000))
    content_hash: Mapped[str] = mapped_column(String(64))
    # The contract `training` item exactly as entered (case documents); null for files.
    entry: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


class Episode(Base):
    """The triage answers (contract `person`, `symptoms`, `history` parts) given on one day."""

    __tablename__ = "episodes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    person_part: Mapped[dict[str, Any]] = mapped_column(JSON)
    symptoms: Mapped[dict[str, Any]] = mapped_column(JSON)
    history: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime())


class StageChange(Base):
    """One row of the programme's stage history.

    `event` is `programme_start` (the programme began: `started`) or
    `stage_change` (a new stage or load step: `stage_started`). `origin` is
    `case` (from a case document), `assessment` (derived from the assessment
    for `effective`) or `manual`.
    """

    __tablename__ = "stage_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    effective: Mapped[dt.date] = mapped_column(Date, index=True)
    event: Mapped[str] = mapped_column(String(20))
    stage: Mapped[str] = mapped_column(String(12))  # "1".."4" or "maintenance"
    load_step: Mapped[int | None] = mapped_column(Integer)
    method: Mapped[str | None] = mapped_column(String(12))
    origin: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(String(500))
    rule_id: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime())


class CheckInRow(Base):
    """One daily check-in (contract `checkins[]`); one per person per day."""

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("person_id", "date", name="uq_checkin_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    date: Mapped[dt.date] = mapped_column(Date)
    morning_stiffness: Mapped[int] = mapped_column(Integer)
    pain_walking: Mapped[int] = mapped_column(Integer)
    pain_during: Mapped[int | None] = mapped_column(Integer)
    pain_after: Mapped[int | None] = mapped_column(Integer)
    settled: Mapped[bool | None] = mapped_column(Boolean)
    exercised: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime())


class TestRow(Base):
    """One capacity test (contract `tests[]`): heel_rise, hop or visa_a by `kind`."""

    __tablename__ = "tests"
    __test__ = False  # not a pytest class

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    affected_reps: Mapped[int | None] = mapped_column(Integer)
    other_reps: Mapped[int | None] = mapped_column(Integer)
    affected_height_cm: Mapped[float | None] = mapped_column(Float)
    other_height_cm: Mapped[float | None] = mapped_column(Float)
    pain: Mapped[int | None] = mapped_column(Integer)
    flare_24h: Mapped[bool | None] = mapped_column(Boolean)
    score: Mapped[int | None] = mapped_column(Integer)
    answers: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime())


class StoredAssessment(Base):
    """The assessment document made for one person and day (replaced on a re-run)."""

    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("person_id", "as_of", name="uq_assessment_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    as_of: Mapped[dt.date] = mapped_column(Date)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    knowledge_version: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime())


class AuditEntry(Base):
    """Append-only: who read or wrote whose data, when. No person id, by design."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime())  # naive UTC
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str | None] = mapped_column(String(64), index=True)
    detail: Mapped[str | None] = mapped_column(String(500))


class User(Base):
    """A login: a `patient` (linked to their person) or a `clinician`.

    `password_hash` is an argon2id hash (the PHC string). A patient's row is
    keyed to their person, so erasing the person erases the login too.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(12))
    password_hash: Mapped[str] = mapped_column(String(200))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime())


class ClinicianPatient(Base):
    """A clinician's patient: the clinician sees only the people assigned here."""

    __tablename__ = "clinician_patients"
    __table_args__ = (PrimaryKeyConstraint("clinician_id", "person_id"),)

    clinician_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime())


class LoginSession(Base):
    """A signed-in browser: the SHA-256 of its session token (never the token itself)."""

    __tablename__ = "login_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime())


class SignInAttempt(Base):
    """Failed sign-ins for one login name, so a name can be locked for a while.

    Keyed by the SHA-256 of the normalised name as typed, not by user id: a name
    with no login is counted and locked exactly like one that has a login, so
    the lock says nothing about which names exist, and what strangers type into
    the name box (a password, sometimes) is never kept as text. A success
    deletes the row; rows whose last failure is old are deleted as they go
    stale (`app/sign_in_limit.py` has the numbers).
    """

    __tablename__ = "sign_in_attempts"

    name_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)  # consecutive, since the last success
    first_failure_at: Mapped[dt.datetime | None] = mapped_column(DateTime())  # naive UTC
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(DateTime(), index=True)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime())  # refused before this


class CalendarFeed(Base):
    """A person's calendar feed link: the SHA-256 of its secret token (never the token).

    One per person: making a new link replaces the old one, revoking deletes the
    row, and either way the old URL answers 404 at once. The times are the local
    wall-clock minutes after midnight of the daily check-in reminder and of each
    session's alarm.
    """

    __tablename__ = "calendar_feeds"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    checkin_minute: Mapped[int] = mapped_column(Integer)
    session_minute: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime())  # naive UTC
