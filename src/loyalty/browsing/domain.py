"""Pure rules of web behaviour: where a visit came from, and the shop's signed identify tokens."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

# A visit's attribution window: a purchase of a product this long after its view counts as the
# view's conversion; a purchase this long after a campaign's visit counts as brought back by it.
ATTRIBUTION_WINDOW = timedelta(days=7)
# Web events older than this are deleted, and visitors not seen since then with them: the
# 13 months audience-measurement guidance in Europe (CNIL) gives trackers, and a year-on-year
# comparison still fits inside it.
RETENTION = timedelta(days=395)
# An identify token may live at most this long: the shop's server signs it for the visitor of
# the page it renders (the token names that visitor), so a copied one stops working soon.
MAX_TOKEN_LIFETIME = timedelta(minutes=10)
# At most this many visitors (browsers) may join one member per day through identify tokens: a
# leaked secret or a scripted shop page cannot attach an unbounded number of visitors to a member.
MAX_VISITORS_PER_MEMBER_PER_DAY = 20
_TOKEN = re.compile(r"(\d{1,18})\.(\d{1,12})\.([0-9a-f]{64})", re.ASCII)
SEARCH_ENGINES = ("google.", "bing.", "duckduckgo.", "yahoo.", "yandex.", "ecosia.", "baidu.")
DIRECT = "(direct)"
NONE = "(none)"


@dataclass(frozen=True)
class Source:
    source: str
    medium: str
    campaign: str | None
    referrer_host: str | None


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host[:200] if host else None


def source_of(*, utm_source: str | None, utm_medium: str | None, utm_campaign: str | None,
              referrer: str | None, page_host: str | None) -> Source:
    """What brought a visit: its UTM parameters when it has them; otherwise the referring site
    (a search engine is `organic`, another site a `referral`); a referrer on the shop's own
    host, or none, is direct."""
    referrer_host = host_of(referrer)
    if referrer_host and page_host and referrer_host.removeprefix("www.") == page_host.removeprefix("www."):
        referrer_host = None  # moving between the shop's own pages brings nobody
    campaign = (utm_campaign or "").strip().lower()[:100] or None
    if utm_source and utm_source.strip():
        return Source(utm_source.strip().lower()[:100], (utm_medium or "").strip().lower()[:100] or NONE,
                      campaign, referrer_host)
    if referrer_host:
        bare = referrer_host.removeprefix("www.")
        medium = "organic" if any(bare.startswith(engine) for engine in SEARCH_ENGINES) else "referral"
        return Source(bare[:100], medium, campaign, referrer_host)
    return Source(DIRECT, NONE, campaign, None)


def path_of(url: str | None) -> str | None:
    """The page's path, without its query (which may carry personal data): what is kept."""
    if not url:
        return None
    try:
        return urlsplit(url).path[:300] or "/"
    except ValueError:
        return None


def new_public_key() -> str:
    return "pk_" + secrets.token_urlsafe(24)


def new_signing_secret() -> str:
    return secrets.token_hex(32)


def identify_signature(secret: str, member_id: int, visitor_id: str, expires: int) -> str:
    """Hex HMAC-SHA256 of `identify:<member id>.<visitor id>.<expiry>` with the signing secret."""
    message = f"identify:{member_id}.{visitor_id}.{expires}"
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def identify_token(secret: str, member_id: int, visitor_id: str, expires_at: datetime) -> str:
    """`<member id>.<expiry, unix seconds>.<hex HMAC-SHA256>`: what the shop's server renders
    into the page of a signed-in customer. The signature covers the visitor id (the page's
    `loyalty_vid` cookie), so the token identifies only that browser (docs/browsing.md shows it
    in a few languages)."""
    expires = int(expires_at.timestamp())
    return f"{member_id}.{expires}.{identify_signature(secret, member_id, visitor_id, expires)}"


@dataclass(frozen=True)
class TokenCheck:
    member_id: int | None
    problem: str | None  # None when valid; else the error code


def check_identify_token(secret: str, token: str, visitor_id: str, now: datetime) -> TokenCheck:
    """The member an identify token names for `visitor_id`, or why it is refused:
    `invalid_identity_token` (malformed, not ours, tampered with, or signed for another visitor)
    or `identity_token_expired` (or valid for longer than MAX_TOKEN_LIFETIME)."""
    match = _TOKEN.fullmatch(token)
    if match is None:
        return TokenCheck(None, "invalid_identity_token")
    member_id, expires, signature = int(match.group(1)), int(match.group(2)), match.group(3)
    expected = identify_signature(secret, member_id, visitor_id, expires)
    if not hmac.compare_digest(expected.encode("ascii"), signature.encode("ascii")):
        return TokenCheck(None, "invalid_identity_token")
    moment = now.timestamp()
    if expires < moment or expires > moment + MAX_TOKEN_LIFETIME.total_seconds():
        return TokenCheck(None, "identity_token_expired")
    return TokenCheck(member_id, None)


def origin_allowed(origin: str | None, allowed: list[str]) -> bool:
    """An exact origin (`https://shop.example`) from the program's list; `*` allows any."""
    if not origin:
        return False
    return "*" in allowed or origin.rstrip("/").lower() in {item.rstrip("/").lower() for item in allowed}


def normalize_origin(text: str) -> str | None:
    """`https://shop.example` from what an administrator typed; None when it is no origin."""
    text = text.strip()
    if text == "*":
        return text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{port}"


def conversion_rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
