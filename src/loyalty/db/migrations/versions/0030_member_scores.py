"""Scoring: each member's RFM cell, lifetime value and churn risk, and the runs that fitted them.

Revision ID: 0030
Revises: 0029
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import loyalty.db.base

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("member_scores",
    sa.Column("program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("rfm_recency", sa.SmallInteger(), nullable=False),
    sa.Column("rfm_frequency", sa.SmallInteger(), nullable=False),
    sa.Column("rfm_monetary", sa.SmallInteger(), nullable=False),
    sa.Column("rfm_cell", sa.String(length=32), nullable=False),
    sa.Column("expected_purchases", sa.Float(), nullable=True),
    sa.Column("p_alive", sa.Float(), nullable=True),
    sa.Column("predicted_value", sa.BigInteger(), nullable=True),
    sa.Column("churn_risk", sa.Float(), nullable=False),
    sa.Column("scored_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_member_scores_member_id_members")),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_member_scores_program_id_programs")),
    sa.PrimaryKeyConstraint("program_id", "member_id", name=op.f("pk_member_scores"))
    )
    op.create_table("scoring_runs",
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("fitted_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column("horizon_days", sa.Integer(), nullable=False),
    sa.Column("parameters", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False),
    sa.Column("log_likelihood", sa.Float(), nullable=True),
    sa.Column("model_auc", sa.Float(), nullable=True),
    sa.Column("baseline_auc", sa.Float(), nullable=True),
    sa.Column("churn_model", sa.String(length=16), nullable=False),
    sa.Column("members_scored", sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_scoring_runs_program_id_programs")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_scoring_runs"))
    )
    op.create_index(op.f("ix_scoring_runs_program_id"), "scoring_runs", ["program_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_scoring_runs_program_id"), table_name="scoring_runs")
    op.drop_table("scoring_runs")
    op.drop_table("member_scores")
