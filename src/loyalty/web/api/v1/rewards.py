"""The rewards catalogue: rewards, stock, code pools and causes; a member's catalogue,
redemptions and their PDF receipts; the fulfilment of physical items."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from loyalty.kernel.errors import Invalid
from loyalty.members.schemas import MAX_ID
from loyalty.rewards import service
from loyalty.rewards.schemas import (
    CatalogueRead,
    CauseCreate,
    CauseRead,
    CauseUpdate,
    CodeImportRead,
    CodePoolCreate,
    CodePoolRead,
    CodePoolUpdate,
    RedemptionCreate,
    RedemptionRead,
    RedemptionStatus,
    RewardCreate,
    RewardKind,
    RewardRead,
    RewardUpdate,
    StampCardRead,
    StatusChange,
    StockChange,
)
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared
from loyalty.web.files import CSV_REFUSED, file_download, file_upload, require_csv
from loyalty.web.idempotency import RequiredIdempotencyKey, run_idempotent
from loyalty.web.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, cursor_key

router = APIRouter(tags=["rewards"])
Reader = Annotated[ApiContext, Depends(require("members:read"))]
Manager = Annotated[ApiContext, Depends(require("rewards:write"))]
Redeemer = Annotated[ApiContext, Depends(require("rewards:redeem"))]
MemberId = Annotated[int, Path(ge=1, le=MAX_ID, description="The member's id.")]
RewardId = Annotated[int, Path(ge=1, le=MAX_ID)]
PoolId = Annotated[int, Path(ge=1, le=MAX_ID)]
CauseId = Annotated[int, Path(ge=1, le=MAX_ID)]
RedemptionId = Annotated[int, Path(ge=1, le=MAX_ID)]
Language = Annotated[str | None, Query(max_length=16, description=(
    "Show names in this language (falls back to the member's preferred language, then the program's)."))]
MAX_CODE_FILE_BYTES = 10 * 1024 * 1024


# What a reward's definition is refused for, created or changed.
REWARD_REFUSALS = (
    '404 `code_pool_not_found`: the code pool named is not in this program',
    '404 `voucher_campaign_not_found`: the voucher campaign named is not in this program',
    '404 `cause_not_found`: the cause named is not in this program',
    '422 `unknown_tier`: a tier level the program lacks (`details.known`)',
    '422 `unknown_unit`: a unit the program lacks',
    "422 `name_required`: a name in the reward's default language is needed",
    '422 `missing_reference`: this kind of reward needs its code pool, campaign or cause',
)


class RewardPage(Page[RewardRead]):
    """Rewards, oldest first."""


class CodePoolPage(Page[CodePoolRead]):
    """Code pools, oldest first."""


class CausePage(Page[CauseRead]):
    """Causes, oldest first."""


class StampCardPage(Page[StampCardRead]):
    """Stamp cards with a member's progress, oldest first."""


class RedemptionPage(Page[RedemptionRead]):
    """Redemptions, newest first."""


# --- the catalogue's definitions --------------------------------------------------------------


@router.post("/rewards", response_model=RewardRead, status_code=201, responses=declared(*REWARD_REFUSALS))
def create_reward(body: RewardCreate, context: Manager) -> RewardRead:
    """Add a reward. Each kind needs its own reference (e_voucher: `code_pool_id`; coupon and
    stamp_card: `voucher_campaign_id`; donation: `cause_id`; cashback: `cashback_rate`) and
    refuses the others; 422 names the field at fault."""
    with context.write() as session:
        reward = service.create_reward(session=session, program=context.program, data=body, actor=context.actor)
        return service.reward_reads(session=session, program=context.program, rewards=[reward])[0]


@router.get("/rewards", response_model=RewardPage)
def list_rewards(context: Reader, kind: RewardKind | None = None, is_active: bool | None = None,
                 cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT) -> RewardPage:
    """Every reward of the program, oldest first, with what is still available."""
    with context.read() as session:
        rewards = service.list_rewards(session=session, program_id=context.program_id, kind=kind,
                                       is_active=is_active, after_id=cursor_key(cursor), limit=limit)
        return RewardPage.of(rewards.map_all(
            lambda page: service.reward_reads(session=session, program=context.program, rewards=page)))


