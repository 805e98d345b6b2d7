"""The pivot: measures by dimensions over receipts, from a whitelist.

A request names measures and dimensions by key; each key maps to a fixed SQL fragment below,
and every value a user gives (dates, filter values) travels as a bound parameter. Nothing a
user types is ever put into the SQL text. An unknown key is refused (422 `unknown_measure`,
`unknown_dimension`, `unknown_grain`).

Grain: receipts, unless the category dimension or filter is asked for, then receipt lines
(revenue and items of the lines in that category; a receipt with lines in two categories
counts once in each). The segment dimension (a member may be in several segments) likewise
counts a receipt once per segment of its member.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

from loyalty.analytics.warehouse import has_table
from loyalty.kernel.errors import Invalid

MAX_ROWS = 5000
MAX_DIMENSIONS = 3

# key -> (SQL at receipt grain, SQL at line grain)
MEASURES: dict[str, tuple[str, str]] = {
    "receipts": ("count(*)", "count(DISTINCT p.id)"),
    "revenue": ("coalesce(sum(p.total_minor - p.refunded_minor), 0)",
                "coalesce(sum(l.amount_minor - l.refunded_minor), 0)"),
    "average_receipt": ("coalesce(sum(p.total_minor - p.refunded_minor), 0) / nullif(count(*), 0)",
                        "coalesce(sum(l.amount_minor - l.refunded_minor), 0) / nullif(count(DISTINCT p.id), 0)"),
    "items": ("coalesce(sum(li.items), 0)", "coalesce(sum(l.quantity - l.refunded_quantity), 0)"),
    "members": ("count(DISTINCT p.member_id)", "count(DISTINCT p.member_id)"),
}
MONEY_MEASURES = frozenset({"revenue", "average_receipt"})
GRAINS = ("day", "week", "month", "quarter", "year")
DIMENSIONS: dict[str, str] = {
    "time": "",  # by `grain`, in the program's time zone (built below)
    "store": "coalesce(p.store_code, '')",
    "channel": "p.channel",
    "category": "coalesce(l.category, '')",
    "tier": "coalesce(tl.name, '')",
    "member_type": "CASE WHEN p.member_id IS NULL THEN 'anonymous' ELSE 'member' END",
    "segment": "coalesce(CAST(sm.segment_id AS VARCHAR), '')",
}
FILTERS = ("store", "channel", "category", "tier", "member_type", "segment")


@dataclass(frozen=True)
class PivotRequest:
    measures: list[str]
    dimensions: list[str]
    first_day: date
    last_day: date
    grain: str = "month"
    filters: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PivotResult:
    columns: list[str]  # dimension keys, then measure keys
    rows: list[list[Any]]
    money: list[str]  # which measure columns are minor units of the program's currency
    truncated: bool


def check(request: PivotRequest, *, segments: bool) -> None:
    """Refuse anything outside the whitelist, before any SQL is built."""
    if not request.measures:
        raise Invalid("Pick at least one measure.", code="unknown_measure", field="measures")
    for measure in request.measures:
        if measure not in MEASURES:
            raise Invalid(f"Unknown measure {measure!r}; known: {', '.join(MEASURES)}.", code="unknown_measure",
                          field="measures")
    allowed = [key for key in DIMENSIONS if segments or key != "segment"]
    if len(request.dimensions) > MAX_DIMENSIONS:
        raise Invalid(f"At most {MAX_DIMENSIONS} dimensions.", code="unknown_dimension", field="dimensions")
    for dimension in [*request.dimensions, *request.filters]:
        if dimension not in allowed or (dimension in request.filters and dimension not in FILTERS):
            raise Invalid(f"Unknown dimension {dimension!r}; known: {', '.join(allowed)}.", code="unknown_dimension",
                          field="dimensions")
    if request.grain not in GRAINS:
        raise Invalid(f"Unknown time grain {request.grain!r}; known: {', '.join(GRAINS)}.", code="unknown_grain",
                      field="grain")
    if request.last_day < request.first_day or (request.last_day - request.first_day).days > 366 * 5:
        raise Invalid("The period must run forwards and span at most five years.", code="invalid_period",
                      field="to")


def run(con: duckdb.DuckDBPyConnection, *, program_id: int, zone: str, request: PivotRequest) -> PivotResult:
    segments = has_table(con, "segment_members")
    check(request, segments=segments)
    lines = "category" in request.dimensions or "category" in request.filters
    tz = ZoneInfo(zone)

    def utc(day: date) -> datetime:
        return datetime.combine(day, datetime.min.time(), tz).astimezone(UTC).replace(tzinfo=None)

    params: list[Any] = []
    selects: list[str] = []
    for dimension in request.dimensions:
        if dimension == "time":
            # the grain is a whitelisted word, never the user's text
            selects.append(f"CAST(date_trunc('{request.grain}', timezone(?, p.occurred_at::TIMESTAMPTZ)) AS DATE)")
            params.append(zone)
        else:
            selects.append(DIMENSIONS[dimension])
    grain_index = 1 if lines else 0
    selects += [MEASURES[measure][grain_index] for measure in request.measures]
    joins = []
    if lines:
        joins.append("JOIN purchase_lines l ON l.purchase_id = p.id")
    elif "items" in request.measures:
        joins.append("LEFT JOIN (SELECT purchase_id, sum(quantity - refunded_quantity) AS items FROM purchase_lines "
                     "WHERE program_id = ? GROUP BY purchase_id) li ON li.purchase_id = p.id")
        params.append(program_id)
    if "tier" in request.dimensions or "tier" in request.filters:
        joins.append("LEFT JOIN member_tiers mt ON mt.member_id = p.member_id "
                     "LEFT JOIN tier_levels tl ON tl.id = mt.tier_id")
    if "segment" in request.dimensions or "segment" in request.filters:
        joins.append("LEFT JOIN segment_members sm ON sm.member_id = p.member_id AND sm.program_id = p.program_id")
    where = ["p.program_id = ?", "p.occurred_at >= ?", "p.occurred_at < ?"]
    params += [program_id, utc(request.first_day), utc(request.last_day + timedelta(days=1))]
    for dimension, value in request.filters.items():
        where.append(f"{DIMENSIONS[dimension]} = ?")
        params.append(value)
    group = ", ".join(str(index + 1) for index in range(len(request.dimensions)))
    sql = (f"SELECT {', '.join(selects)} FROM purchases p {' '.join(joins)} WHERE {' AND '.join(where)}"
           + (f" GROUP BY {group} ORDER BY {group}" if group else "") + f" LIMIT {MAX_ROWS + 1}")
    rows = [list(row) for row in con.execute(sql, params).fetchall()]
    for row in rows:
        for index in range(len(request.dimensions), len(row)):
            value = row[index]
            row[index] = 0 if value is None else (round(value) if isinstance(value, float) else int(value))
        for index, dimension in enumerate(request.dimensions):
            if dimension == "time" and row[index] is not None:
                row[index] = row[index].isoformat()
    return PivotResult(columns=[*request.dimensions, *request.measures], rows=rows[:MAX_ROWS],
                       money=[m for m in request.measures if m in MONEY_MEASURES], truncated=len(rows) > MAX_ROWS)
