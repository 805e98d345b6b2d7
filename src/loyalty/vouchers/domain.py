"""Voucher logic without a database: codes and the odds of guessing them, campaign terms,
whether a code may be used now, and the exact discount it gives a basket.

Pure: plain values in, plain values out. The service loads rows, feeds these functions and
writes what they decide, consuming limits with guarded statements.

Discounts (docs/vouchers.md says the same for people):
- every discount is in the currency's minor units and split over the lines it comes from
  in proportion to what is left of each line (largest remainder), so the per-line shares
  always add up to the total and no line is ever discounted below zero;
- `percent` rounds half up, then is capped at `max_discount_minor`;
- `free_product` discounts the cheapest `free_quantity` units of the lines with its SKU;
- a gift card pays what is left of the basket, up to its balance;
- `points_multiplier` gives no discount: the purchase multiplies the points it earns.
Several codes on one basket apply in the order given, each on what the earlier ones left,
except gift cards, which always come last (they pay; they do not discount).
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from loyalty.kernel.conditions import FieldCatalog, in_line_scope
from loyalty.kernel.conditions import (
    evaluate as evaluate_condition,
)
from loyalty.kernel.conditions import (
    explain as explain_condition,
)
from loyalty.kernel.conditions import (
    validate as validate_condition,
)
from loyalty.kernel.errors import Invalid
from loyalty.ledger.domain import split_proportionally
from loyalty.rules import domain as rules_domain
from loyalty.rules.domain import (
    LINE_FIELDS,
    MEMBER_FIELDS,
    MEMBER_PREFIX,
    PURCHASE_FIELDS,
    SEGMENT_FIELDS,
    TierMention,
    tier_mentions,
)

FIXED_AMOUNT = "fixed_amount"
PERCENT = "percent"
FREE_PRODUCT = "free_product"
POINTS_MULTIPLIER = "points_multiplier"
GIFT_CARD = "gift_card"
KINDS = (FIXED_AMOUNT, PERCENT, FREE_PRODUCT, POINTS_MULTIPLIER, GIFT_CARD)
# The fields each kind needs, and may have: anything else is refused so a typo never passes silently.
KIND_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    FIXED_AMOUNT: (("amount_minor",), ("line_condition",)),
    PERCENT: (("percent",), ("max_discount_minor", "line_condition")),
    FREE_PRODUCT: (("sku",), ("free_quantity", "line_condition")),
    POINTS_MULTIPLIER: (("factor",), ()),
    GIFT_CARD: (("amount_minor",), ("line_condition",)),
}
TERM_FIELDS = ("amount_minor", "percent", "max_discount_minor", "sku", "free_quantity", "factor", "line_condition")
# API names of the term fields, for error messages that name what the client sent.
API_NAMES = {"amount_minor": "amount", "max_discount_minor": "max_discount"}

# --- what a voucher condition may look at --------------------------------------------------

# The rules' member fields include `member.tier` (the code of the member's tier level).
TIER_FIELD = rules_domain.TIER_FIELD
VOUCHER_CATALOG = FieldCatalog({**PURCHASE_FIELDS, **MEMBER_FIELDS, **SEGMENT_FIELDS}, (MEMBER_PREFIX,), LINE_FIELDS)

# --- codes ---------------------------------------------------------------------------------

CODE_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
MIN_CODE_LENGTH = 3
MAX_CODE_LENGTH = 64
PLACEHOLDER = "#"
CHARSETS: dict[str, str] = {
    # No 0/O, 1/I/L: a code read out over the phone or typed from paper survives.
    "unambiguous": "ABCDEFGHJKMNPQRSTUVWXYZ23456789",
    "alphanumeric": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    "alphabetic": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "numeric": "0123456789",
}
DEFAULT_CHARSET = "unambiguous"
# A random guess at a code of a pattern must miss at least this many times per hit. With the
# validation rate limits (30 a minute per member, 600 per API key) one expected hit then takes
# a key more than 27 hours of non-stop guessing, and the attempts are visible in the metrics.
MIN_GUESSES_PER_HIT = 1_000_000
MAX_BATCH_SIZE = 100_000
MAX_IMPORT_ROWS = 100_000


def normalize_code(raw: str) -> str:
    """How codes are stored and looked up: upper-case, without any whitespace."""
    return "".join(raw.split()).upper()


def code_problem(code: str) -> str | None:
    """Why a normalized code cannot be stored, or None when it can."""
    if not MIN_CODE_LENGTH <= len(code) <= MAX_CODE_LENGTH:
        return f"a code has {MIN_CODE_LENGTH} to {MAX_CODE_LENGTH} characters; {code!r} has {len(code)}"
    bad = sorted(set(code) - CODE_CHARACTERS)
    if bad:
        return f"code {code!r} has {', '.join(repr(c) for c in bad)}: use letters, digits, '-' and '_'"
    return None


@dataclass(frozen=True)
class CodePattern:
    """A code template: `pattern` has one '#' per random character drawn from `charset`."""

    pattern: str
    charset: str

    @property
    def random_positions(self) -> int:
        return self.pattern.count(PLACEHOLDER)

    @property
    def space(self) -> int:
        """How many different codes the pattern can make."""
        return int(len(self.charset) ** self.random_positions)


def resolve_charset(value: str) -> str:
    """The characters of a named charset, or of a custom one given as its characters."""
    if value in CHARSETS:
        return CHARSETS[value]
    chars = "".join(dict.fromkeys(normalize_code(value)))
    if len(chars) < 2 or not set(chars) <= set(CHARSETS["alphanumeric"]):
        raise Invalid(f"charset is one of {', '.join(CHARSETS)}, or at least two letters or digits to draw from "
                      f"(case does not matter); got {value!r}.", code="invalid_code_pattern", field="charset")
    return chars


def build_pattern(*, pattern: str | None = None, prefix: str = "", postfix: str = "", length: int | None = None,
                  charset: str = DEFAULT_CHARSET) -> CodePattern:
    """A pattern from `pattern` ('XMAS-####-####') or from prefix + `length` random characters + postfix."""
    if (pattern is None) == (length is None):
        raise Invalid("Give either a pattern such as 'XMAS-####-####' or a length (with an optional prefix "
                      "and postfix).", code="invalid_code_pattern", field="pattern")
    if pattern is not None:
        if prefix or postfix:
            raise Invalid("prefix and postfix go with length; with a pattern, write them into it.",
                          code="invalid_code_pattern", field="prefix" if prefix else "postfix")
        template, where = normalize_code(pattern), "pattern"
    else:
        assert length is not None
        if length < 1:
            raise Invalid("length must be at least 1.", code="invalid_code_pattern", field="length")
        template, where = normalize_code(prefix) + PLACEHOLDER * length + normalize_code(postfix), "length"
    if PLACEHOLDER not in template:
        raise Invalid("A pattern needs at least one '#' for a random character.", code="invalid_code_pattern",
                      field=where)
    problem = code_problem(template.replace(PLACEHOLDER, "A"))
    if problem is not None:
        raise Invalid(f"The pattern makes codes that cannot be stored: {problem}.", code="invalid_code_pattern",
                      field=where)
    return CodePattern(pattern=template, charset=resolve_charset(charset))


def guesses_per_hit(space: int, valid_codes: int) -> int:
    """How many random guesses at a pattern find one valid code, on average."""
    return space // max(valid_codes, 1)


def check_code_space(code_pattern: CodePattern, *, existing: int, count: int) -> int:
    """The odds after adding `count` codes to `existing` ones of the same pattern; refused under the minimum."""
    valid = existing + count
    odds = guesses_per_hit(code_pattern.space, valid)
    if odds < MIN_GUESSES_PER_HIT:
        already = f" ({existing:,} already issued)" if existing else ""
        raise Invalid(
            f"With {valid:,} valid codes{already} of pattern {code_pattern.pattern} over {len(code_pattern.charset)} "
            f"characters ({code_pattern.space:,} possible codes), a random guess would hit a valid code once in "
            f"{odds:,} tries; at least {MIN_GUESSES_PER_HIT:,} are required. Use a longer pattern, a larger "
            "charset or a smaller batch.",
            code="code_space_too_small", field="count",
            details={"guesses_per_hit": odds, "minimum": MIN_GUESSES_PER_HIT, "possible_codes": code_pattern.space,
                     "valid_codes": valid},
        )
    return odds


def generate_code(code_pattern: CodePattern, choice: Callable[[str], str] = secrets.choice) -> str:
    """One code: each '#' replaced by a character drawn with a cryptographically secure generator."""
    return "".join(choice(code_pattern.charset) if char == PLACEHOLDER else char for char in code_pattern.pattern)


# --- CSV import ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedCode:
    line: int
    code: str
    balance_minor: int | None = None


@dataclass(frozen=True)
class LineError:
    line: int
    message: str


def parse_codes_csv(text: str, *, is_gift_card: bool, max_rows: int = MAX_IMPORT_ROWS) -> list[ImportedCode]:
    """Codes from a CSV with a `code` column (and, for gift cards, an optional `balance` in
    minor units). Line numbers count the header as line 1. Every problem is collected and
    the first ones are raised together: Invalid `invalid_csv`, each naming its line."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        raise Invalid("The file is empty: the first line must name the columns, e.g. 'code'.",
                      code="invalid_csv", field="csv", details={"errors": [{"line": 1, "message": "empty file"}]}
                      ) from None
    columns = [name.strip().lower() for name in header]
    allowed = ("code", "balance") if is_gift_card else ("code",)
    errors: list[LineError] = []
    if "code" not in columns:
        errors.append(LineError(1, f"the header must have a 'code' column; found {', '.join(map(repr, columns))}"))
    unknown = [name for name in columns if name not in allowed]
    if unknown:
        errors.append(LineError(1, f"unknown column(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(allowed)}"))
    if errors:
        _raise_csv(errors)
    code_at = columns.index("code")
    balance_at = columns.index("balance") if "balance" in columns else None
    seen: dict[str, int] = {}
    codes: list[ImportedCode] = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(codes) >= max_rows:
                errors.append(LineError(line, f"a file may hold at most {max_rows:,} codes"))
                break
            if len(row) != len(columns):
                errors.append(LineError(line, f"expected {len(columns)} column(s), found {len(row)}"))
                continue
            code = normalize_code(row[code_at])
            problem = code_problem(code)
            if problem is not None:
                errors.append(LineError(line, problem))
                continue
            if code in seen:
                errors.append(LineError(line, f"code {code!r} repeats line {seen[code]}"))
                continue
            seen[code] = line
            balance = None
            if balance_at is not None and row[balance_at].strip():
                raw = row[balance_at].strip()
                if not raw.isdigit() or int(raw) <= 0:
                    errors.append(LineError(line, f"balance is a whole number of minor units above 0; got {raw!r}"))
                    continue
                balance = int(raw)
            codes.append(ImportedCode(line=line, code=code, balance_minor=balance))
    except csv.Error as error:
        errors.append(LineError(reader.line_num, f"unreadable CSV: {error}"))
    if errors:
        _raise_csv(errors)
    if not codes:
        _raise_csv([LineError(1, "the file has a header but no codes")])
    return codes


