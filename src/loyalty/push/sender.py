"""Sends one notification to one subscription: encrypted for the browser (RFC 8291, aes128gcm)
and signed with the installation's VAPID key (RFC 8292). pywebpush only encrypts; the POST is
ours (loyalty.push.network): to the address that was checked, never to a private one, within a
deadline. HTTP, so never inside a unit of work: the worker reads the targets, sends, then
records the outcomes."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlsplit

import httpx

from loyalty.push import domain, network
from loyalty.push.schemas import PushOutcome, PushTarget, VapidKeys

GONE_STATUSES = (404, 410)
# A push service's own claims are good for at most 24 h; 12 h is what pywebpush uses as well.
CLAIMS_LIFETIME_SECONDS = 12 * 60 * 60


def encrypted_request(target: PushTarget, payload: dict[str, Any], *, keys: VapidKeys, subject: str,
                      ttl_seconds: int) -> tuple[bytes, dict[str, str]]:
    """The body (the payload encrypted for the browser) and the headers (VAPID signature, TTL,
    content encoding) a push service expects."""
    from py_vapid import Vapid
    from pywebpush import WebPusher

    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    subscription = {"endpoint": target.endpoint, "keys": {"p256dh": target.p256dh, "auth": target.auth}}
    body = bytes(WebPusher(subscription).encode(data, "aes128gcm")["body"])
    parts = urlsplit(target.endpoint)
    claims: dict[str, str | int] = {"sub": subject, "aud": f"{parts.scheme}://{parts.netloc}",
                                    "exp": int(time.time()) + CLAIMS_LIFETIME_SECONDS}
    signed = Vapid.from_pem(keys.private_pem.encode("ascii")).sign(claims)
    headers = {str(name).lower(): str(value) for name, value in signed.items()}
    headers.update({"content-encoding": "aes128gcm", "ttl": str(ttl_seconds),
                    "content-type": "application/octet-stream", "user-agent": "loyalty-push/1"})
    return body, headers


def send(target: PushTarget, payload: dict[str, Any], *, keys: VapidKeys, subject: str, ttl_seconds: int,
         timeout_seconds: float, allow_private_endpoints: bool = False,
         transport: httpx.BaseTransport | None = None) -> PushOutcome:
    """Posts `payload` (JSON, at most ~3 kB after encryption) to the subscription's push service,
    all of it (resolving the name included) within `timeout_seconds`."""
    deadline = time.monotonic() + timeout_seconds
    try:
        checked = network.check(target.endpoint, domain.address_policy(allow_private_endpoints), deadline=deadline)
    except network.Refused as refused:
        return PushOutcome(subscription_id=target.id, result="refused", detail=str(refused))
    except network.Unresolvable as unresolved:
        return PushOutcome(subscription_id=target.id, result="failed", detail=str(unresolved))
    try:
        body, headers = encrypted_request(target, payload, keys=keys, subject=subject, ttl_seconds=ttl_seconds)
    except Exception as error:  # noqa: BLE001 - keys the browser library cannot use: this device only
        return PushOutcome(subscription_id=target.id, result="failed",
                           detail=f"not encrypted: {type(error).__name__}: {error}"[:500])
    try:
        answer = network.post(checked, body=body, headers=headers, deadline=deadline, transport=transport)
    except httpx.TimeoutException:
        return PushOutcome(subscription_id=target.id, result="failed", detail=f"no answer within {timeout_seconds:g} s")
    except httpx.HTTPError as error:  # connection refused, TLS: all retryable
        return PushOutcome(subscription_id=target.id, result="failed", detail=f"{type(error).__name__}: {error}"[:500])
    if 200 <= answer.status <= 202:
        return PushOutcome(subscription_id=target.id, result="delivered", status=answer.status)
    detail = f"Push failed: {answer.status}" + (" (redirect not followed)" if 300 <= answer.status < 400 else "")
    return PushOutcome(subscription_id=target.id, result="gone" if answer.status in GONE_STATUSES else "failed",
                       status=answer.status, detail=f"{detail} {answer.text}".strip()[:500])
