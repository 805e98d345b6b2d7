"""Tables of web behaviour: a program's tracking key, the visitors the script saw, and their events.

Page views are many: they live in `web_events`, never in the event catalogue's table; only a
visitor identifying as a member is an event there (`visitor.identified`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class TrackingKey(Base):
    """A program's e-shop tracking set-up: the publishable key the script sends (it may only
    write browsing events of this program), the secret the shop's server signs `identify`
    tokens with (never in a page), and the origins allowed to send events (CORS)."""

    __tablename__ = "web_tracking_keys"
    __table_args__ = (UniqueConstraint("public_key"),)

    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(40))
    signing_secret: Mapped[str] = mapped_column(String(64))
    allowed_origins: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Visitor(Base):
    """A browser the script saw (its first-party visitor id), with where it first came from;
    `member_id` once it identified (its earlier events then join the member)."""

    __tablename__ = "web_visitors"
    __table_args__ = (
        UniqueConstraint("program_id", "visitor_id"),
        Index("ix_web_visitors_member", "member_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    visitor_id: Mapped[str] = mapped_column(String(64))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), default=None)
    first_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    first_source: Mapped[str] = mapped_column(String(100))
    first_medium: Mapped[str] = mapped_column(String(100))
    first_campaign: Mapped[str | None] = mapped_column(String(100), default=None)
    identified_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class WebEvent(Base):
    """One thing a visitor did: a page view, a product view, a cart addition or removal.

    `event_id` is the script's own id for the event: a retried batch inserts nothing twice.
    `source`/`medium`/`campaign` are the visit's (the landing page's UTM parameters or
    referrer), carried by every event of the visit, so a product view knows what brought it."""

    __tablename__ = "web_events"
    __table_args__ = (
        UniqueConstraint("program_id", "event_id"),
        # The funnel reads a period's events of a type by product / category / source.
        Index("ix_web_events_program_type_time", "program_id", "type", "occurred_at"),
        # A member's recent visits (single customer view), purchases' attribution.
        Index("ix_web_events_member_time", "member_id", "occurred_at"),
        # Identify joins a visitor's earlier events.
        Index("ix_web_events_visitor", "visitor_ref"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    event_id: Mapped[str] = mapped_column(String(64))
    visitor_ref: Mapped[int] = mapped_column(ForeignKey("web_visitors.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), default=None)
    type: Mapped[str] = mapped_column(String(16))  # page_view | product_view | cart_add | cart_remove
    path: Mapped[str | None] = mapped_column(String(300), default=None)
    sku: Mapped[str | None] = mapped_column(String(64), default=None)
    product_name: Mapped[str | None] = mapped_column(String(200), default=None)
    category: Mapped[str | None] = mapped_column(String(100), default=None)
    price_minor: Mapped[int | None] = mapped_column(BigInteger, default=None)
    quantity: Mapped[int | None] = mapped_column(default=None)
    source: Mapped[str] = mapped_column(String(100))
    medium: Mapped[str] = mapped_column(String(100))
    campaign: Mapped[str | None] = mapped_column(String(100), default=None)
    referrer_host: Mapped[str | None] = mapped_column(String(200), default=None)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