def raise_line_errors(errors: Sequence[LineError]) -> None:
    if errors:
        _raise_csv(errors)


def _raise_csv(errors: Sequence[LineError]) -> None:
    shown = errors[:20]
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    raise Invalid(f"line {errors[0].line}: {errors[0].message}{more}.", code="invalid_csv", field="csv",
                  details={"errors": [{"line": error.line, "message": error.message} for error in shown],
                           "error_count": len(errors)})


# --- campaign terms ------------------------------------------------------------------------


def check_campaign(fields: Mapping[str, Any]) -> None:
    """Refuse campaign fields that do not fit together; `field` names the bad part (API names)."""
    kind = fields["kind"]
    if kind not in KINDS:
        raise Invalid(f"Unknown kind {kind!r}; use one of {', '.join(KINDS)}.", code="invalid_campaign",
                      field="kind")
    needed, optional = KIND_FIELDS[kind]
    for name in needed:
        if fields.get(name) is None:
            raise Invalid(f"A {kind} voucher needs '{API_NAMES.get(name, name)}'.", code="invalid_campaign",
                          field=API_NAMES.get(name, name))
    for name in TERM_FIELDS:
        if name not in needed and name not in optional and fields.get(name) is not None:
            raise Invalid(f"'{API_NAMES.get(name, name)}' is not used by a {kind} voucher.", code="invalid_campaign",
                          field=API_NAMES.get(name, name))
    if fields.get("condition") is not None:
        validate_condition(fields["condition"], VOUCHER_CATALOG, path="condition")
    if fields.get("line_condition") is not None:
        validate_condition(fields["line_condition"], VOUCHER_CATALOG, path="line_condition", in_lines=True)
    starts_at, ends_at = fields.get("starts_at"), fields.get("ends_at")
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise Invalid("ends_at must be after starts_at.", code="invalid_campaign", field="ends_at")


