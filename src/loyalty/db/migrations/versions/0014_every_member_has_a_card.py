"""Every member holds a card: members enrolled without one get an active card in their
program's range, as enrolment now gives every new member.

The number rule (program prefix, random digits, Luhn check digit, 16 digits in all) is
copied here rather than imported: the application's generator may change later, this
migration must not. Members are read in batches by id; a number another card already
holds is skipped by ON CONFLICT DO NOTHING and redrawn. Members whose cards are all
blocked still have a card and are left alone.

Revision ID: 0014
Revises: 0013
"""
from __future__ import annotations

import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql, sqlite

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

CARD_NUMBER_LENGTH = 16
BATCH_SIZE = 1000
MAX_ROUNDS = 20  # as the application's MAX_COLLISION_RETRIES: a run of collisions means a full range

_random = secrets.SystemRandom()

programs = sa.table("programs", sa.column("id", sa.BigInteger), sa.column("card_prefix", sa.String))
members = sa.table("members", sa.column("id", sa.BigInteger), sa.column("program_id", sa.BigInteger))
cards = sa.table(
    "cards", sa.column("id", sa.BigInteger), sa.column("program_id", sa.BigInteger),
    sa.column("number", sa.String), sa.column("member_id", sa.BigInteger), sa.column("status", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)), sa.column("assigned_at", sa.DateTime(timezone=True)),
)


def _luhn_check_digit(payload: str) -> str:
    total = 0
    for index, char in enumerate(reversed(payload)):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def _card_number(prefix: str) -> str:
    random_digits = CARD_NUMBER_LENGTH - len(prefix) - 1
    payload = prefix + str(_random.randrange(10**random_digits)).zfill(random_digits)
    return payload + _luhn_check_digit(payload)


def upgrade() -> None:
    bind = op.get_bind()
    dialect = postgresql if bind.dialect.name == "postgresql" else sqlite
    now = datetime.now(UTC)
    # UtcDateTime keeps no offset on SQLite: the column holds naive UTC there.
    stamp = now if bind.dialect.name == "postgresql" else now.replace(tzinfo=None)
    insert = (dialect.insert(cards)
              .on_conflict_do_nothing(index_elements=["program_id", "number"])
              .returning(cards.c.member_id))
    cardless = (sa.select(members.c.id, members.c.program_id, programs.c.card_prefix)
                .join(programs, programs.c.id == members.c.program_id)
                .where(~sa.exists().where(cards.c.member_id == members.c.id))
                .order_by(members.c.id).limit(BATCH_SIZE))
    last_id = 0
    while True:
        batch = bind.execute(cardless.where(members.c.id > last_id)).all()
        if not batch:
            return
        last_id = batch[-1].id
        waiting = {row.id: row for row in batch}
        for _round in range(MAX_ROUNDS):
            rows = [{"program_id": row.program_id, "number": _card_number(row.card_prefix), "member_id": row.id,
                     "status": "active", "created_at": stamp, "assigned_at": stamp} for row in waiting.values()]
            for member_id in bind.execute(insert, rows).scalars():
                del waiting[member_id]
            if not waiting:
                break
        else:
            raise RuntimeError(f"No free card number found for members {sorted(waiting)}: a card range is full.")


def downgrade() -> None:
    # Nothing to undo: the cards are ordinary active cards, valid under the older schema too,
    # and telling them from cards given since would guess.
    pass
