"""Failed sign-ins per login name, for the cooling-off lock (`sign_in_attempts`).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_attempts",
        sa.Column("name_key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("first_failure_at", sa.DateTime(), nullable=True),
        sa.Column("last_failure_at", sa.DateTime(), nullable=True),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name_key"),
    )
    op.create_index("ix_sign_in_attempts_last_failure_at", "sign_in_attempts", ["last_failure_at"])


def downgrade() -> None:
    op.drop_index("ix_sign_in_attempts_last_failure_at", table_name="sign_in_attempts")
    op.drop_table("sign_in_attempts")
