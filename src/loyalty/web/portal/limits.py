"""Sign-in attempts on the gift page, counted with the `limits` package per client address and
per voucher code prefix or bonus card number (`settings.rate_limit.gift_sign_in_*`).

Every attempt counts, a successful one too: counting first and checking the code after is
what keeps a burst of parallel guesses from slipping through between a check and a count.
Counters live where `rate_limit.storage_uri` says (memory, or Redis for several hosts).
"""

from __future__ import annotations

from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import RateLimiter, SlidingWindowCounterRateLimiter
from starlette.requests import Request

from loyalty.config import RateLimitSettings
from loyalty.web.ratelimit import built_once, hit_or_refuse

NAMESPACE = "gift-sign-in"


@dataclass(frozen=True)
class GiftSignInLimiter:
    limiter: RateLimiter
    per_ip: RateLimitItem
    per_code: RateLimitItem

    @classmethod
    def from_settings(cls, settings: RateLimitSettings) -> GiftSignInLimiter:
        return cls(limiter=SlidingWindowCounterRateLimiter(storage_from_string(settings.storage_uri)),
                   per_ip=parse(settings.gift_sign_in_per_ip), per_code=parse(settings.gift_sign_in_per_code))

    def attempt(self, *, client_ip: str, code_key: str) -> None:
        """Count one attempt; RateLimited (with `retry_after` seconds) when either limit is spent."""
        self._hit(self.per_ip, "ip", client_ip)
        self._hit(self.per_code, "code", code_key)

    def _hit(self, item: RateLimitItem, *identifiers: str) -> None:
        hit_or_refuse(self.limiter, item, NAMESPACE, *identifiers,
                      message="Too many sign-in attempts; try again in {retry_after} s.")


def sign_in_limiter(request: Request) -> GiftSignInLimiter:
    """The app's limiter, built once from the app's settings."""
    return built_once(request, "gift_sign_in_limiter",
                      lambda settings: GiftSignInLimiter.from_settings(settings.rate_limit))
