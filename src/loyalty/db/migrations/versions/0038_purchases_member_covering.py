"""The per-member purchase index carries each receipt's total and refunded amount on PostgreSQL
(`INCLUDE`), so the scoring summaries (RFM, lifetime value, churn) read a member's receipts from
the index alone instead of visiting each wide purchase row. SQLite keeps the plain index.

Rebuilding the index blocks writes to purchases while it runs (seconds per million receipts).

Revision ID: 0038
Revises: 0037
"""
from __future__ import annotations

from alembic import op

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None

COLUMNS = ["program_id", "member_id", "occurred_at"]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_purchases_member", table_name="purchases")
    op.create_index("ix_purchases_member", "purchases", COLUMNS,
                    postgresql_include=["total_minor", "refunded_minor"])


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_purchases_member", table_name="purchases")
    op.create_index("ix_purchases_member", "purchases", COLUMNS)
