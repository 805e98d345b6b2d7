"""What a segment's condition may look at, and how each field becomes SQL.

Every field is one entry of FIELDS: its FieldSpec (type and description, shown by the
condition builder and checked by `conditions.validate`) and a compiler that turns one
comparison into a boolean SQLAlchemy Core expression over the `members` row. The compiled
tree is a WHERE clause: a count is one statement, a member's re-evaluation the same clause
with `members.id = X`, never a Python loop over members.

Each leaf is two-valued (true or false, never NULL), so `not` keeps the meaning
`conditions.evaluate` gives it: a comparison on a missing fact is false, its `not` true.

Adding a field is one entry: for a column of a per-member table (the scores of
`loyalty.scoring`, say) `_scalar(NUMBER, "…", lambda ctx: <scalar subquery>)`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Float,
    and_,
    case,
    exists,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    true,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql.selectable import ScalarSelect

from loyalty.campaigns.models import CampaignMember
from loyalty.events.models import Event
from loyalty.journeys.models import JourneyEnrolment
from loyalty.kernel import clock
from loyalty.kernel.conditions import BOOL, LIST, NUMBER, STRING, FieldCatalog, FieldSpec
from loyalty.ledger.models import WALLET, Account
from loyalty.members.models import Member, MemberConsent
from loyalty.purchases.models import MemberActivity, Purchase, PurchaseLine
from loyalty.rules.domain import MEMBER_FIELDS, MEMBER_PREFIX
from loyalty.scoring.models import MemberScore
from loyalty.scoring.rfm import CELLS as RFM_CELLS
from loyalty.segment_membership.lookup import SEGMENTS_FIELD
from loyalty.segment_membership.models import SegmentMember
from loyalty.tiers.models import MemberTier, TierLevel

Clause = ColumnElement[bool]
WINDOWS = (30, 90, 365)
CONSENT_CHANNELS = ("email", "sms", "push")
ACTIVE_ENROLMENT_STATES = ("active", "waiting")
TAGS_ATTRIBUTE = "tags"
CUSTOM_EVENT = "custom_event.received"


@dataclass(frozen=True)
class Context:
    """What a compile needs besides the tree: the program, the moment, the dialect."""

    program_id: int
    timezone: str
    now: datetime
    dialect: str  # "postgresql" | "sqlite"

    @property
    def today(self) -> date:
        return clock.local_date(self.now, self.timezone)

    def day_start(self, day: date) -> datetime:
        """The UTC instant the local `day` begins."""
        return datetime.combine(day, time(0), ZoneInfo(self.timezone)).astimezone(UTC)


Compiler = Callable[[Context, str, Any], Clause]


@dataclass(frozen=True)
class SegmentField:
    spec: FieldSpec
    compile: Compiler


# --- comparisons on a plain SQL value --------------------------------------------------------


def _known(column: Any, present: Clause, result: Clause) -> Clause:
    """`result` where the fact is present, false where it is missing (never NULL, so `not` works).

    On a column: `present AND result` (the index can serve both). On a correlated subquery
    (a count, a last purchase): `coalesce(result, false)`, which runs the subquery once per
    member instead of twice; a comparison with NULL is NULL, read as false.
    """
    if isinstance(column, ScalarSelect):
        return func.coalesce(result, false())
    return and_(present, result)


def _number(value: Any) -> Any:
    """A number bound as a 64-bit integer or a double, not as the column's type: a count is an
    INTEGER to SQLAlchemy, and 2^40 bound as one overflows in PostgreSQL."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return literal(value, BigInteger() if isinstance(value, int) else Float())


def _compare_scalar(ctx: Context, column: Any, op: str, value: Any, *, ordered_text: bool = False) -> Clause:
    """`op value` on a typed column that is NULL when the fact is missing."""
    present = column.is_not(None)
    if op == "exists":
        return present if value is None or value else not_(present)
    value = [_number(item) for item in value] if isinstance(value, list) else _number(value)
    target = column.collate("C") if ordered_text and ctx.dialect == "postgresql" else column
    if op == "eq":
        result: Any = column == value
    elif op == "ne":
        result = column != value
    elif op == "gt":
        result = target > value
    elif op == "gte":
        result = target >= value
    elif op == "lt":
        result = target < value
    elif op == "lte":
        result = target <= value
    elif op == "between":
        result = and_(target >= value[0], target <= value[1])
    elif op == "in":
        result = column.in_(list(value))
    elif op == "not_in":
        result = column.not_in(list(value))
    elif op == "contains":
        result = _position(ctx, column, value) > 0
    elif op == "starts_with":
        result = func.substr(column, 1, len(value)) == value
    else:  # validated trees hold no other operator
        return false()
    return _known(column, present, result)


