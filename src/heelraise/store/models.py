"""SQLAlchemy 2 models: people and their imported activities.

Starts are stored as naive UTC plus the local offset in minutes, so every
database (SQLite included) keeps the instant and the local wall time exactly.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base shared by every table in the journal schema."""


class Person(Base):
    """Someone whose training and symptoms are recorded."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime())  # naive UTC


class Activity(Base):
    """One imported activity summary."""

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
