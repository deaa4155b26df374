"""The importer's tables: people and activities.

Revision ID: 0001
Revises:
Create Date: 2026-11-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("start_utc", sa.DateTime(), nullable=False),
        sa.Column("utc_offset_min", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("sport", sa.String(length=40), nullable=False),
        sa.Column("sub_sport", sa.String(length=40), nullable=True),
        sa.Column("distance_km", sa.Float(), nullable=False),
        sa.Column("duration_min", sa.Float(), nullable=False),
        sa.Column("elevation_gain_m", sa.Float(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=True),
        sa.Column("kind_inferred", sa.Boolean(), nullable=False),
        sa.Column("surface", sa.String(length=40), nullable=True),
        sa.Column("shoe", sa.String(length=200), nullable=True),
        sa.Column("device", sa.String(length=200), nullable=True),
        sa.Column("avg_hr", sa.Float(), nullable=True),
        sa.Column("name", sa.String(length=500), nullable=True),
        sa.Column("source", sa.String(length=2000), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "content_hash", name="uq_activity_hash"),
    )
    op.create_index("ix_activities_person_id", "activities", ["person_id"])
    op.create_index("ix_activities_start_utc", "activities", ["start_utc"])
    op.create_index("ix_activities_date", "activities", ["date"])


def downgrade() -> None:
    op.drop_index("ix_activities_date", table_name="activities")
    op.drop_index("ix_activities_start_utc", table_name="activities")
    op.drop_index("ix_activities_person_id", table_name="activities")
    op.drop_table("activities")
    op.drop_table("people")