def _position(ctx: Context, column: Any, value: str) -> Any:
    """Case-sensitive substring position (LIKE ignores case in SQLite)."""
    if ctx.dialect == "postgresql":
        return func.strpos(column, value)
    return func.instr(column, value)


def _scalar(kind: str, description: str, column: Callable[[Context], Any], **extra: Any) -> SegmentField:
    def compile_(ctx: Context, op: str, value: Any) -> Clause:
        return _compare_scalar(ctx, column(ctx), op, value, ordered_text=kind == STRING)
    return SegmentField(FieldSpec(kind, description, **extra), compile_)


def _boolean(description: str, column: Callable[[Context], Any]) -> SegmentField:
    """A true/false fact that may be missing (a consent never given nor refused)."""
    def compile_(ctx: Context, op: str, value: Any) -> Clause:
        expr = column(ctx)
        present = expr.is_not(None)
        if op == "exists":
            return present if value is None or value else not_(present)
        holds = and_(present, expr == true())
        refused = and_(present, expr == false())
        if op == "eq":
            return holds if value else refused
        return refused if value else holds  # ne
    return SegmentField(FieldSpec(BOOL, description), compile_)


def _always_boolean(description: str, condition: Callable[[Context], Clause]) -> SegmentField:
    """A true/false fact every member has (has_email)."""
    def compile_(ctx: Context, op: str, value: Any) -> Clause:
        clause = condition(ctx)
        if op == "exists":
            return true() if value is None or value else false()
        return clause if (op == "eq") == bool(value) else not_(clause)
    return SegmentField(FieldSpec(BOOL, description), compile_)


def _list(description: str, contains: Callable[[Context, Any], Clause],
          non_empty: Callable[[Context], Clause]) -> SegmentField:
    """A list fact: `contains v` and `exists` (the list has an element)."""
    def compile_(ctx: Context, op: str, value: Any) -> Clause:
        if op == "exists":
            clause = non_empty(ctx)
            return clause if value is None or value else not_(clause)
        return contains(ctx, value)
    return SegmentField(FieldSpec(LIST, description), compile_)


# --- whole-number facts counted down from a moment (days since, age) -------------------------


def _integral(value: Any) -> bool:
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _whole_number(op: str, value: Any, *, ge: Callable[[int], Clause], le: Callable[[int], Clause],
                  present: Clause) -> Clause:
    """`op value` on a whole-number fact, given SQL for `fact >= n` and `fact <= n`."""
    def eq(item: Any) -> Clause:
        if isinstance(item, bool) or not _integral(item):
            return false()
        return and_(ge(int(item)), le(int(item)))
    if op == "exists":
        return present if value is None or value else not_(present)
    if op == "eq":
        return eq(value)
    if op == "ne":
        return and_(present, not_(eq(value)))
    if op == "gte":
        return ge(math.ceil(value))
    if op == "gt":
        return ge(math.floor(value) + 1)
    if op == "lte":
        return le(math.floor(value))
    if op == "lt":
        return le(math.ceil(value) - 1)
    if op == "between":
        return and_(ge(math.ceil(value[0])), le(math.floor(value[1])))
    if op == "in":
        return or_(false(), *(eq(item) for item in value))
    if op == "not_in":
        return and_(present, not_(or_(false(), *(eq(item) for item in value))))
    return false()


def _days_since(description: str, moment: Callable[[Context], Any]) -> SegmentField:
    """max(0, local days from `moment` to today): a comparison on it is one on the moment itself,
    against the UTC start of a local day (index-friendly, and no timezone arithmetic in SQL)."""
    def compile_(ctx: Context, op: str, value: Any) -> Clause:
        column = moment(ctx)
        present = column.is_not(None)

        def ge(n: int) -> Clause:
            if n <= 0:
                return present
            if n > 3_000_000:  # beyond any date: nobody (and no date arithmetic that overflows)
                return false()
            return _known(column, present, column < ctx.day_start(ctx.today - timedelta(days=n - 1)))

        def le(n: int) -> Clause:
            if n < 0:
                return false()
            if n > 3_000_000:
                return present
            return _known(column, present, column >= ctx.day_start(ctx.today - timedelta(days=n)))
        return _whole_number(op, value, ge=ge, le=le, present=present)
    return SegmentField(FieldSpec(NUMBER, description), compile_)


