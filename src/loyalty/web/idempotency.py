"""Running a write under an Idempotency-Key header."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Header
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from loyalty.idempotency import service as idempotency_service
from loyalty.kernel.hashing import canonical_hash
from loyalty.web.deps import ApiContext
from loyalty.web.errors import IDEMPOTENCY_HEADER

MAX_KEY_LENGTH = 255  # idempotency_records.key
IdempotencyKey = Annotated[str | None, Header(
    alias=IDEMPOTENCY_HEADER, min_length=1, max_length=MAX_KEY_LENGTH,
    description="Makes a retry safe: the same key with the same body replays the first answer (with "
                "`Idempotent-Replayed: true`) and never applies the write twice; with another body it is 409 "
                "`idempotency_mismatch`. Any unique text, such as a UUID.")]
# Where a retry applied twice would cost money (points spent, a coupon redeemed), the key is
# required: without it the answer is 422 `idempotency_key_required` (web/errors.py).
RequiredIdempotencyKey = Annotated[str, Header(
    alias=IDEMPOTENCY_HEADER, min_length=1, max_length=MAX_KEY_LENGTH,
    description="Required. Makes a retry safe: the same key with the same body replays the first answer (with "
                "`Idempotent-Replayed: true`) and never applies the write twice; with another body it is 409 "
                "`idempotency_mismatch`. Any unique text, such as a UUID.")]


def run_idempotent(context: ApiContext, session: Session, *, key: str | None, operation: str,
                   request_payload: Any, status_code: int,
                   produce: Callable[[], dict[str, Any]]) -> JSONResponse:
    """`produce()` runs once per key; a replay with the same payload gets the stored body.

    Without a key the write simply runs (the endpoint documents whether one is required).
    """
    if key is None:
        return JSONResponse(produce(), status_code=status_code)
    claim = idempotency_service.claim(
        session=session, program_id=context.program_id, api_key_id=context.api_key_id,
        operation=operation, key=key, request_hash=canonical_hash(request_payload),
    )
    if claim.replay is not None:
        return JSONResponse(claim.replay.body, status_code=claim.replay.status_code,
                            headers={"Idempotent-Replayed": "true"})
    body = produce()
    assert claim.record_id is not None
    idempotency_service.store(session=session, record_id=claim.record_id, status_code=status_code, body=body)
    return JSONResponse(body, status_code=status_code)
