"""Campaign rules without a database: who is held out, what a member costs, which members a
condition picks, and whether a campaign's parts fit together."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from loyalty.kernel.conditions import FieldCatalog
from loyalty.kernel.errors import Invalid
from loyalty.rules.domain import MEMBER_FIELDS, MEMBER_PREFIX, SEGMENT_FIELDS

# A campaign's condition looks at the member only; a campaign to a segment's members is the
# condition {"field": "member.segments", "op": "contains", "value": <segment id>}.
MEMBER_CATALOG = FieldCatalog({**MEMBER_FIELDS, **SEGMENT_FIELDS}, (MEMBER_PREFIX,))

STATUSES = ("draft", "scheduled", "running", "completed", "stopped")
EDITABLE_STATUSES = ("draft", "scheduled")
CHANNELS = ("email", "sms", "push", "inbox")
OFFER_KINDS = ("none", "points", "coupon")
BUDGET_KINDS = ("none", "points", "money")
CHUNK_SIZE = 1000
MAX_CONTROL_SHARE = Decimal("0.9")
# Voucher campaign kinds whose codes carry their own money value (the coupon's cost).
VALUED_VOUCHER_KINDS = ("fixed_amount", "gift_card")

_HASH_SPACE = float(2**64)


def control_position(seed: str, member_id: int) -> float:
    """A member's place in [0, 1) for this campaign: the first 8 bytes of SHA-256 of
    "seed:member_id". The same seed and member always land in the same place, and the places
    of different members are spread evenly, whatever the order they are looked at in."""
    digest = hashlib.sha256(f"{seed}:{member_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / _HASH_SPACE


def is_control(seed: str, member_id: int, share: Decimal | float) -> bool:
    """Whether the member is held out: their place is below the control share."""
    return control_position(seed, member_id) < float(share)


@dataclass(frozen=True)
class Costing:
    """What one reached member costs: in the budget's unit, and in money (minor units)."""

    per_member: int
    value_minor: int


def costing(*, offer_kind: str, offer_points: int | None, offer_value_minor: int, budget_kind: str) -> Costing:
    """The budget's cost of one reached member: the points given (points budget), or the
    offer's money value (money budget: the coupon's value, or the points at the program's
    point value). A message costs nothing here."""
    points = offer_points or 0 if offer_kind == "points" else 0
    value = offer_value_minor if offer_kind != "none" else 0
    if budget_kind == "points":
        return Costing(per_member=points, value_minor=value)
    if budget_kind == "money":
        return Costing(per_member=value, value_minor=value)
    return Costing(per_member=0, value_minor=value)


def check_parts(*, offer_kind: str, offer_points: int | None, voucher_campaign_id: int | None,
                has_message: bool, budget_kind: str, budget_total: int | None, cost_per_member: int,
                target_kind: str, list_size: int) -> None:
    """Refuse a campaign whose parts do not fit together; `field` names the bad part."""
    if offer_kind == "none" and not has_message:
        raise Invalid("A campaign sends a message, gives an offer, or both.", code="invalid_campaign",
                      field="message")
    if offer_kind == "points" and not offer_points:
        raise Invalid("A points offer gives a number of points.", code="invalid_campaign", field="offer.points")
    if offer_kind == "coupon" and voucher_campaign_id is None:
        raise Invalid("A coupon offer names the voucher campaign whose codes it gives.", code="invalid_campaign",
                      field="offer.voucher_campaign_id")
    if budget_kind == "points" and offer_kind != "points":
        raise Invalid("A budget in points needs an offer of points.", code="invalid_budget", field="budget.kind")
    if budget_kind != "none":
        if budget_total is None:
            raise Invalid("Give the budget's amount.", code="invalid_budget", field="budget.amount")
        if cost_per_member <= 0:
            raise Invalid("The offer has no money value for a money budget to count: give the coupon's value.",
                          code="invalid_budget", field="offer.value")
    if target_kind == "list" and list_size == 0:
        raise Invalid("The list names no members.", code="invalid_campaign", field="members")


def chunk_bounds(boundaries: Sequence[int], last_id: int | None) -> list[tuple[int, int]]:
    """(after, through] member-id ranges: `boundaries` are every CHUNK_SIZE-th member id in
    order, `last_id` the highest; an empty audience has no chunks."""
    if last_id is None:
        return []
    ends = [bound for bound in boundaries if bound < last_id] + [last_id]
    starts = [0, *ends[:-1]]
    return list(zip(starts, ends, strict=True))


@dataclass(frozen=True)
class IdentifierKinds:
    member_ids: list[int]
    emails: list[str]
    card_numbers: list[str]
    unreadable: list[str]


CARD_NUMBER_MIN_DIGITS = 12


def classify_identifiers(lines: Sequence[str]) -> IdentifierKinds:
    """A pasted or uploaded list, one member a line (or separated by commas or semicolons):
    an e-mail has an @, a number of CARD_NUMBER_MIN_DIGITS digits or more (spaces allowed) is a
    card number, a shorter one a member id. A first line of words only (a header such as
    "email") is skipped; anything else that is none of these is `unreadable`."""
    member_ids: list[int] = []
    emails: list[str] = []
    cards: list[str] = []
    unreadable: list[str] = []
    for number, line in enumerate(lines):
        if number == 0 and line.strip() and all(part.strip().replace("_", "").isalpha()
                                                for part in line.replace(";", ",").split(",") if part.strip()):
            continue
        for part in line.replace(";", ",").split(","):
            text = part.strip().strip('"').strip()
            if not text:
                continue
            if "@" in text:
                emails.append(text.lower())
                continue
            digits = text.replace(" ", "").replace("-", "")
            if digits.isdigit() and digits.isascii():
                if len(digits) >= CARD_NUMBER_MIN_DIGITS:
                    cards.append(digits)
                else:
                    member_ids.append(int(digits))
            else:
                unreadable.append(text)
    return IdentifierKinds(member_ids=member_ids, emails=emails, card_numbers=cards, unreadable=unreadable)
