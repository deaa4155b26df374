"""The journal: episodes, stage history, check-ins, tests, assessments, audit log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _person_id() -> sa.Column[int]:
    return sa.Column("person_id", sa.Integer(), nullable=False)


def _person_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE")


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("uid", sa.String(length=32), nullable=True))
        batch.create_unique_constraint("uq_people_uid", ["uid"])
    with op.batch_alter_table("activities") as batch:
        batch.add_column(sa.Column("entry", sa.JSON(), nullable=True))
    op.create_table(
        "episodes",
        sa.Column("id", sa.Integer(), nullable=False),
        _person_id(),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("person_part", sa.JSON(), nullable=False),
        sa.Column("symptoms", sa.JSON(), nullable=False),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _person_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_episodes_person_id", "episodes", ["person_id"])
    op.create_table(
        "stage_history",
        sa.Column("id", sa.Integer(), nullable=False),
        _person_id(),
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("stage", sa.String(length=12), nullable=False),
        sa.Column("load_step", sa.Integer(), nullable=True),
        sa.Column("method", sa.String(length=12), nullable=True),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("rule_id", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _person_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_stage_history_person_id", "stage_history", ["person_id"])
    op.create_index("ix_stage_history_effective", "stage_history", ["effective"])
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        _person_id(),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("morning_stiffness", sa.Integer(), nullable=False),
        sa.Column("pain_walking", sa.Integer(), nullable=False),
        sa.Column("pain_during", sa.Integer(), nullable=True),
        sa.Column("pain_after", sa.Integer(), nullable=True),
        sa.Column("settled", sa.Boolean(), nullable=True),
        sa.Column("exercised", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _person_fk(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "date", name="uq_checkin_day"),
    )
    op.create_index("ix_checkins_person_id", "checkins", ["person_id"])
    op.create_table(
        "tests",
        sa.Column("id", sa.Integer(), nullable=False),
        _person_id(),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("affected_reps", sa.Integer(), nullable=True),
        sa.Column("other_reps", sa.Integer(), nullable=True),
        sa.Column("affected_height_cm", sa.Float(), nullable=True),
        sa.Column("other_height_cm", sa.Float(), nullable=True),
        sa.Column("pain", sa.Integer(), nullable=True),
        sa.Column("flare_24h", sa.Boolean(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _person_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_tests_person_id", "tests", ["person_id"])
    op.create_index("ix_tests_date", "tests", ["date"])
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        _person_id(),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("knowledge_version", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _person_fk(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "as_of", name="uq_assessment_day"),
    )
    op.create_index("ix_assessments_person_id", "assessments", ["person_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_log_subject", "audit_log", ["subject"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_subject", table_name="audit_log")
    op.drop_table("audit_log")
    for table in ("assessments", "tests", "checkins", "stage_history", "episodes"):
        for index in {
            "assessments": ["ix_assessments_person_id"],
            "tests": ["ix_tests_date", "ix_tests_person_id"],
            "checkins": ["ix_checkins_person_id"],
            "stage_history": ["ix_stage_history_effective", "ix_stage_history_person_id"],
            "episodes": ["ix_episodes_person_id"],
        }[table]:
            op.drop_index(index, table_name=table)
        op.drop_table(table)
    with op.batch_alter_table("activities") as batch:
        batch.drop_column("entry")
    with op.batch_alter_table("people") as batch:
        batch.drop_constraint("uq_people_uid", type_="unique")
        batch.drop_column("uid")
