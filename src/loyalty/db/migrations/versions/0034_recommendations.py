"""Personal offers: each member's ranked products and offers, and the runs that made them.

Revision ID: 0034
Revises: 0033
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import loyalty.db.base

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("member_recommendations",
    sa.Column("program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("shelf", sa.String(length=16), nullable=False),
    sa.Column("rank", sa.SmallInteger(), nullable=False),
    sa.Column("kind", sa.String(length=16), nullable=False),
    sa.Column("ref", sa.String(length=64), nullable=False),
    sa.Column("name", sa.String(length=200), nullable=True),
    sa.Column("category", sa.String(length=100), nullable=True),
    sa.Column("score", sa.Float(), nullable=False),
    sa.Column("source", sa.String(length=16), nullable=False),
    sa.Column("computed_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_member_recommendations_member_id_members")),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"],
                            name=op.f("fk_member_recommendations_program_id_programs")),
    sa.PrimaryKeyConstraint("program_id", "member_id", "shelf", "rank", name=op.f("pk_member_recommendations"))
    )
    op.create_table("recommendation_runs",
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("computed_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column("members", sa.Integer(), nullable=False),
    sa.Column("members_personal", sa.Integer(), nullable=False),
    sa.Column("products", sa.Integer(), nullable=False),
    sa.Column("offers", sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_recommendation_runs_program_id_programs")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation_runs"))
    )
    op.create_index(op.f("ix_recommendation_runs_program_id"), "recommendation_runs", ["program_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_recommendation_runs_program_id"), table_name="recommendation_runs")
    op.drop_table("recommendation_runs")
    op.drop_table("member_recommendations")