def campaign_tier_mentions(fields: Mapping[str, Any]) -> list[TierMention]:
    """The tier codes a campaign names in its `condition` and `line_condition` (see
    `rules.domain.tier_mentions`)."""
    return [*tier_mentions(fields.get("condition"), path="condition"),
            *tier_mentions(fields.get("line_condition"), path="line_condition")]


@dataclass(frozen=True)
class Terms:
    """A campaign as the checks and the discount see it."""

    campaign_id: int
    kind: str
    is_active: bool = True
    amount_minor: int | None = None
    percent: Decimal | None = None
    max_discount_minor: int | None = None
    sku: str | None = None
    free_quantity: int | None = None
    factor: Decimal | None = None
    condition: Mapping[str, Any] | None = None
    line_condition: Mapping[str, Any] | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    max_uses_per_member: int | None = None
    max_uses_total: int | None = None
    uses_total: int = 0
    # For the answer (validation shows the campaign); no check looks at it.
    name: str = ""

    @property
    def needs_member(self) -> bool:
        return self.max_uses_per_member is not None


@dataclass(frozen=True)
class CodeState:
    code_id: int
    code: str
    member_id: int | None = None
    uses: int = 0
    max_uses: int | None = None
    balance_minor: int | None = None


# --- baskets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BasketLine:
    line_no: int
    sku: str
    quantity: int
    unit_price_minor: int
    # What the line costs before vouchers (after any discount of its own), in minor units.
    amount_minor: int
    category: str | None = None
    name: str | None = None

    def flat(self) -> dict[str, Any]:
        return {"line_no": self.line_no, "line.sku": self.sku, "line.name": self.name,
                "line.category": self.category, "line.quantity": self.quantity,
                "line.unit_price": self.unit_price_minor, "line.amount": self.amount_minor}


