"""vouchers tables: campaigns, code batches, codes, per-member usage, redemptions.

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import loyalty.db.base

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('voucher_campaigns',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.String(length=2000), nullable=True),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('amount_minor', sa.BigInteger(), nullable=True),
    sa.Column('percent', sa.Numeric(precision=7, scale=4), nullable=True),
    sa.Column('max_discount_minor', sa.BigInteger(), nullable=True),
    sa.Column('sku', sa.String(length=64), nullable=True),
    sa.Column('free_quantity', sa.Integer(), nullable=True),
    sa.Column('factor', sa.Numeric(precision=8, scale=4), nullable=True),
    sa.Column('condition', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('line_condition', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('starts_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('ends_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('max_uses_per_code', sa.Integer(), nullable=True),
    sa.Column('max_uses_per_member', sa.Integer(), nullable=True),
    sa.Column('max_uses_total', sa.BigInteger(), nullable=True),
    sa.Column('uses_total', sa.BigInteger(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_voucher_campaigns_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voucher_campaigns'))
    )
    with op.batch_alter_table('voucher_campaigns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_voucher_campaigns_program_id'), ['program_id'], unique=False)

    op.create_table('voucher_code_batches',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('pattern', sa.String(length=64), nullable=True),
    sa.Column('charset', sa.String(length=64), nullable=True),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['voucher_campaigns.id'], name=op.f('fk_voucher_code_batches_campaign_id_voucher_campaigns')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_voucher_code_batches_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voucher_code_batches'))
    )
    with op.batch_alter_table('voucher_code_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_voucher_code_batches_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index('ix_voucher_code_batches_pattern', ['program_id', 'pattern', 'charset'], unique=False)

    op.create_table('voucher_member_usage',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('uses', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['voucher_campaigns.id'], name=op.f('fk_voucher_member_usage_campaign_id_voucher_campaigns')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_voucher_member_usage_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_voucher_member_usage_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voucher_member_usage')),
    sa.UniqueConstraint('campaign_id', 'member_id', name=op.f('uq_voucher_member_usage_campaign_id_member_id'))
    )
    op.create_table('voucher_codes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('batch_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('published_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('uses', sa.Integer(), nullable=False),
    sa.Column('max_uses', sa.Integer(), nullable=True),
    sa.Column('balance_minor', sa.BigInteger(), nullable=True),
    sa.Column('initial_balance_minor', sa.BigInteger(), nullable=True),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('balance_minor >= 0', name=op.f('ck_voucher_codes_balance_not_negative')),
    sa.CheckConstraint('uses >= 0', name=op.f('ck_voucher_codes_uses_not_negative')),
    sa.ForeignKeyConstraint(['batch_id'], ['voucher_code_batches.id'], name=op.f('fk_voucher_codes_batch_id_voucher_code_batches')),
    sa.ForeignKeyConstraint(['campaign_id'], ['voucher_campaigns.id'], name=op.f('fk_voucher_codes_campaign_id_voucher_campaigns')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_voucher_codes_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_voucher_codes_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voucher_codes')),
    sa.UniqueConstraint('program_id', 'code', name=op.f('uq_voucher_codes_program_id_code'))
    )
    with op.batch_alter_table('voucher_codes', schema=None) as batch_op:
        batch_op.create_index('ix_voucher_codes_campaign', ['campaign_id', 'id'], unique=False)
        batch_op.create_index('ix_voucher_codes_member', ['program_id', 'member_id'], unique=False)

    op.create_table('voucher_redemptions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('code_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('order_ref', sa.String(length=128), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('discount_minor', sa.BigInteger(), nullable=False),
    sa.Column('line_discounts', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('factor', sa.Numeric(precision=8, scale=4), nullable=True),
    sa.Column('gift_card_minor', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('redeemed_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('rolled_back_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['voucher_campaigns.id'], name=op.f('fk_voucher_redemptions_campaign_id_voucher_campaigns')),
    sa.ForeignKeyConstraint(['code_id'], ['voucher_codes.id'], name=op.f('fk_voucher_redemptions_code_id_voucher_codes')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_voucher_redemptions_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_voucher_redemptions_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voucher_redemptions'))
    )
    with op.batch_alter_table('voucher_redemptions', schema=None) as batch_op:
        batch_op.create_index('ix_voucher_redemptions_code', ['code_id'], unique=False)
        batch_op.create_index('ix_voucher_redemptions_member', ['program_id', 'member_id', 'id'], unique=False)
        batch_op.create_index('ix_voucher_redemptions_order', ['program_id', 'order_ref'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('voucher_redemptions', schema=None) as batch_op:
        batch_op.drop_index('ix_voucher_redemptions_order')
        batch_op.drop_index('ix_voucher_redemptions_member')
        batch_op.drop_index('ix_voucher_redemptions_code')

    op.drop_table('voucher_redemptions')
    with op.batch_alter_table('voucher_codes', schema=None) as batch_op:
        batch_op.drop_index('ix_voucher_codes_member')
        batch_op.drop_index('ix_voucher_codes_campaign')

    op.drop_table('voucher_codes')
    op.drop_table('voucher_member_usage')
    with op.batch_alter_table('voucher_code_batches', schema=None) as batch_op:
        batch_op.drop_index('ix_voucher_code_batches_pattern')
        batch_op.drop_index(batch_op.f('ix_voucher_code_batches_campaign_id'))

    op.drop_table('voucher_code_batches')
    with op.batch_alter_table('voucher_campaigns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_voucher_campaigns_program_id'))

    op.drop_table('voucher_campaigns')
