"""Pure referral rules: who counts as the same person, whether a purchase qualifies, links.

No database here: the service gathers the facts, these functions decide, the service
persists the decision.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

# Reason codes a referral carries when it is not (or no longer) rewarded. Stable: integrators
# and reports key on them.
SELF_REFERRAL_EMAIL = "self_referral_email"
SELF_REFERRAL_PHONE = "self_referral_phone"
SELF_REFERRAL_ADDRESS = "self_referral_address"
REFERRER_BLOCKED = "referrer_blocked"
CAP_REACHED = "referral_cap_reached"
PROGRAM_INACTIVE = "referral_program_inactive"
WINDOW_CLOSED = "qualifying_window_closed"
PURCHASE_REFUNDED = "qualifying_purchase_refunded"

# A till enrols the customer and rings up the purchase in the same minute, and its clock
# may run a little behind ours: a purchase this much "before" the signup still counts.
SIGNUP_CLOCK_TOLERANCE = timedelta(minutes=15)

# Providers that ignore dots in the local part (and googlemail.com is gmail.com).
_DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}
_NOT_CODE = re.compile(r"[\s\-_]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Identity:
    """What tells two members apart, as stored by the members domain."""

    email: str | None
    phone: str | None
    address: Mapping[str, Any] | None


@dataclass(frozen=True)
class Reward:
    unit: str
    points: int


@dataclass(frozen=True)
class Terms:
    """A program's referral settings, as the decision needs them."""

    is_active: bool
    min_purchase_minor: int
    qualifying_days: int
    referrer_reward: Reward
    referee_reward: Reward
    cap_count: int | None
    cap_period_days: int | None

    def cap_window_start(self, now: datetime) -> datetime | None:
        if self.cap_period_days is None:
            return None
        return now - timedelta(days=self.cap_period_days)


INACTIVE_TERMS = Terms(is_active=False, min_purchase_minor=0, qualifying_days=30,
                       referrer_reward=Reward("points", 0), referee_reward=Reward("points", 0),
                       cap_count=None, cap_period_days=None)


def normalize_code(value: str) -> str:
    """A code as typed from a link, a receipt or a voice call: any case, spaces and dashes ignored."""
    return _NOT_CODE.sub("", value).upper()


def email_identity(email: str) -> str:
    """The mailbox an address delivers to: case folded, `+tag` dropped, and for Gmail the dots
    in the local part dropped (`A.nna+x@GoogleMail.com` is `anna@gmail.com`)."""
    local, _, domain = email.strip().lower().rpartition("@")
    if not local:
        return email.strip().lower()
    local = local.split("+", 1)[0]
    if domain in _DOTLESS_DOMAINS:
        local = local.replace(".", "")
        domain = _DOTLESS_DOMAINS[domain]
    return f"{local}@{domain}"


def _words(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    # "ł" has no decomposition; it is the one letter of Central Europe that needs a hand.
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).replace("ł", "l")
    return " ".join(part for part in _NOT_WORD.split(plain) if part)


def address_identity(address: Mapping[str, Any] | None) -> str | None:
    """A comparable key for a postal address: street lines, postal code (or city) and country,
    ignoring case, accents, punctuation and spacing. None when the address is too thin to
    name a dwelling (no street line, or neither postal code nor city)."""
    if not address:
        return None
    street = " ".join(part for part in (_words(address.get("line1")), _words(address.get("line2"))) if part)
    place = _words(address.get("postal_code")).replace(" ", "") or _words(address.get("city"))
    if not street or not place:
        return None
    return "|".join((_words(address.get("country")), place, street))


def self_referral_reason(referrer: Identity, referee: Identity) -> str | None:
    """The reason code when the referee looks like the referrer themself, else None."""
    if referrer.email and referee.email and email_identity(referrer.email) == email_identity(referee.email):
        return SELF_REFERRAL_EMAIL
    if referrer.phone and referee.phone and referrer.phone == referee.phone:
        return SELF_REFERRAL_PHONE
    referrer_address = address_identity(referrer.address)
    if referrer_address is not None and referrer_address == address_identity(referee.address):
        return SELF_REFERRAL_ADDRESS
    return None