@dataclass(frozen=True)
class Basket:
    """A checkout's basket, or a receipt being recorded. `total_minor` equals the lines' sum
    when there are lines; a basket may also be a bare total (vouchers then discount the total)."""

    lines: tuple[BasketLine, ...]
    total_minor: int
    channel: str
    store: str | None
    occurred_at: datetime


# --- may this code be used now --------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """Why a code cannot be used: a stable `code`, a message for people, and for conditions the trace."""

    code: str
    message: str
    why: tuple[str, ...] = ()


NOT_FOUND = Refusal("voucher_not_found", "This voucher code is not valid.")


def publish_refusal(*, is_active: bool, ends_at: datetime | None, now: datetime) -> Refusal | None:
    """Why the campaign's codes cannot be published now, or None when they can.

    A published code of a stopped or ended campaign would answer `voucher_inactive` or
    `voucher_expired` at the checkout: handing it out (for points, say) gives nothing. A
    campaign that has not started yet may publish: its codes work from `starts_at`.
    """
    if not is_active:
        return Refusal("voucher_campaign_inactive",
                       "The campaign is stopped, so its codes cannot be used; activate it before publishing.")
    if ends_at is not None and now >= ends_at:
        return Refusal("voucher_campaign_ended",
                       f"The campaign ended at {ends_at.isoformat()}, so its codes can no longer be used.")
    return None


