"""Voucher codes still to publish (no holder, no use) get a partial index of their own.

A coupon reward asks whether its campaign has such a code on every catalogue read, and
publishing takes the oldest: with `ix_voucher_codes_campaign` both walked past every code
already handed out, so a campaign of 500,000 generated codes made each of them slower as it
was used. The index holds only the codes still to publish, on both databases.

Revision ID: 0012
Revises: 0011
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

UNPUBLISHED = "member_id IS NULL AND uses = 0"


def upgrade() -> None:
    with op.batch_alter_table("voucher_codes", schema=None) as batch_op:
        batch_op.create_index("ix_voucher_codes_unpublished", ["campaign_id", "id"], unique=False,
                              sqlite_where=sa.text(UNPUBLISHED), postgresql_where=sa.text(UNPUBLISHED))


def downgrade() -> None:
    with op.batch_alter_table("voucher_codes", schema=None) as batch_op:
        batch_op.drop_index("ix_voucher_codes_unpublished", sqlite_where=sa.text(UNPUBLISHED),
                            postgresql_where=sa.text(UNPUBLISHED))
