"""Journeys: versioned graphs, enrolments with their re-entry key, and each enrolment's step history.

Revision ID: 0026
Revises: 0025
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import loyalty.db.base

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('journeys',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('current_version', sa.Integer(), nullable=False),
    sa.Column('entry_kind', sa.String(length=16), nullable=False),
    sa.Column('entry_event_type', sa.String(length=100), nullable=True),
    sa.Column('goal_event_type', sa.String(length=100), nullable=True),
    sa.Column('schedule_ran_on', sa.Date(), nullable=True),
    sa.Column('schedule_before_member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_journeys_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journeys'))
    )
    op.create_table('journey_enrolments',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('journey_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('current_step', sa.String(length=40), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('open_key', sa.String(length=8), nullable=True),
    sa.Column('wait_until', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('waiting_for', sa.String(length=100), nullable=True),
    sa.Column('entry_event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('entry_payload', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('entered_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('exit_reason', sa.String(length=100), nullable=True),
    sa.Column('conversion_revenue', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['journey_id'], ['journeys.id'], name=op.f('fk_journey_enrolments_journey_id_journeys')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_journey_enrolments_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_journey_enrolments_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journey_enrolments')),
    sa.UniqueConstraint('journey_id', 'member_id', 'open_key', name=op.f('uq_journey_enrolments_journey_id_member_id_open_key'))
    )
    with op.batch_alter_table('journey_enrolments', schema=None) as batch_op:
        batch_op.create_index('ix_journey_enrolments_due', ['state', 'wait_until'], unique=False)
        batch_op.create_index('ix_journey_enrolments_member', ['member_id', 'journey_id'], unique=False)
        batch_op.create_index('ix_journey_enrolments_step', ['journey_id', 'state', 'current_step'], unique=False)
        batch_op.create_index('ix_journey_enrolments_waiting_for', ['program_id', 'waiting_for', 'member_id'], unique=False)

    op.create_table('journey_versions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('journey_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('graph', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['journey_id'], ['journeys.id'], name=op.f('fk_journey_versions_journey_id_journeys')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_journey_versions_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journey_versions')),
    sa.UniqueConstraint('journey_id', 'version', name=op.f('uq_journey_versions_journey_id_version'))
    )
    op.create_table('journey_step_visits',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('journey_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('enrolment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('step_id', sa.String(length=40), nullable=False),
    sa.Column('step_type', sa.String(length=20), nullable=False),
    sa.Column('exit', sa.String(length=16), nullable=True),
    sa.Column('result', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['enrolment_id'], ['journey_enrolments.id'], name=op.f('fk_journey_step_visits_enrolment_id_journey_enrolments')),
    sa.ForeignKeyConstraint(['journey_id'], ['journeys.id'], name=op.f('fk_journey_step_visits_journey_id_journeys')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_journey_step_visits_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journey_step_visits')),
    sa.UniqueConstraint('enrolment_id', 'step_id', name=op.f('uq_journey_step_visits_enrolment_id_step_id'))
    )
    with op.batch_alter_table('journey_step_visits', schema=None) as batch_op:
        batch_op.create_index('ix_journey_step_visits_journey', ['journey_id', 'step_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('journey_step_visits', schema=None) as batch_op:
        batch_op.drop_index('ix_journey_step_visits_journey')

    op.drop_table('journey_step_visits')
    op.drop_table('journey_versions')
    with op.batch_alter_table('journey_enrolments', schema=None) as batch_op:
        batch_op.drop_index('ix_journey_enrolments_waiting_for')
        batch_op.drop_index('ix_journey_enrolments_step')
        batch_op.drop_index('ix_journey_enrolments_member')
        batch_op.drop_index('ix_journey_enrolments_due')

    op.drop_table('journey_enrolments')
    op.drop_table('journeys')
