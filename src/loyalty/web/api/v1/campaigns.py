"""Campaigns: a message and/or an offer to a list or a condition's members, with a budget and a
control group; launched in chunks by the worker, and measured against the control group."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response

from loyalty.campaigns import service
from loyalty.campaigns.schemas import (
    MarketingCampaignCreate,
    MarketingCampaignRead,
    MarketingCampaignResults,
    MarketingCampaignUpdate,
    Status,
)
from loyalty.members.schemas import MAX_ID
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared
from loyalty.web.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, cursor_key

router = APIRouter(tags=["campaigns"])
Reader = Annotated[ApiContext, Depends(require("campaigns:read"))]
Writer = Annotated[ApiContext, Depends(require("campaigns:write"))]
CampaignId = Annotated[int, Path(ge=1, le=MAX_ID, description="The campaign's id.")]

NOT_FOUND = "404 `campaign_not_found`: no such campaign in this program"
REFUSALS = (
    "422 `invalid_campaign`: the campaign's parts do not fit together (`field` names the part)",
    "422 `invalid_budget`: the budget does not fit the offer",
    "422 `invalid_condition`: the condition tree is not valid (the path is in `field`)",
    "422 `unknown_tier`: the condition names a tier level the program lacks",
    "422 `unknown_unit`: the points offer names a unit the program lacks",
    "422 `unknown_voucher_campaign`: the coupon offer names no voucher campaign of the program",
    "422 `unknown_members`: list entries that name no member (`details.unknown`)",
)


@router.post("/campaigns", response_model=MarketingCampaignRead, status_code=201, responses=declared(*REFUSALS))
def create_campaign(body: MarketingCampaignCreate, context: Writer) -> MarketingCampaignRead:
    """A new campaign: a draft without `starts_at` (launch it with POST …/launch), else scheduled:
    the worker launches it when `starts_at` comes (within ten seconds)."""
    with context.write() as session:
        campaign = service.create_campaign(session=session, program=context.program, data=body, actor=context.actor)
        return service.campaign_read(session=session, campaign=campaign)


class MarketingCampaignPage(Page[MarketingCampaignRead]):
    """Campaigns, oldest first."""


@router.get("/campaigns", response_model=MarketingCampaignPage)
def list_campaigns(context: Reader, status: Status | None = None, cursor: Cursor = None,
                   limit: Limit = DEFAULT_LIMIT) -> MarketingCampaignPage:
    """The program's campaigns with how far their launch got; `status` filters."""
    with context.read() as session:
        page = service.list_campaigns(session=session, program_id=context.program_id, status=status,
                                      after_id=cursor_key(cursor), limit=limit)
        return MarketingCampaignPage.of(page.map_all(
            lambda items: service.campaign_reads(session=session, campaigns=items)))


@router.get("/campaigns/{campaign_id:int}", response_model=MarketingCampaignRead, responses=declared(NOT_FOUND))
def read_campaign(campaign_id: CampaignId, context: Reader) -> MarketingCampaignRead:
    """The campaign, its status and how many of its chunks the worker has done."""
    with context.read() as session:
        campaign = service.get_campaign(session=session, program_id=context.program_id, campaign_id=campaign_id)
        return service.campaign_read(session=session, campaign=campaign)


@router.patch("/campaigns/{campaign_id:int}", response_model=MarketingCampaignRead, responses=declared(
    NOT_FOUND, "409 `campaign_launched`: a launched or stopped campaign cannot change", *REFUSALS))
def update_campaign(campaign_id: CampaignId, body: MarketingCampaignUpdate, context: Writer) -> MarketingCampaignRead:
    """Change a draft or scheduled campaign. The control group's seed stays, so everyone stays
    in the group they were in."""
    with context.write() as session:
        campaign = service.update_campaign(session=session, program=context.program, campaign_id=campaign_id,
                                           data=body, actor=context.actor)
        return service.campaign_read(session=session, campaign=campaign)


@router.delete("/campaigns/{campaign_id:int}", status_code=204, response_class=Response, responses=declared(
    NOT_FOUND, "409 `campaign_launched`: a launched campaign keeps its results (stop it instead)"))
def delete_campaign(campaign_id: CampaignId, context: Writer) -> Response:
    """Delete a draft or scheduled campaign never launched."""
    with context.write() as session:
        service.delete_campaign(session=session, program=context.program, campaign_id=campaign_id,
                                actor=context.actor)
    return Response(status_code=204)


@router.post("/campaigns/{campaign_id:int}/launch", response_model=MarketingCampaignRead, responses=declared(
    NOT_FOUND, "409 `campaign_launched`: it was launched or stopped already",
    "409 `campaign_ended`: its end has passed"))
def launch_campaign(campaign_id: CampaignId, context: Writer) -> MarketingCampaignRead:
    """Launch now: the audience is cut into chunks at once (`chunks_total`), and the worker runs
    them within seconds; `chunks_done` and `status` (completed) tell when it is through."""
    with context.write() as session:
        campaign = service.launch_now(session=session, program=context.program, campaign_id=campaign_id,
                                      actor=context.actor)
        return service.campaign_read(session=session, campaign=campaign)


@router.post("/campaigns/{campaign_id:int}/stop", response_model=MarketingCampaignRead, responses=declared(
    NOT_FOUND, "409 `campaign_finished`: it has completed"))
def stop_campaign(campaign_id: CampaignId, context: Writer) -> MarketingCampaignRead:
    """Stop: chunks not yet run give nothing; what was given stays, and so do the results."""
    with context.write() as session:
        campaign = service.stop_campaign(session=session, program=context.program, campaign_id=campaign_id,
                                         actor=context.actor)
        return service.campaign_read(session=session, campaign=campaign)


@router.get("/campaigns/{campaign_id:int}/results", response_model=MarketingCampaignResults,
            responses=declared(NOT_FOUND))
def campaign_results(campaign_id: CampaignId, context: Reader) -> MarketingCampaignResults:
    """Target and control side by side: reached, delivered, opened, clicked, converted (a purchase
    within `attribution_days` of the launch), revenue and cost; the revenue uplift per member
    with its 95 % confidence interval (Welch), the incremental revenue and the ROI."""
    with context.read() as session:
        return service.results(session=session, program=context.program, campaign_id=campaign_id)
