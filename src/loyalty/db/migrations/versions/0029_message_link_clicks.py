"""Messaging: the first click on each link of a message (message.clicked once per link).

Revision ID: 0029
Revises: 0028
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import loyalty.db.base

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("message_link_clicks",
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("message_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("link", sa.String(length=100), nullable=False),
    sa.Column("clicked_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["message_id"], ["messages.id"], name=op.f("fk_message_link_clicks_message_id_messages")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_message_link_clicks")),
    sa.UniqueConstraint("message_id", "link", name=op.f("uq_message_link_clicks_message_id_link"))
    )


def downgrade() -> None:
    op.drop_table("message_link_clicks")