@router.get("/rewards/{reward_id:int}", response_model=RewardRead)
def read_reward(reward_id: RewardId, context: Reader) -> RewardRead:
    """One reward of the catalogue with its price, kind, stock, validity, eligibility and limits."""
    with context.read() as session:
        reward = service.get_reward(session=session, program_id=context.program_id, reward_id=reward_id)
        return service.reward_reads(session=session, program=context.program, rewards=[reward])[0]


@router.patch("/rewards/{reward_id:int}", response_model=RewardRead, responses=declared(*REWARD_REFUSALS))
def update_reward(reward_id: RewardId, body: RewardUpdate, context: Manager) -> RewardRead:
    """Change only the fields sent; `is_active: false` withdraws the reward from the catalogue.
    Stock changes go through `POST /rewards/{id}/stock`."""
    with context.write() as session:
        reward = service.update_reward(session=session, program=context.program, reward_id=reward_id, data=body,
                                       actor=context.actor)
        return service.reward_reads(session=session, program=context.program, rewards=[reward])[0]


@router.post("/rewards/{reward_id:int}/stock", response_model=RewardRead, responses=declared(
    '409 `stock_would_go_negative`: more written off than in stock',
    '409 `stock_unlimited`: the stock is unlimited; `set` a number first'))
def change_reward_stock(reward_id: RewardId, body: StockChange, context: Manager) -> RewardRead:
    """`{"add": 10}` receives goods (negative writes them off, never below zero, 409
    `stock_would_go_negative`); `{"set": 25}` counts them anew; `{"set": null}` makes the stock unlimited."""
    with context.write() as session:
        reward = service.change_stock(session=session, program=context.program, reward_id=reward_id, data=body,
                                      actor=context.actor)
        return service.reward_reads(session=session, program=context.program, rewards=[reward])[0]


# --- code pools -------------------------------------------------------------------------------


@router.post("/code-pools", response_model=CodePoolRead, status_code=201)
def create_code_pool(body: CodePoolCreate, context: Manager) -> CodePoolRead:
    """A pool for a partner's e-voucher codes; fill it with `POST /code-pools/{id}/codes`."""
    with context.write() as session:
        pool = service.create_code_pool(session=session, program=context.program, data=body, actor=context.actor)
        return service.code_pool_read(pool)


@router.get("/code-pools", response_model=CodePoolPage)
def list_code_pools(context: Reader, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT) -> CodePoolPage:
    """Pools with their unused codes, oldest first; `is_low` when fewer remain than `low_threshold`."""
    with context.read() as session:
        return CodePoolPage.of(service.list_code_pools(session=session, program_id=context.program_id,
                                                       after_id=cursor_key(cursor), limit=limit
                                                       ).map(service.code_pool_read))


@router.get("/code-pools/{pool_id:int}", response_model=CodePoolRead)
def read_code_pool(pool_id: PoolId, context: Reader) -> CodePoolRead:
    """One e-voucher code pool: how many codes are left, and whether it is below its warning threshold."""
    with context.read() as session:
        return service.code_pool_read(service.get_code_pool(session=session, program_id=context.program_id,
                                                            pool_id=pool_id))


@router.patch("/code-pools/{pool_id:int}", response_model=CodePoolRead)
def update_code_pool(pool_id: PoolId, body: CodePoolUpdate, context: Manager) -> CodePoolRead:
    """Rename a code pool or change the level below which it warns that it runs low."""
    with context.write() as session:
        pool = service.update_code_pool(session=session, program=context.program, pool_id=pool_id, data=body,
                                        actor=context.actor)
        return service.code_pool_read(pool)


@router.post("/code-pools/{pool_id:int}/codes", response_model=CodeImportRead, status_code=201,
             dependencies=[Depends(require_csv)], responses={**declared(
    '422 `invalid_code_file`: the file is too large, not UTF-8, or a line is bad (named)',
    '409 `codes_imported_concurrently`: another import into this pool ran meanwhile; retry'), **CSV_REFUSED},
             openapi_extra=file_upload("text/csv", example="code\nPARTNER-0001\nPARTNER-0002\n"))
