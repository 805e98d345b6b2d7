from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, UtcDateTime


class InboxMessage(Base):
    """A message as the member reads it in the app: the words rendered at delivery (the balance
    then, not now), kept for every message that went by the app's inbox or as a notification to
    one of the member's devices (a tap on the notification opens it here)."""

    __tablename__ = "inbox_messages"
    __table_args__ = (Index("ix_inbox_messages_member", "member_id", "message_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    # The messages row it was delivered as; also its number in the app's addresses.
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), unique=True)
    channel: Mapped[str] = mapped_column(String(16))  # inbox | push
    subject: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)  # the template's plain-text part
    link_url: Mapped[str | None] = mapped_column(String(2000), default=None)  # the first link (tracked)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
