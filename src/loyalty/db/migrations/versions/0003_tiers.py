"""tiers tables: levels, the program's tier policy, qualifying activity, members' tiers.

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import loyalty.db.base

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('tier_levels',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('description', sa.String(length=1000), nullable=True),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('threshold', sa.BigInteger(), nullable=False),
    sa.Column('earn_multiplier', sa.Numeric(precision=8, scale=4), nullable=False),
    sa.Column('free_shipping', sa.Boolean(), nullable=False),
    sa.Column('exclusive_rewards', sa.Boolean(), nullable=False),
    sa.Column('translations', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_tier_levels_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tier_levels')),
    sa.UniqueConstraint('program_id', 'code', name=op.f('uq_tier_levels_program_id_code')),
    sa.UniqueConstraint('program_id', 'rank', name=op.f('uq_tier_levels_program_id_rank'))
    )
    op.create_table('tier_policies',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('measure', sa.String(length=16), nullable=False),
    sa.Column('window_kind', sa.String(length=16), nullable=False),
    sa.Column('window_days', sa.Integer(), nullable=True),
    sa.Column('review_every_days', sa.Integer(), nullable=True),
    sa.Column('grace_days', sa.Integer(), nullable=False),
    sa.Column('one_level_at_a_time', sa.Boolean(), nullable=False),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_tier_policies_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tier_policies')),
    sa.UniqueConstraint('program_id', name=op.f('uq_tier_policies_program_id'))
    )
    op.create_table('member_tiers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('tier_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('since', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('review_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('grace_until', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('manually_assigned', sa.Boolean(), nullable=False),
    sa.Column('provisional_until', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('previous_tier_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_member_tiers_member_id_members')),
    sa.ForeignKeyConstraint(['previous_tier_id'], ['tier_levels.id'], name=op.f('fk_member_tiers_previous_tier_id_tier_levels')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_member_tiers_program_id_programs')),
    sa.ForeignKeyConstraint(['tier_id'], ['tier_levels.id'], name=op.f('fk_member_tiers_tier_id_tier_levels')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_tiers')),
    sa.UniqueConstraint('member_id', name=op.f('uq_member_tiers_member_id'))
    )
    with op.batch_alter_table('member_tiers', schema=None) as batch_op:
        batch_op.create_index('ix_member_tiers_level', ['tier_id', 'member_id'], unique=False)
        batch_op.create_index('ix_member_tiers_review', ['program_id', 'review_at'], unique=False)

    op.create_table('tier_activity',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('occurred_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('amount_minor', sa.BigInteger(), nullable=False),
    sa.Column('purchases', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('recorded_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_tier_activity_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_tier_activity_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tier_activity'))
    )
    with op.batch_alter_table('tier_activity', schema=None) as batch_op:
        batch_op.create_index('ix_tier_activity_member', ['member_id', 'occurred_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('tier_activity', schema=None) as batch_op:
        batch_op.drop_index('ix_tier_activity_member')

    op.drop_table('tier_activity')
    with op.batch_alter_table('member_tiers', schema=None) as batch_op:
        batch_op.drop_index('ix_member_tiers_review')
        batch_op.drop_index('ix_member_tiers_level')

    op.drop_table('member_tiers')
    op.drop_table('tier_policies')
    op.drop_table('tier_levels')
