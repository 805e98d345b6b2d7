"""Push subscriptions are unique per program and endpoint (no longer across programs): posting an
endpoint known in another program makes a new row there instead of moving that program's row.

Revision ID: 0028
Revises: 0027
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import loyalty.db.base

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _table(unique: tuple[str, ...]) -> sa.Table:
    """push_subscriptions as it is before the change (given to the batch, so SQLite's copy needs
    no reflection of the tables it refers to)."""
    return sa.Table(
        "push_subscriptions", sa.MetaData(),
        sa.Column("id", ID, nullable=False),
        sa.Column("program_id", ID, nullable=False),
        sa.Column("member_id", ID, nullable=False),
        sa.Column("endpoint", sa.String(length=2048), nullable=False),
        sa.Column("p256dh", sa.String(length=200), nullable=False),
        sa.Column("auth", sa.String(length=100), nullable=False),
        sa.Column("user_agent", sa.String(length=300), nullable=True),
        sa.Column("created_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("last_success_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("gone_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name="fk_push_subscriptions_member_id_members"),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name="fk_push_subscriptions_program_id_programs"),
        sa.PrimaryKeyConstraint("id", name="pk_push_subscriptions"),
        sa.UniqueConstraint(*unique, name=f"uq_push_subscriptions_{'_'.join(unique)}"),
        sa.Index("ix_push_subscriptions_member", "member_id", "gone_at"),
    )


def upgrade() -> None:
    # batch: SQLite cannot drop a constraint in place (the table is copied); PostgreSQL alters it.
    with op.batch_alter_table("push_subscriptions", copy_from=_table(("endpoint",))) as batch_op:
        batch_op.drop_constraint("uq_push_subscriptions_endpoint", type_="unique")
        batch_op.create_unique_constraint("uq_push_subscriptions_program_id_endpoint", ["program_id", "endpoint"])


def downgrade() -> None:
    # Back to one row per endpoint: of the rows sharing one, the newest stays.
    op.execute("DELETE FROM push_subscriptions WHERE EXISTS (SELECT 1 FROM push_subscriptions AS newer "
               "WHERE newer.endpoint = push_subscriptions.endpoint AND newer.id > push_subscriptions.id)")
    with op.batch_alter_table("push_subscriptions", copy_from=_table(("program_id", "endpoint"))) as batch_op:
        batch_op.drop_constraint("uq_push_subscriptions_program_id_endpoint", type_="unique")
        batch_op.create_unique_constraint("uq_push_subscriptions_endpoint", ["endpoint"])
