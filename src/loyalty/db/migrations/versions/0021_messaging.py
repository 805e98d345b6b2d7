"""Messaging: templates per language, messages, the suppression list, channel settings.

Revision ID: 0021_messaging
Revises: 0019 (0020 once the event backbone's migration is on main; the lead renumbers)
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import loyalty.db.base

revision = "0021_messaging"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("message_channel_settings",
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("channel", sa.String(length=16), nullable=False),
    sa.Column("cap_count", sa.Integer(), nullable=True),
    sa.Column("cap_days", sa.Integer(), nullable=False),
    sa.Column("quiet_start_minute", sa.Integer(), nullable=True),
    sa.Column("quiet_end_minute", sa.Integer(), nullable=True),
    sa.Column("updated_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_message_channel_settings_program_id_programs")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_message_channel_settings")),
    sa.UniqueConstraint("program_id", "channel", name=op.f("uq_message_channel_settings_program_id_channel"))
    )
    op.create_table("message_suppressions",
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("channel", sa.String(length=16), nullable=False),
    sa.Column("address", sa.String(length=320), nullable=False),
    sa.Column("reason", sa.String(length=200), nullable=False),
    sa.Column("created_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_message_suppressions_program_id_programs")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_message_suppressions")),
    sa.UniqueConstraint("program_id", "channel", "address", name=op.f("uq_message_suppressions_program_id_channel_address"))
    )
    op.create_table("message_templates",
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("key", sa.String(length=100), nullable=False),
    sa.Column("channel", sa.String(length=16), nullable=False),
    sa.Column("description", sa.String(length=500), nullable=True),
    sa.Column("fallback_language", sa.String(length=16), nullable=False),
    sa.Column("created_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column("updated_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_message_templates_program_id_programs")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_message_templates")),
    sa.UniqueConstraint("program_id", "key", "channel", name=op.f("uq_message_templates_program_id_key_channel"))
    )
    op.create_table("message_template_versions",
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("template_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("language", sa.String(length=16), nullable=False),
    sa.Column("subject", sa.String(length=500), nullable=False),
    sa.Column("html_body", sa.Text(), nullable=False),
    sa.Column("text_body", sa.Text(), nullable=False),
    sa.Column("updated_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_message_template_versions_program_id_programs")),
    sa.ForeignKeyConstraint(["template_id"], ["message_templates.id"], name=op.f("fk_message_template_versions_template_id_message_templates")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_message_template_versions")),
    sa.UniqueConstraint("template_id", "language", name=op.f("uq_message_template_versions_template_id_language"))
    )
    op.create_table("messages",
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column("channel", sa.String(length=16), nullable=False),
    sa.Column("template_key", sa.String(length=100), nullable=False),
    sa.Column("dedupe_key", sa.String(length=200), nullable=False),
    sa.Column("source", sa.String(length=100), nullable=False),
    sa.Column("context", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False),
    sa.Column("status", sa.String(length=16), nullable=False),
    sa.Column("skip_reason", sa.String(length=32), nullable=True),
    sa.Column("error", sa.String(length=500), nullable=True),
    sa.Column("send_after", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column("attempts", sa.Integer(), nullable=False),
    sa.Column("job_deferred_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column("created_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column("updated_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column("sent_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column("delivered_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column("opened_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column("clicked_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column("language", sa.String(length=16), nullable=True),
    sa.Column("address", sa.String(length=320), nullable=True),
    sa.Column("subject", sa.String(length=500), nullable=True),
    sa.Column("provider_id", sa.String(length=200), nullable=True),
    sa.Column("tracking_token", sa.String(length=32), nullable=False),
    sa.Column("links", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False),
    sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_messages_member_id_members")),
    sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_messages_program_id_programs")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
    sa.UniqueConstraint("program_id", "dedupe_key", name=op.f("uq_messages_program_id_dedupe_key")),
    sa.UniqueConstraint("tracking_token", name=op.f("uq_messages_tracking_token"))
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index("ix_messages_member_channel_sent", ["member_id", "channel", "sent_at"], unique=False)
        batch_op.create_index("ix_messages_program_source", ["program_id", "source"], unique=False)
        batch_op.create_index("ix_messages_queued_due", ["send_after", "id"], unique=False, sqlite_where=sa.text("status = 'queued'"), postgresql_where=sa.text("status = 'queued'"))



def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_queued_due", sqlite_where=sa.text("status = 'queued'"), postgresql_where=sa.text("status = 'queued'"))
        batch_op.drop_index("ix_messages_program_source")
        batch_op.drop_index("ix_messages_member_channel_sent")

    op.drop_table("messages")
    op.drop_table("message_template_versions")
    op.drop_table("message_templates")
    op.drop_table("message_suppressions")
    op.drop_table("message_channel_settings")
