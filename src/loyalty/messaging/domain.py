"""Pure rules of messaging: quiet hours, the frequency cap's window, which language version a
member gets, which rewards are within reach, and the signed unsubscribe token."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Rewards costing up to this share above the balance are "within reach" (and those already affordable).
WITHIN_REACH_SHARE = 0.2


@dataclass(frozen=True)
class Rules:
    """A channel's fatigue rules (messaging.models.ChannelSettings as plain values)."""

    cap_count: int | None
    cap_days: int
    quiet_start_minute: int | None
    quiet_end_minute: int | None


def minutes_of(text: str | None) -> int | None:
    """'21:30' -> 1290; None stays None."""
    if text is None or text == "":
        return None
    hours, _, minutes = text.partition(":")
    return int(hours) * 60 + int(minutes)


def clock_text(minutes: int | None) -> str | None:
    return None if minutes is None else f"{minutes // 60:02d}:{minutes % 60:02d}"


def zone(name: str | None, fallback: str) -> ZoneInfo:
    """The member's timezone when it is a known one, else the program's."""
    for candidate in (name, fallback):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def quiet_until(now: datetime, *, tz: ZoneInfo, start_minute: int | None, end_minute: int | None) -> datetime | None:
    """When quiet hours hold at `now` (UTC) in `tz`, the moment (UTC) they end; else None.

    The window may wrap midnight (21:00–08:00) or not (13:00–14:00); equal ends mean none.
    """
    if start_minute is None or end_minute is None or start_minute == end_minute:
        return None
    local = now.astimezone(tz)
    minute = local.hour * 60 + local.minute
    if start_minute < end_minute:
        inside = start_minute <= minute < end_minute
        end_day = local.date()
    else:
        inside = minute >= start_minute or minute < end_minute
        end_day = local.date() + timedelta(days=1) if minute >= start_minute else local.date()
    if not inside:
        return None
    end_local = datetime.combine(end_day, time(end_minute // 60, end_minute % 60), tzinfo=tz)
    return end_local.astimezone(now.tzinfo)


def cap_window_start(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


def is_capped(sent_in_window: int, cap_count: int | None) -> bool:
    return cap_count is not None and sent_in_window >= cap_count


def choose_language(available: Iterable[str], *, wanted: Sequence[str | None], fallback: str) -> str | None:
    """The version to use: the first wanted language present (exact, then its base: 'pl-PL' ->
    'pl'), then the template's fallback, then any (the alphabetically first)."""
    languages = sorted(available)
    if not languages:
        return None
    for language in wanted:
        if not language:
            continue
        if language in languages:
            return language
        base = language.split("-")[0].lower()
        if base in languages:
            return base
    if fallback in languages:
        return fallback
    return languages[0]


@dataclass(frozen=True)
class RewardOffer:
    reward_id: int
    name: str
    points_price: int


@dataclass(frozen=True)
class RewardInReach:
    reward_id: int
    name: str
    points_price: int
    points_missing: int  # 0 when the member can already afford it


def within_reach(offers: Sequence[RewardOffer], balance: int, *, share: float = WITHIN_REACH_SHARE,
                 limit: int = 5) -> list[RewardInReach]:
    """Rewards whose price is at most `share` above the balance, the dearest (the most tempting) first."""
    ceiling = balance * (1 + share)
    found = [RewardInReach(offer.reward_id, offer.name, offer.points_price, max(0, offer.points_price - balance))
             for offer in offers if 0 < offer.points_price <= ceiling]
    found.sort(key=lambda reward: (-reward.points_price, reward.reward_id))
    return found[:limit]


def _signature(secret: str, purpose: str, value: str) -> str:
    if not secret:  # anyone could make a token signed with an empty key
        raise ValueError("signing needs a secret key")
    digest = hmac.new(secret.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def sign(secret: str, purpose: str, value: int) -> str:
    """'<value>.<signature>': a token only a holder of `secret` could have made for `purpose`."""
    return f"{value}.{_signature(secret, purpose, str(value))}"


def unsign(secret: str, purpose: str, token: str) -> int | None:
    """The value of a token `sign` made with `secret`; None for any other (and for every token
    when there is no secret)."""
    value, _, signature = token.partition(".")
    if not secret or not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    if not hmac.compare_digest(signature.encode(), _signature(secret, purpose, value).encode()):
        return None
    return int(value)


def survey_token(secret: str, survey_id: int, member_id: int) -> str:
    """A member's answer link token for one survey (surveys/ checks it): signed here, beside the
    other one-click links, so a message can carry it without messaging knowing surveys."""
    return sign(secret, f"survey:{survey_id}", member_id)


def survey_link_member(secret: str, survey_id: int, token: str) -> int | None:
    return unsign(secret, f"survey:{survey_id}", token)


def survey_path(survey_id: int, token: str) -> str:
    return f"/app/surveys/{survey_id}/answer?t={token}"


# --- who brought the visitor: UTM parameters on tracked links ----------------------------------

UTM_SOURCE = "loyalty"


def utm_campaign_of(*, source: str, template_key: str) -> str:
    """The `utm_campaign` a message's links carry: `campaign-12` / `journey-3` for a campaign's or
    a journey's message (the browsing domain's "brought back" table groups by it), else the
    template's key (a birthday wish, a points-expiry reminder)."""
    kind, _, ident = source.partition(":")
    if kind in ("campaign", "journey") and ident.isdigit():
        return f"{kind}-{ident}"
    return template_key


def with_utm(url: str, *, medium: str, campaign: str) -> str:
    """`url` with utm_source, utm_medium and utm_campaign added, so the shop's analytics and the
    tracking script know what brought the visit. A link that already names its utm_campaign is
    the owner's own tagging and is left exactly as written."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(name == "utm_campaign" for name, _ in query):
        return url
    present = {name for name, _ in query}
    added = [(name, value) for name, value in (("utm_source", UTM_SOURCE), ("utm_medium", medium),
                                               ("utm_campaign", campaign)) if name not in present]
    extra = urlencode(added)
    return urlunsplit(parts._replace(query=f"{parts.query}&{extra}" if parts.query else extra))