def qualifies_until(signed_up_at: datetime, terms: Terms) -> datetime:
    return signed_up_at + timedelta(days=terms.qualifying_days)


@dataclass(frozen=True)
class Decision:
    """What a purchase does to a pending referral.

    `settle` False: nothing changes (the purchase is too small or before the signup).
    Otherwise the referral becomes `status` with `reason`, and each side gets its reward
    when `reward_referrer` / `reward_referee` say so.
    """

    settle: bool
    status: str = "pending"
    reason: str | None = None
    reward_referrer: bool = False
    reward_referee: bool = False


NO_CHANGE = Decision(settle=False)


def decide(*, terms: Terms, signed_up_at: datetime, occurred_at: datetime, total_minor: int,
           self_referral: str | None, referrer_is_active: bool, rewarded_in_cap_window: int) -> Decision:
    """Whether a referee's purchase is the qualifying one, and what each side gets for it.

    The qualifying action is the first purchase of at least the minimum total made within
    the window after signing up. Smaller purchases, and purchases from before the signup,
    leave the referral pending. A self-referral or a paused programme rewards nobody. The
    referrer's own limits (blocked, cap reached) cost only the referrer their reward: the
    referee did what was asked and keeps the reward promised at signup.
    """
    if occurred_at < signed_up_at - SIGNUP_CLOCK_TOLERANCE:
        return NO_CHANGE
    if occurred_at > qualifies_until(signed_up_at, terms):
        return Decision(settle=True, status="rejected", reason=WINDOW_CLOSED)
    if total_minor < terms.min_purchase_minor:
        return NO_CHANGE
    if not terms.is_active:
        return Decision(settle=True, status="rejected", reason=PROGRAM_INACTIVE)
    if self_referral is not None:
        return Decision(settle=True, status="rejected", reason=self_referral)
    if not referrer_is_active:
        return Decision(settle=True, status="rejected", reason=REFERRER_BLOCKED, reward_referee=True)
    if terms.cap_count is not None and terms.cap_period_days is not None \
            and rewarded_in_cap_window >= terms.cap_count:
        return Decision(settle=True, status="rejected", reason=CAP_REACHED, reward_referee=True)
    return Decision(settle=True, status="rewarded", reward_referrer=True, reward_referee=True)


def link_rejection(*, terms: Terms, self_referral: str | None) -> str | None:
    """Why a signup with a known code is refused at once (the referral is stored rejected), or None.

    A blocked referrer is not a reason here: blocking may be lifted, so it is judged at the
    qualifying purchase, where it costs only the referrer their reward.
    """
    if not terms.is_active:
        return PROGRAM_INACTIVE
    if self_referral is not None:
        return self_referral
    return None


def still_qualifies(*, remaining_total_minor: int, threshold_minor: int) -> bool:
    """Whether what is left of the qualifying purchase after a refund still meets the threshold."""
    return remaining_total_minor >= threshold_minor


def referral_link(public_url: str, code: str, *, program_id: int | None = None) -> str:
    """`{public_url}/r/{code}`; with `program_id` when the code alone is ambiguous across programs."""
    link = f"{public_url.rstrip('/')}/r/{quote(code, safe='')}"
    return f"{link}?program={program_id}" if program_id is not None else link


def signup_redirect(signup_url: str, code: str) -> str:
    """The program's signup page with `referral_code` added to its query (other parameters kept)."""
    parts = urlsplit(signup_url)
    query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if key != "referral_code"]
    query.append(("referral_code", code))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def check_signup_url(value: str) -> str:
    """An absolute http(s) URL, or ValueError saying what is wrong."""
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("signup_url must be an absolute http:// or https:// address, "
                         "e.g. https://shop.example.com/join")
    return text
