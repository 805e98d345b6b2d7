"""Web behaviour: the e-shop tracking key, the visitors the script saw and their events.

Revision ID: 0032
Revises: 0031
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import loyalty.db.base

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("web_tracking_keys",
    sa.Column("program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("public_key", sa.String(length=40), nullable=False),
    sa.Column("signing_secret", sa.String(length=64), nullable=False),
    sa.Column("allowed_origins", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False),
    sa.Column("is_enabled", sa.Boolean(), nullable=False),
    sa.Column("created_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column("updated_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_web_tracking_keys_program_id_programs")),
    sa.PrimaryKeyConstraint("program_id", name=op.f("pk_web_tracking_keys")),
    sa.UniqueConstraint("public_key", name=op.f("uq_web_tracking_keys_public_key"))
    )
    op.create_table("web_visitors",
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("visitor_id", sa.String(length=64), nullable=False),
    sa.Column("member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
    sa.Column("first_seen_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column("last_seen_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column("first_source", sa.String(length=100), nullable=False),
    sa.Column("first_medium", sa.String(length=100), nullable=False),
    sa.Column("first_campaign", sa.String(length=100), nullable=True),
    sa.Column("identified_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_web_visitors_member_id_members")),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_web_visitors_program_id_programs")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_web_visitors")),
    sa.UniqueConstraint("program_id", "visitor_id", name=op.f("uq_web_visitors_program_id_visitor_id"))
    )
    op.create_index("ix_web_visitors_member", "web_visitors", ["member_id"], unique=False)
    op.create_table("web_events",
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("event_id", sa.String(length=64), nullable=False),
    sa.Column("visitor_ref", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
    sa.Column("type", sa.String(length=16), nullable=False),
    sa.Column("path", sa.String(length=300), nullable=True),
    sa.Column("sku", sa.String(length=64), nullable=True),
    sa.Column("product_name", sa.String(length=200), nullable=True),
    sa.Column("category", sa.String(length=100), nullable=True),
    sa.Column("price_minor", sa.BigInteger(), nullable=True),
    sa.Column("quantity", sa.Integer(), nullable=True),
    sa.Column("source", sa.String(length=100), nullable=False),
    sa.Column("medium", sa.String(length=100), nullable=False),
    sa.Column("campaign", sa.String(length=100), nullable=True),
    sa.Column("referrer_host", sa.String(length=200), nullable=True),
    sa.Column("occurred_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column("received_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_web_events_member_id_members")),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_web_events_program_id_programs")),
    sa.ForeignKeyConstraint(["visitor_ref"], ["web_visitors.id"], name=op.f("fk_web_events_visitor_ref_web_visitors")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_web_events")),
    sa.UniqueConstraint("program_id", "event_id", name=op.f("uq_web_events_program_id_event_id"))
    )
    op.create_index("ix_web_events_member_time", "web_events", ["member_id", "occurred_at"], unique=False)
    op.create_index("ix_web_events_program_type_time", "web_events", ["program_id", "type", "occurred_at"], unique=False)
    op.create_index("ix_web_events_visitor", "web_events", ["visitor_ref"], unique=False)


def downgrade() -> None:
    op.drop_table("web_events")
    op.drop_table("web_visitors")
    op.drop_table("web_tracking_keys")
