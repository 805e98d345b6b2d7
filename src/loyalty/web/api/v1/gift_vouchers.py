"""Gift vouchers and prepaid bonus cards for the program: issue and cancel vouchers, create,
fund, top up and block cards, and fulfil what their holders redeem on the gift page.

The gift page itself (`/gift`, for people who are not members) is `public_router`, served at
the site root; its code is in web/portal/gift.py.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from loyalty.gift_vouchers import domain as gift_domain
from loyalty.gift_vouchers import service
from loyalty.gift_vouchers.schemas import (
    BonusCardCreate,
    BonusCardTopUp,
    GiftMovementRead,
    GiftRedemptionRead,
    GiftStatus,
    GiftVoucherBatchCreate,
    GiftVoucherBatchRead,
    GiftVoucherCancel,
    GiftVoucherRead,
    IssuedBonusCardRead,
)
from loyalty.idempotency import service as idempotency
from loyalty.kernel.errors import Conflict
from loyalty.kernel.hashing import canonical_hash
from loyalty.members.schemas import MAX_ID
from loyalty.rewards.schemas import RedemptionStatus, StatusChange
from loyalty.web.deps import ApiContext, require
from loyalty.web.files import file_download
from loyalty.web.idempotency import IdempotencyKey, RequiredIdempotencyKey, run_idempotent
from loyalty.web.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, cursor_key
from loyalty.web.portal.gift import router as public_router

__all__ = ["public_router", "router"]

router = APIRouter(tags=["gift vouchers"])
Manager = Annotated[ApiContext, Depends(require("rewards:write"))]
VoucherId = Annotated[int, Path(ge=1, le=MAX_ID)]
CardId = Annotated[int, Path(ge=1, le=MAX_ID)]
RedemptionId = Annotated[int, Path(ge=1, le=MAX_ID)]


def _issue_once(context: ApiContext, session: Any, *, key: str | None, operation: str, payload: Any,
                produce: Any) -> Any:
    """Run a write that shows a secret once (codes, a PIN) at most once per Idempotency-Key.

    The stored answer holds no secret, so a retry cannot show it again: it is 409
    `already_issued` naming what the first request made.
    """
    if key is None:
        return produce()
    claim = idempotency.claim(session=session, program_id=context.program_id, api_key_id=context.api_key_id,
                              operation=operation, key=key, request_hash=canonical_hash(payload))
    if claim.replay is not None:
        raise Conflict("This Idempotency-Key was already used: that request issued what it asked for, and its "
                       "secrets were shown once. Cancel those and issue anew if they were lost.",
                       code="already_issued", details=claim.replay.body)
    result, summary = produce()
    assert claim.record_id is not None
    idempotency.store(session=session, record_id=claim.record_id, status_code=201, body=summary)
    return result, summary


class GiftVoucherPage(Page[GiftVoucherRead]):
    """Gift vouchers or bonus cards, newest first."""


class GiftMovementPage(Page[GiftMovementRead]):
    """A voucher's or card's balance movements, newest first."""


class GiftRedemptionPage(Page[GiftRedemptionRead]):
    """Gift redemptions, newest first."""


# --- gift vouchers ------------------------------------------------------------------------------


@router.post("/gift-vouchers/batches", response_model=GiftVoucherBatchRead, status_code=201, responses={
    201: file_download("text/csv", "The vouchers with their codes; CSV when the request accepts text/csv.",
                       example="voucher_id,code,value,expires_at,label\n"
                               "1,GIFT-7K2M-Q9XR-4HPD-WN3C,500,,ACME Christmas\n"),
    409: {"description": "`already_issued`: a retry of an Idempotency-Key (the codes were shown once)."},
})
def issue_gift_vouchers(body: GiftVoucherBatchCreate, request: Request, context: Manager,
                   idempotency_key: IdempotencyKey = None) -> Response:
    """Issue `count` vouchers of `value` points under `label`, each with its own code.

    The codes are in this answer and nowhere else (only a SHA-256 and the visible prefix
    `GIFT-XXXX` are kept): send `Accept: text/csv` for a file to print or mail. A holder
    signs in with a code at `/gift` and spends its value on the catalogue.
    """
    wants_csv = "text/csv" in request.headers.get("accept", "")
    with context.write() as session:
        def produce() -> tuple[GiftVoucherBatchRead, dict[str, Any]]:
            batch = service.issue_vouchers(session=session, program=context.program, data=body, actor=context.actor)
            summary = {"label": batch.label, "count": batch.count, "voucher_ids": [v.id for v in batch.vouchers]}
            return batch, summary

        if idempotency_key is None:
            batch, _ = produce()
        else:
            batch, _ = _issue_once(context, session, key=idempotency_key, operation="gift_vouchers.issue",
                                   payload=body.model_dump(mode="json"), produce=produce)
    if wants_csv:
        text = gift_domain.codes_csv(label=batch.label, value=batch.value, expires_at=batch.expires_at, codes=[
            gift_domain.IssuedCode(voucher_id=voucher.id, code=voucher.code) for voucher in batch.vouchers])
        return Response(text, status_code=201, media_type="text/csv", headers={
            "Content-Disposition": f'attachment; filename="gift-vouchers-{batch.vouchers[0].id}.csv"',
            "Cache-Control": "no-store"})
    return JSONResponse(batch.model_dump(mode="json"), status_code=201, headers={"Cache-Control": "no-store"})


@router.get("/gift-vouchers", response_model=GiftVoucherPage)
def list_gift_vouchers(context: Manager, label: Annotated[str | None, Query(max_length=200)] = None,
                  status: GiftStatus | None = None, cursor: Cursor = None,
                  limit: Limit = DEFAULT_LIMIT) -> GiftVoucherPage:
    """Vouchers newest first, with their balances; never their codes."""
    with context.read() as session:
        return GiftVoucherPage.of(service.list_vouchers(
            session=session, program_id=context.program_id, kind=gift_domain.VOUCHER, label=label, status=status,
            before_id=cursor_key(cursor), limit=limit))


@router.get("/gift-vouchers/{voucher_id:int}", response_model=GiftVoucherRead)
def read_gift_voucher(voucher_id: VoucherId, context: Manager) -> GiftVoucherRead:
    """One voucher: its label, visible code prefix, funded total, balance, status and expiry; never its code."""
    with context.read() as session:
        return service.voucher_read(service.get_voucher(session=session, program_id=context.program_id,
                                                        voucher_id=voucher_id))


@router.get("/gift-vouchers/{voucher_id:int}/movements", response_model=GiftMovementPage)
def gift_voucher_movements(voucher_id: VoucherId, context: Manager, cursor: Cursor = None,
                      limit: Limit = DEFAULT_LIMIT) -> GiftMovementPage:
    """Every change of the balance, newest first; they sum to the balance."""
    with context.read() as session:
        return GiftMovementPage.of(service.movements(session=session, program_id=context.program_id,
                                                     voucher_id=voucher_id, before_id=cursor_key(cursor), limit=limit))


@router.post("/gift-vouchers/{voucher_id:int}/cancel", response_model=GiftVoucherRead)
def cancel_gift_voucher(voucher_id: VoucherId, body: GiftVoucherCancel, context: Manager) -> GiftVoucherRead:
    """Cancel a voucher: it no longer signs in and its balance is written off (a `cancel`
    movement). Repeating it changes nothing. Its redemptions stay as they are."""
    with context.write() as session:
        return service.voucher_read(service.cancel_voucher(session=session, program=context.program,
                                                           voucher_id=voucher_id, data=body, actor=context.actor))


# --- bonus cards --------------------------------------------------------------------------------


@router.post("/bonus-cards", response_model=IssuedBonusCardRead, status_code=201, responses={
    409: {"description": "`already_issued`: a retry of an Idempotency-Key (a generated PIN was shown once)."}})
def create_bonus_card(body: BonusCardCreate, context: Manager, idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """A prepaid card with a new 16-digit number (Luhn-checked) and its first funding. Give
    `pin`, or leave it out and read the generated one here, once (only an Argon2 hash is kept)."""
    with context.write() as session:
        def produce() -> tuple[IssuedBonusCardRead, dict[str, Any]]:
            issued = service.create_bonus_card(session=session, program=context.program, data=body,
                                               actor=context.actor)
            return issued, {"card_id": issued.card.id}

        if idempotency_key is None:
            issued, _ = produce()
        else:
            payload = body.model_dump(mode="json", exclude={"pin"}) | {"pin_hash": canonical_hash(body.pin)}
            issued, _ = _issue_once(context, session, key=idempotency_key, operation="bonus_cards.create",
                                    payload=payload, produce=produce)
    return JSONResponse(issued.model_dump(mode="json"), status_code=201, headers={"Cache-Control": "no-store"})


@router.get("/bonus-cards", response_model=GiftVoucherPage)
def list_bonus_cards(context: Manager, label: Annotated[str | None, Query(max_length=200)] = None,
                     status: GiftStatus | None = None, cursor: Cursor = None,
                     limit: Limit = DEFAULT_LIMIT) -> GiftVoucherPage:
    """Bonus cards newest first, with their numbers and balances; never their PINs."""
    with context.read() as session:
        return GiftVoucherPage.of(service.list_vouchers(
            session=session, program_id=context.program_id, kind=gift_domain.BONUS_CARD, label=label, status=status,
            before_id=cursor_key(cursor), limit=limit))


@router.get("/bonus-cards/{card_id:int}", response_model=GiftVoucherRead)
def read_bonus_card(card_id: CardId, context: Manager) -> GiftVoucherRead:
    """One bonus card: its number, label, funded total, balance, status and expiry; never its PIN."""
    with context.read() as session:
        return service.voucher_read(service.get_voucher(session=session, program_id=context.program_id,
                                                        voucher_id=card_id, kind=gift_domain.BONUS_CARD))


@router.get("/bonus-cards/{card_id:int}/movements", response_model=GiftMovementPage)
def bonus_card_movements(card_id: CardId, context: Manager, cursor: Cursor = None,
                         limit: Limit = DEFAULT_LIMIT) -> GiftMovementPage:
    """Every change of the card's balance (issue, top-ups, spends, returns), newest first; they sum to it."""
    with context.read() as session:
        return GiftMovementPage.of(service.movements(session=session, program_id=context.program_id,
                                                     voucher_id=card_id, kind=gift_domain.BONUS_CARD,
                                                     before_id=cursor_key(cursor), limit=limit))


