"""Journeys: a control group (the journey's seed, each enrolment's group) and the attribution window.

Revision ID: 0027
Revises: 0026
"""
from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

import loyalty.db.base

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy) on both dialects: every column added has a constant default.
    op.add_column("journeys", sa.Column("holdout_seed", sa.String(length=32), server_default="", nullable=False))
    # Each journey its own seed, as a new one gets: members' groups must not line up across journeys.
    journeys = sa.table("journeys", sa.column("id", sa.BigInteger()), sa.column("holdout_seed", sa.String()))
    connection = op.get_bind()
    for (journey_id,) in connection.execute(sa.select(journeys.c.id)).all():
        connection.execute(sa.update(journeys).where(journeys.c.id == journey_id)
                           .values(holdout_seed=secrets.token_hex(16)))
    op.add_column("journey_enrolments",
                  sa.Column("is_control", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("journey_enrolments",
                  sa.Column("convert_until", loyalty.db.base.UtcDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("journey_enrolments", schema=None) as batch_op:
        batch_op.drop_column("convert_until")
        batch_op.drop_column("is_control")
    with op.batch_alter_table("journeys", schema=None) as batch_op:
        batch_op.drop_column("holdout_seed")
