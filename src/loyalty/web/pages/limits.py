"""Sign-in attempts on the pages, counted with the `limits` package per client address and per
what was typed (an e-mail, a code's prefix). Every attempt counts, a successful one too:
counting first and checking after keeps parallel guesses from slipping between the two."""

from __future__ import annotations

from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import RateLimiter, SlidingWindowCounterRateLimiter
from starlette.requests import Request

from loyalty.web.ratelimit import built_once, hit_or_refuse


@dataclass(frozen=True)
class SignInLimiter:
    namespace: str
    limiter: RateLimiter
    per_ip: RateLimitItem
    per_key: RateLimitItem

    def attempt(self, *, client_ip: str, key: str) -> None:
        """Count one attempt; RateLimited (with `retry_after` seconds) when either limit is spent."""
        for item, kind, identifier in ((self.per_ip, "ip", client_ip), (self.per_key, "key", key.lower())):
            hit_or_refuse(self.limiter, item, self.namespace, kind, identifier,
                          message="Too many sign-in attempts; try again in {retry_after} s.")


def staff_sign_in_limiter(request: Request) -> SignInLimiter:
    return built_once(request, "staff_sign_in_limiter", lambda settings: SignInLimiter(
        "staff-sign-in", SlidingWindowCounterRateLimiter(storage_from_string(settings.rate_limit.storage_uri)),
        parse(settings.rate_limit.staff_sign_in_per_ip), parse(settings.rate_limit.staff_sign_in_per_email)))


def member_sign_in_limiter(request: Request) -> SignInLimiter:
    return built_once(request, "member_sign_in_limiter", lambda settings: SignInLimiter(
        "member-sign-in", SlidingWindowCounterRateLimiter(storage_from_string(settings.rate_limit.storage_uri)),
        parse(settings.rate_limit.member_sign_in_per_ip), parse(settings.rate_limit.member_sign_in_per_email)))


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"
