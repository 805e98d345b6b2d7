"""Web push and the app's inbox: the installation's VAPID key pair, the members' push
subscriptions, and the messages kept for the member app's Messages screen.

Revision ID: 0022
Revises: 0021
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import loyalty.db.base

revision = "0022"
down_revision = "0021"  # its messages table: the inbox refers to it
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('push_keys',
    sa.Column('id', ID, autoincrement=False, nullable=False),
    sa.Column('private_key', sa.Text(), nullable=False),
    sa.Column('public_key', sa.String(length=100), nullable=False),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_push_keys'))
    )
    op.create_table('push_subscriptions',
    sa.Column('id', ID, nullable=False),
    sa.Column('program_id', ID, nullable=False),
    sa.Column('member_id', ID, nullable=False),
    sa.Column('endpoint', sa.String(length=2048), nullable=False),
    sa.Column('p256dh', sa.String(length=200), nullable=False),
    sa.Column('auth', sa.String(length=100), nullable=False),
    sa.Column('user_agent', sa.String(length=300), nullable=True),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('last_success_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('gone_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_push_subscriptions_member_id_members')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_push_subscriptions_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_push_subscriptions')),
    sa.UniqueConstraint('endpoint', name=op.f('uq_push_subscriptions_endpoint'))
    )
    op.create_index('ix_push_subscriptions_member', 'push_subscriptions', ['member_id', 'gone_at'], unique=False)
    op.create_table('inbox_messages',
    sa.Column('id', ID, nullable=False),
    sa.Column('program_id', ID, nullable=False),
    sa.Column('member_id', ID, nullable=False),
    sa.Column('message_id', ID, nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link_url', sa.String(length=2000), nullable=True),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('read_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_inbox_messages_member_id_members')),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_inbox_messages_message_id_messages')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_inbox_messages_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbox_messages')),
    sa.UniqueConstraint('message_id', name=op.f('uq_inbox_messages_message_id'))
    )
    op.create_index('ix_inbox_messages_member', 'inbox_messages', ['member_id', 'message_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_inbox_messages_member', table_name='inbox_messages')
    op.drop_table('inbox_messages')
    op.drop_index('ix_push_subscriptions_member', table_name='push_subscriptions')
    op.drop_table('push_subscriptions')
    op.drop_table('push_keys')