def refusal(*, terms: Terms, code: CodeState, member_id: int | None, member_is_active: bool, member_uses: int,
            now: datetime, facts: Mapping[str, Any]) -> Refusal | None:
    """The first reason the code cannot be used for this member and basket, or None.

    A code published to another member answers exactly as a code that does not exist, so
    trying codes tells a caller nothing about other members' vouchers.
    """
    if code.member_id is not None and code.member_id != member_id:
        return NOT_FOUND
    if not terms.is_active:
        return Refusal("voucher_inactive", "This voucher is no longer offered.")
    if terms.starts_at is not None and now < terms.starts_at:
        return Refusal("voucher_not_yet_valid", f"This voucher is valid from {terms.starts_at.isoformat()}.")
    if terms.ends_at is not None and now >= terms.ends_at:
        return Refusal("voucher_expired", f"This voucher expired at {terms.ends_at.isoformat()}.")
    if terms.kind == GIFT_CARD and not code.balance_minor:
        return Refusal("voucher_used_up", "This gift card has no balance left.")
    if code.max_uses is not None and code.uses >= code.max_uses:
        message = "This code has already been used." if code.max_uses == 1 else \
            f"This code has been used {code.uses} times, its limit."
        return Refusal("voucher_used_up", message)
    if terms.max_uses_total is not None and terms.uses_total >= terms.max_uses_total:
        return Refusal("voucher_used_up", "This voucher campaign has been fully redeemed.")
    if member_id is not None and not member_is_active:
        return Refusal("voucher_not_for_member", "The member is blocked.")
    if terms.needs_member and member_id is None:
        return Refusal("voucher_not_for_member", "This voucher is limited per member: say which member uses it.")
    if terms.max_uses_per_member is not None and member_uses >= terms.max_uses_per_member:
        return Refusal("voucher_member_limit_reached",
                       f"The member has used this voucher {member_uses} time(s), the most allowed.")
    if terms.condition is not None and not evaluate_condition(terms.condition, facts):
        failing = failing_comparisons(terms.condition, facts)
        return Refusal("voucher_not_applicable", f"This voucher does not apply to this basket: {'; '.join(failing)}.",
                       tuple(explain_condition(terms.condition, facts)))
    return None


def failing_comparisons(tree: Mapping[str, Any], facts: Mapping[str, Any]) -> list[str]:
    """The comparisons that make a failing tree fail, each as explain() shows it, without
    repeats: within `all` the children that failed, within `any` all of them, within
    `any_line` what failed on each line (a comparison that holds on another line of an
    `any_line` that holds is not a reason)."""
    reasons: list[str] = []
    _failing(tree, facts, reasons)
    return list(dict.fromkeys(reasons))


def _failing(node: Mapping[str, Any], facts: Mapping[str, Any], out: list[str]) -> None:
    if evaluate_condition(node, facts):
        return
    if "all" in node or "any" in node:
        for child in node["all"] if "all" in node else node["any"]:
            _failing(child, facts, out)
    elif "not" in node:
        held = [line.strip() for line in explain_condition(node["not"], facts) if line.endswith(": yes")]
        out.append(f"not ({'; '.join(held)})")
    elif "any_line" in node or "all_lines" in node:
        lines = facts.get("lines") or []
        if not lines:
            out.append("the basket has no lines")
        for line in lines:
            _failing(node.get("any_line") or node["all_lines"], in_line_scope(line, facts), out)
    else:
        out.append(explain_condition(node, facts)[0].strip())


# --- the discount ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Discount:
    """What one voucher takes off a basket: in total and per line (line_no -> minor units)."""

    total_minor: int
    lines: dict[int, int] = field(default_factory=dict)
    # Why it is zero for a discount kind: the voucher then does not apply.
    why_nothing: str | None = None


