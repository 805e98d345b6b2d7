"""Campaigns: the campaigns, their explicit lists, the chunks a launch is cut into, and the
members each launch targeted or held out (unique per campaign).

Revision ID: 0023
Revises: 0022
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import loyalty.db.base

revision = "0023"
# The lead renumbers at merge (0020 is the event backbone's); messaging's tables come first.
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('campaigns',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.String(length=2000), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('target_kind', sa.String(length=16), nullable=False),
    sa.Column('condition', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('list_size', sa.Integer(), nullable=False),
    sa.Column('starts_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('ends_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('message_channel', sa.String(length=16), nullable=True),
    sa.Column('message_template_key', sa.String(length=100), nullable=True),
    sa.Column('offer_kind', sa.String(length=16), nullable=False),
    sa.Column('offer_points', sa.BigInteger(), nullable=True),
    sa.Column('offer_unit', sa.String(length=32), nullable=True),
    sa.Column('voucher_campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('offer_value_minor', sa.BigInteger(), nullable=False),
    sa.Column('budget_kind', sa.String(length=16), nullable=False),
    sa.Column('budget_total', sa.BigInteger(), nullable=True),
    sa.Column('budget_spent', sa.BigInteger(), nullable=False),
    sa.Column('cost_per_member', sa.BigInteger(), nullable=False),
    sa.Column('budget_exhausted_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('control_share', sa.Numeric(precision=5, scale=4), nullable=False),
    sa.Column('seed', sa.String(length=32), nullable=False),
    sa.Column('attribution_days', sa.Integer(), nullable=False),
    sa.Column('chunks_total', sa.Integer(), nullable=False),
    sa.Column('launched_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('completed_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_campaigns_program_id_programs')),
    sa.ForeignKeyConstraint(['voucher_campaign_id'], ['voucher_campaigns.id'], name=op.f('fk_campaigns_voucher_campaign_id_voucher_campaigns')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns'))
    )
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaigns_program_id'), ['program_id'], unique=False)
        batch_op.create_index('ix_campaigns_status_starts_at', ['status', 'starts_at'], unique=False)

    op.create_table('campaign_chunks',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('chunk_no', sa.Integer(), nullable=False),
    sa.Column('after_member_id', sa.BigInteger(), nullable=False),
    sa.Column('through_member_id', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('members', sa.Integer(), nullable=False),
    sa.Column('deferred_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('done_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_chunks_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_campaign_chunks_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_chunks')),
    sa.UniqueConstraint('campaign_id', 'chunk_no', name=op.f('uq_campaign_chunks_campaign_id_chunk_no'))
    )
    with op.batch_alter_table('campaign_chunks', schema=None) as batch_op:
        batch_op.create_index('ix_campaign_chunks_status', ['status', 'campaign_id'], unique=False)

    op.create_table('campaign_list_members',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_list_members_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_campaign_list_members_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_campaign_list_members_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_list_members')),
    sa.UniqueConstraint('campaign_id', 'member_id', name=op.f('uq_campaign_list_members_campaign_id_member_id'))
    )
    op.create_table('campaign_members',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('chunk_no', sa.Integer(), nullable=False),
    sa.Column('is_control', sa.Boolean(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('points_given', sa.BigInteger(), nullable=False),
    sa.Column('value_minor', sa.BigInteger(), nullable=False),
    sa.Column('voucher_code_id', sa.BigInteger(), nullable=True),
    sa.Column('message_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_members_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_campaign_members_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_campaign_members_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_members')),
    sa.UniqueConstraint('campaign_id', 'member_id', name=op.f('uq_campaign_members_campaign_id_member_id'))
    )
    with op.batch_alter_table('campaign_members', schema=None) as batch_op:
        batch_op.create_index('ix_campaign_members_campaign_group', ['campaign_id', 'is_control'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('campaign_members', schema=None) as batch_op:
        batch_op.drop_index('ix_campaign_members_campaign_group')

    op.drop_table('campaign_members')
    op.drop_table('campaign_list_members')
    with op.batch_alter_table('campaign_chunks', schema=None) as batch_op:
        batch_op.drop_index('ix_campaign_chunks_status')

    op.drop_table('campaign_chunks')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_index('ix_campaigns_status_starts_at')
        batch_op.drop_index(batch_op.f('ix_campaigns_program_id'))

    op.drop_table('campaigns')
