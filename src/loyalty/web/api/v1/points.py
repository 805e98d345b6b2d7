"""Balances, the ledger, and paying with, adjusting and transferring points."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse

from loyalty.kernel.money import points_value_minor
from loyalty.ledger import service as ledger
from loyalty.ledger.schemas import (
    AdjustmentRead,
    AdjustRequest,
    BalanceRead,
    LedgerEntryRead,
    MovementRead,
    SpendRequest,
    TransferRead,
    TransferRequest,
    UnitBalanceRead,
)
from loyalty.members import service as members
from loyalty.members.schemas import MAX_ID
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared
from loyalty.web.idempotency import IdempotencyKey, RequiredIdempotencyKey, run_idempotent
from loyalty.web.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, cursor_key

router = APIRouter(tags=["points"])
MemberId = Annotated[int, Path(ge=1, le=MAX_ID, description="The member's id.")]


@router.get("/members/{member_id:int}/balance", response_model=BalanceRead)
def read_balance(member_id: MemberId, context: Annotated[ApiContext, Depends(require("members:read"))]) -> BalanceRead:
    """Available and pending points per unit, lifetime totals, and what expires when."""
    with context.read() as session:
        members.get_member(session=session, program_id=context.program_id, member_id=member_id)
        units = ledger.balances(session=session, program=context.program, member_id=member_id)
    by_unit = {b.unit: UnitBalanceRead.model_validate(b) for b in units}
    available = by_unit["points"].available if "points" in by_unit else 0
    return BalanceRead(member_id=member_id, units=by_unit, currency=context.program.currency,
                       available_value_minor=points_value_minor(max(available, 0), context.program.point_value,
                                                                 context.program.currency))


class LedgerPage(Page[LedgerEntryRead]):
    """The member's ledger entries, newest first."""


@router.get("/members/{member_id:int}/ledger", response_model=LedgerPage)
def read_ledger(member_id: MemberId, context: Annotated[ApiContext, Depends(require("members:read"))],
                cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT) -> LedgerPage:
    """The member's ledger entries, newest first, a page at a time: follow `next_cursor` until it is null."""
    with context.read() as session:
        members.get_member(session=session, program_id=context.program_id, member_id=member_id)
        return LedgerPage.of(ledger.ledger_entries(session=session, program_id=context.program_id,
                                                   member_id=member_id, before_id=cursor_key(cursor), limit=limit))


def _movement_body(movement: Any, member_id: int) -> dict[str, Any]:
    return {"member_id": member_id, "transaction_id": movement.transaction_id, "unit": movement.unit,
            "points": movement.points, "balance_after": movement.balance_after}


@router.post("/members/{member_id:int}/points/spend", status_code=201,
             responses={**declared(
        '409 `insufficient_points`: fewer points available than asked (`details.available`)',
        '409 `member_blocked`: the member is blocked',
        '422 `unknown_unit`: the program has no such unit'),
    201: {"model": MovementRead, "description": "Done (or replayed for its Idempotency-Key)"}})
def spend_points(member_id: MemberId, body: SpendRequest,
                 context: Annotated[ApiContext, Depends(require("points:spend"))],
        idempotency_key: RequiredIdempotencyKey) -> JSONResponse:
    """Pay with points at the till. Requires an Idempotency-Key; never below zero (409 insufficient_points)."""
    with context.write() as session:
        member = members.get_member(session=session, program_id=context.program_id, member_id=member_id)

        def produce() -> dict[str, Any]:
            members.ensure_active(member)
            movement = ledger.spend(session=session, program=context.program, member_id=member_id, unit=body.unit,
                                    points=body.points, actor=context.actor, reason=body.reason,
                                    details={"reference": body.reference} if body.reference else None)
            return _movement_body(movement, member_id)

        return run_idempotent(context, session, key=idempotency_key, operation=f"spend:{member_id}",
                              request_payload=body.model_dump(mode="json"), status_code=201, produce=produce)


@router.post("/members/{member_id:int}/points/adjust", status_code=201,
             responses={**declared(
        '409 `insufficient_points`: a deduction would go below zero',
        '422 `unknown_unit`: the program has no such unit'),
    201: {"model": AdjustmentRead, "description": "Done (or replayed for its Idempotency-Key)"}})
def adjust_points(member_id: MemberId, body: AdjustRequest,
                  context: Annotated[ApiContext, Depends(require("points:adjust"))],
        idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """A manual correction with a mandatory reason, recorded with who made it."""
    with context.write() as session:
        members.get_member(session=session, program_id=context.program_id, member_id=member_id)

        def produce() -> dict[str, Any]:
            movement = ledger.adjust(session=session, program=context.program, member_id=member_id, unit=body.unit,
                                     points=body.points, reason=body.reason, actor=context.actor)
            return {**_movement_body(movement, member_id), "reason": body.reason, "actor": context.actor}

        return run_idempotent(context, session, key=idempotency_key, operation=f"adjust:{member_id}",
                              request_payload=body.model_dump(mode="json"), status_code=201, produce=produce)


@router.post("/members/{member_id:int}/points/transfer", status_code=201,
             responses={**declared(
        '409 `insufficient_points`: fewer points available than asked',
        '404 `member_not_found`: the receiving member is not in this program',
        '409 `member_blocked`: a member is blocked',
        '422 `unknown_unit`: the program has no such unit'),
    201: {"model": TransferRead, "description": "Done (or replayed for its Idempotency-Key)"}})
def transfer_points(member_id: MemberId, body: TransferRequest,
                    context: Annotated[ApiContext, Depends(require("points:transfer"))],
        idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """Give points to another member of the program (when the program allows transfers)."""
    with context.write() as session:
        sender = members.get_member(session=session, program_id=context.program_id, member_id=member_id)
        recipient = members.find_member(session=session, program_id=context.program_id, ref=body.to)

        def produce() -> dict[str, Any]:
            members.ensure_active(sender)
            members.ensure_active(recipient)
            moved = ledger.transfer(session=session, program=context.program, sender_id=sender.id,
                                    recipient_id=recipient.id, unit=body.unit, points=body.points,
                                    actor=context.actor, reason=body.reason)
            return {"transaction_id": moved.transaction_id, "unit": moved.unit, "points": moved.points,
                    "from_member_id": sender.id, "to_member_id": recipient.id,
                    "sender_balance_after": moved.sender_balance_after,
                    "recipient_balance_after": moved.recipient_balance_after}

        return run_idempotent(context, session, key=idempotency_key, operation=f"transfer:{member_id}",
                              request_payload=body.model_dump(mode="json"), status_code=201, produce=produce)