@dataclass
class BasketState:
    """What is left of each line and of the total as the vouchers of one basket apply in turn."""

    lines: dict[int, int]
    total_minor: int

    @classmethod
    def of(cls, basket: Basket) -> BasketState:
        return cls(lines={line.line_no: line.amount_minor for line in basket.lines}, total_minor=basket.total_minor)

    def take(self, discount: Discount) -> None:
        for line_no, minor in discount.lines.items():
            self.lines[line_no] -= minor
        self.total_minor -= discount.total_minor


def discount_for(terms: Terms, basket: Basket, state: BasketState, facts: Mapping[str, Any],
                 gift_card_balance: int | None = None) -> Discount:
    """The discount `terms` give on what is left of the basket (`state`). Never negative,
    never more than a line holds, and the lines add up to the total exactly."""
    if terms.kind == POINTS_MULTIPLIER:
        return Discount(0)
    eligible = _eligible_lines(terms, basket, state, facts)
    if terms.kind == FREE_PRODUCT:
        return _free_product(terms, basket, eligible)
    if terms.line_condition is not None and not basket.lines:
        return Discount(0, why_nothing="this voucher discounts certain products; the basket has no lines")
    if basket.lines and not eligible:
        return Discount(0, why_nothing="no line of the basket is eligible for this voucher")
    available = sum(eligible.values()) if basket.lines else state.total_minor
    if terms.kind == FIXED_AMOUNT:
        assert terms.amount_minor is not None
        wanted = terms.amount_minor
    elif terms.kind == PERCENT:
        assert terms.percent is not None
        wanted = int((Decimal(available) * terms.percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if terms.max_discount_minor is not None:
            wanted = min(wanted, terms.max_discount_minor)
    elif terms.kind == GIFT_CARD:
        wanted = gift_card_balance or 0
    else:
        raise ValueError(f"unknown voucher kind {terms.kind!r}")
    total = max(0, min(wanted, available))
    if total == 0:
        return Discount(0, why_nothing="nothing is left in the basket to discount")
    return Discount(total, {no: share for no, share in split_proportionally(total, eligible).items() if share})


def _eligible_lines(terms: Terms, basket: Basket, state: BasketState, facts: Mapping[str, Any]) -> dict[int, int]:
    """Lines the discount may come from, with what is left of each."""
    eligible = {}
    for line in basket.lines:
        left = state.lines[line.line_no]
        if left <= 0:
            continue
        if terms.line_condition is not None and \
                not evaluate_condition(terms.line_condition, in_line_scope(line.flat(), facts)):
            continue
        eligible[line.line_no] = left
    return eligible


def _free_product(terms: Terms, basket: Basket, eligible: Mapping[int, int]) -> Discount:
    """The cheapest `free_quantity` units among the eligible lines of the SKU, each up to what is left of its line."""
    matching = sorted((line for line in basket.lines if line.sku == terms.sku and line.line_no in eligible),
                      key=lambda line: (line.unit_price_minor, line.line_no))
    if not matching:
        return Discount(0, why_nothing=f"the basket has no {terms.sku}")
    units = terms.free_quantity or 1
    lines: dict[int, int] = {}
    for line in matching:
        if units == 0:
            break
        taken = min(units, line.quantity)
        units -= taken
        share = min(taken * line.unit_price_minor, eligible[line.line_no])
        if share:
            lines[line.line_no] = share
    total = sum(lines.values())
    if total == 0:
        return Discount(0, why_nothing=f"the {terms.sku} in the basket costs nothing")
    return Discount(total, lines)


def shrink(discount: Discount, total_minor: int) -> Discount:
    """The same discount cut down to `total_minor`, its line shares in proportion (a gift card
    that has less left than it was going to pay)."""
    return Discount(total_minor, {no: share for no, share in split_proportionally(total_minor, discount.lines).items()
                                  if share})


def application_order(kinds: Sequence[str]) -> list[int]:
    """Indexes of the codes in the order they apply: as given, gift cards last."""
    return sorted(range(len(kinds)), key=lambda index: (kinds[index] == GIFT_CARD, index))
