"""The event backbone: the stream order of events, subscribers' cursors, the dead-letter list,
and (PostgreSQL) the job engine's schema.

Revision ID: 0020
Revises: 0019
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

import loyalty.db.base

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    # Existing events get tx 0 (before every cursor); new ones the writing transaction's id. The
    # default is set after the column is added so PostgreSQL does not rewrite the table.
    op.add_column("events", sa.Column("tx", sa.BigInteger(), server_default="0", nullable=False))
    if postgresql:
        op.execute("ALTER TABLE events ALTER COLUMN tx SET DEFAULT (pg_current_xact_id()::text::bigint)")
    op.create_index("ix_events_stream", "events", ["tx", "id"])
    op.create_table(
        "event_cursors",
        sa.Column("subscriber", sa.String(length=100), nullable=False),
        sa.Column("tx", sa.BigInteger(), nullable=False),
        sa.Column("event_id", sa.BigInteger(), nullable=False),
        sa.Column("handled", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("subscriber", name=op.f("pk_event_cursors")),
    )
    op.create_table(
        "event_failures",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("subscriber", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.BigInteger(), nullable=False),
        sa.Column("program_id", _BIG_ID, nullable=False),
        sa.Column("member_id", _BIG_ID, nullable=True),
        sa.Column("event_type", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("first_failed_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("last_failed_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("job_deferred_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_event_failures_program_id_programs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_failures")),
        sa.UniqueConstraint("subscriber", "event_id", name=op.f("uq_event_failures_subscriber_event_id")),
    )
    op.create_index("ix_event_failures_status", "event_failures", ["status", "job_deferred_at"])
    op.create_index("ix_event_failures_program", "event_failures", ["program_id", "status", "id"])
    if postgresql:
        # procrastinate's own tables, functions and triggers, from the installed package (pinned
        # in pyproject.toml: a new procrastinate release comes with a migration of ours).
        from procrastinate.schema import SchemaManager

        # Straight to psycopg, without parameters: the SQL holds % signs that are not placeholders.
        driver: Any = op.get_bind().connection.driver_connection
        driver.execute(SchemaManager.get_schema())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
DO $$
DECLARE item record;
BEGIN
  FOR item IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'procrastinate%' LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', item.tablename);
  END LOOP;
  FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate%' LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', item.signature);
  END LOOP;
  FOR item IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
              WHERE n.nspname = current_schema() AND t.typname LIKE 'procrastinate%' AND t.typtype IN ('e', 'c') LOOP
    EXECUTE format('DROP TYPE IF EXISTS %I CASCADE', item.typname);
  END LOOP;
END $$""")
    op.drop_index("ix_event_failures_program", table_name="event_failures")
    op.drop_index("ix_event_failures_status", table_name="event_failures")
    op.drop_table("event_failures")
    op.drop_table("event_cursors")
    op.drop_index("ix_events_stream", table_name="events")
    op.drop_column("events", "tx")
