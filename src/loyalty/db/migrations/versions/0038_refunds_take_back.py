"""Refunds take back what they bought in gamification and contests: a contest entry can be
withdrawn (`contest_entries.withdrawn_at`), a badge level revoked (`badge_awards.revoked_at`,
one live award per member, badge and level instead of one ever), a challenge completion
reversed (`challenge_participants.reversals`). And a new badge may be given to the members who
already qualify (`badge_backfills`, the worker's cursor over the members).

Revision ID: 0038
Revises: 0037
"""
from __future__ import annotations

import warnings

import sqlalchemy as sa
from alembic import op

import loyalty.db.base

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None

LIVE = sa.text("revoked_at IS NULL")


BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "badge_backfills",
        sa.Column("badge_id", BIG_ID, nullable=False),
        sa.Column("program_id", BIG_ID, nullable=False),
        sa.Column("after_member_id", sa.BigInteger(), nullable=False),
        sa.Column("members_measured", sa.BigInteger(), nullable=False),
        sa.Column("awarded", sa.BigInteger(), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("requested_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["badge_id"], ["badges.id"], name=op.f("fk_badge_backfills_badge_id_badges")),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_badge_backfills_program_id_programs")),
        sa.PrimaryKeyConstraint("badge_id", name=op.f("pk_badge_backfills")),
    )
    with op.batch_alter_table("contest_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=True))
    # SQLite drops a UNIQUE constraint only by copying the table, which reflects the tables it
    # refers to; the members table's expression indexes cannot be reflected and are not copied.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Skipped unsupported reflection of expression-based index")
        with op.batch_alter_table("badge_awards", schema=None) as batch_op:
            batch_op.add_column(sa.Column("revoked_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=True))
            batch_op.drop_constraint("uq_badge_awards_member_id_badge_id_level", type_="unique")
    op.create_index("uq_badge_awards_live", "badge_awards", ["member_id", "badge_id", "level"], unique=True,
                    sqlite_where=LIVE, postgresql_where=LIVE)
    with op.batch_alter_table("challenge_participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reversals", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    op.drop_table("badge_backfills")
    with op.batch_alter_table("challenge_participants", schema=None) as batch_op:
        batch_op.drop_column("reversals")
    op.execute("DELETE FROM badge_awards WHERE revoked_at IS NOT NULL")
    op.drop_index("uq_badge_awards_live", table_name="badge_awards")
    with warnings.catch_warnings(), op.batch_alter_table("badge_awards", schema=None) as batch_op:
        warnings.filterwarnings("ignore", message="Skipped unsupported reflection of expression-based index")
        batch_op.create_unique_constraint("uq_badge_awards_member_id_badge_id_level",
                                       ["member_id", "badge_id", "level"])
        batch_op.drop_column("revoked_at")
    with op.batch_alter_table("contest_entries", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_at")
