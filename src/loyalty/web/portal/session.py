"""The gift page's session: a signed cookie that holds the signed-in voucher's id and the
session's CSRF token, nothing else.

A gift holder is no user of the server (no staff user, no member), so unlike the other faces'
sessions nothing is kept on the server: the cookie is signed by the page layer's signer
(web/pages/signing.py, keyed by `settings.security.secret_key` for this purpose alone) and
carries its own expiry, so any process holding the same secret key can read it. It is HttpOnly
(no script reads it), SameSite=Lax (no other site's form posts with it) and Secure whenever the
site is served over HTTPS.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass, replace

from loyalty.web.pages.signing import Signer

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
        return bool(csrf_token) and hmac.compare_digest(self.csrf_token.encode(), (csrf_token or "").encode())

    def renewed(self) -> GiftSession:
        return replace(self, expires_at=int(time.time()) + MAX_AGE_SECONDS)


def new_session(voucher_id: int | None = None) -> GiftSession:
    """A session with a fresh CSRF token: signing in or out starts a new one, so a token seen
    before sign-in is useless after it."""
    return GiftSession(voucher_id=voucher_id, csrf_token=secrets.token_urlsafe(24),
                       expires_at=int(time.time()) + MAX_AGE_SECONDS)


class SessionCodec:
    """Signs and reads session cookies with one secret key."""

    def __init__(self, secret_key: str) -> None:
        self._signer = Signer(secret_key, _KEY_PURPOSE)

    def dump(self, session: GiftSession) -> str:
        return self._signer.dump({"v": session.voucher_id, "c": session.csrf_token, "e": session.expires_at})

    def load(self, cookie: str | None) -> GiftSession | None:
        """The session in a cookie this server signed and that has not expired; None for anything else."""
        data = self._signer.load(cookie)
        if not isinstance(data, dict):
            return None
        voucher_id, csrf_token, expires_at = data.get("v"), data.get("c"), data.get("e")
        if (voucher_id is not None and not isinstance(voucher_id, int)) or not isinstance(csrf_token, str) \
                or not isinstance(expires_at, int) or expires_at <= time.time():
            return None
        return GiftSession(voucher_id=voucher_id, csrf_token=csrf_token, expires_at=expires_at)
