"""Lifecycle scans: the marks that make each announcement once-only, per-program thresholds,
members' buying rhythms, e-shop carts, and the enrolment index the anniversary scan reads.

Revision ID: 0025
Revises: 0024
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import loyalty.db.base

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
JSON_DOC = sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), 'postgresql')


def upgrade() -> None:
    op.create_table('lifecycle_marks',
    sa.Column('id', BIG_ID, nullable=False),
    sa.Column('program_id', BIG_ID, nullable=False),
    sa.Column('member_id', BIG_ID, nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('occasion', sa.String(length=128), nullable=False),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_lifecycle_marks_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_lifecycle_marks_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lifecycle_marks')),
    sa.UniqueConstraint('program_id', 'kind', 'occasion', 'member_id',
                        name=op.f('uq_lifecycle_marks_program_id_kind_occasion_member_id'))
    )
    op.create_table('lifecycle_settings',
    sa.Column('program_id', BIG_ID, nullable=False),
    sa.Column('lapse_factor', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('default_gap_days', sa.Integer(), nullable=False),
    sa.Column('expiring_days', sa.Integer(), nullable=False),
    sa.Column('cart_hours', sa.Integer(), nullable=False),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_lifecycle_settings_program_id_programs')),
    sa.PrimaryKeyConstraint('program_id', name=op.f('pk_lifecycle_settings'))
    )
    op.create_table('member_rhythm',
    sa.Column('member_id', BIG_ID, nullable=False),
    sa.Column('program_id', BIG_ID, nullable=False),
    sa.Column('purchase_count', sa.Integer(), nullable=False),
    sa.Column('last_purchase_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('last_purchase_on', sa.Date(), nullable=False),
    sa.Column('typical_gap_seconds', sa.BigInteger(), nullable=True),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_member_rhythm_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_member_rhythm_program_id_programs')),
    sa.PrimaryKeyConstraint('member_id', name=op.f('pk_member_rhythm'))
    )
    op.create_index('ix_member_rhythm_program_last', 'member_rhythm', ['program_id', 'last_purchase_at'])
    op.create_table('lifecycle_carts',
    sa.Column('id', BIG_ID, nullable=False),
    sa.Column('program_id', BIG_ID, nullable=False),
    sa.Column('member_id', BIG_ID, nullable=False),
    sa.Column('cart_id', sa.String(length=128), nullable=False),
    sa.Column('items', JSON_DOC, nullable=False),
    sa.Column('value_minor', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_lifecycle_carts_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_lifecycle_carts_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lifecycle_carts')),
    sa.UniqueConstraint('program_id', 'member_id', 'cart_id',
                        name=op.f('uq_lifecycle_carts_program_id_member_id_cart_id'))
    )
    op.create_index('ix_lifecycle_carts_program_updated', 'lifecycle_carts', ['program_id', 'updated_at'])
    op.create_index('ix_members_program_enrolled', 'members', ['program_id', 'enrolled_at'])


def downgrade() -> None:
    op.drop_index('ix_members_program_enrolled', table_name='members')
    op.drop_table('lifecycle_carts')
    op.drop_table('member_rhythm')
    op.drop_table('lifecycle_settings')
    op.drop_table('lifecycle_marks')
