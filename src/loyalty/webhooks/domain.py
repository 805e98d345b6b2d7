"""Webhooks' pure rules: which addresses may be called, the retry schedule, the message body and
its Standard Webhooks signature headers. Plain values in and out; no database, no network."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from standardwebhooks.webhooks import Webhook

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# The event types an endpoint may subscribe to: what integrators act on. Configuration changes
# (rules, tiers, campaigns edited in the panel) are not published; the catalogue
# (events/catalogue.py, docs/events.md) defines each type's payload.
SUBSCRIBABLE_TYPES: tuple[str, ...] = (
    "member.enrolled", "member.updated", "member.blocked", "member.unblocked", "consent.changed",
    "purchase.recorded", "purchase.refunded", "purchase.claimed",
    "points.earned", "points.spent", "points.adjusted", "points.released", "points.expired", "points.reversed",
    "points.returned", "points.transferred_in", "points.transferred_out", "cashback.credited",
    "tier.changed",
    "reward.redeemed", "redemption.confirmed", "redemption.shipped", "redemption.delivered", "redemption.cancelled",
    "voucher.published", "voucher.redeemed", "voucher.rolled_back",
    "referral.linked", "referral.rewarded", "referral.rejected", "referral.reversed",
    "card.issued", "card.registered", "card.blocked", "card.replaced",
    "custom_event.received",
    # Journeys (docs/journeys.md): a call_webhook step, and where members enter, leave and convert.
    "journey.webhook", "journey.entered", "journey.exited", "journey.converted",
)

# Attempts in all (the first and the retries). The wait after the n-th failed attempt is
# RETRY_BASE_SECONDS ** n: procrastinate's RetryStrategy(exponential_wait=5) waits the same
# (exponential_wait ** (retries so far + 1)), so the job and the row agree on the time.
MAX_ATTEMPTS = 8
RETRY_BASE_SECONDS = 5
TIMEOUT_SECONDS = 10.0
RESPONSE_BODY_KEPT = 1000  # characters of a receiver's answer kept in the delivery log
PREVIOUS_SECRET_VALID_FOR = timedelta(hours=24)

# Addresses no webhook goes to, even where private networks are allowed: cloud metadata services.
METADATA_ADDRESSES = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"),
                                ipaddress.ip_address("100.100.100.200")})
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def retry_delay(failed_attempts: int) -> timedelta:
    """How long after the `failed_attempts`-th failure the next attempt is due."""
    return timedelta(seconds=RETRY_BASE_SECONDS ** failed_attempts)


def retry_schedule() -> list[timedelta]:
    """The waits between the attempts, first retry first (docs/webhooks.md prints them)."""
    return [retry_delay(n) for n in range(1, MAX_ATTEMPTS)]


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses deliveries may reach besides public ones (the operator's setting).

    `allow_private_networks` opens every non-public address except the cloud metadata
    services; `allowed_networks` opens only the networks listed (the metadata addresses too,
    if a listed network holds them: that is asking for it by name).
    """

    allow_private_networks: bool = False
    allowed_networks: tuple[IpNetwork, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, allow_private_networks: bool, allowed_networks: Iterable[str]) -> AddressPolicy:
        return cls(allow_private_networks, tuple(ipaddress.ip_network(cidr, strict=False)
                                                 for cidr in allowed_networks))


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries to the same host (mapped, 6to4, Teredo, NAT64)."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def refusal(address: IpAddress) -> str | None:
    """Why a public webhook may not reach `address` (None: it may): the class it belongs to."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return refusal(embedded)
    if address in METADATA_ADDRESSES:
        return "metadata"
    checks = (("unspecified", address.is_unspecified), ("loopback", address.is_loopback),
              ("link_local", address.is_link_local), ("multicast", address.is_multicast),
              ("cgnat", isinstance(address, ipaddress.IPv4Address) and address in _CGNAT),
              ("reserved", address.is_reserved), ("private", address.is_private),
              ("not_global", not address.is_global))
    return next((name for name, hit in checks if hit), None)


def address_refusal(address: IpAddress, policy: AddressPolicy) -> str | None:
    """Why a delivery may not connect to `address` under the operator's policy (None: it may)."""
    reason = refusal(address)
    if reason is None:
        return None
    candidates = [address]
    if isinstance(address, ipaddress.IPv6Address) and (embedded := _embedded_ipv4(address)) is not None:
        candidates.append(embedded)
    if any(candidate in network for candidate in candidates for network in policy.allowed_networks
           if candidate.version == network.version):
        return None
    if policy.allow_private_networks and reason != "metadata":
        return None
    return reason


def message_body(*, event_id: int, type: str, program_id: int, member_id: int | None, occurred_at: datetime,
                 payload: dict[str, Any]) -> str:
    """The JSON a receiver gets, in the Standard Webhooks shape (type, timestamp, data)."""
    return json.dumps({"type": type, "timestamp": occurred_at.isoformat(),
                       "data": {"event_id": event_id, "program_id": program_id, "member_id": member_id,
                                "payload": payload}}, separators=(",", ":"), sort_keys=True, default=str)


def signed_headers(*, webhook_id: str, timestamp: datetime, body: str, secrets: Sequence[str]) -> dict[str, str]:
    """`webhook-id`, `webhook-timestamp` and `webhook-signature` (one `v1,` signature per secret:
    the current one, and the previous one while a rotation is under way)."""
    signatures = [Webhook(secret).sign(webhook_id, timestamp, body) for secret in secrets]
    return {"webhook-id": webhook_id, "webhook-timestamp": str(int(timestamp.timestamp())),
            "webhook-signature": " ".join(signatures), "content-type": "application/json"}
