"""Stable hashes of request bodies, for idempotency checks."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_hash(value: Any) -> str:
    """SHA-256 of the canonical JSON form: key order and whitespace do not change it."""
    encoded = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str).encode()
    return hashlib.sha256(encoded).hexdigest()
