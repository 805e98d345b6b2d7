"""PostgreSQL: ledger entries, lots, purchase lines and purchase awards drop their own
foreign key to programs.

Each of these rows belongs to a parent that carries the program and checks it (the ledger
transaction, the purchase). The second check, per row, cost about 15% of the database's work
for a purchase, and each one also locked the program's row (FOR KEY SHARE). `loyalty ledger
verify` checks that entries and lots name their transaction's program. SQLite keeps the
foreign keys (its checks are cheap and lock nothing).

Revision ID: 0011
Revises: 0010
"""
from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TABLES = ("ledger_entries", "lots", "purchase_lines", "purchase_awards")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.drop_constraint(f"fk_{table}_program_id_programs", table, type_="foreignkey")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.create_foreign_key(f"fk_{table}_program_id_programs", table, "programs", ["program_id"], ["id"])
