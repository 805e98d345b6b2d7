"""Vouchers and coupons: campaigns and their codes, and the checkout's validate / redeem / rollback."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Request
from fastapi.responses import JSONResponse, StreamingResponse

from loyalty.kernel import clock
from loyalty.kernel.errors import Invalid
from loyalty.members import service as members
from loyalty.members.models import Member
from loyalty.members.schemas import MAX_ID
from loyalty.vouchers import domain, service
from loyalty.vouchers.domain import Basket, BasketLine
from loyalty.vouchers.models import VoucherRedemption
from loyalty.vouchers.schemas import (
    BasketIn,
    CampaignCreate,
    CampaignRead,
    CampaignSummaryRead,
    CampaignUpdate,
    CodeBatchCreate,
    CodeBatchRead,
    LineDiscountRead,
    MemberVoucherRead,
    PublishedCodeRead,
    PublishedCodesRead,
    PublishRequest,
    ValidationRead,
    VoucherCheck,
    VoucherRedeem,
    VoucherRedemptionRead,
    VoucherRefusalRead,
)
from loyalty.web.checkout_lane import LaneEndpoint
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared
from loyalty.web.files import CSV_REFUSED, file_download, file_upload, require_csv
from loyalty.web.idempotency import IdempotencyKey, RequiredIdempotencyKey, run_idempotent
from loyalty.web.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, cursor_key
from loyalty.web.ratelimit import VoucherAttemptLimiter, voucher_limiter

router = APIRouter(tags=["vouchers"])
Manager = Annotated[ApiContext, Depends(require("vouchers:write"))]
Checkout = Annotated[ApiContext, Depends(require("vouchers:redeem"))]
Reader = Annotated[ApiContext, Depends(require("members:read"))]
CampaignReader = Annotated[ApiContext, Depends(require("vouchers:read"))]


# What a campaign is refused for, created or changed.
CAMPAIGN_REFUSALS = (
    '422 `invalid_campaign`: the campaign does not hold together (`message` says why)',
    '422 `invalid_condition`: the condition tree is not valid (the path is in `field`)',
    '422 `unknown_tier`: a condition names a tier level the program lacks (`details.known`)',
)


async def _attempt_limiter(request: Request) -> VoucherAttemptLimiter:
    # async: FastAPI runs a sync dependency in a worker thread, a hop that costs more than
    # this lookup of the app's limiter (built once, quickly).
    return voucher_limiter(request)


Limiter = Annotated[VoucherAttemptLimiter, Depends(_attempt_limiter)]
CampaignId = Annotated[int, Path(ge=1, le=MAX_ID)]
RedemptionId = Annotated[int, Path(ge=1, le=MAX_ID)]
MemberId = Annotated[int, Path(ge=1, le=MAX_ID, description="The member's id.")]
MAX_CSV_BYTES = 10 * 1024 * 1024
CSV_ROWS_PER_CHUNK = 5000


# Checkout comes first: FastAPI tries routes in order, and tills call these the most.
# --- checkout ------------------------------------------------------------------------------


def _basket(body: BasketIn) -> Basket:
    return Basket(
        lines=tuple(BasketLine(line_no=line.line_no or position, sku=line.sku, name=line.name,
                               category=line.category, quantity=line.quantity, unit_price_minor=line.unit_price,
                               amount_minor=line.quantity * line.unit_price)
                    for position, line in enumerate(body.lines, start=1)),
        total_minor=body.total if body.total is not None else sum(line.quantity * line.unit_price
                                                                  for line in body.lines),
        channel=body.channel, store=body.store, occurred_at=clock.now(),
    )


def _lines(discounts: dict[int, int]) -> list[LineDiscountRead]:
    return [LineDiscountRead(line_no=no, discount=minor) for no, minor in sorted(discounts.items())]


def _member(context: ApiContext, session: Any, body: VoucherCheck, limiter: VoucherAttemptLimiter) -> Member | None:
    """The member named, after counting the attempt against the key's and the member's limits."""
    member = members.find_member(session=session, program_id=context.program_id, ref=body.member) \
        if body.member is not None else None
    limiter.attempt(program_id=context.program_id, api_key_id=context.api_key_id,
                    member_id=member.id if member is not None else None)
    return member


@router.post("/vouchers/validate", response_model=ValidationRead,
             responses={**declared("404 `member_not_found`: the member named is not in this program"),
                        429: {"description": "`rate_limited`: too many attempts for the key or the member; "
                                             "see Retry-After"}})
def validate_voucher(body: VoucherCheck, context: Checkout, limiter: Limiter) -> JSONResponse:
    """Is this code good for this basket and this member now, and exactly what does it take off:
    in total and per line (the shares add up to the total; no line goes below zero). Nothing
    is used up. A refused code answers 200 with `valid: false` and the refusal's `code`:
    `voucher_not_found` (unknown, or published to someone else: the two look the same),
    `voucher_inactive`, `voucher_not_yet_valid`, `voucher_expired`, `voucher_used_up`,
    `voucher_member_limit_reached`, `voucher_not_for_member` or `voucher_not_applicable`
    (with the condition's trace in `why`).

    Attempts are limited per API key and per member (configurable; 600 and 30 a minute by
    default): over the limit is 429 `rate_limited` with Retry-After.
    """
    with context.read() as session:
        member = _member(context, session, body, limiter)
        check = service.check_codes(session=session, program=context.program, member=member, codes=[body.code],
                                    basket=_basket(body.basket))[0]
    campaign = check.campaign
    refusal = check.refusal
    # JSON built here: a returned model would be validated again (in another worker thread)
    # against the response model it already is.
    return JSONResponse(ValidationRead(
        valid=check.is_valid, code=check.code,
        refusal=VoucherRefusalRead(code=refusal.code, message=refusal.message, why=list(refusal.why))
        if refusal else None,
        campaign=CampaignSummaryRead(id=campaign.campaign_id, name=campaign.name, kind=campaign.kind)
        if campaign else None,
        currency=context.program.currency, discount=check.discount.total_minor, lines=_lines(check.discount.lines),
        factor=check.factor if check.is_valid else None, gift_card_balance=check.gift_card_balance,
    ).model_dump(mode="json"))


@router.post("/vouchers/redeem", response_model=VoucherRedemptionRead, status_code=201,
             responses={404: {"description": "`voucher_not_found`"},
                        409: {"description": "the refusal's code (`voucher_used_up`, `voucher_expired`, …), or "
                                             "`idempotency_mismatch`"},
                        429: {"description": "`rate_limited`"}})
def redeem_voucher(body: VoucherRedeem, context: Checkout, limiter: Limiter,
                   idempotency_key: RequiredIdempotencyKey) -> JSONResponse:
    """Use the code on the order, atomically: the code's uses, the member's and the campaign's
    counters and a gift card's balance change together or not at all, each limit enforced by
    the statement that consumes it, so a single-use code raced by many tills is used once.

    Requires an Idempotency-Key: a retry with the same key and body replays the first answer
    (header `Idempotent-Replayed: true`) and never redeems twice. A refusal is 404/409 with the
    same codes validation gives.
    """
    with context.write() as session:
        def produce() -> dict[str, Any]:
            member = _member(context, session, body, limiter)
            applied = service.redeem_codes(session=session, program=context.program, member=member,
                                           codes=[body.code], basket=_basket(body.basket), order_ref=body.order_id,
                                           actor=context.actor, savepoint=False)[0]
            return VoucherRedemptionRead(
                id=applied.redemption_id, code=applied.code, campaign_id=applied.campaign_id, kind=applied.kind,
                member_id=member.id if member is not None else None, order_id=body.order_id,
                currency=context.program.currency, discount=applied.discount_minor,
                lines=_lines(applied.line_discounts), factor=applied.factor, gift_card_amount=applied.gift_card_minor,
                status="redeemed", redeemed_at=applied.redeemed_at, rolled_back_at=None,
            ).model_dump(mode="json")

        return run_idempotent(context, session, key=idempotency_key, operation="vouchers.redeem",
                              request_payload=body.model_dump(mode="json"), status_code=201, produce=produce)


# Served by the checkout lane (web/checkout_lane.py) when well-formed and its key is cached.
checkout_lane = [
    LaneEndpoint("POST", "/vouchers/validate", "vouchers:redeem", VoucherCheck, validate_voucher,
                 call=lambda body, context, request: validate_voucher(body, context, voucher_limiter(request))),
    LaneEndpoint("POST", "/vouchers/redeem", "vouchers:redeem", VoucherRedeem, redeem_voucher,
                 call=lambda body, context, request: redeem_voucher(body, context, voucher_limiter(request),
                                                                    request.headers["idempotency-key"]),
                 needs_idempotency_key=True),
]


def _redemption_read(redemption: VoucherRedemption, code: str) -> VoucherRedemptionRead:
    return VoucherRedemptionRead(
        id=redemption.id, code=code, campaign_id=redemption.campaign_id, kind=redemption.kind,
        member_id=redemption.member_id, order_id=redemption.order_ref, currency=redemption.currency,
        discount=redemption.discount_minor, lines=_lines({int(no): minor for no, minor in
                                                          redemption.line_discounts.items()}),
        factor=redemption.factor, gift_card_amount=redemption.gift_card_minor,
        status="rolled_back" if redemption.status == "rolled_back" else "redeemed",
        redeemed_at=redemption.redeemed_at, rolled_back_at=redemption.rolled_back_at,
    )


def _reads(session: Any, redemptions: Sequence[VoucherRedemption]) -> list[VoucherRedemptionRead]:
    codes = service.redemption_codes(session=session, redemptions=redemptions)
    return [_redemption_read(redemption, codes[redemption.code_id]) for redemption in redemptions]


@router.get("/vouchers/redemptions/{redemption_id:int}", response_model=VoucherRedemptionRead)
def read_voucher_redemption(redemption_id: RedemptionId, context: Checkout) -> VoucherRedemptionRead:
    """One voucher redemption: the code, order, discount per line, and whether it was rolled back."""
    with context.read() as session:
        redemption = service.get_redemption(session=session, program_id=context.program_id,
                                            redemption_id=redemption_id)
        return _reads(session, [redemption])[0]


@router.post("/vouchers/redemptions/{redemption_id:int}/rollback", response_model=VoucherRedemptionRead)
def rollback_voucher_redemption(redemption_id: RedemptionId, context: Checkout) -> VoucherRedemptionRead:
    """The order was cancelled: the code gets its use back (and a gift card what it paid), and
    the member's and the campaign's counters theirs. Idempotent: calling it again changes
    nothing and answers the same rolled-back redemption."""
    with context.write() as session:
        redemption = service.rollback_redemption(session=session, program=context.program,
                                                 redemption_id=redemption_id, actor=context.actor)
        return _reads(session, [redemption])[0]


# --- campaigns -----------------------------------------------------------------------------


def _read(context: ApiContext, session: Any, campaign: Any) -> CampaignRead:
    return service.campaign_reads(session=session, program=context.program, campaigns=[campaign])[0]


@router.post("/voucher-campaigns", response_model=CampaignRead, status_code=201,
             responses=declared(*CAMPAIGN_REFUSALS))
def create_voucher_campaign(body: CampaignCreate, context: Manager) -> CampaignRead:
    """A voucher campaign, active at once. Its terms must fit its kind (422 naming the field):
    `fixed_amount` needs `amount`, `percent` needs `percent` (and may cap it with
    `max_discount`), `free_product` needs `sku`, `points_multiplier` needs `factor`,
    `gift_card` needs `amount` (each code's starting balance). A `member.tier` comparison
    naming a code the program has no tier level for is 422 `unknown_tier` (the value's path in
    `field`, the program's codes in `details.known`)."""
    with context.write() as session:
        campaign = service.create_campaign(session=session, program=context.program, data=body, actor=context.actor)
        return _read(context, session, campaign)


class CampaignPage(Page[CampaignRead]):
    """Voucher campaigns, oldest first."""


@router.get("/voucher-campaigns", response_model=CampaignPage)
def list_voucher_campaigns(context: CampaignReader, is_active: bool | None = None, cursor: Cursor = None,
                           limit: Limit = DEFAULT_LIMIT) -> CampaignPage:
    """The program's campaigns, oldest first; `is_active` filters."""
    with context.read() as session:
        campaigns = service.list_campaigns(session=session, program_id=context.program_id, is_active=is_active,
                                           after_id=cursor_key(cursor), limit=limit)
        return CampaignPage.of(campaigns.map_all(
            lambda page: service.campaign_reads(session=session, program=context.program, campaigns=page)))


@router.get("/voucher-campaigns/{campaign_id:int}", response_model=CampaignRead)
def read_voucher_campaign(campaign_id: CampaignId, context: CampaignReader) -> CampaignRead:
    """One voucher campaign: what its codes give, its conditions, validity, limits and usage counts."""
    with context.read() as session:
        campaign = service.get_campaign(session=session, program_id=context.program_id, campaign_id=campaign_id)
        return _read(context, session, campaign)


@router.patch("/voucher-campaigns/{campaign_id:int}", response_model=CampaignRead,
              responses=declared(*CAMPAIGN_REFUSALS))
def update_voucher_campaign(campaign_id: CampaignId, body: CampaignUpdate, context: Manager) -> CampaignRead:
    """Change any of the campaign's fields but its kind; in force for every code from now on.
    A `member.tier` comparison naming a code the program has no tier level for is 422
    `unknown_tier` (the value's path in `field`, the program's codes in `details.known`)."""
    with context.write() as session:
        campaign = service.update_campaign(session=session, program=context.program, campaign_id=campaign_id,
                                           data=body, actor=context.actor)
        return _read(context, session, campaign)


@router.post("/voucher-campaigns/{campaign_id:int}/deactivate", response_model=CampaignRead)
def deactivate_voucher_campaign(campaign_id: CampaignId, context: Manager) -> CampaignRead:
    """Stop the campaign: its codes answer `voucher_inactive` until it is activated again."""
    with context.write() as session:
        campaign = service.set_campaign_active(session=session, program=context.program, campaign_id=campaign_id,
                                               is_active=False, actor=context.actor)
        return _read(context, session, campaign)


@router.post("/voucher-campaigns/{campaign_id:int}/activate", response_model=CampaignRead)
def activate_voucher_campaign(campaign_id: CampaignId, context: Manager) -> CampaignRead:
    """Make a deactivated campaign's codes usable again (within its validity window)."""
    with context.write() as session:
        campaign = service.set_campaign_active(session=session, program=context.program, campaign_id=campaign_id,
                                               is_active=True, actor=context.actor)
        return _read(context, session, campaign)


# --- codes ---------------------------------------------------------------------------------


@router.post("/voucher-campaigns/{campaign_id:int}/code-batches", response_model=CodeBatchRead, status_code=201,
             responses=declared(
    '422 `code_space_too_small`: the pattern cannot make that many codes safely',
    '422 `invalid_code_pattern`: the pattern is not valid',
    '409 `voucher_campaign_inactive`: the campaign is not active'))
def generate_campaign_codes(campaign_id: CampaignId, body: CodeBatchCreate, context: Manager,
                   idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """Generate `count` (1 to 100 000) codes, unique in the program, from a pattern such as
    `XMAS-####-####` ('#' is a random character of `charset`), or from prefix + `length`
    random characters + postfix.

    A batch that would make guessing easy is refused: when the program's codes of this
    pattern would let a random guess hit a valid one more often than once in 1,000,000 tries,
    the answer is 422 `code_space_too_small` with the odds in the message.
    """
    pattern = domain.build_pattern(pattern=body.pattern, prefix=body.prefix, postfix=body.postfix,
                                   length=body.length, charset=body.charset)
    with context.write() as session:
        def produce() -> dict[str, Any]:
            generated = service.generate_codes(session=session, program=context.program, campaign_id=campaign_id,
                                               count=body.count, pattern=pattern, actor=context.actor)
            read = CodeBatchRead.model_validate(generated.batch)
            read.guesses_per_hit = generated.guesses_per_hit
            return read.model_dump(mode="json")

        return run_idempotent(context, session, key=idempotency_key, operation=f"vouchers.generate:{campaign_id}",
                              request_payload=body.model_dump(mode="json"), status_code=201, produce=produce)


@router.post("/voucher-campaigns/{campaign_id:int}/codes/import", response_model=CodeBatchRead, status_code=201,
             dependencies=[Depends(require_csv)],
             responses={**CSV_REFUSED,
                        422: {"description": "`invalid_csv`: the message and `details.errors` name each bad line"}},
             openapi_extra=file_upload("text/csv"))
def import_campaign_codes(campaign_id: CampaignId, context: Manager,
                 body: Annotated[bytes, Body(media_type="text/csv", description=(
                     "UTF-8 CSV with a header line. Column `code` (required); gift cards may add `balance` "
                     "(minor units, defaults to the campaign's amount). At most 100 000 codes."))],
                 idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """Import codes (a partner's, or public ones such as SUMMER10), all or nothing: a bad line,
    a repeated code or a code the program already has refuses the file, naming the lines."""
    if len(body) > MAX_CSV_BYTES:
        raise Invalid(f"The file is larger than {MAX_CSV_BYTES // (1024 * 1024)} MB.", code="invalid_csv", field="csv")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Invalid(f"The file is not UTF-8 (byte {error.start}).", code="invalid_csv", field="csv") from error
    with context.write() as session:
        def produce() -> dict[str, Any]:
            batch = service.import_codes(session=session, program=context.program, campaign_id=campaign_id,
                                         csv_text=text, actor=context.actor)
            return CodeBatchRead.model_validate(batch).model_dump(mode="json")

        return run_idempotent(context, session, key=idempotency_key, operation=f"vouchers.import:{campaign_id}",
                              request_payload={"csv": text}, status_code=201, produce=produce)


@router.post("/voucher-campaigns/{campaign_id:int}/publish", response_model=PublishedCodesRead, status_code=201,
             responses=declared(
    '409 `voucher_campaign_inactive`: the campaign is not active',
    '409 `not_enough_codes`: fewer unpublished codes than members',
    '409 `publish_conflict`: another publication took the codes meanwhile; retry'))
def publish_campaign_codes(campaign_id: CampaignId, body: PublishRequest, context: Manager,
                  idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """Give each member one of the campaign's unused, unpublished codes (409 `not_enough_codes`
    when there are too few), or give one member the `code` named. Only the holder can use a
    published code; to anyone else it does not exist. Each member gets a `voucher.published`
    event on their timeline."""
    with context.write() as session:
        def produce() -> dict[str, Any]:
            member_ids = [members.find_member(session=session, program_id=context.program_id, ref=ref).id
                          for ref in body.members]
            codes = service.publish_codes(session=session, program=context.program, campaign_id=campaign_id,
                                          member_ids=member_ids, code=body.code, actor=context.actor)
            return PublishedCodesRead(items=[
                PublishedCodeRead(member_id=member_id, code=code.code, published_at=code.published_at)
                for member_id, code in zip(member_ids, codes, strict=True) if code.published_at is not None
            ]).model_dump(mode="json")

        return run_idempotent(context, session, key=idempotency_key, operation=f"vouchers.publish:{campaign_id}",
                              request_payload=body.model_dump(mode="json"), status_code=201, produce=produce)


@router.get("/voucher-campaigns/{campaign_id:int}/codes.csv", response_class=StreamingResponse,
            responses={200: file_download("text/csv", "Columns: " + ", ".join(service.EXPORT_COLUMNS))})
def export_campaign_codes(campaign_id: CampaignId, context: Manager) -> StreamingResponse:
    """The campaign's codes as CSV, in creation order: who holds each, how often it was used,
    and a gift card's balance."""
    with context.read() as session:
        pages = list(service.export_codes(session=session, program_id=context.program_id, campaign_id=campaign_id))

    def lines() -> Iterator[str]:
        yield ",".join(service.EXPORT_COLUMNS) + "\r\n"
        for page in pages:
            for start in range(0, len(page), CSV_ROWS_PER_CHUNK):
                out = io.StringIO()
                csv.writer(out).writerows(page[start:start + CSV_ROWS_PER_CHUNK])
                yield out.getvalue()

    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="voucher-campaign-{campaign_id}-codes.csv"'})


class MemberVoucherPage(Page[MemberVoucherRead]):
    """The codes published to a member, newest first."""


@router.get("/members/{member_id:int}/vouchers", response_model=MemberVoucherPage)
def member_vouchers(member_id: MemberId, context: Reader, cursor: Cursor = None,
                    limit: Limit = DEFAULT_LIMIT) -> MemberVoucherPage:
    """The codes published to the member, newest first, with whether each can be used now."""
    with context.read() as session:
        return MemberVoucherPage.of(service.member_vouchers(session=session, program=context.program,
                                                            member_id=member_id, before_id=cursor_key(cursor),
                                                            limit=limit))
