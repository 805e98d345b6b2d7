"""Pure reward rules: who may redeem what and why not, redemption statuses, texts per
language, cashback maths, receipt numbers, and reading a partner's code file.

No database here: the service feeds these plain values and persists what they return.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal

from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict, Invalid

PHYSICAL = "physical"
E_VOUCHER = "e_voucher"
COUPON = "coupon"
CASHBACK = "cashback"
DONATION = "donation"
STAMP_CARD = "stamp_card"
KINDS = (PHYSICAL, E_VOUCHER, COUPON, CASHBACK, DONATION, STAMP_CARD)
# The member chooses how many points to give or convert (at least the reward's price).
VARIABLE_PRICE_KINDS = (CASHBACK, DONATION)
# Rewards that carry a code for the member (an e-voucher's partner code or a coupon).
CODE_KINDS = (E_VOUCHER, COUPON, STAMP_CARD)

REQUESTED = "requested"
CONFIRMED = "confirmed"
SHIPPED = "shipped"
DELIVERED = "delivered"
CANCELLED = "cancelled"
COMPLETED = "completed"
STATUSES = (REQUESTED, CONFIRMED, SHIPPED, DELIVERED, CANCELLED, COMPLETED)

# Only physical items travel; everything else is done the moment it is redeemed.
_PHYSICAL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    REQUESTED: (CONFIRMED, CANCELLED),
    CONFIRMED: (SHIPPED, CANCELLED),
    SHIPPED: (DELIVERED,),
    DELIVERED: (),
    CANCELLED: (),
}

MAX_CODE_LENGTH = 200
MAX_CODES_PER_IMPORT = 100_000
MAX_REPORTED_PROBLEMS = 20


class InvalidTransition(Conflict):
    """A status change the redemption's current state does not allow."""

    code = "transition_not_allowed"

    def __init__(self, message: str, *, current: str, wanted: str, allowed: Sequence[str]) -> None:
        super().__init__(message, field="status",
                         details={"current": current, "wanted": wanted, "allowed": list(allowed)})


def initial_status(kind: str) -> str:
    return REQUESTED if kind == PHYSICAL else COMPLETED


def allowed_transitions(kind: str, status: str) -> tuple[str, ...]:
    if kind != PHYSICAL:
        return ()
    return _PHYSICAL_TRANSITIONS.get(status, ())


def check_transition(kind: str, current: str, wanted: str) -> None:
    allowed = allowed_transitions(kind, current)
    if wanted not in allowed:
        if kind != PHYSICAL:
            message = f"A {kind.replace('_', '-')} redemption is completed at once; its status cannot change."
        elif allowed:
            message = f"A redemption that is {current} can become {' or '.join(allowed)}, not {wanted}."
        else:
            message = f"A redemption that is {current} cannot change any more."
        raise InvalidTransition(message, current=current, wanted=wanted, allowed=allowed)


# --- texts per language ------------------------------------------------------------------


def _primary(language: str) -> str:
    return language.split("-", 1)[0].split("_", 1)[0].lower()


def pick_language(texts: Mapping[str, str], wanted: str | None, fallback: str) -> str | None:
    """The key of `texts` to show someone who reads `wanted`: that language (or its primary
    subtag, "pl" for "pl-PL"), else the program's locale, else the first one given."""
    if not texts:
        return None
    by_lower = {key.lower(): key for key in texts}
    for candidate in (wanted, fallback):
        if not candidate:
            continue
        if candidate.lower() in by_lower:
            return by_lower[candidate.lower()]
        primary = _primary(candidate)
        for key in texts:
            if _primary(key) == primary:
                return key
    return next(iter(texts))


def localized(texts: Mapping[str, str], wanted: str | None, fallback: str) -> str | None:
    key = pick_language(texts, wanted, fallback)
    return None if key is None else texts[key]


def localized_images(by_language: Mapping[str, list[str]], default: list[str], wanted: str | None) -> list[str]:
    """The pictures to show someone who reads `wanted`: that language's own (or its primary
    subtag's), else the reward's; never another language's, whose words they might not read."""
    if wanted and by_language:
        by_lower = {key.lower(): key for key in by_language}
        if wanted.lower() in by_lower:
            return by_language[by_lower[wanted.lower()]]
        for key in by_language:
            if _primary(key) == _primary(wanted):
                return by_language[key]
    return default


# --- who may redeem -----------------------------------------------------------------------


@dataclass(frozen=True)
class CouponCampaign:
    """The voucher campaign a coupon or stamp card publishes its codes from, as the checks see it."""

    is_active: bool
    ends_at: datetime | None
    codes_to_publish: int


@dataclass(frozen=True)
class RewardTerms:
    """What a reward asks of a member; `available` (see `available_stock`) is None when nothing
    limits the stock."""

    kind: str
    unit: str
    points_price: int
    available: int | None
    redeemed_count: int
    limit_total: int | None
    limit_per_member: int | None
    starts_at: datetime | None
    ends_at: datetime | None
    eligible_tiers: Sequence[str]
    # Only the members of this segment may redeem it (None: everyone).
    segment_id: int | None = None
    # A coupon's or stamp card's campaign: a stopped or ended one gives codes nobody can use.
    campaign: CouponCampaign | None = None


