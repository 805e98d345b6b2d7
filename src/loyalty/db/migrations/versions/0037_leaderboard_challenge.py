"""A leaderboard ranked by a challenge's progress: `leaderboards.challenge_id`.

Revision ID: 0037
Revises: 0036
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("leaderboards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("challenge_id", BIG_ID, nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_leaderboards_challenge_id_challenges"), "challenges",
                                    ["challenge_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("leaderboards", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_leaderboards_challenge_id_challenges"), type_="foreignkey")
        batch_op.drop_column("challenge_id")
