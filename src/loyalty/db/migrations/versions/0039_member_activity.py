"""`member_activity`: each member's purchases summed up for segment counts, filled from purchases.

Revision ID: 0039
Revises: 0038
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0039"
down_revision = "0038"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "member_activity",
        sa.Column("program_id", BIG_ID, nullable=False),
        sa.Column("member_id", BIG_ID, nullable=False),
        sa.Column("purchase_count", sa.BigInteger(), nullable=False),
        sa.Column("purchase_value", sa.BigInteger(), nullable=False),
        sa.Column("first_purchase_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_purchase_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_member_activity_member_id_members")),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_member_activity_program_id_programs")),
        sa.PrimaryKeyConstraint("program_id", "member_id", name=op.f("pk_member_activity")),
    )
    # The back-fill is the rebuild the CLI runs (`loyalty rebuild-activity`): one set-based upsert.
    from loyalty.purchases.activity import rebuild

    bind = op.get_bind()
    rebuild(bind)
    if bind.dialect.name == "postgresql":  # the planner's estimates for the counts, before autovacuum's
        op.execute("ANALYZE member_activity")


def downgrade() -> None:
    op.drop_table("member_activity")
