"""The dashboard's figures, each a named query on the analytics copy (DuckDB), for one program,
a period and the period before it, in the program's time zone. docs/analytics.md says what
each figure means and how it is computed.

A period of N days ends with the local day `today` (included); the previous period is the N
days before it. Bounds are local midnights turned into UTC instants (so a day the clocks
change is 23 or 25 hours long); stored times are naive UTC and are bucketed into local days
with `timezone(zone, t::TIMESTAMPTZ)` (DuckDB's bundled ICU). Every query is grouped in
DuckDB and filtered by the program first; nothing brings a row per member back to Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

from loyalty.kernel.errors import Invalid

PERIODS = (7, 30, 90, 365)
TOP = 5
COHORT_MONTHS = 12
ISSUED, SPENT, EXPIRED = "issued", "spent", "expired"
CANCELLED = "cancelled"  # a cancelled reward redemption gave its points back


@dataclass(frozen=True)
class Window:
    days: int
    zone: str
    first_day: date  # local, included
    last_day: date  # local, included (today)
    previous_first_day: date
    start: datetime  # naive UTC: the current period's first instant
    end: datetime  # naive UTC: just after it
    previous_start: datetime

    @property
    def dates(self) -> list[date]:
        return [self.first_day + timedelta(days=offset) for offset in range(self.days)]


def window(*, days: int, zone: str, now: datetime) -> Window:
    if days not in PERIODS:
        raise Invalid(f"A period is one of {', '.join(map(str, PERIODS))} days.", code="invalid_period", field="days")
    tz = ZoneInfo(zone)
    today = now.astimezone(tz).date()
    first = today - timedelta(days=days - 1)
    previous_first = first - timedelta(days=days)

    def utc(day: date) -> datetime:
        return datetime.combine(day, datetime.min.time(), tz).astimezone(UTC).replace(tzinfo=None)

    return Window(days=days, zone=zone, first_day=first, last_day=today, previous_first_day=previous_first,
                  start=utc(first), end=utc(today + timedelta(days=1)), previous_start=utc(previous_first))


def _pair(current: Any, previous: Any) -> dict[str, Any]:
    return {"current": current, "previous": previous}


def _ratio(numerator: float | int | None, denominator: float | int | None) -> float | None:
    if not denominator or numerator is None:
        return None
    return float(numerator) / float(denominator)


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> tuple[Any, ...]:
    rows = con.execute(sql, params).fetchall()
    return tuple(rows[0])




# --- members ------------------------------------------------------------------------------------

def members_total(con: duckdb.DuckDBPyConnection, program_id: int, w: Window) -> int:
    """Members enrolled before the period's end."""
    return int(_one(con, "SELECT count(*) FROM members WHERE program_id = ? AND enrolled_at < ?",
                    [program_id, w.end])[0])


def enrolments(con: duckdb.DuckDBPyConnection, program_id: int, w: Window) -> dict[str, int]:
    current, previous = _one(con, """
        SELECT count(*) FILTER (WHERE enrolled_at >= ?), count(*) FILTER (WHERE enrolled_at < ?)
        FROM members WHERE program_id = ? AND enrolled_at >= ? AND enrolled_at < ?""",
        [w.start, w.start, program_id, w.previous_start, w.end])
    return _pair(int(current), int(previous))


def active_recently(con: duckdb.DuckDBPyConnection, program_id: int, now: datetime) -> dict[int, int]:
    """Members who bought in the last 30 and the last 90 days up to now (whatever the period)."""
    naive = now.astimezone(UTC).replace(tzinfo=None)
    last_30, last_90 = _one(con, """
        SELECT count(DISTINCT member_id) FILTER (WHERE occurred_at >= ?), count(DISTINCT member_id)
        FROM purchases WHERE program_id = ? AND member_id IS NOT NULL AND occurred_at >= ? AND occurred_at <= ?""",
        [naive - timedelta(days=30), program_id, naive - timedelta(days=90), naive])
    return {30: int(last_30), 90: int(last_90)}


