"""rewards tables: the catalogue, code pools and their codes, causes, per-member usage, redemptions.

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import loyalty.db.base

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reward_causes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.String(length=2000), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('points_total', sa.BigInteger(), nullable=False),
    sa.Column('donations_count', sa.BigInteger(), nullable=False),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_reward_causes_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reward_causes'))
    )
    with op.batch_alter_table('reward_causes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reward_causes_program_id'), ['program_id'], unique=False)

    op.create_table('reward_code_pools',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('low_threshold', sa.Integer(), nullable=False),
    sa.Column('codes_total', sa.BigInteger(), nullable=False),
    sa.Column('codes_used', sa.BigInteger(), nullable=False),
    sa.Column('low_warned_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_reward_code_pools_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reward_code_pools'))
    )
    with op.batch_alter_table('reward_code_pools', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reward_code_pools_program_id'), ['program_id'], unique=False)

    op.create_table('reward_pool_codes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('pool_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('code', sa.String(length=200), nullable=False),
    sa.Column('assigned_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('imported_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['pool_id'], ['reward_code_pools.id'], name=op.f('fk_reward_pool_codes_pool_id_reward_code_pools')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_reward_pool_codes_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reward_pool_codes')),
    sa.UniqueConstraint('pool_id', 'code', name=op.f('uq_reward_pool_codes_pool_id_code'))
    )
    with op.batch_alter_table('reward_pool_codes', schema=None) as batch_op:
        batch_op.create_index('ix_reward_pool_codes_unused', ['pool_id', 'id'], unique=False, sqlite_where=sa.text('assigned_at IS NULL'), postgresql_where=sa.text('assigned_at IS NULL'))

    op.create_table('rewards',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('names', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('descriptions', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('image_urls', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('points_price', sa.BigInteger(), nullable=False),
    sa.Column('money_price_minor', sa.BigInteger(), nullable=False),
    sa.Column('stock', sa.BigInteger(), nullable=True),
    sa.Column('redeemed_count', sa.BigInteger(), nullable=False),
    sa.Column('limit_per_member', sa.Integer(), nullable=True),
    sa.Column('limit_total', sa.BigInteger(), nullable=True),
    sa.Column('starts_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('ends_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('eligible_tiers', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('code_pool_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('voucher_campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('cause_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('cashback_rate', sa.Numeric(precision=18, scale=6), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('redeemed_count >= 0', name=op.f('ck_rewards_redeemed_count_not_negative')),
    sa.CheckConstraint('stock IS NULL OR stock >= 0', name=op.f('ck_rewards_stock_not_negative')),
    sa.ForeignKeyConstraint(['cause_id'], ['reward_causes.id'], name=op.f('fk_rewards_cause_id_reward_causes')),
    sa.ForeignKeyConstraint(['code_pool_id'], ['reward_code_pools.id'], name=op.f('fk_rewards_code_pool_id_reward_code_pools')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_rewards_program_id_programs')),
    sa.ForeignKeyConstraint(['voucher_campaign_id'], ['voucher_campaigns.id'], name=op.f('fk_rewards_voucher_campaign_id_voucher_campaigns')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rewards'))
    )
    with op.batch_alter_table('rewards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rewards_program_id'), ['program_id'], unique=False)

    op.create_table('reward_member_usage',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('reward_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('redeemed', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_reward_member_usage_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_reward_member_usage_program_id_programs')),
    sa.ForeignKeyConstraint(['reward_id'], ['rewards.id'], name=op.f('fk_reward_member_usage_reward_id_rewards')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reward_member_usage')),
    sa.UniqueConstraint('reward_id', 'member_id', name=op.f('uq_reward_member_usage_reward_id_member_id'))
    )
    op.create_table('reward_redemptions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('reward_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reward_name', sa.String(length=200), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('money_minor', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('code', sa.String(length=200), nullable=True),
    sa.Column('pool_code_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('voucher_code_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('cause_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('cashback_minor', sa.BigInteger(), nullable=True),
    sa.Column('delivery_address', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('spend_transaction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('credit_transaction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('return_transaction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('status_history', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_reward_redemptions_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_reward_redemptions_program_id_programs')),
    sa.ForeignKeyConstraint(['reward_id'], ['rewards.id'], name=op.f('fk_reward_redemptions_reward_id_rewards')),
    sa.ForeignKeyConstraint(['voucher_code_id'], ['voucher_codes.id'], name=op.f('fk_reward_redemptions_voucher_code_id_voucher_codes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reward_redemptions'))
    )
    with op.batch_alter_table('reward_redemptions', schema=None) as batch_op:
        batch_op.create_index('ix_reward_redemptions_member', ['program_id', 'member_id', 'id'], unique=False)
        batch_op.create_index('ix_reward_redemptions_status', ['program_id', 'status', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reward_redemptions', schema=None) as batch_op:
        batch_op.drop_index('ix_reward_redemptions_status')
        batch_op.drop_index('ix_reward_redemptions_member')

    op.drop_table('reward_redemptions')
    op.drop_table('reward_member_usage')
    with op.batch_alter_table('rewards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rewards_program_id'))

    op.drop_table('rewards')
    with op.batch_alter_table('reward_pool_codes', schema=None) as batch_op:
        batch_op.drop_index('ix_reward_pool_codes_unused', sqlite_where=sa.text('assigned_at IS NULL'), postgresql_where=sa.text('assigned_at IS NULL'))

    op.drop_table('reward_pool_codes')
    with op.batch_alter_table('reward_code_pools', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reward_code_pools_program_id'))

    op.drop_table('reward_code_pools')
    with op.batch_alter_table('reward_causes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reward_causes_program_id'))

    op.drop_table('reward_causes')
