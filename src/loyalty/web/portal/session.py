"""The gift page's session: a signed cookie that holds the signed-in voucher's id and the
session's CSRF token, nothing else.

The cookie is `base64url(json) "." base64url(HMAC-SHA256)`, keyed by a key derived from
`settings.security.secret_key`, and carries its own expiry, so any process holding the same
secret key can read it and nothing is kept on the server. It is HttpOnly (no script reads it),
SameSite=Lax (no other site's form posts with it) and Secure whenever the site is served
over HTTPS.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, replace

COOKIE_NAME = "loyalty_gift"
COOKIE_PATH = "/gift"
# Long enough to choose and fill in an address, short enough that a shared computer forgets.
MAX_AGE_SECONDS = 60 * 60
_KEY_PURPOSE = b"loyalty.web.portal.gift-session.v1"


@dataclass(frozen=True)
class GiftSession:
    voucher_id: int | None
    csrf_token: str
    expires_at: int

    @property
    def is_signed_in(self) -> bool:
        return self.voucher_id is not None

    def checks(self, csrf_token: str | None) -> bool:
        return bool(csrf_token) and hmac.compare_digest(self.csrf_token, csrf_token or "")

    def renewed(self) -> GiftSession:
        return replace(self, expires_at=int(time.time()) + MAX_AGE_SECONDS)


def new_session(voucher_id: int | None = None) -> GiftSession:
    """A session with a fresh CSRF token: signing in or out starts a new one, so a token seen
    before sign-in is useless after it."""
    return GiftSession(voucher_id=voucher_id, csrf_token=secrets.token_urlsafe(24),
                       expires_at=int(time.time()) + MAX_AGE_SECONDS)


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionCodec:
    """Signs and reads session cookies with one secret key."""

    def __init__(self, secret_key: str) -> None:
        self._key = hmac.new(secret_key.encode(), _KEY_PURPOSE, hashlib.sha256).digest()

    def _signature(self, payload: str) -> str:
        return _b64encode(hmac.new(self._key, payload.encode(), hashlib.sha256).digest())

    def dump(self, session: GiftSession) -> str:
        payload = _b64encode(json.dumps({"v": session.voucher_id, "c": session.csrf_token, "e": session.expires_at},
                                        separators=(",", ":")).encode())
        return f"{payload}.{self._signature(payload)}"

    def load(self, cookie: str | None) -> GiftSession | None:
        """The session in a cookie this server signed and that has not expired; None for anything else."""
        if not cookie or cookie.count(".") != 1:
            return None
        payload, signature = cookie.split(".")
        if not hmac.compare_digest(signature, self._signature(payload)):
            return None
        try:
            data = json.loads(_b64decode(payload))
        except (ValueError, binascii.Error):
            return None
        if not isinstance(data, dict):
            return None
        voucher_id, csrf_token, expires_at = data.get("v"), data.get("c"), data.get("e")
        if (voucher_id is not None and not isinstance(voucher_id, int)) or not isinstance(csrf_token, str) \
                or not isinstance(expires_at, int) or expires_at <= time.time():
            return None
        return GiftSession(voucher_id=voucher_id, csrf_token=csrf_token, expires_at=expires_at)
