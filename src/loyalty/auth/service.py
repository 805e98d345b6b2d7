"""API keys: shown once, stored as SHA-256.

A SHA-256 of a 192-bit random secret is as safe to store as an Argon2 hash of a password
(nobody can brute-force 2^192) and costs microseconds, which matters on every request at
checkout speed. Argon2 is for the low-entropy secrets people choose (staff passwords).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from loyalty.auth import repository
from loyalty.auth.models import ApiKey
from loyalty.auth.scopes import SCOPES
from loyalty.events import service as events
from loyalty.kernel import clock, paging
from loyalty.kernel.errors import Invalid, NotFound, Unauthorized
from loyalty.kernel.paging import Slice

KEY_PREFIX = "lk"


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    secret: str  # the full token, shown once


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_key(*, session: Session, program_id: int, name: str, scopes: list[str],
                   actor: str = "system") -> IssuedKey:
    unknown = [scope for scope in scopes if scope not in SCOPES]
    if unknown:
        raise Invalid(f"Unknown scope(s): {', '.join(unknown)}. Known: {', '.join(SCOPES)}.",
                      code="unknown_scope", field="scopes")
    if not scopes:
        raise Invalid("Give at least one scope.", code="unknown_scope", field="scopes")
    if not name.strip():
        raise Invalid("Give the key a name.", field="name")
    prefix = secrets.token_hex(6)
    token = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(24)}"
    key = ApiKey(program_id=program_id, name=name.strip(), prefix=prefix, key_hash=_hash(token),
                 scopes=list(dict.fromkeys(scopes)), created_at=clock.now())
    repository.add(session, key)
    events.record(session=session, program_id=program_id, type="api_key.created", actor=actor,
                  payload={"api_key_id": key.id, "name": key.name, "scopes": key.scopes})
    return IssuedKey(key=key, secret=token)


def authenticate(*, session: Session, token: str) -> ApiKey:
    """The live key for `token`; Unauthorized otherwise (one message for every reason)."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        raise Unauthorized("Invalid API key.", code="invalid_api_key")
    key = repository.by_prefix(session, parts[1])
    if key is None or key.revoked_at is not None or not hmac.compare_digest(key.key_hash, _hash(token)):
        raise Unauthorized("Invalid API key.", code="invalid_api_key")
    return key


def list_api_keys(*, session: Session, program_id: int, after_id: int | None = None,
                  limit: int = 50) -> Slice[ApiKey]:
    """The program's keys, oldest first, paged by id."""
    paging.check_limit(limit)
    return paging.slice_of(repository.for_program(session, program_id, after_id=after_id, limit=limit + 1), limit,
                           key=lambda key: key.id)


def revoke_api_key(*, session: Session, program_id: int, key_id: int, actor: str = "system") -> ApiKey:
    key = repository.get(session, key_id)
    if key is None or key.program_id != program_id:
        raise NotFound(f"API key {key_id} does not exist.", code="api_key_not_found")
    if key.revoked_at is None:
        key.revoked_at = clock.now()
        events.record(session=session, program_id=program_id, type="api_key.revoked", actor=actor,
                      payload={"api_key_id": key.id, "name": key.name})
    return key
