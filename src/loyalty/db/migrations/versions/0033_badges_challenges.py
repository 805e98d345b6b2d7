"""Gamification: badges and the levels members earned; challenges and their participants.

Revision ID: 0033
Revises: 0032
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import loyalty.db.base

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("badges",
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("name", sa.String(length=100), nullable=False),
    sa.Column("description", sa.String(length=1000), nullable=True),
    sa.Column("measure", sa.String(length=32), nullable=False),
    sa.Column("event_type", sa.String(length=100), nullable=True),
    sa.Column("condition", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=True),
    sa.Column("levels", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False),
    sa.Column("is_active", sa.Boolean(), nullable=False),
    sa.Column("created_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column("updated_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_badges_program_id_programs")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_badges")),
    sa.UniqueConstraint("program_id", "name", name=op.f("uq_badges_program_id_name"))
    )
    op.create_table("badge_awards",
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("badge_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("level", sa.Integer(), nullable=False),
    sa.Column("level_name", sa.String(length=100), nullable=False),
    sa.Column("earned_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column("points_given", sa.BigInteger(), nullable=False),
    sa.Column("voucher_code_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
    sa.ForeignKeyConstraint(["badge_id"], ["badges.id"], name=op.f("fk_badge_awards_badge_id_badges")),
    sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_badge_awards_member_id_members")),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_badge_awards_program_id_programs")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_badge_awards")),
    sa.UniqueConstraint("member_id", "badge_id", "level", name=op.f("uq_badge_awards_member_id_badge_id_level"))
    )
    op.create_index("ix_badge_awards_badge", "badge_awards", ["badge_id", "level"], unique=False)
    op.create_index("ix_badge_awards_member", "badge_awards", ["program_id", "member_id"], unique=False)
    op.create_table("challenges",
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("name", sa.String(length=100), nullable=False),
    sa.Column("description", sa.String(length=1000), nullable=True),
    sa.Column("measure", sa.String(length=32), nullable=False),
    sa.Column("goal", sa.BigInteger(), nullable=False),
    sa.Column("channel", sa.String(length=16), nullable=True),
    sa.Column("event_type", sa.String(length=100), nullable=True),
    sa.Column("condition", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=True),
    sa.Column("starts_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column("ends_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column("segment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
    sa.Column("reward_points", sa.BigInteger(), nullable=False),
    sa.Column("reward_unit", sa.String(length=16), nullable=True),
    sa.Column("voucher_campaign_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
    sa.Column("is_active", sa.Boolean(), nullable=False),
    sa.Column("created_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column("updated_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_challenges_program_id_programs")),
    sa.ForeignKeyConstraint(["segment_id"], ["segments.id"], name=op.f("fk_challenges_segment_id_segments")),
    sa.ForeignKeyConstraint(["voucher_campaign_id"], ["voucher_campaigns.id"], name=op.f("fk_challenges_voucher_campaign_id_voucher_campaigns")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_challenges")),
    sa.UniqueConstraint("program_id", "name", name=op.f("uq_challenges_program_id_name"))
    )
    op.create_table("challenge_participants",
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("challenge_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("joined_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column("source", sa.String(length=16), nullable=False),
    sa.Column("progress", sa.BigInteger(), nullable=False),
    sa.Column("progress_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column("completed_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column("points_given", sa.BigInteger(), nullable=False),
    sa.Column("voucher_code_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
    sa.ForeignKeyConstraint(["challenge_id"], ["challenges.id"], name=op.f("fk_challenge_participants_challenge_id_challenges")),
    sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_challenge_participants_member_id_members")),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_challenge_participants_program_id_programs")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_participants")),
    sa.UniqueConstraint("challenge_id", "member_id", name=op.f("uq_challenge_participants_challenge_id_member_id"))
    )
    op.create_index("ix_challenge_participants_member", "challenge_participants", ["program_id", "member_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_challenge_participants_member", table_name="challenge_participants")
    op.drop_table("challenge_participants")
    op.drop_table("challenges")
    op.drop_index("ix_badge_awards_member", table_name="badge_awards")
    op.drop_index("ix_badge_awards_badge", table_name="badge_awards")
    op.drop_table("badge_awards")
    op.drop_table("badges")
