"""Values kept in cookies the server signed: `base64url(json) "." base64url(HMAC-SHA256)`.

The key is derived from `settings.security.secret_key` and a purpose, so a value signed for one
cookie (the one-time notice, the gift page's session) is never accepted as another's, and any
process holding the same secret key reads what another signed. Nothing is encrypted: a signed
value holds only what its owner may see (an id, a CSRF token, a notice's text).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Signer:
    """Signs JSON values for one purpose and reads back only values it signed."""

    def __init__(self, secret_key: str, purpose: bytes) -> None:
        self._key = hmac.new(secret_key.encode(), purpose, hashlib.sha256).digest()

    def _signature(self, payload: str) -> str:
        return _b64encode(hmac.new(self._key, payload.encode(), hashlib.sha256).digest())

    def dump(self, value: Any) -> str:
        payload = _b64encode(json.dumps(value, separators=(",", ":")).encode())
        return f"{payload}.{self._signature(payload)}"

    def load(self, signed: str | None) -> Any:
        """The value `signed` holds if this signer signed it, else None."""
        if not signed or signed.count(".") != 1:
            return None
        payload, signature = signed.split(".")
        if not hmac.compare_digest(signature, self._signature(payload)):
            return None
        try:
            return json.loads(_b64decode(payload))
        except (ValueError, binascii.Error):
            return None