@router.post("/bonus-cards/{card_id:int}/top-ups", response_model=GiftVoucherRead)
def top_up_bonus_card(card_id: CardId, body: BonusCardTopUp, context: Manager,
                      idempotency_key: RequiredIdempotencyKey) -> JSONResponse:
    """Add funds to a card (audited: a `top_up` movement and a `bonus_card.topped_up` event).
    Needs an Idempotency-Key: a retry with it never funds twice."""
    with context.write() as session:
        def produce() -> dict[str, Any]:
            card = service.top_up_card(session=session, program=context.program, card_id=card_id, data=body,
                                       actor=context.actor)
            return service.voucher_read(card).model_dump(mode="json")

        return run_idempotent(context, session, key=idempotency_key, operation=f"bonus_cards.top_up:{card_id}",
                              request_payload=body.model_dump(mode="json"), status_code=200, produce=produce)


@router.post("/bonus-cards/{card_id:int}/block", response_model=GiftVoucherRead)
def block_bonus_card(card_id: CardId, context: Manager) -> GiftVoucherRead:
    """The card no longer signs in or spends; its balance stays and it can still be funded."""
    with context.write() as session:
        return service.voucher_read(service.set_card_blocked(session=session, program=context.program,
                                                             card_id=card_id, blocked=True, actor=context.actor))


