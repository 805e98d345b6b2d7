from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, UtcDateTime


class PushKey(Base):
    """The installation's VAPID key pair (one row, id 1): made once, on first need, by whichever
    process gets there first; every web and worker process and host then signs with it. A new
    key would orphan every subscription (browsers bind a subscription to the public key)."""

    __tablename__ = "push_keys"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    private_key: Mapped[str] = mapped_column(Text)  # PEM (PKCS#8) of the P-256 key
    public_key: Mapped[str] = mapped_column(String(100))  # applicationServerKey: base64url, uncompressed point
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PushSubscription(Base):
    """One browser on one device that accepted the member's app notifications.

    The endpoint is unique within the program: a browser has one per service-worker registration,
    and when another member of the same program subscribes on the same device the endpoint moves
    to them (the first member no longer gets notifications on a device they signed out of). The
    same endpoint posted in another program is that program's own row: a member of one program
    never takes over (nor replaces the keys of) another program's subscription."""

    __tablename__ = "push_subscriptions"
    __table_args__ = (UniqueConstraint("program_id", "endpoint"),
                      Index("ix_push_subscriptions_member", "member_id", "gone_at"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    endpoint: Mapped[str] = mapped_column(String(2048))
    p256dh: Mapped[str] = mapped_column(String(200))  # the browser's P-256 public key, base64url
    auth: Mapped[str] = mapped_column(String(100))  # the browser's 16-byte auth secret, base64url
    user_agent: Mapped[str | None] = mapped_column(String(300), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    # Set when the push service answered 404/410 or the device unsubscribed: never sent to again
    # (until the same browser subscribes anew, which clears it).
    gone_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
