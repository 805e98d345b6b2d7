"""Tables of the messaging domain: templates per language, messages, the suppression list and
each channel's fatigue settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class MessageTemplate(Base):
    """A message's words for one channel, named by `key` (what journeys and campaigns ask for),
    with one version per language (MessageTemplateVersion)."""

    __tablename__ = "message_templates"
    __table_args__ = (UniqueConstraint("program_id", "key", "channel"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    key: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(16))  # email | sms | push | inbox
    description: Mapped[str | None] = mapped_column(String(500), default=None)
    # The version a member gets when none is in their language.
    fallback_language: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class MessageTemplateVersion(Base):
    __tablename__ = "message_template_versions"
    __table_args__ = (UniqueConstraint("template_id", "language"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    template_id: Mapped[int] = mapped_column(ForeignKey("message_templates.id"))
    language: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(500), default="")
    html_body: Mapped[str] = mapped_column(Text, default="")
    text_body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Message(Base):
    """One message to one member: queued by a journey step, a campaign or an API call, then
    delivered (or skipped, with the reason) by the worker. `dedupe_key` makes it one message per
    member and step, whatever retries the caller makes."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("program_id", "dedupe_key"),
        UniqueConstraint("tracking_token"),
        # The sweep's question: queued messages that are due and have no job.
        Index("ix_messages_queued_due", "send_after", "id",
              sqlite_where=text("status = 'queued'"), postgresql_where=text("status = 'queued'")),
        # The frequency cap counts a member's sent messages on a channel in a rolling window.
        Index("ix_messages_member_channel_sent", "member_id", "channel", "sent_at"),
        Index("ix_messages_program_source", "program_id", "source"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    channel: Mapped[str] = mapped_column(String(16))
    template_key: Mapped[str] = mapped_column(String(100))
    dedupe_key: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(100))
    context: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    # queued | sending | sent | skipped | failed
    status: Mapped[str] = mapped_column(String(16), default="queued")
    skip_reason: Mapped[str | None] = mapped_column(String(32), default=None)
    error: Mapped[str | None] = mapped_column(String(500), default=None)
    send_after: Mapped[datetime] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    # When a delivery job was last deferred for it: the sweep re-defers only stale ones.
    job_deferred_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    opened_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    clicked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    language: Mapped[str | None] = mapped_column(String(16), default=None)
    address: Mapped[str | None] = mapped_column(String(320), default=None)
    subject: Mapped[str | None] = mapped_column(String(500), default=None)
    provider_id: Mapped[str | None] = mapped_column(String(200), default=None)
    # Names the message in open, click and unsubscribe links; unguessable.
    tracking_token: Mapped[str] = mapped_column(String(32))
    # {"accessories": "https://..."}: the only places a click on this message may lead.
    links: Mapped[dict[str, str]] = mapped_column(JsonDoc, default=dict)


class Suppression(Base):
    """An address nothing is sent to on a channel (bounced, complained, asked by phone)."""

    __tablename__ = "message_suppressions"
    __table_args__ = (UniqueConstraint("program_id", "channel", "address"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    channel: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(320))  # e-mail lower-cased, phone E.164
    reason: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(200))


class ChannelSettings(Base):
    """A program's fatigue rules for one channel: at most `cap_count` messages per member in
    `cap_days` rolling days, and no sending between `quiet_start` and `quiet_end` (minutes after
    midnight in the member's timezone, or the program's)."""

    __tablename__ = "message_channel_settings"
    __table_args__ = (UniqueConstraint("program_id", "channel"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    channel: Mapped[str] = mapped_column(String(16))
    cap_count: Mapped[int | None] = mapped_column(default=None)
    cap_days: Mapped[int] = mapped_column(default=7)
    quiet_start_minute: Mapped[int | None] = mapped_column(default=None)
    quiet_end_minute: Mapped[int | None] = mapped_column(default=None)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class MessageLinkClick(Base):
    """The first click on each link of a message: `message.clicked` is recorded once per link
    (a member clicking again, or a link scanner, only follows the redirect)."""

    __tablename__ = "message_link_clicks"
    __table_args__ = (UniqueConstraint("message_id", "link"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"))
    link: Mapped[str] = mapped_column(String(100))
    clicked_at: Mapped[datetime] = mapped_column(UtcDateTime)
