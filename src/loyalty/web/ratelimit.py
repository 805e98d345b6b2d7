"""Attempt limits for guessable endpoints (voucher validation, public links), with the `limits` package.

One limiter per app, built on first use from `settings.rate_limit`: counters in memory, or
in Redis when `storage_uri` says so, which is what several processes or hosts need to share
one count. A request over a limit raises RateLimited (`rate_limited`, HTTP 429) with
`retry_after` seconds, which web/errors.py turns into the Retry-After header.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from fastapi import Request
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import RateLimiter, SlidingWindowCounterRateLimiter

from loyalty.config import RateLimitSettings, Settings
from loyalty.kernel.errors import RateLimited

_building = threading.Lock()
T = TypeVar("T")


def hit_or_refuse(limiter: RateLimiter, item: RateLimitItem, namespace: str, *identifiers: str,
                  message: str) -> None:
    """Count one attempt; RateLimited with `retry_after` seconds when the window is spent.

    `message` may hold `{retry_after}`."""
    if limiter.hit(item, namespace, *identifiers):
        return
    reset_at = limiter.get_window_stats(item, namespace, *identifiers).reset_time
    retry_after = max(1, math.ceil(reset_at - time.time()))
    raise RateLimited(message.format(retry_after=retry_after), details={"retry_after": retry_after})


def built_once(request: Request, name: str, build: Callable[[Settings], T]) -> T:
    """An app-wide object (a limiter) built on first use from the app's settings."""
    state = request.app.state
    existing: T | None = getattr(state, name, None)
    if existing is None:
        with _building:
            existing = getattr(state, name, None)
            if existing is None:
                existing = build(state.settings)
                setattr(state, name, existing)
    return existing


@dataclass(frozen=True)
class VoucherAttemptLimiter:
    """Voucher validation attempts per API key and per member.

    Sliding-window counters: a burst cannot double up at a window's edge, and each check is
    two counter reads and one increment whatever the limit.
    """

    limiter: RateLimiter
    per_key: RateLimitItem
    per_member: RateLimitItem

    @classmethod
    def from_settings(cls, settings: RateLimitSettings) -> VoucherAttemptLimiter:
        return cls(limiter=SlidingWindowCounterRateLimiter(storage_from_string(settings.storage_uri)),
                   per_key=parse(settings.voucher_validation_per_key),
                   per_member=parse(settings.voucher_validation_per_member))

    def attempt(self, *, program_id: int, api_key_id: int, member_id: int | None) -> None:
        """Count one attempt; RateLimited when the key's or the member's limit is spent."""
        self._hit(self.per_key, "key", str(program_id), str(api_key_id), who="this API key")
        if member_id is not None:
            self._hit(self.per_member, "member", str(program_id), str(member_id), who="this member")

    def _hit(self, item: RateLimitItem, *identifiers: str, who: str) -> None:
        hit_or_refuse(self.limiter, item, "voucher-validation", *identifiers,
                      message=f"Too many voucher attempts for {who} (at most {item.amount} per "
                              f"{item.get_expiry()} seconds); try again in {{retry_after}} s.")


def voucher_limiter(request: Request) -> VoucherAttemptLimiter:
    """The app's limiter (built once, from the app's settings)."""
    return built_once(request, "voucher_attempt_limiter",
                      lambda settings: VoucherAttemptLimiter.from_settings(settings.rate_limit))


@dataclass(frozen=True)
class PublicLinkLimiter:
    """Follows of public links (referral links) per client address: codes cannot be walked."""

    limiter: RateLimiter
    per_ip: RateLimitItem

    def attempt(self, client_ip: str) -> None:
        hit_or_refuse(self.limiter, self.per_ip, "public-link", client_ip,
                      message="Too many requests from this address; try again in {retry_after} s.")


def public_link_limiter(request: Request) -> PublicLinkLimiter:
    """The app's public-link limiter (built once, from the app's settings)."""
    return built_once(request, "public_link_limiter", lambda settings: PublicLinkLimiter(
        limiter=SlidingWindowCounterRateLimiter(storage_from_string(settings.rate_limit.storage_uri)),
        per_ip=parse(settings.rate_limit.public_link_per_ip)))


@dataclass(frozen=True)
class TrackingLimiter:
    """The e-shop tracking script's batches, per client address and per program key: a page
    cannot flood the events table, and one busy shop cannot starve another."""

    limiter: RateLimiter
    per_ip: RateLimitItem
    per_key: RateLimitItem

    def attempt_ip(self, *, client_ip: str) -> None:
        """Charged first, before anything is read: one address cannot flood the endpoint."""
        hit_or_refuse(self.limiter, self.per_ip, "tracking-ip", client_ip,
                      message="Too many tracking requests from this address; try again in {retry_after} s.")

    def attempt_key(self, *, public_key: str) -> None:
        """Charged only once the key and the page's origin were accepted: requests a foreign
        origin sends with a shop's (public) key do not spend that shop's budget."""
        hit_or_refuse(self.limiter, self.per_key, "tracking-key", public_key,
                      message="Too many tracking requests for this key; try again in {retry_after} s.")


def tracking_limiter(request: Request) -> TrackingLimiter:
    """The app's tracking limiter (built once, from the app's settings)."""
    return built_once(request, "tracking_limiter", lambda settings: TrackingLimiter(
        limiter=SlidingWindowCounterRateLimiter(storage_from_string(settings.rate_limit.storage_uri)),
        per_ip=parse(settings.rate_limit.tracking_per_ip), per_key=parse(settings.rate_limit.tracking_per_key)))


@dataclass(frozen=True)
class SegmentCountLimiter:
    """Live counts of a segment condition per API key: each one scans the program's members."""

    limiter: RateLimiter
    per_key: RateLimitItem

    def attempt(self, *, program_id: int, api_key_id: int) -> None:
        hit_or_refuse(self.limiter, self.per_key, "segment-count", str(program_id), str(api_key_id),
                      message=f"Too many segment counts for this API key (at most {self.per_key.amount} per "
                              f"{self.per_key.get_expiry()} seconds); try again in {{retry_after}} s.")


def segment_count_limiter(request: Request) -> SegmentCountLimiter:
    """The app's segment-count limiter (built once, from the app's settings)."""
    return built_once(request, "segment_count_limiter", lambda settings: SegmentCountLimiter(
        limiter=SlidingWindowCounterRateLimiter(storage_from_string(settings.rate_limit.storage_uri)),
        per_key=parse(settings.rate_limit.segment_count_per_key)))
