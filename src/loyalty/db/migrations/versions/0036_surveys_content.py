"""Surveys and quizzes with their responses and answers, product reviews, members-only content and
early access.

Revision ID: 0036
Revises: 0035
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import loyalty.db.base

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
WHEN = loyalty.db.base.UtcDateTime(timezone=True)


def upgrade() -> None:
    op.create_table("surveys",
    sa.Column("id", BIG_ID, nullable=False),
    sa.Column("program_id", BIG_ID, nullable=False),
    sa.Column("kind", sa.String(length=16), nullable=False),
    sa.Column("title", sa.String(length=200), nullable=False),
    sa.Column("description", sa.String(length=2000), nullable=True),
    sa.Column("status", sa.String(length=16), nullable=False),
    sa.Column("points", sa.Integer(), nullable=False),
    sa.Column("unit", sa.String(length=32), nullable=False),
    sa.Column("questions", JSON, nullable=False),
    sa.Column("closes_at", WHEN, nullable=True),
    sa.Column("response_count", sa.Integer(), nullable=False),
    sa.Column("created_at", WHEN, nullable=False),
    sa.Column("updated_at", WHEN, nullable=False),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_surveys_program_id_programs")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_surveys"))
    )
    op.create_index("ix_surveys_program_status", "surveys", ["program_id", "status", "id"])
    op.create_table("survey_responses",
    sa.Column("id", BIG_ID, nullable=False),
    sa.Column("program_id", BIG_ID, nullable=False),
    sa.Column("survey_id", BIG_ID, nullable=False),
    sa.Column("member_id", BIG_ID, nullable=False),
    sa.Column("source", sa.String(length=16), nullable=False),
    sa.Column("score", sa.Integer(), nullable=True),
    sa.Column("max_score", sa.Integer(), nullable=True),
    sa.Column("points_awarded", sa.Integer(), nullable=False),
    sa.Column("profile_updated", sa.Boolean(), nullable=False),
    sa.Column("submitted_at", WHEN, nullable=False),
    sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_survey_responses_member_id_members")),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_survey_responses_program_id_programs")),
    sa.ForeignKeyConstraint(["survey_id"], ["surveys.id"], name=op.f("fk_survey_responses_survey_id_surveys")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
    sa.UniqueConstraint("survey_id", "member_id", name=op.f("uq_survey_responses_survey_id_member_id"))
    )
    op.create_index("ix_survey_responses_member", "survey_responses", ["program_id", "member_id"])
    op.create_table("survey_answers",
    sa.Column("id", BIG_ID, nullable=False),
    sa.Column("program_id", BIG_ID, nullable=False),
    sa.Column("survey_id", BIG_ID, nullable=False),
    sa.Column("response_id", BIG_ID, nullable=False),
    sa.Column("question", sa.Integer(), nullable=False),
    sa.Column("choice", sa.Integer(), nullable=True),
    sa.Column("number", sa.Integer(), nullable=True),
    sa.Column("text", sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_survey_answers_program_id_programs")),
    sa.ForeignKeyConstraint(["response_id"], ["survey_responses.id"],
                            name=op.f("fk_survey_answers_response_id_survey_responses")),
    sa.ForeignKeyConstraint(["survey_id"], ["surveys.id"], name=op.f("fk_survey_answers_survey_id_surveys")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answers"))
    )
    op.create_index("ix_survey_answers_survey_question", "survey_answers", ["survey_id", "question", "id"])
    op.create_table("product_reviews",
    sa.Column("id", BIG_ID, nullable=False),
    sa.Column("program_id", BIG_ID, nullable=False),
    sa.Column("member_id", BIG_ID, nullable=False),
    sa.Column("sku", sa.String(length=64), nullable=False),
    sa.Column("product_name", sa.String(length=200), nullable=True),
    sa.Column("rating", sa.Integer(), nullable=False),
    sa.Column("text", sa.String(length=4000), nullable=True),
    sa.Column("status", sa.String(length=16), nullable=False),
    sa.Column("submitted_at", WHEN, nullable=False),
    sa.Column("moderated_at", WHEN, nullable=True),
    sa.Column("moderated_by", sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_product_reviews_member_id_members")),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_product_reviews_program_id_programs")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_product_reviews")),
    sa.UniqueConstraint("program_id", "member_id", "sku", name=op.f("uq_product_reviews_program_id_member_id_sku"))
    )
    op.create_index("ix_product_reviews_sku", "product_reviews", ["program_id", "sku", "status", "id"])
    op.create_index("ix_product_reviews_status", "product_reviews", ["program_id", "status", "id"])
    op.create_table("content_items",
    sa.Column("id", BIG_ID, nullable=False),
    sa.Column("program_id", BIG_ID, nullable=False),
    sa.Column("kind", sa.String(length=16), nullable=False),
    sa.Column("title", sa.String(length=200), nullable=False),
    sa.Column("body", sa.Text(), nullable=False),
    sa.Column("body_format", sa.String(length=16), nullable=False),
    sa.Column("image_url", sa.String(length=2000), nullable=True),
    sa.Column("tiers", JSON, nullable=False),
    sa.Column("segments", JSON, nullable=False),
    sa.Column("item_ref", sa.String(length=64), nullable=True),
    sa.Column("windows", JSON, nullable=False),
    sa.Column("status", sa.String(length=16), nullable=False),
    sa.Column("created_at", WHEN, nullable=False),
    sa.Column("updated_at", WHEN, nullable=False),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_content_items_program_id_programs")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_content_items")),
    sa.UniqueConstraint("program_id", "item_ref", name=op.f("uq_content_items_program_id_item_ref"))
    )
    op.create_index("ix_content_items_program", "content_items", ["program_id", "status", "id"])


def downgrade() -> None:
    op.drop_index("ix_content_items_program", table_name="content_items")
    op.drop_table("content_items")
    op.drop_index("ix_product_reviews_status", table_name="product_reviews")
    op.drop_index("ix_product_reviews_sku", table_name="product_reviews")
    op.drop_table("product_reviews")
    op.drop_index("ix_survey_answers_survey_question", table_name="survey_answers")
    op.drop_table("survey_answers")
    op.drop_index("ix_survey_responses_member", table_name="survey_responses")
    op.drop_table("survey_responses")
    op.drop_index("ix_surveys_program_status", table_name="surveys")
    op.drop_table("surveys")