async def import_pool_codes(pool_id: PoolId, request: Request, context: Manager) -> CodeImportRead:
    """Import a partner's codes from a CSV body (UTF-8): one code per row, in the `code` column
    if a header row names one, else the first column. All or nothing: a problem (an empty code,
    a code repeated in the file or already in the pool) is 422 naming its line, with up to 20
    problems in `details.problems`."""
    raw = await request.body()
    if len(raw) > MAX_CODE_FILE_BYTES:
        raise Invalid(f"A code file may be at most {MAX_CODE_FILE_BYTES // (1024 * 1024)} MiB; split it.",
                      code="invalid_code_file", field="file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise Invalid(f"Line {line}: the file is not UTF-8 text.", code="invalid_code_file",
                      field=f"line {line}") from None

    def work() -> CodeImportRead:
        with context.write() as session:
            return service.import_codes(session=session, program=context.program, pool_id=pool_id, csv_text=text,
                                        actor=context.actor)

    return await run_in_threadpool(work)


# --- causes -----------------------------------------------------------------------------------


@router.post("/causes", response_model=CauseRead, status_code=201)
def create_cause(body: CauseCreate, context: Manager) -> CauseRead:
    """A charity members can give points to through a donation reward."""
    with context.write() as session:
        return CauseRead.model_validate(service.create_cause(session=session, program=context.program, data=body,
                                                             actor=context.actor))


@router.get("/causes", response_model=CausePage)
def list_causes(context: Reader, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT) -> CausePage:
    """Causes with the points given to each so far, oldest first."""
    with context.read() as session:
        return CausePage.of(service.list_causes(session=session, program_id=context.program_id,
                                                after_id=cursor_key(cursor), limit=limit
                                                ).map(CauseRead.model_validate))


@router.get("/causes/{cause_id:int}", response_model=CauseRead)
def read_cause(cause_id: CauseId, context: Reader) -> CauseRead:
    """One charity cause with the running total of points donated to it."""
    with context.read() as session:
        return CauseRead.model_validate(service.get_cause(session=session, program_id=context.program_id,
                                                          cause_id=cause_id))


@router.patch("/causes/{cause_id:int}", response_model=CauseRead)
def update_cause(cause_id: CauseId, body: CauseUpdate, context: Manager) -> CauseRead:
    """`is_active: false` closes the cause: its donation rewards leave the catalogue."""
    with context.write() as session:
        return CauseRead.model_validate(service.update_cause(session=session, program=context.program,
                                                             cause_id=cause_id, data=body, actor=context.actor))


# --- the member's side ------------------------------------------------------------------------


@router.get("/members/{member_id:int}/catalogue", response_model=CatalogueRead)
def member_catalogue(member_id: MemberId, context: Reader, lang: Language = None) -> CatalogueRead:
    """The active rewards as this member sees them, cheapest first: `can_redeem`, and when not,
    every reason in `reasons` (insufficient_points, out_of_stock, member_limit_reached,
    total_limit_reached, tier_not_eligible, outside_validity, member_blocked)."""
    with context.read() as session:
        return service.catalogue(session=session, program=context.program, member_id=member_id, language=lang)


@router.get("/members/{member_id:int}/stamp-cards", response_model=StampCardPage)
def member_stamp_cards(member_id: MemberId, context: Reader, lang: Language = None, cursor: Cursor = None,
                       limit: Limit = DEFAULT_LIMIT) -> StampCardPage:
    """The program's stamp cards, oldest first, with the member's stamps and how many are still to go."""
    with context.read() as session:
        return StampCardPage.of(service.stamp_cards(session=session, program=context.program, member_id=member_id,
                                                    language=lang, after_id=cursor_key(cursor), limit=limit))


@router.post("/members/{member_id:int}/redemptions", response_model=RedemptionRead, status_code=201, responses=declared(
    '409 `insufficient_points`: fewer points available than the reward costs',
    '409 `out_of_stock`: none left',
    '409 `coupon_unavailable`: no code left to hand out',
    '409 `reward_inactive`: the reward is not on offer now',
    '409 `reward_not_redeemable`: the member may not redeem it (tier, limits; `message` says why)',
    '409 `member_blocked`: the member is blocked',
    '409 `cause_inactive`: the cause takes no donations now',
    '404 `reward_not_found`: no such reward in this program',
    '422 `delivery_address_required`: a physical reward needs a delivery address',
    '422 `points_too_few`: a donation or cashback below its minimum',
    '422 `cashback_too_small`: the cashback would be below one minor unit'))
