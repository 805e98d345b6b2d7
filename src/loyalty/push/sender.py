"""Sends one notification to one subscription: encrypted for the browser (RFC 8291, aes128gcm)
and signed with the installation's VAPID key (RFC 8292), by pywebpush. HTTP, so never inside a
unit of work: the worker reads the targets, sends, then records the outcomes."""

from __future__ import annotations

import json
import socket
import time
from typing import Any
from urllib.parse import urlsplit

from loyalty.push import domain
from loyalty.push.schemas import PushOutcome, PushTarget, VapidKeys

GONE_STATUSES = (404, 410)
# A push service's own claims are good for at most 24 h; 12 h is what pywebpush uses as well.
CLAIMS_LIFETIME_SECONDS = 12 * 60 * 60


def _resolves_publicly(endpoint: str) -> bool:
    """Each address the endpoint's host has now is public (checked at each send, since a name
    can start pointing at a private address after it was subscribed)."""
    parts = urlsplit(endpoint)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(parts.hostname or "", port, proto=socket.IPPROTO_TCP)
    except OSError:
        return True  # unresolvable: the send fails by itself, as a retryable failure
    return all(domain.is_public_address(str(info[4][0]).split("%")[0]) for info in found)


def send(target: PushTarget, payload: dict[str, Any], *, keys: VapidKeys, subject: str, ttl_seconds: int,
         timeout_seconds: float, allow_private_endpoints: bool = False) -> PushOutcome:
    """Posts `payload` (JSON, at most ~3 kB after encryption) to the subscription's push service."""
    import requests
    from py_vapid import Vapid
    from pywebpush import WebPushException, webpush

    if not allow_private_endpoints and not _resolves_publicly(target.endpoint):
        return PushOutcome(subscription_id=target.id, result="refused",
                           detail="the endpoint resolves to a private address")
    vapid = Vapid.from_pem(keys.private_pem.encode("ascii"))
    parts = urlsplit(target.endpoint)
    claims: dict[str, str | int] = {"sub": subject, "aud": f"{parts.scheme}://{parts.netloc}",
                                    "exp": int(time.time()) + CLAIMS_LIFETIME_SECONDS}
    http = requests.Session()
    http.max_redirects = 0  # a push service never redirects; following one could lead anywhere
    try:
        response: Any = webpush(
            {"endpoint": target.endpoint, "keys": {"p256dh": target.p256dh, "auth": target.auth}},
            data=json.dumps(payload, ensure_ascii=False, separators=(",", ":")), vapid_private_key=vapid,
            vapid_claims=claims, ttl=ttl_seconds, timeout=timeout_seconds, requests_session=http)
    except WebPushException as error:
        status = error.status_code
        return PushOutcome(subscription_id=target.id, result="gone" if status in GONE_STATUSES else "failed",
                           status=status, detail=str(error.message)[:500])
    except Exception as error:  # noqa: BLE001 - connection refused, timeout, TLS: all retryable
        return PushOutcome(subscription_id=target.id, result="failed", detail=f"{type(error).__name__}: {error}"[:500])
    finally:
        http.close()
    return PushOutcome(subscription_id=target.id, result="delivered", status=int(response.status_code))
