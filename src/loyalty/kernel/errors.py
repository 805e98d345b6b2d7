"""Domain errors: a kind (the class) and a stable machine-readable code.

Only `web/errors.py` and the CLI know how a kind is shown (HTTP status, exit code).
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error a user can cause; `code` is stable, `message` is for people."""

    code: str = "error"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None,
                 details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field
        self.details = details or {}


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class Forbidden(DomainError):
    code = "forbidden"


class Unauthorized(DomainError):
    code = "unauthorized"


class Invalid(DomainError):
    code = "invalid"


class RateLimited(DomainError):
    code = "rate_limited"


class InsufficientPoints(Conflict):
    code = "insufficient_points"

    def __init__(self, *, available: int, requested: int, unit: str = "points") -> None:
        super().__init__(
            f"Not enough {unit}: {available} available, {requested} requested.",
            details={"available": available, "requested": requested, "unit": unit},
        )


class IdempotencyMismatch(Conflict):
    code = "idempotency_mismatch"

    def __init__(self, what: str = "Idempotency-Key") -> None:
        super().__init__(
            f"This {what} was already used with a different request body; use a new key for a new request."
        )