@dataclass(frozen=True)
class MemberPosition:
    """Where one member stands towards one reward."""

    balance: int
    redeemed: int
    tier: str | None
    is_blocked: bool = False
    segments: Sequence[int] = ()


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str


def refusals(terms: RewardTerms, member: MemberPosition, *, now: datetime, timezone: str,
             points: int | None = None) -> list[Refusal]:
    """Every reason the member cannot redeem the reward now, most fundamental first; empty
    when they can. `points` is what a variable-price reward (cashback, donation) would take."""
    found: list[Refusal] = []
    if member.is_blocked:
        found.append(Refusal("member_blocked", "The member is blocked."))
    if terms.starts_at is not None and now < terms.starts_at:
        found.append(Refusal("outside_validity",
                             f"Available from {clock.local_date(terms.starts_at, timezone).isoformat()}."))
    elif terms.ends_at is not None and now >= terms.ends_at:
        found.append(Refusal("outside_validity",
                             f"Was available until {clock.local_date(terms.ends_at, timezone).isoformat()}."))
    if terms.campaign is not None:
        unusable = coupon_refusal(terms.campaign, now=now, timezone=timezone)
        if unusable is not None:
            found.append(unusable)
    if terms.eligible_tiers and member.tier not in terms.eligible_tiers:
        found.append(Refusal("tier_not_eligible",
                             f"Only for members of tier {', '.join(terms.eligible_tiers)}."))
    if terms.segment_id is not None and terms.segment_id not in member.segments:
        found.append(Refusal("segment_not_eligible", "Only for the members of a segment."))
    if terms.available is not None and terms.available <= 0:
        found.append(Refusal("out_of_stock", "Out of stock."))
    if terms.limit_total is not None and terms.redeemed_count >= terms.limit_total:
        found.append(Refusal("total_limit_reached",
                             f"All {terms.limit_total} redemptions this reward allows have been made."))
    if terms.limit_per_member is not None and member.redeemed >= terms.limit_per_member:
        times = "once" if terms.limit_per_member == 1 else f"{terms.limit_per_member} times"
        found.append(Refusal("member_limit_reached", f"A member may redeem this reward {times}; "
                                                     f"this member already has."))
    price = terms.points_price if points is None else points
    if member.balance < price:
        found.append(Refusal("insufficient_points",
                             f"Needs {price} {terms.unit}; the member has {max(member.balance, 0)}."))
    return found


def coupon_refusal(campaign: CouponCampaign, *, now: datetime, timezone: str) -> Refusal | None:
    """Why the coupon a reward gives cannot be had now: its campaign is stopped or has ended."""
    if not campaign.is_active:
        return Refusal("coupon_unavailable", "This coupon is no longer offered.")
    if campaign.ends_at is not None and now >= campaign.ends_at:
        return Refusal("coupon_unavailable",
                       f"This coupon was offered until {clock.local_date(campaign.ends_at, timezone).isoformat()}.")
    return None


def available_stock(stock: int | None, codes_left: int | None) -> int | None:
    """What can still be handed out: the smaller of the stock and the codes left to hand out (a
    code pool's unused codes, a coupon campaign's codes still to publish); None: no limit."""
    limits = [value for value in (stock, codes_left) if value is not None]
    return min(limits) if limits else None


def check_eligible_tiers(codes: Sequence[str], known: Sequence[str]) -> None:
    """Refuse tier codes the program has no level for: a typo would lock every member out."""
    unknown = [code for code in codes if code not in known]
    if not unknown:
        return
    index = list(codes).index(unknown[0])
    levels = f"the program's tiers are {', '.join(known)}" if known else "the program has no tiers yet"
    raise Invalid(f"Unknown tier code {unknown[0]!r} in eligible_tiers; {levels}.", code="unknown_tier",
                  field=f"eligible_tiers.{index}", details={"unknown": unknown, "known": list(known)})


def cashback_for(points: int, rate: Decimal) -> int:
    """Cashback minor units for `points` at `rate` minor units per point, never rounded up."""
    return int((Decimal(points) * rate).to_integral_value(rounding=ROUND_FLOOR))


def receipt_number(redemption_id: int, created_at: datetime) -> str:
    """Stable and unique (the id is), and a person can tell the day from it: R-20261122-000042."""
    return f"R-{clock.as_utc(created_at):%Y%m%d}-{redemption_id:06d}"


def is_low(*, codes_total: int, codes_used: int, low_threshold: int) -> bool:
    return codes_total - codes_used < low_threshold


# --- partner code files ------------------------------------------------------------------


@dataclass(frozen=True)
class CodeLine:
    line: int
    code: str


def _problem(problems: list[dict[str, object]], line: int, message: str) -> None:
    problems.append({"line": line, "message": message})


