"""Indexes for the admin panel's member search by the start of a first or last name, ignoring
case: lower(name) per program (text_pattern_ops on PostgreSQL, so LIKE 'kow%' uses it).

Revision ID: 0016
Revises: 0015
"""
from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

NAMES = ("first_name", "last_name")


def upgrade() -> None:
    pattern_ops = " text_pattern_ops" if op.get_bind().dialect.name == "postgresql" else ""
    for name in NAMES:
        op.execute(f"CREATE INDEX ix_members_program_lower_{name} ON members (program_id, lower({name}){pattern_ops})")


def downgrade() -> None:
    for name in NAMES:
        op.execute(f"DROP INDEX ix_members_program_lower_{name}")
