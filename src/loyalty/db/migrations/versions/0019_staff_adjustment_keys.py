"""The panel's one-time point adjustment keys: a double submit adjusts once.

Revision ID: 0019
Revises: 0018
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import loyalty.db.base

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('staff_adjustment_keys',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('staff_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('request_key', sa.String(length=64), nullable=False),
    sa.Column('transaction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_staff_adjustment_keys_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'],
                            name=op.f('fk_staff_adjustment_keys_program_id_programs')),
    sa.ForeignKeyConstraint(['staff_user_id'], ['staff_users.id'],
                            name=op.f('fk_staff_adjustment_keys_staff_user_id_staff_users')),
    sa.ForeignKeyConstraint(['transaction_id'], ['ledger_transactions.id'],
                            name=op.f('fk_staff_adjustment_keys_transaction_id_ledger_transactions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_adjustment_keys')),
    sa.UniqueConstraint('staff_user_id', 'request_key',
                        name=op.f('uq_staff_adjustment_keys_staff_user_id_request_key'))
    )


def downgrade() -> None:
    op.drop_table('staff_adjustment_keys')