def parse_code_file(text: str) -> list[CodeLine]:
    """Codes from a partner's CSV: one per row, in the `code` column when there is a header
    row naming it, else the first column. Blank rows are skipped. Every problem is reported
    with its line number (the first in the message, up to 20 in `details.problems`)."""
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark from spreadsheet exports
    rows = list(csv.reader(io.StringIO(text)))
    column = 0
    first_data_row = 0
    if rows:
        header = [cell.strip().lower() for cell in rows[0]]
        if "code" in header:
            column = header.index("code")
            first_data_row = 1
    problems: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    codes: list[CodeLine] = []
    for index in range(first_data_row, len(rows)):
        line = index + 1
        row = rows[index]
        if not any(cell.strip() for cell in row):
            continue
        code = row[column].strip() if column < len(row) else ""
        if not code:
            _problem(problems, line, "no code in this row")
        elif len(code) > MAX_CODE_LENGTH:
            _problem(problems, line, f"code is {len(code)} characters long; at most {MAX_CODE_LENGTH}")
        elif any(char.isspace() or not char.isprintable() for char in code):
            _problem(problems, line, f"code {code!r} contains spaces or control characters")
        elif code in seen:
            _problem(problems, line, f"code {code!r} repeats line {seen[code]}")
        else:
            seen[code] = line
            codes.append(CodeLine(line=line, code=code))
    if problems:
        raise code_file_error(problems)
    if not codes:
        raise Invalid("The file holds no codes.", code="invalid_code_file", field="file")
    if len(codes) > MAX_CODES_PER_IMPORT:
        raise Invalid(f"At most {MAX_CODES_PER_IMPORT} codes per import; this file has {len(codes)}.",
                      code="invalid_code_file", field="file")
    return codes


def code_file_error(problems: list[dict[str, object]]) -> Invalid:
    first = problems[0]
    more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
    return Invalid(f"Line {first['line']}: {first['message']}{more}. Nothing was imported.",
                   code="invalid_code_file", field=f"line {first['line']}",
                   details={"problems": problems[:MAX_REPORTED_PROBLEMS]})


# --- what a reward's definition must hold -----------------------------------------------------

POINTS_UNIT = "points"
STAMPS_UNIT = "stamps"
CASHBACK_UNIT = "cashback"
# The one reference each kind needs; every other kind must leave it empty.
REFERENCE_BY_KIND = {E_VOUCHER: "code_pool_id", COUPON: "voucher_campaign_id", STAMP_CARD: "voucher_campaign_id",
                     DONATION: "cause_id", CASHBACK: "cashback_rate"}
REFERENCES = ("code_pool_id", "voucher_campaign_id", "cause_id", "cashback_rate")


def unit_for(kind: str) -> str:
    return STAMPS_UNIT if kind == STAMP_CARD else POINTS_UNIT


@dataclass(frozen=True)
class Definition:
    kind: str
    names: Mapping[str, str]
    points_price: int
    money_price: int
    starts_at: datetime | None
    ends_at: datetime | None
    code_pool_id: int | None
    voucher_campaign_id: int | None
    cause_id: int | None
    cashback_rate: Decimal | None


def check_definition(definition: Definition, *, program_units: Sequence[str], program_locale: str) -> None:
    """Refuse a reward whose fields do not fit its kind or the program, naming the field."""
    kind = definition.kind
    if not any(_primary(key) == _primary(program_locale) for key in definition.names):
        raise Invalid(f"Give the name in the program's language ('{program_locale}'): it is shown to anyone "
                      "whose language has no name of its own.", code="name_required", field=f"names.{program_locale}")
    if definition.starts_at and definition.ends_at and definition.ends_at <= definition.starts_at:
        raise Invalid("ends_at must be after starts_at.", code="invalid_validity", field="ends_at")
    needed = REFERENCE_BY_KIND.get(kind)
    for name in REFERENCES:
        value = getattr(definition, name)
        if name == needed and value is None:
            raise Invalid(f"A {kind} reward needs {name}.", code="missing_reference", field=name)
        if name != needed and value is not None:
            raise Invalid(f"{name} does not apply to a {kind} reward.", code="not_applicable", field=name)
    if kind in (CASHBACK, DONATION, STAMP_CARD) and definition.money_price:
        raise Invalid(f"A {kind} reward has no money part.", code="not_applicable", field="money_price")
    unit = unit_for(kind)
    if unit not in program_units:
        raise Invalid(f"A {kind} reward is paid in {unit}, which this program does not use; add the unit to "
                      "the program first.", code="unknown_unit", field="kind")
    if kind == CASHBACK:
        if CASHBACK_UNIT not in program_units:
            raise Invalid("Cashback is credited in the program's 'cashback' unit, which it does not use; add the "
                          "unit to the program first.", code="unknown_unit", field="kind")
        assert definition.cashback_rate is not None
        if cashback_for(definition.points_price, definition.cashback_rate) < 1:
            raise Invalid("At this rate the least a member may convert (points_price) gives no cashback at all; "
                          "raise points_price or cashback_rate.", code="cashback_too_small", field="cashback_rate")
    if kind == STAMP_CARD and definition.points_price < 2:
        raise Invalid("A stamp card holds at least 2 stamps.", code="invalid_card_size", field="points_price")
