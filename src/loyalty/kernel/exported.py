"""Rows as plain JSON values for a member's data export ("download my data", GDPR art. 15).

Each domain names the columns it hands over, so a column added later (a token, a hash) stays out
of the export until someone decides it belongs there.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from loyalty.kernel.clock import as_utc


def json_value(value: Any) -> Any:
    """Datetimes as ISO 8601 in UTC, dates as ISO days, decimals as strings; the rest as it is."""
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def row_values(row: object, columns: Iterable[str], **extra: Any) -> dict[str, Any]:
    """The named attributes of `row` (and the `extra` values) as JSON-ready values."""
    values = {column: json_value(getattr(row, column)) for column in columns}
    values.update({key: json_value(value) for key, value in extra.items()})
    return values
