"""Leaderboards (definitions, scores per period kept by the worker, events already counted),
members' public names, and contests (entries, per-member tallies, the recorded draw, winners).

Revision ID: 0035
Revises: 0034
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import loyalty.db.base

revision = '0035'
down_revision = '0034'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('leaderboards',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('description', sa.String(length=1000), nullable=True),
    sa.Column('measure', sa.String(length=16), nullable=False),
    sa.Column('period', sa.String(length=16), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('store_code', sa.String(length=64), nullable=True),
    sa.Column('segment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_leaderboards_program_id_programs')),
    sa.ForeignKeyConstraint(['segment_id'], ['segments.id'], name=op.f('fk_leaderboards_segment_id_segments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leaderboards'))
    )
    op.create_table('contests',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('rules_text', sa.Text(), nullable=False),
    sa.Column('prize', sa.String(length=200), nullable=False),
    sa.Column('entry_action', sa.String(length=16), nullable=False),
    sa.Column('entries_per_action', sa.Integer(), nullable=False),
    sa.Column('amount_per_entry', sa.Integer(), nullable=True),
    sa.Column('custom_event_type', sa.String(length=100), nullable=True),
    sa.Column('leaderboard_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('max_entries_per_member', sa.Integer(), nullable=False),
    sa.Column('winners_count', sa.Integer(), nullable=False),
    sa.Column('opens_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('closes_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('draws_automatically', sa.Boolean(), nullable=False),
    sa.Column('drawn_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['leaderboard_id'], ['leaderboards.id'], name=op.f('fk_contests_leaderboard_id_leaderboards')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_contests_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contests'))
    )
    op.create_table('leaderboard_counted_events',
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('counted_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_leaderboard_counted_events_program_id_programs')),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_leaderboard_counted_events'))
    )
    op.create_table('contest_draws',
    sa.Column('contest_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('seed_hex', sa.String(length=64), nullable=False),
    sa.Column('entries_digest', sa.String(length=64), nullable=False),
    sa.Column('entrants', sa.Integer(), nullable=False),
    sa.Column('entries_total', sa.Integer(), nullable=False),
    sa.Column('winners_count', sa.Integer(), nullable=False),
    sa.Column('algorithm', sa.String(length=40), nullable=False),
    sa.Column('drawn_by', sa.String(length=200), nullable=False),
    sa.Column('drawn_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_contest_draws_contest_id_contests')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_contest_draws_program_id_programs')),
    sa.PrimaryKeyConstraint('contest_id', name=op.f('pk_contest_draws'))
    )
    op.create_table('contest_entries',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('contest_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('entries', sa.Integer(), nullable=False),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_contest_entries_contest_id_contests')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_contest_entries_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_contest_entries_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contest_entries')),
    sa.UniqueConstraint('contest_id', 'source', name=op.f('uq_contest_entries_contest_id_source'))
    )
    with op.batch_alter_table('contest_entries', schema=None) as batch_op:
        batch_op.create_index('ix_contest_entries_member', ['contest_id', 'member_id'], unique=False)

    op.create_table('contest_tallies',
    sa.Column('contest_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('entries', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_contest_tallies_contest_id_contests')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_contest_tallies_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_contest_tallies_program_id_programs')),
    sa.PrimaryKeyConstraint('contest_id', 'member_id', name=op.f('pk_contest_tallies'))
    )
    op.create_table('contest_winners',
    sa.Column('contest_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_contest_winners_contest_id_contests')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_contest_winners_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_contest_winners_program_id_programs')),
    sa.PrimaryKeyConstraint('contest_id', 'position', name=op.f('pk_contest_winners')),
    sa.UniqueConstraint('contest_id', 'member_id', name=op.f('uq_contest_winners_contest_id_member_id'))
    )
    op.create_table('member_public_names',
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('pseudonym', sa.String(length=8), nullable=False),
    sa.Column('display_name', sa.String(length=40), nullable=True),
    sa.Column('shows_name', sa.Boolean(), nullable=False),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_member_public_names_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_member_public_names_program_id_programs')),
    sa.PrimaryKeyConstraint('member_id', name=op.f('pk_member_public_names'))
    )
    op.create_table('leaderboard_scores',
    sa.Column('leaderboard_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('score', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['leaderboard_id'], ['leaderboards.id'], name=op.f('fk_leaderboard_scores_leaderboard_id_leaderboards')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_leaderboard_scores_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_leaderboard_scores_program_id_programs')),
    sa.PrimaryKeyConstraint('leaderboard_id', 'period_start', 'member_id', name=op.f('pk_leaderboard_scores'))
    )
    with op.batch_alter_table('leaderboard_scores', schema=None) as batch_op:
        batch_op.create_index('ix_leaderboard_scores_rank', ['leaderboard_id', 'period_start', 'score', 'member_id'], unique=False)



def downgrade() -> None:
    op.drop_table('contest_winners')
    op.drop_table('contest_tallies')
    with op.batch_alter_table('contest_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_contest_entries_member')

    op.drop_table('contest_entries')
    op.drop_table('contest_draws')
    op.drop_table('contests')
    with op.batch_alter_table('leaderboard_scores', schema=None) as batch_op:
        batch_op.drop_index('ix_leaderboard_scores_rank')

    op.drop_table('leaderboard_scores')
    op.drop_table('member_public_names')
    op.drop_table('leaderboard_counted_events')
    op.drop_table('leaderboards')