# --- receipts -----------------------------------------------------------------------------------

def receipts(con: duckdb.DuckDBPyConnection, program_id: int, w: Window) -> dict[str, Any]:
    """Receipts of members and anonymous ones, their revenue net of refunds, items, and the
    members' activity: active members, purchase frequency, repeat-purchase rate."""
    # The lines of the two periods' receipts only (not all 20 million): a semi-join, with the
    # receipts' id range first so DuckDB skips the row groups outside it.
    rows = con.execute("""
        WITH period AS MATERIALIZED (
            SELECT id, member_id, occurred_at >= ? AS is_current, total_minor - refunded_minor AS net
            FROM purchases WHERE program_id = ? AND occurred_at >= ? AND occurred_at < ?),
        lines AS (
            SELECT purchase_id, sum(quantity - refunded_quantity) AS items FROM purchase_lines
            WHERE program_id = ? AND purchase_id BETWEEN (SELECT min(id) FROM period) AND (SELECT max(id) FROM period)
              AND purchase_id IN (SELECT id FROM period)
            GROUP BY purchase_id),
        receipts AS (
            SELECT p.member_id, p.is_current, p.net, coalesce(l.items, 0) AS items
            FROM period p LEFT JOIN lines l ON l.purchase_id = p.id)
        SELECT 'receipts' AS part, is_current, member_id IS NOT NULL AS is_member, count(*), coalesce(sum(net), 0),
               coalesce(sum(items), 0), count(DISTINCT member_id)
        FROM receipts GROUP BY ALL
        UNION ALL  -- members with two receipts or more (the repeat-purchase rate), from the same scan
        SELECT 'repeat', is_current, true, count(*) FILTER (WHERE n >= 2), 0, 0, 0 FROM (
            SELECT member_id, is_current, count(*) AS n FROM period WHERE member_id IS NOT NULL GROUP BY ALL)
        GROUP BY is_current""",
        [w.start, program_id, w.previous_start, w.end, program_id]).fetchall()
    repeat = {bool(row[1]): int(row[3]) for row in rows if row[0] == "repeat"}
    rows = [row[1:] for row in rows if row[0] == "receipts"]
    figures: dict[str, Any] = {}
    for key, current in (("current", True), ("previous", False)):
        by_kind = {bool(is_member): (int(n), int(net), int(items), int(buyers))
                   for is_current, is_member, n, net, items, buyers in rows if bool(is_current) == current}
        members = by_kind.get(True, (0, 0, 0, 0))
        anonymous = by_kind.get(False, (0, 0, 0, 0))
        active = members[3]
        figures[key] = {
            "member_receipts": members[0], "anonymous_receipts": anonymous[0],
            "revenue_minor": members[1] + anonymous[1],
            "member_revenue_minor": members[1], "anonymous_revenue_minor": anonymous[1],
            "active_members": active,
            "purchase_frequency": _ratio(members[0], active),
            "repeat_purchase_rate": _ratio(int(repeat.get(current, 0)), active),
            "average_receipt_members_minor": _ratio(members[1], members[0]),
            "average_receipt_anonymous_minor": _ratio(anonymous[1], anonymous[0]),
            "items_per_receipt_members": _ratio(members[2], members[0]),
            "items_per_receipt_anonymous": _ratio(anonymous[2], anonymous[0]),
        }
    return {name: _pair(figures["current"][name], figures["previous"][name]) for name in figures["current"]}