@router.post("/bonus-cards/{card_id:int}/unblock", response_model=GiftVoucherRead)
def unblock_bonus_card(card_id: CardId, context: Manager) -> GiftVoucherRead:
    """The card signs in and spends again. Unblocking a card that is not blocked changes nothing."""
    with context.write() as session:
        return service.voucher_read(service.set_card_blocked(session=session, program=context.program,
                                                             card_id=card_id, blocked=False, actor=context.actor))


# --- what holders redeemed ----------------------------------------------------------------------


@router.get("/gift-redemptions", response_model=GiftRedemptionPage)
def list_gift_redemptions(context: Manager, status: RedemptionStatus | None = None, cursor: Cursor = None,
                          limit: Limit = DEFAULT_LIMIT) -> GiftRedemptionPage:
    """Rewards taken with gift vouchers and bonus cards, newest first; `status=requested` is
    the parcels waiting to be confirmed and sent."""
    with context.read() as session:
        return GiftRedemptionPage.of(service.list_redemptions(session=session, program_id=context.program_id,
                                                              status=status, before_id=cursor_key(cursor),
                                                              limit=limit))


@router.get("/gift-redemptions/{redemption_id:int}", response_model=GiftRedemptionRead)
def read_gift_redemption(redemption_id: RedemptionId, context: Manager) -> GiftRedemptionRead:
    """One gift redemption: the reward, points, recipient and address, any partner code, and its status history."""
    with context.read() as session:
        return service.redemption_read(service.get_redemption(session=session, program_id=context.program_id,
                                                              redemption_id=redemption_id))


@router.post("/gift-redemptions/{redemption_id:int}/status", response_model=GiftRedemptionRead)
def change_gift_redemption_status(redemption_id: RedemptionId, body: StatusChange,
                                  context: Manager) -> GiftRedemptionRead:
    """Move a physical gift along requested → confirmed → shipped → delivered, or cancel it
    while requested or confirmed: the stock comes back and so do the points, to the voucher or
    card (not to a voucher cancelled meanwhile). Other changes are 409 `transition_not_allowed`."""
    with context.write() as session:
        return service.redemption_read(service.change_redemption_status(
            session=session, program=context.program, redemption_id=redemption_id, data=body, actor=context.actor))


@router.get("/gift-redemptions/{redemption_id:int}/receipt.pdf", response_class=Response,
            responses={200: file_download("application/pdf", "The receipt as a PDF.")})
def gift_redemption_receipt(redemption_id: RedemptionId, context: Manager) -> Response:
    """The same receipt its holder downloads from the gift page."""
    with context.read() as session:
        number, pdf = service.receipt_pdf(session=session, program_id=context.program_id,
                                          redemption_id=redemption_id)
    return Response(content=pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{number}.pdf"'})
