"""Purchase awards may come from a tier or a voucher, not only from a rule.

Revision ID: 0007
Revises: 0006
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("purchase_awards") as batch:
        batch.add_column(sa.Column("source", sa.String(length=16), server_default="rule", nullable=False))
        batch.alter_column("rule_id", existing_type=sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                           nullable=True)
        batch.alter_column("rule_version", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("purchase_awards") as batch:
        batch.alter_column("rule_version", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("rule_id", existing_type=sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                           nullable=False)
        batch.drop_column("source")
