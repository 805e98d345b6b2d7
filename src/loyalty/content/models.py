"""Members-only content items and early-access windows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class ContentItem(Base):
    """An article, advice or offer for chosen tiers or segments (both lists empty: every member),
    or an early-access item (`kind` early_access) whose `windows` open it for some members first.

    `windows` is a JSON list of {"opens_at", "tiers", "segments"}: a member may buy from the
    earliest window that names their tier or one of their segments (or names neither: everyone)."""

    __tablename__ = "content_items"
    __table_args__ = (
        UniqueConstraint("program_id", "item_ref"),
        Index("ix_content_items_program", "program_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    kind: Mapped[str] = mapped_column(String(16))  # article | advice | offer | early_access
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    body_format: Mapped[str] = mapped_column(String(16), default="plain")  # plain | markdown
    image_url: Mapped[str | None] = mapped_column(String(2000), default=None)
    tiers: Mapped[list[str]] = mapped_column(JsonDoc, default=list)  # tier codes
    segments: Mapped[list[int]] = mapped_column(JsonDoc, default=list)  # segment ids
    # Early access: the product SKU or sale code the e-shop asks about; unique in the program.
    item_ref: Mapped[str | None] = mapped_column(String(64), default=None)
    windows: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)
    status: Mapped[str] = mapped_column(String(16))  # published | archived
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
