"""Pure rules of gift vouchers and prepaid bonus cards: codes, card numbers and PINs, who may
use a balance, which catalogue rewards a gift can buy, receipt numbers, and the CSV of codes.

No database here: service.py feeds these plain values and persists what they return.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from random import Random
from typing import Any

from loyalty.kernel import clock, luhn
from loyalty.kernel.errors import Unauthorized
from loyalty.rewards.domain import DONATION, E_VOUCHER, PHYSICAL, POINTS_UNIT

VOUCHER = "voucher"
BONUS_CARD = "bonus_card"
KINDS = (VOUCHER, BONUS_CARD)

ACTIVE = "active"
CANCELLED = "cancelled"
BLOCKED = "blocked"

ISSUE = "issue"
TOP_UP = "top_up"
SPEND = "spend"
RETURN = "return"
CANCEL = "cancel"
MOVEMENT_KINDS = (ISSUE, TOP_UP, SPEND, RETURN, CANCEL)

# What a person who is not a member can take: things delivered or handed over at once, and
# gifts to a cause. Coupons, cashback and stamp cards live on a member's account.
GIFT_REWARD_KINDS = (PHYSICAL, E_VOUCHER, DONATION)

# No 0/O or 1/I: a code typed from a printed card survives the trip.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_PREFIX = "GIFT"
CODE_GROUPS = 4
CODE_GROUP_LENGTH = 4
CODE_LENGTH = CODE_GROUPS * CODE_GROUP_LENGTH
# 16 characters of 32: 80 bits, so guessing a code is hopeless whatever the batch size.
CODE_ENTROPY_BITS = CODE_LENGTH * 5
CARD_NUMBER_LENGTH = 16
PIN_PATTERN = re.compile(r"^[0-9]{4,12}$")
GENERATED_PIN_LENGTH = 6

_system_random = secrets.SystemRandom()


class SignInRefused(Unauthorized):
    """One message for every reason (unknown, expired, cancelled, blocked, wrong PIN), so the
    page tells a guesser nothing."""

    code = "gift_sign_in_failed"


VOUCHER_REFUSED = "This code is not valid, or it has expired."
CARD_REFUSED = "This card number and PIN are not valid, or the card can no longer be used."


# --- voucher codes ------------------------------------------------------------------------------


def generate_code(rng: Random = _system_random) -> str:
    """A new code as printed: GIFT-7K2M-Q9XR-4HPD-WN3C."""
    groups = ["".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH)) for _ in range(CODE_GROUPS)]
    return "-".join([CODE_PREFIX, *groups])


def normalize_code(text: str) -> str | None:
    """The canonical form of a code as a person typed it (any case, spaces or dashes, with or
    without the GIFT prefix), or None when it cannot be one of ours."""
    compact = re.sub(r"[\s-]", "", text).upper()
    if compact.startswith(CODE_PREFIX):
        compact = compact[len(CODE_PREFIX):]
    if len(compact) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in compact):
        return None
    groups = [compact[i:i + CODE_GROUP_LENGTH] for i in range(0, CODE_LENGTH, CODE_GROUP_LENGTH)]
    return "-".join([CODE_PREFIX, *groups])


def code_hash(canonical_code: str) -> str:
    """What is stored instead of the code. A plain SHA-256 is enough for 80 random bits."""
    return hashlib.sha256(canonical_code.encode()).hexdigest()


def visible_prefix(canonical_code: str) -> str:
    """The part of a code that may be shown and searched for: GIFT-7K2M."""
    return canonical_code[:len(CODE_PREFIX) + 1 + CODE_GROUP_LENGTH]


# --- bonus cards --------------------------------------------------------------------------------


def normalize_card_number(text: str) -> str | None:
    """The card's 16 digits as typed (spaces and dashes dropped), or None when the text is not a
    Luhn-valid 16-digit number."""
    digits = re.sub(r"[\s-]", "", text)
    if len(digits) != CARD_NUMBER_LENGTH or not luhn.is_valid(digits):
        return None
    return digits


def generate_card_number(prefix: str, rng: Random = _system_random) -> str:
    """`prefix` + random digits + a Luhn check digit, 16 digits in all."""
    if not prefix.isdigit():
        raise ValueError(f"card prefix must be digits, got {prefix!r}")
    random_digits = CARD_NUMBER_LENGTH - len(prefix) - 1
    if random_digits < 6:
        raise ValueError(f"card prefix {prefix!r} leaves too few random digits")
    payload = prefix + str(rng.randrange(10**random_digits)).zfill(random_digits)
    return payload + luhn.check_digit(payload)


def masked_card_number(number: str) -> str:
    return f"•••• {number[-4:]}"


def generate_pin(rng: Random = _system_random) -> str:
    return str(rng.randrange(10**GENERATED_PIN_LENGTH)).zfill(GENERATED_PIN_LENGTH)


def is_valid_pin(pin: str) -> bool:
    return bool(PIN_PATTERN.fullmatch(pin))


def sign_in_key(text: str) -> str:
    """What sign-in attempts are counted by besides the client's address: a bonus card's whole
    number (that protects its PIN), else the visible prefix of the code typed."""
    number = normalize_card_number(text)
    if number is not None:
        return f"card:{number}"
    canonical = normalize_code(text)
    if canonical is not None:
        return f"code:{visible_prefix(canonical)}"
    return "code:" + re.sub(r"[\s-]", "", text).upper()[:len(CODE_PREFIX) + CODE_GROUP_LENGTH]


# --- who may use a balance ----------------------------------------------------------------------


def is_expired(expires_at: datetime | None, now: datetime) -> bool:
    return expires_at is not None and now >= expires_at


def is_usable(status: str, expires_at: datetime | None, now: datetime) -> bool:
    return status == ACTIVE and not is_expired(expires_at, now)


def display_name(kind: str, *, code_prefix: str | None, card_number: str | None) -> str:
    """How the page and the receipt name a balance without revealing it."""
    if kind == BONUS_CARD and card_number:
        return f"Bonus card {masked_card_number(card_number)}"
    return f"Gift voucher {code_prefix}-…" if code_prefix else "Gift voucher"


# --- which rewards a gift can buy ---------------------------------------------------------------


@dataclass(frozen=True)
class GiftTerms:
    """What a reward asks of a gift, beyond what it asks of anyone (rewards.domain.refusals)."""

    kind: str
    unit: str
    money_price: int
    eligible_tiers: Sequence[str]


def not_for_gifts(terms: GiftTerms) -> str | None:
    """Why a gift can never buy this reward (it belongs to members), or None when it can."""
    if terms.kind not in GIFT_REWARD_KINDS:
        return f"A {terms.kind.replace('_', '-')} reward is for members only."
    if terms.unit != POINTS_UNIT:
        return "This reward is paid in stamps, which a gift does not hold."
    if terms.money_price:
        return "This reward asks for money on top of the points, which the gift page cannot take."
    if terms.eligible_tiers:
        return "This reward is for members of some tiers only."
    return None


# --- receipts -----------------------------------------------------------------------------------


def receipt_number(redemption_id: int, created_at: datetime) -> str:
    """G- for gifts, so it is never confused with a member's R- receipt of the same id."""
    return f"G-{clock.as_utc(created_at):%Y%m%d}-{redemption_id:06d}"


def address_lines(address: Mapping[str, Any] | None) -> list[str]:
    if not address:
        return []
    city = " ".join(part for part in (address.get("postal_code"), address.get("city")) if part)
    lines = [address.get("line1"), address.get("line2"), city, address.get("region"), address.get("country")]
    return [str(line) for line in lines if line]


# --- codes handed to the program ----------------------------------------------------------------


@dataclass(frozen=True)
class IssuedCode:
    voucher_id: int
    code: str


def codes_csv(*, label: str, value: int, expires_at: datetime | None, codes: Sequence[IssuedCode]) -> str:
    """The batch as the program prints or mails it: one row per voucher, a header row first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["voucher_id", "code", "value", "expires_at", "label"])
    expiry = clock.as_utc(expires_at).isoformat() if expires_at else ""
    for issued in codes:
        writer.writerow([issued.voucher_id, issued.code, value, expiry, label])
    return out.getvalue()