def redeem_reward(member_id: MemberId, body: RedemptionCreate, context: Redeemer,
           idempotency_key: RequiredIdempotencyKey) -> JSONResponse:
    """Redeem a reward for the member: the points, the stock and any code in one transaction.

    Needs an Idempotency-Key: the same key and body replay the first answer (and never charge
    again), another body with it is 409 `idempotency_mismatch`. Refusals are 409 with the
    reason's code and all reasons in `details.reasons`. A physical item needs a
    `delivery_address` unless the member has one on file.
    """
    with context.write() as session:
        def produce() -> dict[str, Any]:
            redemption = service.redeem(session=session, program=context.program, member_id=member_id, data=body,
                                        actor=context.actor)
            return service.redemption_read(redemption).model_dump(mode="json")

        return run_idempotent(context, session, key=idempotency_key, operation=f"rewards.redeem:{member_id}",
                              request_payload=body.model_dump(mode="json"), status_code=201, produce=produce)


@router.get("/members/{member_id:int}/redemptions", response_model=RedemptionPage)
def list_member_redemptions(member_id: MemberId, context: Reader, cursor: Cursor = None,
                       limit: Limit = DEFAULT_LIMIT) -> RedemptionPage:
    """The member's redemptions, newest first."""
    with context.read() as session:
        return RedemptionPage.of(service.member_redemptions(session=session, program_id=context.program_id,
                                                            member_id=member_id, before_id=cursor_key(cursor),
                                                            limit=limit))


@router.get("/members/{member_id:int}/redemptions/{redemption_id:int}", response_model=RedemptionRead)
def read_member_redemption(member_id: MemberId, redemption_id: RedemptionId, context: Reader) -> RedemptionRead:
    """One of the member's redemptions: the reward, points and money paid, status history, and any code handed
    out."""
    with context.read() as session:
        return service.redemption_read(service.get_redemption(
            session=session, program_id=context.program_id, redemption_id=redemption_id, member_id=member_id))


@router.get("/members/{member_id:int}/redemptions/{redemption_id:int}/receipt.pdf", response_class=Response,
            responses={200: file_download("application/pdf", "The receipt as a PDF.")})
def member_redemption_receipt(member_id: MemberId, redemption_id: RedemptionId, context: Reader) -> Response:
    """The redemption's electronic receipt: program, member, reward, points, money part, code,
    date and receipt number."""
    with context.read() as session:
        number, pdf = service.receipt_pdf(session=session, program=context.program, member_id=member_id,
                                          redemption_id=redemption_id)
    return Response(content=pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{number}.pdf"'})


# --- fulfilment -------------------------------------------------------------------------------


@router.get("/redemptions", response_model=RedemptionPage)
def list_reward_redemptions(context: Reader, status: RedemptionStatus | None = None, cursor: Cursor = None,
                     limit: Limit = DEFAULT_LIMIT) -> RedemptionPage:
    """Every redemption of the program, newest first; `status=requested` is what waits to be confirmed."""
    with context.read() as session:
        return RedemptionPage.of(service.list_redemptions(session=session, program_id=context.program_id,
                                                          status=status, before_id=cursor_key(cursor), limit=limit))


@router.post("/redemptions/{redemption_id:int}/status", response_model=RedemptionRead, responses=declared(
    '409 `redemption_changed`: the redemption changed meanwhile; read it and retry'))
def change_redemption_status(redemption_id: RedemptionId, body: StatusChange, context: Manager) -> RedemptionRead:
    """Move a physical item along requested → confirmed → shipped → delivered, or cancel it
    while requested or confirmed: the points go back to the member (a ledger credit) and the
    item back into stock. Any other change is 409 `transition_not_allowed` with the allowed ones."""
    with context.write() as session:
        return service.redemption_read(service.change_status(
            session=session, program=context.program, redemption_id=redemption_id, data=body, actor=context.actor))
