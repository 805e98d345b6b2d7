"""The member app's one-time redemption keys: a double tap on "redeem" redeems once.

Revision ID: 0017
Revises: 0016
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import loyalty.db.base

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('member_app_redemption_keys',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('request_key', sa.String(length=64), nullable=False),
    sa.Column('redemption_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'],
                            name=op.f('fk_member_app_redemption_keys_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'],
                            name=op.f('fk_member_app_redemption_keys_program_id_programs')),
    sa.ForeignKeyConstraint(['redemption_id'], ['reward_redemptions.id'],
                            name=op.f('fk_member_app_redemption_keys_redemption_id_reward_redemptions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_app_redemption_keys')),
    sa.UniqueConstraint('member_id', 'request_key', name=op.f('uq_member_app_redemption_keys_member_id_request_key'))
    )


def downgrade() -> None:
    op.drop_table('member_app_redemption_keys')