def revenue_by(con: duckdb.DuckDBPyConnection, program_id: int, w: Window, dimension: str) -> list[dict[str, Any]]:
    """Net revenue and receipts per channel or store, this period against the previous one."""
    column = {"channel": "channel", "store": "coalesce(store_code, '')"}[dimension]
    rows = con.execute(f"""
        SELECT {column} AS key,
               coalesce(sum(total_minor - refunded_minor) FILTER (WHERE occurred_at >= ?), 0),
               coalesce(sum(total_minor - refunded_minor) FILTER (WHERE occurred_at < ?), 0),
               count(*) FILTER (WHERE occurred_at >= ?), count(*) FILTER (WHERE occurred_at < ?)
        FROM purchases WHERE program_id = ? AND occurred_at >= ? AND occurred_at < ?
        GROUP BY 1 ORDER BY 2 DESC, 1""",
        [w.start, w.start, w.start, w.start, program_id, w.previous_start, w.end]).fetchall()
    return [{"key": key, "revenue_minor": _pair(int(cur), int(prev)), "receipts": _pair(int(n), int(m))}
            for key, cur, prev, n, m in rows]


def daily(con: duckdb.DuckDBPyConnection, program_id: int, w: Window, unit: str) -> dict[str, Any]:
    """Per local day of both periods: net revenue, enrolments, points issued and spent."""
    n = 2 * w.days
    series = {name: [0] * n for name in ("revenue_minor", "enrolments", "issued", "spent")}

    def fill(name: str, rows: list[Any]) -> None:
        for day, value in rows:
            index = (day - w.previous_first_day).days
            if 0 <= index < n:
                series[name][index] = int(value)

    # Summed per quarter of an hour in UTC first (every zone's offset is a multiple of 15
    # minutes), then the few thousand quarters are turned into local days: a time-zone
    # conversion per quarter, not per receipt.
    def per_day(value: str, source: str, moment: str, where: str, params: list[Any]) -> list[Any]:
        return con.execute(f"""
            SELECT CAST(timezone(?, quarter::TIMESTAMPTZ) AS DATE) AS day, sum(v) FROM (
                SELECT time_bucket(INTERVAL 15 MINUTE, {moment}) AS quarter, {value} AS v FROM {source}
                WHERE {where} AND {moment} >= ? AND {moment} < ? GROUP BY 1)
            GROUP BY 1""", [w.zone, *params, w.previous_start, w.end]).fetchall()

    fill("revenue_minor", per_day("sum(total_minor - refunded_minor)", "purchases", "occurred_at",
                                  "program_id = ?", [program_id]))
    fill("enrolments", per_day("count(*)", "members", "enrolled_at", "program_id = ?", [program_id]))
    for kind in (ISSUED, SPENT):
        sign = -1 if kind == ISSUED else 1  # the program's issued account mirrors members' gains
        fill(kind, per_day(f"{sign} * sum(e.amount)", "ledger_entries e JOIN accounts a ON a.id = e.account_id",
                           "e.created_at", "e.program_id = ? AND a.kind = ? AND a.unit = ?", [program_id, kind, unit]))
    return {"labels": [day.isoformat() for day in w.dates],
            "previous_labels": [(day - timedelta(days=w.days)).isoformat() for day in w.dates],
            **{name: _pair(values[w.days:], values[:w.days]) for name, values in series.items()}}


# --- points -------------------------------------------------------------------------------------

