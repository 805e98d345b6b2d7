"""Segments: dynamic (a condition compiled to SQL) and static (an imported list), their members
and their size day by day; a reward may be limited to a segment.

Revision ID: 0031
Revises: 0030
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import loyalty.db.base

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table("segments",
    sa.Column("id", BIG_ID, nullable=False),
    sa.Column("program_id", BIG_ID, nullable=False),
    sa.Column("name", sa.String(length=100), nullable=False),
    sa.Column("description", sa.String(length=1000), nullable=True),
    sa.Column("kind", sa.String(length=16), nullable=False),
    sa.Column("condition", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
              nullable=True),
    sa.Column("size", sa.Integer(), nullable=False),
    sa.Column("archived", sa.Boolean(), nullable=False),
    sa.Column("recomputed_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column("created_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column("updated_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_segments_program_id_programs")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_segments")),
    sa.UniqueConstraint("program_id", "name", name=op.f("uq_segments_program_id_name"))
    )
    op.create_table("segment_members",
    sa.Column("segment_id", BIG_ID, nullable=False),
    sa.Column("member_id", BIG_ID, nullable=False),
    sa.Column("program_id", BIG_ID, nullable=False),
    sa.Column("entered_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_segment_members_member_id_members")),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_segment_members_program_id_programs")),
    sa.ForeignKeyConstraint(["segment_id"], ["segments.id"], name=op.f("fk_segment_members_segment_id_segments")),
    sa.PrimaryKeyConstraint("segment_id", "member_id", name=op.f("pk_segment_members"))
    )
    op.create_index("ix_segment_members_member", "segment_members", ["program_id", "member_id", "segment_id"])
    op.create_table("segment_sizes",
    sa.Column("segment_id", BIG_ID, nullable=False),
    sa.Column("day", sa.Date(), nullable=False),
    sa.Column("size", sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(["segment_id"], ["segments.id"], name=op.f("fk_segment_sizes_segment_id_segments")),
    sa.PrimaryKeyConstraint("segment_id", "day", name=op.f("pk_segment_sizes"))
    )
    op.add_column("rewards", sa.Column("segment_id", BIG_ID, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rewards") as batch:
        batch.drop_column("segment_id")
    op.drop_table("segment_sizes")
    op.drop_index("ix_segment_members_member", table_name="segment_members")
    op.drop_table("segment_members")
    op.drop_table("segments")
