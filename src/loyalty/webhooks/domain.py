"""Webhooks' pure rules: which addresses may be called, the retry schedule, the message body and
its Standard Webhooks signature headers. Plain values in and out; no database, no network."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from standardwebhooks.webhooks import Webhook

# The address rule is the kernel's (shared with web push); its names stay importable from here.
from loyalty.kernel.addresses import METADATA_ADDRESSES as METADATA_ADDRESSES
from loyalty.kernel.addresses import AddressPolicy as AddressPolicy
from loyalty.kernel.addresses import IpAddress as IpAddress
from loyalty.kernel.addresses import IpNetwork as IpNetwork
from loyalty.kernel.addresses import address_refusal as address_refusal
from loyalty.kernel.addresses import refusal as refusal

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

def retry_delay(failed_attempts: int) -> timedelta:
    """How long after the `failed_attempts`-th failure the next attempt is due."""
    return timedelta(seconds=RETRY_BASE_SECONDS ** failed_attempts)


def retry_schedule() -> list[timedelta]:
    """The waits between the attempts, first retry first (docs/webhooks.md prints them)."""
    return [retry_delay(n) for n in range(1, MAX_ATTEMPTS)]


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