def points(con: duckdb.DuckDBPyConnection, program_id: int, w: Window, unit: str,
           point_value: Decimal) -> dict[str, Any]:
    """Issued, spent and expired in both periods; the outstanding balance, its value (the
    liability) and its expected breakage; the redemption rate."""
    movements = {(kind, bool(cur)): int(total) for kind, cur, total in con.execute("""
        SELECT a.kind, e.created_at >= ?, sum(e.amount)
        FROM ledger_entries e JOIN accounts a ON a.id = e.account_id
        WHERE e.program_id = ? AND a.unit = ? AND a.kind IN ('issued', 'spent', 'expired')
          AND e.created_at >= ? AND e.created_at < ?
        GROUP BY ALL""", [w.start, program_id, unit, w.previous_start, w.end]).fetchall()}

    def pair(kind: str) -> dict[str, int]:
        sign = -1 if kind == ISSUED else 1
        return _pair(sign * movements.get((kind, True), 0), sign * movements.get((kind, False), 0))

    # Outstanding: what members hold now, i.e. minus the sum of every program account.
    outstanding, spent_ever, expired_ever = _one(con, """
        SELECT -coalesce(sum(e.amount), 0),
               coalesce(sum(e.amount) FILTER (WHERE a.kind = 'spent'), 0),
               coalesce(sum(e.amount) FILTER (WHERE a.kind = 'expired'), 0)
        FROM ledger_entries e JOIN accounts a ON a.id = e.account_id
        WHERE e.program_id = ? AND a.unit = ? AND e.created_at < ?""", [program_id, unit, w.end])
    outstanding, spent_ever, expired_ever = int(outstanding), int(spent_ever), int(expired_ever)
    breakage_rate = _ratio(expired_ever, expired_ever + spent_ever)
    expected_breakage = round(outstanding * breakage_rate) if breakage_rate is not None else None
    issued, spent = pair(ISSUED), pair(SPENT)
    return {
        "unit": unit, "issued": issued, "spent": spent, "expired": pair(EXPIRED),
        "redemption_rate": _pair(_ratio(spent["current"], issued["current"]),
                                 _ratio(spent["previous"], issued["previous"])),
        "outstanding": outstanding,
        "liability": _money(Decimal(outstanding) * point_value),
        "breakage_rate": breakage_rate,
        "expected_breakage": expected_breakage,
        "expected_breakage_value": None if expected_breakage is None
        else _money(Decimal(expected_breakage) * point_value),
        "liability_net_of_breakage": _money(Decimal(outstanding - (expected_breakage or 0)) * point_value),
    }


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


# --- rewards, vouchers --------------------------------------------------------------------------

def rewards(con: duckdb.DuckDBPyConnection, program_id: int, w: Window) -> dict[str, Any]:
    """Redemptions (not cancelled) in both periods, and the most redeemed rewards this period."""
    current, previous, members_current, members_previous = _one(con, """
        SELECT count(*) FILTER (WHERE created_at >= ?), count(*) FILTER (WHERE created_at < ?),
               count(DISTINCT member_id) FILTER (WHERE created_at >= ?),
               count(DISTINCT member_id) FILTER (WHERE created_at < ?)
        FROM reward_redemptions WHERE program_id = ? AND status <> ? AND created_at >= ? AND created_at < ?""",
        [w.start, w.start, w.start, w.start, program_id, CANCELLED, w.previous_start, w.end])
    top = con.execute("""
        SELECT reward_id, max(reward_name), count(*) AS n, sum(points) FROM reward_redemptions
        WHERE program_id = ? AND status <> ? AND created_at >= ? AND created_at < ?
        GROUP BY reward_id ORDER BY n DESC, reward_id LIMIT ?""",
        [program_id, CANCELLED, w.start, w.end, TOP]).fetchall()
    return {"redemptions": _pair(int(current), int(previous)),
            "redeeming_members": _pair(int(members_current), int(members_previous)),
            "top": [{"reward_id": int(rid), "name": name, "redemptions": int(n), "points": int(p)}
                    for rid, name, n, p in top]}


def vouchers(con: duckdb.DuckDBPyConnection, program_id: int, w: Window) -> dict[str, Any]:
    """Voucher codes redeemed (not rolled back) and the discount given, by campaign."""
    current, previous, discount_current, discount_previous = _one(con, """
        SELECT count(*) FILTER (WHERE redeemed_at >= ?), count(*) FILTER (WHERE redeemed_at < ?),
               coalesce(sum(discount_minor) FILTER (WHERE redeemed_at >= ?), 0),
               coalesce(sum(discount_minor) FILTER (WHERE redeemed_at < ?), 0)
        FROM voucher_redemptions WHERE program_id = ? AND status = 'redeemed'
          AND redeemed_at >= ? AND redeemed_at < ?""",
        [w.start, w.start, w.start, w.start, program_id, w.previous_start, w.end])
    top = con.execute("""
        SELECT r.campaign_id, max(c.name), count(*) AS n, sum(r.discount_minor)
        FROM voucher_redemptions r LEFT JOIN voucher_campaigns c ON c.id = r.campaign_id
        WHERE r.program_id = ? AND r.status = 'redeemed' AND r.redeemed_at >= ? AND r.redeemed_at < ?
        GROUP BY r.campaign_id ORDER BY n DESC, r.campaign_id LIMIT ?""",
        [program_id, w.start, w.end, TOP]).fetchall()
    return {"redemptions": _pair(int(current), int(previous)),
            "discount_minor": _pair(int(discount_current), int(discount_previous)),
            "top": [{"campaign_id": int(cid), "name": name or f"#{cid}", "redemptions": int(n),
                     "discount_minor": int(d)} for cid, name, n, d in top]}


