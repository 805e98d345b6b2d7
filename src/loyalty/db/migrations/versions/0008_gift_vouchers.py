"""gift vouchers and prepaid bonus cards: balances, their append-only movements, gift redemptions.

Revision ID: 0008
Revises: 0007
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import loyalty.db.base

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

APPEND_ONLY = "gift_movements"


def upgrade() -> None:
    op.create_table('gift_vouchers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=True),
    sa.Column('code_prefix', sa.String(length=16), nullable=True),
    sa.Column('card_number', sa.String(length=19), nullable=True),
    sa.Column('pin_hash', sa.String(length=200), nullable=True),
    sa.Column('funded_total', sa.BigInteger(), nullable=False),
    sa.Column('balance', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('expires_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('balance >= 0', name=op.f('ck_gift_vouchers_balance_not_negative')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_gift_vouchers_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gift_vouchers')),
    sa.UniqueConstraint('card_number', name=op.f('uq_gift_vouchers_card_number')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_gift_vouchers_code_hash'))
    )
    with op.batch_alter_table('gift_vouchers', schema=None) as batch_op:
        batch_op.create_index('ix_gift_vouchers_program', ['program_id', 'kind', 'id'], unique=False)

    op.create_table('gift_redemptions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('voucher_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('reward_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('request_key', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reward_name', sa.String(length=200), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('code', sa.String(length=200), nullable=True),
    sa.Column('pool_code_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('cause_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('recipient_name', sa.String(length=200), nullable=True),
    sa.Column('delivery_address', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('status_history', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_gift_redemptions_program_id_programs')),
    sa.ForeignKeyConstraint(['reward_id'], ['rewards.id'], name=op.f('fk_gift_redemptions_reward_id_rewards')),
    sa.ForeignKeyConstraint(['voucher_id'], ['gift_vouchers.id'], name=op.f('fk_gift_redemptions_voucher_id_gift_vouchers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gift_redemptions')),
    sa.UniqueConstraint('voucher_id', 'request_key', name=op.f('uq_gift_redemptions_voucher_id_request_key'))
    )
    with op.batch_alter_table('gift_redemptions', schema=None) as batch_op:
        batch_op.create_index('ix_gift_redemptions_status', ['program_id', 'status', 'id'], unique=False)

    op.create_table('gift_movements',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('program_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('voucher_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('balance_after', sa.BigInteger(), nullable=False),
    sa.Column('redemption_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('created_at', loyalty.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_gift_movements_program_id_programs')),
    sa.ForeignKeyConstraint(['redemption_id'], ['gift_redemptions.id'], name=op.f('fk_gift_movements_redemption_id_gift_redemptions')),
    sa.ForeignKeyConstraint(['voucher_id'], ['gift_vouchers.id'], name=op.f('fk_gift_movements_voucher_id_gift_vouchers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gift_movements'))
    )
    with op.batch_alter_table('gift_movements', schema=None) as batch_op:
        batch_op.create_index('ix_gift_movements_voucher', ['voucher_id', 'id'], unique=False)

    # Movements are the audit trail of money-like balances: the database refuses to change them.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION loyalty_refuse_gift_movement_change() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'gift movements are append-only: % on % refused', TG_OP, TG_TABLE_NAME
                    USING ERRCODE = 'restrict_violation';
            END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(f"CREATE TRIGGER {APPEND_ONLY}_append_only BEFORE UPDATE OR DELETE ON {APPEND_ONLY} "
                   "FOR EACH ROW EXECUTE FUNCTION loyalty_refuse_gift_movement_change()")
        op.execute(f"CREATE TRIGGER {APPEND_ONLY}_no_truncate BEFORE TRUNCATE ON {APPEND_ONLY} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION loyalty_refuse_gift_movement_change()")
    else:
        for operation in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {APPEND_ONLY}_no_{operation.lower()} BEFORE {operation} ON {APPEND_ONLY} "
                f"BEGIN SELECT RAISE(ABORT, 'gift movements are append-only: {operation} on {APPEND_ONLY} refused'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {APPEND_ONLY}_append_only ON {APPEND_ONLY}")
        op.execute(f"DROP TRIGGER IF EXISTS {APPEND_ONLY}_no_truncate ON {APPEND_ONLY}")
        op.execute("DROP FUNCTION IF EXISTS loyalty_refuse_gift_movement_change()")
    else:
        for operation in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {APPEND_ONLY}_no_{operation}")
    with op.batch_alter_table('gift_movements', schema=None) as batch_op:
        batch_op.drop_index('ix_gift_movements_voucher')

    op.drop_table('gift_movements')
    with op.batch_alter_table('gift_redemptions', schema=None) as batch_op:
        batch_op.drop_index('ix_gift_redemptions_status')

    op.drop_table('gift_redemptions')
    with op.batch_alter_table('gift_vouchers', schema=None) as batch_op:
        batch_op.drop_index('ix_gift_vouchers_program')

    op.drop_table('gift_vouchers')
