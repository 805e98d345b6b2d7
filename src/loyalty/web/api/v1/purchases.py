"""Purchases, refunds and claims of receipts recorded without a member."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse
from pydantic import ConfigDict

from loyalty.idempotency import service as idempotency
from loyalty.kernel.hashing import canonical_hash
from loyalty.members import service as members
from loyalty.members.schemas import MAX_ID
from loyalty.purchases import service
from loyalty.purchases.schemas import (
    MEMBER_PURCHASE_EXAMPLES,
    ClaimOutcome,
    MemberPurchaseRead,
    PurchaseClaim,
    PurchaseCreate,
    PurchaseLineRead,
    PurchaseOutcome,
    PurchaseRead,
    RefundCreate,
    RefundOutcome,
)
from loyalty.web.checkout_lane import LaneEndpoint
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared
from loyalty.web.idempotency import IdempotencyKey
from loyalty.web.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, cursor_key, encode_cursor
from loyalty.web.ratelimit import voucher_limiter

router = APIRouter(tags=["purchases"])
Writer = Annotated[ApiContext, Depends(require("purchases:write"))]
Reader = Annotated[ApiContext, Depends(require("members:read"))]
PurchaseId = Annotated[int, Path(ge=1, le=MAX_ID, description="The purchase's id.")]
MemberId = Annotated[int, Path(ge=1, le=MAX_ID, description="The member's id.")]


@router.post("/purchases", status_code=201, responses={**declared(
        '404 `member_not_found`: the member named is not in this program',
        '404 `voucher_not_found`: a coupon code is unknown',
        '409 `external_id_conflict`: this external_id was recorded with another body',
        "409 a coupon's refusal: `voucher_used_up`, `voucher_expired`, `voucher_inactive`, `voucher_not_yet_valid`, "
        "`voucher_member_limit_reached`, `voucher_not_for_member`, `voucher_not_applicable`",
        '409 `member_blocked`: the member is blocked',
        "422 `currency_mismatch`: the receipt's currency is not the program's",
        '422 `unknown_line`: a line names another line that is not on the receipt'),
    201: {"model": PurchaseOutcome, "description": "Recorded"},
    200: {"model": PurchaseOutcome, "description": "A retry of a recorded purchase: its stored answer"},
    429: {"description": "`rate_limited`: the receipt's `coupons` would pass the key's or the member's voucher "
                         "attempts (as `POST /vouchers/validate` counts them); see Retry-After"}})
def record_purchase(body: PurchaseCreate, context: Writer, request: Request) -> JSONResponse:
    """Record a receipt and earn its points, in one transaction.

    Idempotent on `external_id`: the same body again returns 200 with the same result; a
    different body with the same `external_id` is 409 `external_id_conflict`. The response
    gives the points earned, pending and available, and which rules gave how many.

    Each code in `coupons` counts as one voucher attempt, per API key and per member, as
    `POST /vouchers/validate` does, before any code is checked: over the limit the purchase
    is refused with 429 `rate_limited` and Retry-After, and nothing of it is kept.
    """
    attempts = _code_attempts(context, request) if body.coupons else None
    with context.write() as session:
        outcome = service.record_purchase(session=session, program=context.program, data=body, actor=context.actor,
                                          count_code_attempt=attempts)
    return JSONResponse(outcome.body, status_code=outcome.status_code)


def _code_attempts(context: ApiContext, request: Request) -> Callable[[int | None], None]:
    """Counts one voucher attempt for the key and the member (the limiter only when there are codes)."""
    limiter = voucher_limiter(request)

    def attempt(member_id: int | None) -> None:
        limiter.attempt(program_id=context.program_id, api_key_id=context.api_key_id, member_id=member_id)

    return attempt


# Served by the checkout lane (web/checkout_lane.py) when well-formed and its key is cached.
checkout_lane = [LaneEndpoint("POST", "/purchases", "purchases:write", PurchaseCreate, record_purchase,
                              call=record_purchase)]


@router.post("/purchases/claim", status_code=200,
             responses={**declared(
        '404 `purchase_not_found`: no anonymous receipt answers to it',
        '404 `member_not_found`: the member named is not in this program',
        '409 `purchase_already_claimed`: the receipt belongs to a member already',
        '409 `claim_window_closed`: the receipt is older than the program lets members claim',
        '409 `purchase_refunded`: the receipt was refunded'),
    200: {"model": ClaimOutcome, "description": "Claimed (or a retry: the stored answer)"}})
def claim_purchase(body: PurchaseClaim, context: Writer) -> JSONResponse:
    """A member claims a receipt recorded without them, within the program's claim window.

    Points, tier progress and a referral count what is left of the receipt after the refunds
    made before the claim (`refunded_before_claim` says how much that was); refunding the
    rest later takes back exactly what the claim earned. Retry-safe: claiming a receipt that
    is already the member's answers 200 with the stored result and earns nothing again; a
    receipt another member claimed is 409 `purchase_already_claimed`.
    """
    with context.write() as session:
        outcome = service.claim_purchase(session=session, program=context.program, data=body, actor=context.actor)
    return JSONResponse(outcome.body, status_code=outcome.status_code)


@router.get("/purchases/{purchase_id:int}", response_model=PurchaseRead)
def read_purchase(purchase_id: PurchaseId, context: Reader) -> PurchaseRead:
    """A recorded receipt: its lines (with what was refunded of each), totals, member, and the result given when
    it was recorded."""
    with context.read() as session:
        purchase, lines = service.get_purchase(session=session, program_id=context.program_id, purchase_id=purchase_id)
    return PurchaseRead(id=purchase.id, member_id=purchase.member_id, external_id=purchase.external_id,
                        receipt_number=purchase.receipt_number, channel=purchase.channel, store=purchase.store_code,
                        occurred_at=purchase.occurred_at, currency=purchase.currency, total=purchase.total_minor,
                        refunded=purchase.refunded_minor, claimed_at=purchase.claimed_at,
                        lines=[PurchaseLineRead.model_validate(line) for line in lines], result=purchase.result)


@router.post("/purchases/{purchase_id:int}/refunds", status_code=201,
             responses={**declared(
        '422 `refund_exceeds_purchase`: more is refunded than the receipt (or the line) holds',
        '422 `unknown_line`: a refunded line is not on the receipt'),
    201: {"model": RefundOutcome, "description": "Refunded"},
                        200: {"model": RefundOutcome,
                              "description": "A retry of a recorded refund (its `external_id`)"},
                        409: {"description": "`external_id_conflict` or `idempotency_mismatch`: the refund's "
                                             "`external_id` or Idempotency-Key reused with another body"}})
def refund_purchase(purchase_id: PurchaseId, body: RefundCreate, context: Writer,
                    idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """Refund whole lines, some units, or an amount; the points earned on it are reversed proportionally.

    Points already spent leave the member's balance negative; spending is blocked until it
    is covered. The refund that leaves nothing of the purchase paid for also rolls back the
    vouchers the purchase recorded (its `coupons`, among them codes redeemed at checkout on
    its `external_id` as the order; not others redeemed on that order id): the codes are
    usable again and a gift card gets back what it paid; they are listed in
    `vouchers_rolled_back`. A partial refund keeps them used.

    Retry-safe two ways: by the refund's `external_id` (the same body again is 200 with the
    same result; another body is 409 `external_id_conflict`), or by an `Idempotency-Key`
    header (the same key and body replay the first answer with `Idempotent-Replayed: true`;
    the same key with another body is 409 `idempotency_mismatch`). Send one of them: a retry
    with neither refunds again.
    """
    with context.write() as session:
        claim = None
        if idempotency_key is not None:
            claim = idempotency.claim(session=session, program_id=context.program_id, api_key_id=context.api_key_id,
                                      operation=f"purchases.refund:{purchase_id}", key=idempotency_key,
                                      request_hash=canonical_hash(body.model_dump(mode="json")))
            if claim.replay is not None:
                return JSONResponse(claim.replay.body, status_code=claim.replay.status_code,
                                    headers={"Idempotent-Replayed": "true"})
        outcome = service.refund_purchase(session=session, program=context.program, purchase_id=purchase_id,
                                          data=body, actor=context.actor)
        if claim is not None:
            assert claim.record_id is not None
            # Stored with the status the refund gave (200 for a replay of its external_id), not
            # a fixed 201 as web/idempotency.run_idempotent would.
            idempotency.store(session=session, record_id=claim.record_id, status_code=outcome.status_code,
                              body=outcome.body)
    return JSONResponse(outcome.body, status_code=outcome.status_code)


class MemberPurchasePage(Page[MemberPurchaseRead]):
    """The member's purchases, newest first."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"items": [*MEMBER_PURCHASE_EXAMPLES], "next_cursor": encode_cursor(MEMBER_PURCHASE_EXAMPLES[-1]["id"])}]})


@router.get("/members/{member_id:int}/purchases", response_model=MemberPurchasePage)
def member_purchases(member_id: MemberId, context: Reader, cursor: Cursor = None,
                     limit: Limit = DEFAULT_LIMIT) -> MemberPurchasePage:
    """The member's purchases, newest first, a page at a time: follow `next_cursor` until it is null."""
    with context.read() as session:
        members.get_member(session=session, program_id=context.program_id, member_id=member_id)
        return MemberPurchasePage.of(service.member_purchases(
            session=session, program_id=context.program_id, member_id=member_id, before_id=cursor_key(cursor),
            limit=limit))