# --- tiers, referrals, cohorts ------------------------------------------------------------------

def tiers(con: duckdb.DuckDBPyConnection, program_id: int, w: Window) -> dict[str, Any]:
    """Members per tier now, and the moves (up or down a rank) made in both periods, from the
    tier.changed events. A member counts once a period, by their latest move in it."""
    distribution = con.execute("""
        SELECT t.code, t.name, count(mt.id) FROM tier_levels t
        LEFT JOIN member_tiers mt ON mt.tier_id = t.id AND mt.program_id = t.program_id
        WHERE t.program_id = ? GROUP BY t.code, t.name, t.rank ORDER BY t.rank""", [program_id]).fetchall()
    moves = {(bool(cur), bool(up)): int(n) for cur, up, n in con.execute("""
        WITH changes AS (
            SELECT member_id, occurred_at >= ? AS is_current,
                   regexp_extract(payload, '"from": *"([^"]*)"', 1) AS old,
                   regexp_extract(payload, '"to": *"([^"]*)"', 1) AS new
            FROM tier_changes WHERE program_id = ? AND occurred_at >= ? AND occurred_at < ?
            QUALIFY row_number() OVER (PARTITION BY member_id, occurred_at >= ? ORDER BY occurred_at DESC, id DESC) = 1)
        SELECT c.is_current, now.rank > before.rank, count(*) FROM changes c
        JOIN tier_levels now ON now.program_id = ? AND now.code = c.new
        JOIN tier_levels before ON before.program_id = ? AND before.code = c.old
        WHERE now.rank <> before.rank GROUP BY ALL""",
        [w.start, program_id, w.previous_start, w.end, w.start, program_id, program_id]).fetchall()}
    return {"distribution": [{"code": code, "name": name, "members": int(n)} for code, name, n in distribution],
            "upgrades": _pair(moves.get((True, True), 0), moves.get((False, True), 0)),
            "downgrades": _pair(moves.get((True, False), 0), moves.get((False, False), 0))}


def referrals(con: duckdb.DuckDBPyConnection, program_id: int, w: Window) -> dict[str, Any]:
    """The funnel of the referrals signed up in each period: signed up → qualified → rewarded
    (and reversed later)."""
    rows = {bool(cur): (int(a), int(b), int(c), int(d)) for cur, a, b, c, d in con.execute("""
        SELECT signed_up_at >= ?, count(*), count(qualified_at), count(rewarded_at), count(reversed_at)
        FROM referrals WHERE program_id = ? AND signed_up_at >= ? AND signed_up_at < ? GROUP BY 1""",
        [w.start, program_id, w.previous_start, w.end]).fetchall()}
    steps = ("signed_up", "qualified", "rewarded", "reversed")
    return {step: _pair(rows.get(True, (0, 0, 0, 0))[i], rows.get(False, (0, 0, 0, 0))[i])
            for i, step in enumerate(steps)}


def _bucket(column: str, starts: list[datetime]) -> tuple[str, list[datetime]]:
    """SQL numbering `column` by the last of `starts` (ascending) it is at or after (-1: before
    all): plain comparisons, which DuckDB runs vectorised, where a time-zone conversion per row
    costs a second over millions of receipts."""
    branches = " ".join(f"WHEN {column} >= ? THEN {index}" for index in range(len(starts) - 1, -1, -1))
    return f"(CASE {branches} ELSE -1 END)", list(reversed(starts))


