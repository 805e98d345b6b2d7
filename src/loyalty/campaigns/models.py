"""Tables of the campaigns domain: campaigns, their explicit lists, the chunks a launch is cut
into, and one row per member a launch looked at (target or control), unique per campaign."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class Campaign(Base):
    """A one-off action on an audience: a message and/or an offer, a budget, a control group.

    `budget_spent` is raised only by the guarded UPDATE that also enforces `budget_total`
    (repository.take_budget); `cost_per_member` is fixed when the campaign is saved.
    """

    __tablename__ = "campaigns"
    __table_args__ = (Index("ix_campaigns_status_starts_at", "status", "starts_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000), default=None)
    # draft | scheduled | running | completed | stopped
    status: Mapped[str] = mapped_column(String(16))
    # list | condition
    target_kind: Mapped[str] = mapped_column(String(16))
    condition: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc, default=None)
    list_size: Mapped[int] = mapped_column(default=0)
    starts_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    message_channel: Mapped[str | None] = mapped_column(String(16), default=None)
    message_template_key: Mapped[str | None] = mapped_column(String(100), default=None)
    # none | points | coupon
    offer_kind: Mapped[str] = mapped_column(String(16), default="none")
    offer_points: Mapped[int | None] = mapped_column(BigInteger, default=None)
    offer_unit: Mapped[str | None] = mapped_column(String(32), default=None)
    voucher_campaign_id: Mapped[int | None] = mapped_column(ForeignKey("voucher_campaigns.id"), default=None)
    # What one member's offer is worth in the currency's minor units (a coupon's value; points at
    # the program's point value): the money cost, and the money budget's unit.
    offer_value_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    # none | points | money
    budget_kind: Mapped[str] = mapped_column(String(16), default="none")
    budget_total: Mapped[int | None] = mapped_column(BigInteger, default=None)
    budget_spent: Mapped[int] = mapped_column(BigInteger, default=0)
    cost_per_member: Mapped[int] = mapped_column(BigInteger, default=0)
    budget_exhausted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    control_share: Mapped[Decimal] = mapped_column(Numeric(5, 4), default=Decimal(0))
    seed: Mapped[str] = mapped_column(String(32))
    attribution_days: Mapped[int] = mapped_column(default=14)
    chunks_total: Mapped[int] = mapped_column(default=0)
    launched_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(200))


class CampaignListMember(Base):
    """A member named on a campaign's explicit list (resolved from ids, cards or e-mails when saved)."""

    __tablename__ = "campaign_list_members"
    __table_args__ = (UniqueConstraint("campaign_id", "member_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))


class CampaignChunk(Base):
    """A slice of the audience by member id, (after_member_id, through_member_id]: one job's work.

    `status` goes pending -> done in the same unit of work that writes the chunk's members, so
    a chunk is either wholly done or still pending; `deferred_at` lets the periodic sweep
    defer again a chunk whose job was lost.
    """

    __tablename__ = "campaign_chunks"
    __table_args__ = (
        UniqueConstraint("campaign_id", "chunk_no"),
        Index("ix_campaign_chunks_status", "status", "campaign_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    chunk_no: Mapped[int]
    after_member_id: Mapped[int] = mapped_column(BigInteger)
    through_member_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))  # pending | done
    members: Mapped[int] = mapped_column(default=0)
    deferred_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class CampaignMember(Base):
    """A member a launch targeted: in the target group or the control group, and what they got.

    Unique per campaign and member: a chunk run twice (a retry, a second worker) inserts
    nothing the second time, and gives only to the rows it inserted.
    `outcome`: control (held out, got nothing), reached (given the offer and/or the message),
    budget_spent or no_codes (targeted but not reached).
    """

    __tablename__ = "campaign_members"
    __table_args__ = (
        UniqueConstraint("campaign_id", "member_id"),
        Index("ix_campaign_members_campaign_group", "campaign_id", "is_control"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    chunk_no: Mapped[int]
    is_control: Mapped[bool]
    outcome: Mapped[str] = mapped_column(String(16))
    points_given: Mapped[int] = mapped_column(BigInteger, default=0)
    value_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    voucher_code_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
