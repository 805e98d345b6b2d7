"""Pure program arithmetic: when earned points expire."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo


def add_months(value: datetime, months: int) -> datetime:
    """Same day-of-month `months` later, clamped to the month's last day (Jan 31 + 1 = Feb 28/29)."""
    import calendar

    month_index = value.month - 1 + months
    year = value.year + month_index // 12
    month = month_index % 12 + 1
    day = min(value.day, calendar.monthrange(year, month)[1])
    return value.replace(year=year, month=month, day=day)


def expiry_for(policy: dict[str, Any], earned_at: datetime, timezone: str) -> datetime | None:
    """When points earned at `earned_at` expire under `policy`, in UTC; None when never."""
    kind = policy.get("kind", "never")
    zone = ZoneInfo(timezone)
    local = earned_at.astimezone(zone)
    if kind == "never":
        return None
    if kind == "months_after_earning":
        return add_months(local, int(policy["months"])).astimezone(UTC)
    if kind == "end_of_next_calendar_year":
        # The first instant of the year after next, local time: points earned any time in
        # 2026 are good until 2027-12-31 23:59:59.999 local.
        return datetime.combine(datetime(local.year + 2, 1, 1).date(), time(0), tzinfo=zone).astimezone(UTC)
    raise ValueError(f"unknown expiry policy {kind!r}")
