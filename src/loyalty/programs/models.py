from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class Program(Base):
    """The tenant: every other row belongs to exactly one program."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    currency: Mapped[str] = mapped_column(String(3))
    timezone: Mapped[str] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(16))
    # What one point is worth in the currency's major unit (0.01 = one cent per point).
    point_value: Mapped[Decimal] = mapped_column(Numeric(18, 6))
    # {"kind": "never"} | {"kind": "months_after_earning", "months": 12}
    # | {"kind": "end_of_next_calendar_year"}
    expiry_policy: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    pending_days: Mapped[int] = mapped_column(default=0)
    claim_window_days: Mapped[int] = mapped_column(default=30)
    allow_transfers: Mapped[bool] = mapped_column(default=False)
    units: Mapped[list[str]] = mapped_column(JsonDoc)
    card_prefix: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Bumped with every change of the program's rules, tiers or rewards (config_cache).
    config_version: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