def _month_start(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def cohorts(con: duckdb.DuckDBPyConnection, program_id: int, w: Window) -> list[dict[str, Any]]:
    """Retention by enrolment month: of the members who enrolled in a month, the share who
    bought in that month (M0), the next (M1), and so on, for the last 12 months.

    Local months are numbered by their first instants in UTC (computed here, time zones and
    all), and each row finds its month by comparisons with them: no time-zone conversion per row."""
    last = w.last_day.replace(day=1)
    months = [_month_start(last.year, last.month - (COHORT_MONTHS - 1) + k) for k in range(COHORT_MONTHS)]
    tz = ZoneInfo(w.zone)
    starts = [datetime.combine(month, datetime.min.time(), tz).astimezone(UTC).replace(tzinfo=None)
              for month in months]
    enrolled, enrolled_params = _bucket("x.enrolled_at", starts)
    bought, bought_params = _bucket("p.occurred_at", starts)
    rows = con.execute(f"""
        WITH m AS MATERIALIZED (
                 SELECT x.id, {enrolled} AS cohort FROM members x
                 WHERE x.program_id = ? AND x.enrolled_at >= ? AND x.enrolled_at < ?),
             a AS (
                 SELECT DISTINCT p.member_id, {bought} AS month FROM purchases p
                 WHERE p.program_id = ? AND p.member_id IS NOT NULL AND p.occurred_at >= ? AND p.occurred_at < ?)
        SELECT cohort, -1 AS k, count(*) FROM m GROUP BY cohort
        UNION ALL
        SELECT m.cohort, a.month - m.cohort, count(*) FROM m JOIN a ON a.member_id = m.id AND a.month >= m.cohort
        GROUP BY ALL""",
        [*enrolled_params, program_id, starts[0], w.end, *bought_params, program_id, starts[0], w.end]).fetchall()
    sizes = {int(cohort): int(n) for cohort, k, n in rows if k == -1}
    buyers = {(int(cohort), int(k)): int(n) for cohort, k, n in rows if k >= 0}
    result = []
    for cohort in sorted(sizes):
        span = COHORT_MONTHS - cohort
        size = sizes[cohort]
        result.append({"month": months[cohort].isoformat()[:7], "members": size,
                       "buyers": [buyers.get((cohort, k), 0) for k in range(span)],
                       "retention": [buyers.get((cohort, k), 0) / size for k in range(span)]})
    return result


# --- all of it ----------------------------------------------------------------------------------

def dashboard(con: duckdb.DuckDBPyConnection, *, program_id: int, zone: str, unit: str, point_value: Decimal,
              days: int, now: datetime) -> dict[str, Any]:
    """Every figure of the dashboard, JSON-ready (money in minor units; liability as a decimal
    string in the program's currency; rates as fractions, None where undefined)."""
    w = window(days=days, zone=zone, now=now)
    return {
        "days": days, "first_day": w.first_day.isoformat(), "last_day": w.last_day.isoformat(),
        "previous_first_day": w.previous_first_day.isoformat(),
        "members_total": members_total(con, program_id, w),
        "active_recently": active_recently(con, program_id, now),
        "enrolments": enrolments(con, program_id, w),
        "receipts": receipts(con, program_id, w),
        "revenue_by_channel": revenue_by(con, program_id, w, "channel"),
        "revenue_by_store": revenue_by(con, program_id, w, "store"),
        "daily": daily(con, program_id, w, unit),
        "points": points(con, program_id, w, unit, point_value),
        "rewards": rewards(con, program_id, w),
        "vouchers": vouchers(con, program_id, w),
        "tiers": tiers(con, program_id, w),
        "referrals": referrals(con, program_id, w),
        "cohorts": cohorts(con, program_id, w),
    }
