"""Custom events: things members do that earning rules may reward (reviews, check-ins, referrals)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from loyalty.ledger import service as ledger
from loyalty.members import service as members
from loyalty.rules import service as rules
from loyalty.rules.schemas import AvailableBalanceRead, AwardRead, CustomEventCreate, CustomEventRead
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared
from loyalty.web.idempotency import IdempotencyKey, run_idempotent

router = APIRouter(tags=["custom events"])


@router.post("/events", response_model=CustomEventRead, status_code=201, responses=declared(
    '404 `member_not_found`: the member named is not in this program',
    '409 `member_blocked`: the member is blocked'))
def record_event(body: CustomEventCreate, context: Annotated[ApiContext, Depends(require("events:write"))],
               idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """Record a custom event on the member's timeline (`custom_event.received`) and award the
    custom_event rules whose event_type equals `type`, within their caps (a rule with
    `once_per: "event.payload.product_id"` gives once per product). Send an Idempotency-Key
    to make a retry return the first answer instead of recording the event twice."""
    with context.write() as session:
        member = members.find_member(session=session, program_id=context.program_id, ref=body.member)

        def produce() -> dict[str, Any]:
            result = rules.record_custom_event(session=session, program=context.program, member=member,
                                               event_type=body.type, occurred_at=body.occurred_at,
                                               payload=body.payload, actor=context.actor)
            balance = ledger.wallet_summary(session=session, program=context.program, member_id=member.id)
            return CustomEventRead(
                event_type=body.type, member_id=member.id,
                awards=[AwardRead(rule_id=award.rule_id, rule_version=award.rule_version, unit=award.unit,
                                  points=award.points) for award in result.awards],
                balance={unit: AvailableBalanceRead(**values) for unit, values in balance.items()},
            ).model_dump(mode="json")

        return run_idempotent(context, session, key=idempotency_key, operation="events.create",
                              request_payload=body.model_dump(mode="json"), status_code=201, produce=produce)