def _years_before(day: date, years: int) -> date | None:
    year = day.year - years
    if year < 1:
        return None
    if year > 9999:
        return date.max
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a common year
        return day.replace(year=year, day=28)


def _age(ctx: Context, op: str, value: Any) -> Clause:
    column = Member.birth_date
    present = column.is_not(None)

    def ge(n: int) -> Clause:
        bound = _years_before(ctx.today, n)
        return false() if bound is None else and_(present, column <= bound)

    def le(n: int) -> Clause:
        bound = _years_before(ctx.today, n + 1)
        return present if bound is None else and_(present, column > bound)
    return _whole_number(op, value, ge=ge, le=le, present=present)


# --- the member's custom attributes (JSON) -------------------------------------------------


def _json_path(parts: list[str]) -> str:
    return "$" + "".join('."' + part.replace('"', '\\"') + '"' for part in parts)


class _Json:
    """One attribute's JSON type and value, per dialect. The type is 'missing' rather than NULL
    when the attribute is absent, so every test on it is true or false, never NULL."""

    def __init__(self, ctx: Context, parts: list[str]) -> None:
        self.pg = ctx.dialect == "postgresql"
        if self.pg:
            node = type_coerce(Member.attributes, JSONB)[tuple(parts)]
            self.node = node
            self.type = func.coalesce(func.jsonb_typeof(node), "missing")
            self.text = node.as_string()
            self.number = node.as_float()
        else:
            path = _json_path(parts)
            self.path = path
            self.type = func.coalesce(func.json_type(Member.attributes, path), "missing")
            self.text = func.json_extract(Member.attributes, path)
            self.number = self.text

    def kind_is(self, kind: str) -> Clause:
        names = {"number": ("number",) if self.pg else ("integer", "real"),
                 "string": ("string",) if self.pg else ("text",),
                 "bool": ("boolean",) if self.pg else ("true", "false"),
                 "array": ("array",)}[kind]
        return self.type.in_(names)

    @property
    def present(self) -> Clause:
        return self.type.not_in(("null", "missing"))

    def equals(self, value: Any) -> Clause:
        if isinstance(value, bool):
            if self.pg:
                return and_(self.kind_is("bool"), self.text == ("true" if value else "false"))
            return self.type == ("true" if value else "false")
        if isinstance(value, int | float):
            return and_(self.kind_is("number"), case((self.kind_is("number"), self.number), else_=None) == value)
        return and_(self.kind_is("string"), self.text == str(value))

    def ordered(self, value: Any, op: str) -> Clause:
        if isinstance(value, int | float):
            kind, operand = "number", case((self.kind_is("number"), self.number), else_=None)
        else:
            kind, operand = "string", self.text.collate("C") if self.pg else self.text
        compare = {"gt": operand > value, "gte": operand >= value, "lt": operand < value, "lte": operand <= value}[op]
        return and_(self.kind_is(kind), compare)

    def list_contains(self, value: Any) -> Clause:
        if self.pg:
            return and_(self.kind_is("array"), self.node.op("@>")(type_coerce([value], JSONB)))
        each = func.json_each(Member.attributes, self.path).table_valued("value", "type").alias("each")
        if isinstance(value, bool):
            match: Clause = each.c.type == ("true" if value else "false")
        elif isinstance(value, int | float):
            match = and_(each.c.type.in_(("integer", "real")), each.c.value == value)
        else:
            match = and_(each.c.type == "text", each.c.value == value)
        return and_(self.kind_is("array"), exists(select(literal(1)).select_from(each).where(match)))


def _attribute(name: str) -> Compiler:
    parts = name[len(MEMBER_PREFIX):].split(".")

    def compile_(ctx: Context, op: str, value: Any) -> Clause:
        node = _Json(ctx, parts)
        if op == "exists":
            return node.present if value is None or value else not_(node.present)
        if op == "eq":
            return node.equals(value)
        if op == "ne":
            return and_(node.present, not_(node.equals(value)))
        if op in ("gt", "gte", "lt", "lte"):
            return node.ordered(value, op)
        if op == "between":
            low, high = value
            if type(low) is not type(high) and not all(isinstance(v, int | float) for v in value):
                return false()
            return and_(node.ordered(low, "gte"), node.ordered(high, "lte"))
        if op in ("in", "not_in"):
            found = or_(false(), *(node.equals(item) for item in value))
            return found if op == "in" else and_(node.present, not_(found))
        if op == "contains":
            text_contains: Clause = false()
            if isinstance(value, str):
                text_contains = and_(node.kind_is("string"), _position(ctx, node.text, value) > 0)
            return or_(text_contains, node.list_contains(value))
        if op == "starts_with":
            return and_(node.kind_is("string"), func.substr(node.text, 1, len(value)) == value)
        return false()
    return compile_


