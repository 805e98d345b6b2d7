"""Rewards get pictures per language (`images_by_language`), for pictures with words on them.

Revision ID: 0013
Revises: 0012
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rewards", schema=None) as batch_op:
        # Existing rewards have none: the default fills them, then goes (the model gives new ones {}).
        batch_op.add_column(sa.Column("images_by_language",
                                      sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
                                      nullable=False, server_default="{}"))
    with op.batch_alter_table("rewards", schema=None) as batch_op:
        batch_op.alter_column("images_by_language", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("rewards", schema=None) as batch_op:
        batch_op.drop_column("images_by_language")
