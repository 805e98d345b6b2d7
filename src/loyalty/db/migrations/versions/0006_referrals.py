"""referrals tables.

Revision ID: 0006
Revises: 0005
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import loyalty.db.base

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('referral_programs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('min_purchase_minor', sa.BigInteger(), nullable=False),
    sa.Column('qualifying_days', sa.Integer(), nullable=False),
    sa.Column('referrer_unit', sa.String(length=16), nullable=False),
    sa.Column('referrer_points', sa.BigInteger(), nullable=False),
    sa.Column('referee_unit', sa.String(length=16), nullable=False),
    sa.Column('referee_points', sa.BigInteger(), nullable=False),
    sa.Column('cap_count', sa.Integer(), nullable=True),
    sa.Column('cap_period_days', sa.Integer(), nullable=True),
    sa.Column('signup_url', sa.String(length=2000), nullable=True),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_referral_programs_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_programs')),
    sa.UniqueConstraint('program_id', name=op.f('uq_referral_programs_program_id'))
    )
    op.create_table('referrals',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('referrer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('referee_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=64), nullable=True),
    sa.Column('signed_up_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('linked_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('qualifying_purchase_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('qualifying_total_minor', sa.BigInteger(), nullable=True),
    sa.Column('qualifying_min_minor', sa.BigInteger(), nullable=True),
    sa.Column('qualified_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('rewarded_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('referrer_unit', sa.String(length=16), nullable=True),
    sa.Column('referrer_points', sa.BigInteger(), nullable=False),
    sa.Column('referrer_transaction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('referee_unit', sa.String(length=16), nullable=True),
    sa.Column('referee_points', sa.BigInteger(), nullable=False),
    sa.Column('referee_transaction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('reversed_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'rewarded', 'rejected', 'reversed')", name=op.f('ck_referrals_known_status')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_referrals_program_id_programs')),
    sa.ForeignKeyConstraint(['referee_id'], ['members.id'], name=op.f('fk_referrals_referee_id_members')),
    sa.ForeignKeyConstraint(['referrer_id'], ['members.id'], name=op.f('fk_referrals_referrer_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals')),
    sa.UniqueConstraint('referee_id', name=op.f('uq_referrals_referee_id'))
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index('ix_referrals_qualifying_purchase', ['qualifying_purchase_id'], unique=False)
        batch_op.create_index('ix_referrals_referrer', ['referrer_id', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index('ix_referrals_referrer')
        batch_op.drop_index('ix_referrals_qualifying_purchase')

    op.drop_table('referrals')
    op.drop_table('referral_programs')