# --- behaviour: purchases and what else the member did ------------------------------------


def _purchases(ctx: Context, *extra: Any) -> Any:
    return [Purchase.program_id == ctx.program_id, Purchase.member_id == Member.id, *extra]


def _since(ctx: Context, days: int) -> datetime:
    return ctx.now - timedelta(days=days)


def _window_count(ctx: Context, days: int) -> Any:
    return (select(func.count()).select_from(Purchase).where(*_purchases(ctx, Purchase.occurred_at > _since(ctx, days)))
            .correlate(Member).scalar_subquery())


def _window_value(ctx: Context, days: int) -> Any:
    return (select(func.coalesce(func.sum(Purchase.total_minor - Purchase.refunded_minor), 0))
            .where(*_purchases(ctx, Purchase.occurred_at > _since(ctx, days))).correlate(Member).scalar_subquery())


def _windowed(kind: str, days: int, description: str) -> SegmentField:
    """A figure of the last `days` days (the purchases after `now - days`), read from the member's
    activity row where it settles the answer, and counted in purchases only where it does not:
    - no purchase after the window's start (no row, or the last before it): the figure is 0, so
      the comparison is a constant;
    - the first purchase after the window's start: every purchase is in the window, so the figure
      is the row's total;
    - a count of a member with purchases on both sides of the start is at most the row's count
      less one (the first is before the window): a comparison that this settles needs no probe
      (`purchase_count_365d >= 3` of a member with 3 purchases in all);
    - otherwise the correlated subquery on the purchases index, as before the summary existed.
      On PostgreSQL a CASE evaluates only the branch taken, so the index is probed only for
      those members."""
    def compile_(ctx: Context, op: str, value: Any) -> Clause:
        exact = (_window_count if kind == "count" else _window_value)(ctx, days)
        if op == "exists":  # a count or a sum is never missing
            return _compare_scalar(ctx, exact, op, value)
        since = _since(ctx, days)
        total = MemberActivity.purchase_count if kind == "count" else MemberActivity.purchase_value
        holds_for_zero = _compare_scalar(ctx, literal(0, BigInteger()), op, value)
        branches: list[tuple[Clause, Clause]] = [
            (or_(MemberActivity.last_purchase_at.is_(None), MemberActivity.last_purchase_at <= since),
             holds_for_zero),
            (MemberActivity.first_purchase_at > since, _compare_scalar(ctx, total, op, value))]
        settled = _settled_below(op, value) if kind == "count" else None
        if settled is not None:
            least, answer = settled
            branches.append((MemberActivity.purchase_count <= least, true() if answer else false()))
        return case(*branches, else_=_compare_scalar(ctx, exact, op, value))
    return SegmentField(FieldSpec(NUMBER, description), compile_)


