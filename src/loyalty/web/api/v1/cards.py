from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse, StreamingResponse

from loyalty.members import service
from loyalty.members.schemas import (
    MAX_ID,
    BlockedCardRead,
    CardBatchCreate,
    CardBatchRead,
    CardBlock,
    CardRead,
    CardRegister,
)
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared
from loyalty.web.files import file_download
from loyalty.web.idempotency import IdempotencyKey, run_idempotent
from loyalty.web.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, cursor_key

router = APIRouter(tags=["cards"])
CardAdmin = Annotated[ApiContext, Depends(require("cards:write"))]
Reader = Annotated[ApiContext, Depends(require("members:read"))]
Writer = Annotated[ApiContext, Depends(require("members:write"))]
MemberId = Annotated[int, Path(ge=1, le=MAX_ID, description="The member's id.")]
BatchId = Annotated[int, Path(ge=1, le=MAX_ID)]
CardNumber = Annotated[str, Path(max_length=64, description="As printed; spaces and dashes are ignored.")]
CSV_LINES_PER_CHUNK = 5000


@router.post("/card-batches", response_model=CardBatchRead, status_code=201)
def generate_card_batch(body: CardBatchCreate, context: CardAdmin,
                        idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """Generate `count` (1 to 100 000) unassigned card numbers for printing.

    Each is the program's card prefix, random digits and a Luhn check digit, 16 digits in
    all, unique in the program. A printed card becomes a member's when registered, or the
    first time it is used at a till.
    """
    with context.write() as session:
        def produce() -> dict[str, Any]:
            batch = service.generate_card_batch(session=session, program=context.program, count=body.count,
                                                note=body.note, actor=context.actor)
            return CardBatchRead.model_validate(batch).model_dump(mode="json")

        return run_idempotent(context, session, key=idempotency_key, operation="cards.generate_batch",
                              request_payload=body.model_dump(mode="json"), status_code=201, produce=produce)


@router.get("/card-batches/{batch_id:int}/cards.csv", response_class=StreamingResponse,
            responses={200: file_download("text/csv", "One `card_number` column.")})
def card_batch_csv(batch_id: BatchId, context: CardAdmin) -> StreamingResponse:
    """The batch's card numbers as CSV for the card printer, in generation order."""
    with context.read() as session:
        numbers = service.batch_card_numbers(session=session, program_id=context.program_id, batch_id=batch_id)

    def lines() -> Iterator[str]:
        yield "card_number\r\n"
        for start in range(0, len(numbers), CSV_LINES_PER_CHUNK):
            yield "".join(f"{number}\r\n" for number in numbers[start:start + CSV_LINES_PER_CHUNK])

    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="card-batch-{batch_id}.csv"'})


@router.post("/members/{member_id:int}/cards", response_model=CardRead, status_code=201, responses=declared(
    '409 `card_taken`: the card belongs to another member',
    '409 `card_blocked`: the card is blocked',
    '404 `card_not_found`: no such card in this program',
    '422 `invalid_card_number`: the number fails its check digit'))
def register_card(member_id: MemberId, body: CardRegister, context: Writer,
                  idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """Give the member an unassigned card. 404 `card_not_found` for a number never generated,
    409 `card_taken` when another member holds it, 409 `card_blocked` for a blocked card,
    422 `invalid_card_number` when the check digit is wrong."""
    with context.write() as session:
        def produce() -> dict[str, Any]:
            card = service.register_card(session=session, program=context.program, member_id=member_id,
                                         card_number=body.card_number, actor=context.actor)
            return service.card_reads(session=session, cards=[card])[0].model_dump(mode="json")

        return run_idempotent(context, session, key=idempotency_key, operation="cards.register",
                              request_payload={"member_id": member_id, **body.model_dump(mode="json")},
                              status_code=201, produce=produce)


class CardPage(Page[CardRead]):
    """A member's cards, oldest first."""


@router.get("/members/{member_id:int}/cards", response_model=CardPage)
def list_member_cards(member_id: MemberId, context: Reader, cursor: Cursor = None,
                      limit: Limit = DEFAULT_LIMIT) -> CardPage:
    """All the member's cards, oldest first, blocked ones included (with the card that replaced them)."""
    with context.read() as session:
        cards = service.list_member_cards(session=session, program_id=context.program_id, member_id=member_id,
                                          after_id=cursor_key(cursor), limit=limit)
        return CardPage.of(cards.map_all(lambda page: service.card_reads(session=session, cards=page)))


@router.post("/members/{member_id:int}/cards/{card_number}/block", response_model=BlockedCardRead, responses=declared(
    '409 `card_blocked`: the card is blocked already',
    '422 `invalid_replacement`: the replacement card cannot take the member (blocked, taken or the same)',
    '409 `card_taken`: the replacement card belongs to another member'))
def block_card(member_id: MemberId, card_number: CardNumber, body: CardBlock, context: Writer,
               idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """Block a lost or stolen card. The member keeps their id and balance. With `replace`
    (the default) they get `replacement_card_number` (an unassigned card) or a newly made
    number; the blocked card then names its replacement. Using a blocked card later is
    409 `card_blocked`."""
    with context.write() as session:
        def produce() -> dict[str, Any]:
            result = service.block_card(session=session, program=context.program, member_id=member_id,
                                        card_number=card_number, replace=body.replace,
                                        replacement_card_number=body.replacement_card_number, actor=context.actor)
            reads = service.card_reads(session=session, cards=[result.blocked] + (
                [result.replacement] if result.replacement is not None else []))
            return BlockedCardRead(blocked=reads[0], replacement=reads[1] if len(reads) > 1 else None
                                   ).model_dump(mode="json")

        return run_idempotent(context, session, key=idempotency_key, operation="cards.block",
                              request_payload={"member_id": member_id, "card_number": card_number,
                                               **body.model_dump(mode="json")},
                              status_code=200, produce=produce)
