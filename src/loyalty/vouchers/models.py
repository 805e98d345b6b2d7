"""Tables of the vouchers domain: campaigns, their codes, and the redemptions that use them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Numeric, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class VoucherCampaign(Base):
    """What a voucher gives and when: every code of the campaign carries these terms.

    `uses_total` counts live redemptions (rolled-back ones are given back); the guarded
    UPDATE that raises it also enforces `max_uses_total`.
    """

    __tablename__ = "voucher_campaigns"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000), default=None)
    # fixed_amount | percent | free_product | points_multiplier | gift_card
    kind: Mapped[str] = mapped_column(String(24))
    # fixed_amount: the amount off; gift_card: each new code's starting balance. Minor units.
    amount_minor: Mapped[int | None] = mapped_column(BigInteger, default=None)
    percent: Mapped[Decimal | None] = mapped_column(Numeric(7, 4), default=None)
    max_discount_minor: Mapped[int | None] = mapped_column(BigInteger, default=None)
    sku: Mapped[str | None] = mapped_column(String(64), default=None)
    free_quantity: Mapped[int | None] = mapped_column(default=None)
    factor: Mapped[Decimal | None] = mapped_column(Numeric(8, 4), default=None)
    condition: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc, default=None)
    # Which lines the discount is taken from (None: every line).
    line_condition: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc, default=None)
    starts_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    max_uses_per_code: Mapped[int | None] = mapped_column(default=None)
    max_uses_per_member: Mapped[int | None] = mapped_column(default=None)
    max_uses_total: Mapped[int | None] = mapped_column(BigInteger, default=None)
    uses_total: Mapped[int] = mapped_column(BigInteger, default=0)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class VoucherCodeBatch(Base):
    """Codes added together: generated from a pattern, or imported from a file."""

    __tablename__ = "voucher_code_batches"
    __table_args__ = (Index("ix_voucher_code_batches_pattern", "program_id", "pattern", "charset"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("voucher_campaigns.id"), index=True)
    source: Mapped[str] = mapped_column(String(16))  # generated | imported
    # For generated batches: the pattern ('#' for a random character) and the characters drawn.
    pattern: Mapped[str | None] = mapped_column(String(64), default=None)
    charset: Mapped[str | None] = mapped_column(String(64), default=None)
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(200))


class VoucherCode(Base):
    """One code, stored normalized (upper-case, no spaces), unique in its program.

    `uses` is raised by the guarded UPDATE that enforces `max_uses`; a gift card's
    `balance_minor` is lowered by one that never lets it go below zero.
    """

    __tablename__ = "voucher_codes"
    __table_args__ = (
        UniqueConstraint("program_id", "code"),
        Index("ix_voucher_codes_campaign", "campaign_id", "id"),
        Index("ix_voucher_codes_member", "program_id", "member_id"),
        # Codes still to publish (nobody holds them, nobody used them): publishing takes the
        # oldest and a coupon reward asks whether any is left, so neither walks past the codes
        # already handed out, however many the campaign generated.
        Index("ix_voucher_codes_unpublished", "campaign_id", "id",
              sqlite_where=text("member_id IS NULL AND uses = 0"),
              postgresql_where=text("member_id IS NULL AND uses = 0")),
        CheckConstraint("balance_minor >= 0", name="balance_not_negative"),
        CheckConstraint("uses >= 0", name="uses_not_negative"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("voucher_campaigns.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("voucher_code_batches.id"), default=None)
    code: Mapped[str] = mapped_column(String(64))
    # Published to this member: only they can use it.
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), default=None)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    uses: Mapped[int] = mapped_column(default=0)
    max_uses: Mapped[int | None] = mapped_column(default=None)
    balance_minor: Mapped[int | None] = mapped_column(BigInteger, default=None)
    initial_balance_minor: Mapped[int | None] = mapped_column(BigInteger, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class VoucherMemberUsage(Base):
    """How many live redemptions of a campaign a member has, for `max_uses_per_member`."""

    __tablename__ = "voucher_member_usage"
    __table_args__ = (UniqueConstraint("campaign_id", "member_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("voucher_campaigns.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    uses: Mapped[int] = mapped_column(default=0)


class VoucherRedemption(Base):
    """One code used on one order, with the discount it gave, in total and per line."""

    __tablename__ = "voucher_redemptions"
    __table_args__ = (
        Index("ix_voucher_redemptions_code", "code_id"),
        Index("ix_voucher_redemptions_order", "program_id", "order_ref"),
        Index("ix_voucher_redemptions_member", "program_id", "member_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("voucher_campaigns.id"))
    code_id: Mapped[int] = mapped_column(ForeignKey("voucher_codes.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), default=None)
    order_ref: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(24))
    currency: Mapped[str] = mapped_column(String(3))
    discount_minor: Mapped[int] = mapped_column(BigInteger)
    # {"line_no": minor units} as JSON object keys are strings.
    line_discounts: Mapped[dict[str, int]] = mapped_column(JsonDoc, default=dict)
    factor: Mapped[Decimal | None] = mapped_column(Numeric(8, 4), default=None)
    # What a gift card paid: given back to its balance on rollback.
    gift_card_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(String(16))  # redeemed | rolled_back
    redeemed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    rolled_back_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    actor: Mapped[str] = mapped_column(String(200))