def _settled_below(op: str, value: Any) -> tuple[int, bool] | None:
    """(n, answer): every count below n gives `op value` the same answer. A windowed count at
    most `purchase_count - 1` is below n when `purchase_count <= n`."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    if op in ("gte", "lt"):
        return math.ceil(value), op == "lt"
    if op in ("gt", "lte"):
        return math.floor(value) + 1, op == "lte"
    if op in ("eq", "ne") and _integral(value):
        return int(value), op == "ne"
    return None


def _activity_total(column: Any) -> Callable[[Context], Any]:
    """The member's activity row's total; 0 without a row (no purchase)."""
    return lambda ctx: func.coalesce(column, 0)


def _last_purchase(ctx: Context) -> Any:
    return MemberActivity.last_purchase_at


def _bought(column: Any) -> SegmentField:
    def lines(ctx: Context, *extra: Any) -> Clause:
        return exists(select(literal(1)).select_from(PurchaseLine)
                      .join(Purchase, Purchase.id == PurchaseLine.purchase_id)
                      .where(*_purchases(ctx), PurchaseLine.program_id == ctx.program_id, *extra)
                      .correlate(Member))
    name = "category" if column is PurchaseLine.category else "SKU"
    return _list(f"every {name} the member ever bought",
                 lambda ctx, value: lines(ctx, column == value),
                 lambda ctx: lines(ctx, column.is_not(None)))


def _purchased_where(column: Any, what: str) -> SegmentField:
    def where(ctx: Context, *extra: Any) -> Clause:
        return exists(select(literal(1)).select_from(Purchase).where(*_purchases(ctx), *extra).correlate(Member))
    return _list(f"every {what} the member ever bought through",
                 lambda ctx, value: where(ctx, column == value), lambda ctx: where(ctx, column.is_not(None)))


def _events(ctx: Context, *extra: Any) -> Clause:
    return exists(select(literal(1)).select_from(Event).where(
        Event.program_id == ctx.program_id, Event.member_id == Member.id, *extra).correlate(Member))


def _tier(ctx: Context) -> Any:
    held = (select(TierLevel.code).select_from(MemberTier).join(TierLevel, TierLevel.id == MemberTier.tier_id)
            .where(MemberTier.program_id == ctx.program_id, MemberTier.member_id == Member.id)
            .correlate(Member).scalar_subquery())
    base = select(TierLevel.code).where(TierLevel.program_id == ctx.program_id, TierLevel.rank == 0).scalar_subquery()
    return func.coalesce(held, base)


def _consent(channel: str) -> Callable[[Context], Any]:
    def column(ctx: Context) -> Any:
        return (select(MemberConsent.granted).where(MemberConsent.member_id == Member.id,
                                                    MemberConsent.channel == channel)
                .order_by(MemberConsent.id.desc()).limit(1).correlate(Member).scalar_subquery())
    return column


def _points_balance(ctx: Context) -> Any:
    balance = (select(Account.balance).where(Account.program_id == ctx.program_id, Account.member_id == Member.id,
                                             Account.kind == WALLET, Account.unit == "points")
               .correlate(Member).scalar_subquery())
    return func.coalesce(balance, 0)


def _score(column: Any) -> Callable[[Context], Any]:
    """One column of the member's latest scores (loyalty.scoring's nightly run); missing until scored."""
    def scalar(ctx: Context) -> Any:
        return (select(column).where(MemberScore.program_id == ctx.program_id, MemberScore.member_id == Member.id)
                .correlate(Member).scalar_subquery())
    return scalar


def _in_segment(ctx: Context, value: Any) -> Clause:
    return exists(select(literal(1)).select_from(SegmentMember).where(
        SegmentMember.program_id == ctx.program_id, SegmentMember.member_id == Member.id,
        SegmentMember.segment_id == value).correlate(Member))


def _tags_contains(ctx: Context, value: Any) -> Clause:
    return _Json(ctx, [TAGS_ATTRIBUTE]).list_contains(value)


def _build() -> dict[str, SegmentField]:
    fields: dict[str, SegmentField] = {
        "member.enrolment_channel": _scalar(STRING, MEMBER_FIELDS["member.enrolment_channel"].description,
                                            lambda ctx: Member.enrolment_channel,
                                            choices=MEMBER_FIELDS["member.enrolment_channel"].choices),
        "member.days_since_enrolment": _days_since(MEMBER_FIELDS["member.days_since_enrolment"].description,
                                                   lambda ctx: Member.enrolled_at),
        "member.age": SegmentField(MEMBER_FIELDS["member.age"], _age),
        "member.preferred_language": _scalar(STRING, MEMBER_FIELDS["member.preferred_language"].description,
                                             lambda ctx: Member.preferred_language),
        "member.has_email": _always_boolean(MEMBER_FIELDS["member.has_email"].description,
                                            lambda ctx: Member.email.is_not(None)),
        "member.tier": _scalar(STRING, MEMBER_FIELDS["member.tier"].description, _tier),
        "member.status": _scalar(STRING, "active or blocked", lambda ctx: Member.status,
                                 choices=("active", "blocked")),
        "member.points_balance": _scalar(NUMBER, "points the member can spend now", _points_balance),
        "member.rfm_cell": _scalar(STRING, "the member's RFM cell from the nightly scoring (champions, loyal, "
                                   "potential_loyal, new, promising, need_attention, about_to_sleep, at_risk, "
                                   "cannot_lose, hibernating)", _score(MemberScore.rfm_cell), choices=RFM_CELLS),
        "member.predicted_value": _scalar(NUMBER, "value expected over the next 12 months, in minor units "
                                          "(BG/NBD + Gamma-Gamma)", _score(MemberScore.predicted_value)),
        "member.churn_risk": _scalar(NUMBER, "churn risk from 0 to 1 (the churn model, or recency where the model "
                                     "does not beat it)", _score(MemberScore.churn_risk)),
        "member.tags": _list("the member's tags (attribute 'tags')", _tags_contains,
                             lambda ctx: _Json(ctx, [TAGS_ATTRIBUTE]).kind_is("array")),
        SEGMENTS_FIELD: _list("the ids of the segments the member is in", _in_segment,
                              lambda ctx: true()),
        "behaviour.purchase_count": _scalar(NUMBER, "purchases ever made",
                                            _activity_total(MemberActivity.purchase_count)),
        "behaviour.purchase_value": _scalar(NUMBER, "money ever spent, less refunds, in minor units",
                                            _activity_total(MemberActivity.purchase_value)),
        "behaviour.days_since_last_purchase": _days_since(
            "whole days since the last purchase, in the program's timezone (missing without one)", _last_purchase),
        "behaviour.categories_bought": _bought(PurchaseLine.category),
        "behaviour.skus_bought": _bought(PurchaseLine.sku),
        "behaviour.channels": _purchased_where(Purchase.channel, "channel (pos, online, partner)"),
        "behaviour.stores": _purchased_where(Purchase.store_code, "store (its code)"),
        "behaviour.event_types": _list("the types of every event recorded about the member (a custom event such "
                                       "as 'order.shipped_as_gift' included)",
                                       lambda ctx, value: _events(ctx, Event.type == value),
                                       lambda ctx: _events(ctx)),
        "behaviour.custom_events": _list("the types of the custom events posted about the member (such as "
                                         "'order.shipped_as_gift')",
                                         lambda ctx, value: _events(ctx, Event.type == CUSTOM_EVENT,
                                                                    Event.payload["type"].as_string() == value),
                                         lambda ctx: _events(ctx, Event.type == CUSTOM_EVENT)),
        "journey.in": _list("the ids of the journeys the member is in now",
                            lambda ctx, value: exists(select(literal(1)).select_from(JourneyEnrolment).where(
                                JourneyEnrolment.program_id == ctx.program_id,
                                JourneyEnrolment.member_id == Member.id, JourneyEnrolment.journey_id == value,
                                JourneyEnrolment.state.in_(ACTIVE_ENROLMENT_STATES)).correlate(Member)),
                            lambda ctx: exists(select(literal(1)).select_from(JourneyEnrolment).where(
                                JourneyEnrolment.program_id == ctx.program_id,
                                JourneyEnrolment.member_id == Member.id,
                                JourneyEnrolment.state.in_(ACTIVE_ENROLMENT_STATES)).correlate(Member))),
        "campaign.received": _list("the ids of the campaigns that reached the member",
                                   lambda ctx, value: exists(select(literal(1)).select_from(CampaignMember).where(
                                       CampaignMember.program_id == ctx.program_id,
                                       CampaignMember.member_id == Member.id, CampaignMember.campaign_id == value,
                                       CampaignMember.outcome == "reached").correlate(Member)),
                                   lambda ctx: exists(select(literal(1)).select_from(CampaignMember).where(
                                       CampaignMember.program_id == ctx.program_id,
                                       CampaignMember.member_id == Member.id,
                                       CampaignMember.outcome == "reached").correlate(Member))),
    }
    for channel in CONSENT_CHANNELS:
        fields[f"member.consents.{channel}"] = _boolean(
            f"whether the member's newest {channel} consent grants it (missing when never asked)", _consent(channel))
    for days in WINDOWS:
        fields[f"behaviour.purchase_count_{days}d"] = _windowed("count", days, f"purchases in the last {days} days")
        fields[f"behaviour.purchase_value_{days}d"] = _windowed(
            "value", days, f"money spent in the last {days} days, less refunds, in minor units")
    return fields


FIELDS: dict[str, SegmentField] = _build()
# Per-member scores (RFM cell, predicted value, churn risk) join here as one entry each once
# their table exists; see docs/segments.md.
CATALOG = FieldCatalog({name: each.spec for name, each in FIELDS.items()}, (MEMBER_PREFIX,))


def compiler_for(name: str) -> Compiler:
    if name in FIELDS:
        return FIELDS[name].compile
    return _attribute(name)


def field_specs() -> Mapping[str, FieldSpec]:
    return CATALOG.fields
