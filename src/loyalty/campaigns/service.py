"""Campaigns: saved, launched in chunks by the worker, and measured against their control group.

A launch cuts the audience into chunks of member ids (domain.CHUNK_SIZE). Each chunk is one
unit of work (`run_chunk`): it claims the chunk, writes one `campaign_members` row per member
(unique per campaign), and gives the offer and queues the message only to the rows it
inserted, so a chunk run twice, or by two workers at once, gives nobody anything twice, and a
chunk rolled back half-way (a killed worker) leaves nothing behind and is run again.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from loyalty.campaigns import domain, measurement, repository
from loyalty.campaigns.models import Campaign
from loyalty.campaigns.schemas import (
    CampaignBudgetRead,
    CampaignGroupResults,
    CampaignMessage,
    CampaignOffer,
    CampaignOfferRead,
    MarketingCampaignCreate,
    MarketingCampaignRead,
    MarketingCampaignResults,
    MarketingCampaignUpdate,
    UpliftInterval,
)
from loyalty.events import service as events
from loyalty.kernel import clock, paging
from loyalty.kernel.conditions import evaluate, mentions
from loyalty.kernel.conditions import validate as validate_condition
from loyalty.kernel.errors import Conflict, Invalid, NotFound
from loyalty.kernel.exported import row_values
from loyalty.kernel.money import points_value_minor
from loyalty.kernel.paging import Slice
from loyalty.ledger import service as ledger
from loyalty.ledger.service import EarnAward
from loyalty.members.models import Member
from loyalty.members.schemas import MemberRef
from loyalty.messaging import service as messaging
from loyalty.programs import service as programs
from loyalty.programs.models import Program
from loyalty.rules import service as rules
from loyalty.rules.domain import tier_mentions
from loyalty.segment_membership.lookup import SEGMENTS_FIELD, check_segment_mentions
from loyalty.vouchers import service as vouchers
from loyalty.vouchers.domain import publish_refusal

# A pending chunk deferred this long ago without being done is deferred again (its job was lost).
REDEFER_AFTER = timedelta(minutes=2)
DUE_PER_SWEEP = 100
CHUNKS_PER_SWEEP = 1000
MESSAGE_EVENTS = ("message.delivered", "message.opened", "message.clicked")
NOT_FOUND = "campaign_not_found"


def source_of(campaign_id: int) -> str:
    """The `source` of the campaign's messages and what they set off: results count by it."""
    return f"campaign:{campaign_id}"


def dedupe_key(campaign_id: int, member_id: int) -> str:
    """One message per member and campaign, even when a chunk is run again."""
    return f"campaign:{campaign_id}:{member_id}"


# --- saving --------------------------------------------------------------------------------


def _campaign(session: Session, *, program_id: int, campaign_id: int, lock: bool = False) -> Campaign:
    campaign = repository.get_campaign(session, program_id=program_id, campaign_id=campaign_id, lock=lock)
    if campaign is None:
        raise NotFound("No such campaign.", code=NOT_FOUND)
    return campaign


def get_campaign(*, session: Session, program_id: int, campaign_id: int) -> Campaign:
    """The campaign (another program's are invisible: NotFound `campaign_not_found`)."""
    return _campaign(session, program_id=program_id, campaign_id=campaign_id)


def list_campaigns(*, session: Session, program_id: int, status: str | None = None, after_id: int | None = None,
                   limit: int = 50) -> Slice[Campaign]:
    """The program's campaigns, oldest first, paged by id."""
    paging.check_limit(limit)
    rows = repository.list_campaigns(session, program_id=program_id, status=status, after_id=after_id,
                                     limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda campaign: campaign.id)


def resolve_members(*, session: Session, program_id: int, refs: Sequence[MemberRef]) -> list[int]:
    """The member ids a list names, in the list's order without repeats. Any reference that
    names nobody in the program is 422 `unknown_members` (the first 20 in `details.unknown`)."""
    by_kind: dict[str, list[Any]] = {"id": [], "email": [], "phone": [], "card_number": [], "external_id": []}
    for ref in refs:
        kind, value = _ref_value(ref)
        by_kind[kind].append(value)
    found: dict[str, dict[Any, int]] = {
        "id": repository.members_by_ids(session, program_id=program_id, member_ids=by_kind["id"]),
        "email": repository.members_by_emails(session, program_id=program_id, emails=by_kind["email"]),
        "phone": repository.members_by_phones(session, program_id=program_id, phones=by_kind["phone"]),
        "card_number": repository.members_by_cards(session, program_id=program_id, numbers=by_kind["card_number"]),
        "external_id": repository.members_by_external_ids(session, program_id=program_id,
                                                          external_ids=by_kind["external_id"]),
    }
    member_ids: dict[int, None] = {}
    unknown: list[str] = []
    for ref in refs:
        kind, value = _ref_value(ref)
        member_id = found[kind].get(value)
        if member_id is None:
            unknown.append(f"{kind} {value}")
        else:
            member_ids[member_id] = None
    if unknown:
        raise Invalid(f"{len(unknown)} of the list's entries name no member of the program, such as {unknown[0]}.",
                      code="unknown_members", field="members", details={"unknown": unknown[:20],
                                                                        "count": len(unknown)})
    return list(member_ids)


def _ref_value(ref: MemberRef) -> tuple[str, Any]:
    for kind in ("id", "email", "phone", "card_number", "external_id"):
        value = getattr(ref, kind)
        if value is not None:
            return kind, value
    raise Invalid("Name each member by id, email, phone, card_number or external_id.", code="invalid_member_ref",
                  field="members")


@dataclass
class _Parts:
    """The campaign's fields as they will be stored, checked together."""

    values: dict[str, Any]
    member_ids: list[int] | None  # None: the list is not being replaced


def _offer_columns(session: Session, program: Program, offer: CampaignOffer | None) -> dict[str, Any]:
    if offer is None:
        return {"offer_kind": "none", "offer_points": None, "offer_unit": None, "voucher_campaign_id": None,
                "offer_value_minor": 0}
    if offer.kind == "points":
        unit = offer.unit or program.units[0]
        if unit not in program.units:
            raise Invalid(f"Unit '{unit}' is not used by this program (it uses: {', '.join(program.units)}).",
                          code="unknown_unit", field="offer.unit")
        points = offer.points or 0
        value = offer.value if offer.value is not None else points_value_minor(points, Decimal(program.point_value),
                                                                               program.currency)
        return {"offer_kind": "points", "offer_points": offer.points, "offer_unit": unit,
                "voucher_campaign_id": None, "offer_value_minor": value}
    voucher_value = 0
    if offer.voucher_campaign_id is not None:
        try:
            voucher_campaign = vouchers.get_campaign(session=session, program_id=program.id,
                                                     campaign_id=offer.voucher_campaign_id)
        except NotFound:
            raise Invalid("The program has no such voucher campaign.", code="unknown_voucher_campaign",
                          field="offer.voucher_campaign_id") from None
        if voucher_campaign.kind in domain.VALUED_VOUCHER_KINDS:
            voucher_value = voucher_campaign.amount_minor or 0
    return {"offer_kind": "coupon", "offer_points": None, "offer_unit": None,
            "voucher_campaign_id": offer.voucher_campaign_id,
            "offer_value_minor": offer.value if offer.value is not None else voucher_value}


def _check_and_cost(session: Session, program: Program, values: dict[str, Any], list_size: int) -> None:
    condition = values.get("condition")
    if values["target_kind"] == "condition" and condition is not None:
        validate_condition(condition, domain.MEMBER_CATALOG, path="condition")
        rules.check_tier_mentions(session=session, program=program, mentions=tier_mentions(condition))
        check_segment_mentions(session, program_id=program.id, tree=condition)
    if values["starts_at"] is not None and values["ends_at"] is not None and values["ends_at"] <= values["starts_at"]:
        raise Invalid("The end comes after the start.", code="invalid_campaign", field="ends_at")
    costing = domain.costing(offer_kind=values["offer_kind"], offer_points=values["offer_points"],
                             offer_value_minor=values["offer_value_minor"], budget_kind=values["budget_kind"])
    values["cost_per_member"] = costing.per_member
    domain.check_parts(offer_kind=values["offer_kind"], offer_points=values["offer_points"],
                       voucher_campaign_id=values["voucher_campaign_id"],
                       has_message=values["message_channel"] is not None, budget_kind=values["budget_kind"],
                       budget_total=values["budget_total"], cost_per_member=costing.per_member,
                       target_kind=values["target_kind"], list_size=list_size)


def _message_columns(message: CampaignMessage | None) -> dict[str, Any]:
    return {"message_channel": message.channel if message else None,
            "message_template_key": message.template_key if message else None}


def create_campaign(*, session: Session, program: Program, data: MarketingCampaignCreate, actor: str) -> Campaign:
    """A new campaign: a draft without `starts_at`, else scheduled for the worker."""
    member_ids = resolve_members(session=session, program_id=program.id, refs=data.members or []) \
        if data.target == "list" else []
    now = clock.now()
    values: dict[str, Any] = {
        "name": data.name, "description": data.description, "target_kind": data.target,
        "condition": data.condition if data.target == "condition" else None, "starts_at": data.starts_at,
        "ends_at": data.ends_at, **_message_columns(data.message), **_offer_columns(session, program, data.offer),
        "budget_kind": data.budget.kind if data.budget else "none",
        "budget_total": data.budget.amount if data.budget else None,
        "control_share": data.control_share, "attribution_days": data.attribution_days,
    }
    _check_and_cost(session, program, values, len(member_ids))
    campaign = Campaign(program_id=program.id, status="scheduled" if data.starts_at else "draft",
                        list_size=len(member_ids), seed=secrets.token_hex(16), budget_spent=0, chunks_total=0,
                        created_at=now, updated_at=now, created_by=actor, **values)
    session.add(campaign)
    session.flush()
    if member_ids:
        repository.replace_list(session, program_id=program.id, campaign_id=campaign.id, member_ids=member_ids)
    events.record(session=session, program_id=program.id, type="campaign.created", actor=actor,
                  payload={"campaign_id": campaign.id, "name": campaign.name})
    return campaign


def update_campaign(*, session: Session, program: Program, campaign_id: int, data: MarketingCampaignUpdate,
                    actor: str) -> Campaign:
    """Change a draft or scheduled campaign (409 `campaign_launched` once it has been launched).
    The control group's seed never changes, so a member's group stays what it was."""
    campaign = _campaign(session, program_id=program.id, campaign_id=campaign_id, lock=True)
    if campaign.status not in domain.EDITABLE_STATUSES:
        raise Conflict("A launched or stopped campaign cannot be changed.", code="campaign_launched")
    given = data.model_fields_set
    values: dict[str, Any] = {name: getattr(campaign, name) for name in (
        "name", "description", "target_kind", "condition", "starts_at", "ends_at", "message_channel",
        "message_template_key", "offer_kind", "offer_points", "offer_unit", "voucher_campaign_id",
        "offer_value_minor", "budget_kind", "budget_total", "control_share", "attribution_days")}
    for name in ("name", "description", "condition", "starts_at", "ends_at", "control_share", "attribution_days"):
        if name in given:
            values[name] = getattr(data, name)
    if "target" in given:
        values["target_kind"] = data.target
    if "message" in given:
        values.update(_message_columns(data.message))
    if "offer" in given:
        values.update(_offer_columns(session, program, data.offer))
    if "budget" in given:
        values["budget_kind"] = data.budget.kind if data.budget else "none"
        values["budget_total"] = data.budget.amount if data.budget else None
    if values["target_kind"] != "condition":
        values["condition"] = None
    member_ids = None
    list_size = campaign.list_size
    if values["target_kind"] == "list" and "members" in given:
        member_ids = resolve_members(session=session, program_id=program.id, refs=data.members or [])
        list_size = len(member_ids)
    elif values["target_kind"] != "list":
        member_ids, list_size = ([], 0) if campaign.list_size else (None, 0)
    _check_and_cost(session, program, values, list_size)
    for name, value in values.items():
        setattr(campaign, name, value)
    campaign.list_size = list_size
    campaign.status = "scheduled" if campaign.starts_at else "draft"
    campaign.updated_at = clock.now()
    if member_ids is not None:
        repository.replace_list(session, program_id=program.id, campaign_id=campaign.id, member_ids=member_ids)
    session.flush()
    return campaign


def delete_campaign(*, session: Session, program: Program, campaign_id: int, actor: str) -> None:
    """Delete a campaign never launched (409 `campaign_launched` otherwise: its results stay)."""
    campaign = _campaign(session, program_id=program.id, campaign_id=campaign_id, lock=True)
    if campaign.status not in domain.EDITABLE_STATUSES or campaign.launched_at is not None:
        raise Conflict("A launched campaign keeps its results; stop it instead.", code="campaign_launched")
    repository.delete_campaign(session, campaign)
    events.record(session=session, program_id=program.id, type="campaign.deleted", actor=actor,
                  payload={"campaign_id": campaign_id})


# --- launching -----------------------------------------------------------------------------


def _launch(session: Session, campaign: Campaign, now: datetime, actor: str) -> bool:
    """Running from now: its audience cut into chunks (pending, for the worker). False when
    another launch got there first."""
    if not repository.set_status(session, campaign_id=campaign.id, from_statuses=domain.EDITABLE_STATUSES,
                                 values={"status": "running", "launched_at": now, "updated_at": now}):
        return False
    boundaries, last_id = repository.audience_boundaries(session, campaign=campaign, size=domain.CHUNK_SIZE)
    bounds = domain.chunk_bounds(boundaries, last_id)
    repository.add_chunks(session, campaign=campaign, bounds=bounds)
    repository.set_status(session, campaign_id=campaign.id, from_statuses=("running",),
                          values={"chunks_total": len(bounds)})
    events.record(session=session, program_id=campaign.program_id, type="campaign.launched", actor=actor,
                  payload={"campaign_id": campaign.id, "chunks": len(bounds)})
    if not bounds:
        repository.complete_if_done(session, campaign_id=campaign.id, at=now)
    session.refresh(campaign)
    return True


def launch_now(*, session: Session, program: Program, campaign_id: int, actor: str) -> Campaign:
    """Launch a draft or scheduled campaign at once (409 `campaign_launched` if it was). Its
    chunks are handed to the worker by the next sweep (`sweep`, every 10 seconds)."""
    campaign = _campaign(session, program_id=program.id, campaign_id=campaign_id, lock=True)
    now = clock.now()
    if campaign.status not in domain.EDITABLE_STATUSES:
        raise Conflict("The campaign has already been launched or stopped.", code="campaign_launched")
    if campaign.ends_at is not None and campaign.ends_at <= now:
        raise Conflict("The campaign's end has passed.", code="campaign_ended", field="ends_at")
    _launch(session, campaign, now, actor)
    return campaign


def stop_campaign(*, session: Session, program: Program, campaign_id: int, actor: str) -> Campaign:
    """Stop a campaign: chunks not yet run give nothing (409 `campaign_finished` once completed)."""
    campaign = _campaign(session, program_id=program.id, campaign_id=campaign_id, lock=True)
    if campaign.status == "stopped":
        return campaign
    now = clock.now()
    if not repository.set_status(session, campaign_id=campaign.id, from_statuses=("draft", "scheduled", "running"),
                                 values={"status": "stopped", "completed_at": now, "updated_at": now}):
        raise Conflict("The campaign has finished.", code="campaign_finished")
    events.record(session=session, program_id=program.id, type="campaign.stopped", actor=actor,
                  payload={"campaign_id": campaign.id})
    session.refresh(campaign)
    return campaign


def sweep(*, session: Session, now: datetime | None = None) -> list[int]:
    """The worker's periodic pass over every program: launch the campaigns that fell due (or
    stop those whose end passed first), complete those with every chunk done, and return the
    chunks to hand to jobs: new ones, and those deferred long ago and still pending (a lost job)."""
    now = now or clock.now()
    for campaign in repository.due_campaigns(session, now=now, limit=DUE_PER_SWEEP):
        if campaign.ends_at is not None and campaign.ends_at <= now:
            repository.set_status(session, campaign_id=campaign.id, from_statuses=("scheduled",),
                                  values={"status": "stopped", "completed_at": now, "updated_at": now})
            continue
        _launch(session, campaign, now, "worker:campaigns")
    for campaign_id in repository.finished_running(session):
        repository.complete_if_done(session, campaign_id=campaign_id, at=now)
    return repository.chunks_to_defer(session, deferred_before=now - REDEFER_AFTER, at=now, limit=CHUNKS_PER_SWEEP)


def pending_chunks(*, session: Session, campaign_id: int) -> list[int]:
    return repository.pending_chunk_ids(session, campaign_id=campaign_id)


@dataclass(frozen=True)
class ChunkRun:
    """What one run of a chunk did (all zeros when it was done already)."""

    members: int = 0
    control: int = 0
    reached: int = 0
    not_reached: int = 0


def _audience(session: Session, program: Program, campaign: Campaign, members: Sequence[Member],
              now: datetime) -> list[Member]:
    if campaign.target_kind != "condition" or campaign.condition is None:
        return list(members)
    tier_session = session if mentions(campaign.condition, "member.tier") else None
    segments_session = session if mentions(campaign.condition, SEGMENTS_FIELD) else None
    return [member for member in members
            if evaluate(campaign.condition, rules.member_facts(member, program, now, session=tier_session,
                                                               segments_session=segments_session).flat())]


def run_chunk(*, session: Session, chunk_id: int) -> ChunkRun:
    """Materialize one chunk of a running campaign, exactly once (see the module's docstring).

    Budget: each target member takes `cost_per_member` by a guarded UPDATE before anything is
    given (repository.take_budget); the first refusal marks the budget spent, and that member
    and every later one are `budget_spent`: targeted, counted, not reached."""
    now = clock.now()
    chunk = repository.chunk(session, chunk_id)
    if chunk is None or not repository.claim_chunk(session, chunk_id=chunk_id, at=now):
        return ChunkRun()
    campaign = repository.campaign_by_id(session, chunk.campaign_id)
    if campaign is None or campaign.status != "running":
        return ChunkRun()
    program = programs.get_program(session=session, program_id=campaign.program_id)
    members = repository.chunk_members(session, campaign=campaign, after_id=chunk.after_member_id,
                                       through_id=chunk.through_member_id)
    audience = _audience(session, program, campaign, members, now)
    groups = {member.id: domain.is_control(campaign.seed, member.id, campaign.control_share) for member in audience}
    inserted = repository.add_campaign_members(session, [
        {"program_id": program.id, "campaign_id": campaign.id, "member_id": member.id, "chunk_no": chunk.chunk_no,
         "is_control": groups[member.id], "outcome": "control" if groups[member.id] else "targeted",
         "points_given": 0, "value_minor": 0, "created_at": now} for member in audience])
    targets = [member for member in audience if member.id in inserted and not groups[member.id]]
    outcomes = _deliver(session, program, campaign, targets, now)
    repository.set_outcomes(session, campaign_id=campaign.id, outcomes=outcomes)
    repository.set_chunk_members(session, chunk_id=chunk_id, members=len(inserted))
    if repository.complete_if_done(session, campaign_id=campaign.id, at=now):
        events.record(session=session, program_id=program.id, type="campaign.completed", actor=source_of(campaign.id),
                      payload={"campaign_id": campaign.id})
    reached = sum(1 for outcome in outcomes if outcome["outcome"] == "reached")
    return ChunkRun(members=len(inserted), control=len(inserted) - len(targets), reached=reached,
                    not_reached=len(targets) - reached)


def _codes_available(session: Session, program: Program, campaign: Campaign, wanted: int, now: datetime) -> int:
    assert campaign.voucher_campaign_id is not None
    state = vouchers.publishing_states(session=session, program_id=program.id,
                                       campaign_ids=[campaign.voucher_campaign_id], count_up_to=wanted)
    found = state.get(campaign.voucher_campaign_id)
    if found is None or publish_refusal(is_active=found.is_active, ends_at=found.ends_at, now=now) is not None:
        return 0
    return found.codes_to_publish


def _deliver(session: Session, program: Program, campaign: Campaign, targets: Sequence[Member],
             now: datetime) -> list[dict[str, Any]]:
    """Take the budget, give the offer, queue the message: each target member's outcome row."""
    if not targets:
        return []
    actor = source_of(campaign.id)
    codes_left = (_codes_available(session, program, campaign, len(targets), now)
                  if campaign.offer_kind == "coupon" else None)
    has_budget = campaign.budget_kind != "none"
    budget_open = campaign.budget_exhausted_at is None
    outcomes: dict[int, dict[str, Any]] = {}
    approved: list[Member] = []
    for member in targets:
        outcome = {"member_id": member.id, "outcome": "reached", "points_given": 0, "value_minor": 0,
                   "voucher_code_id": None, "message_id": None}
        outcomes[member.id] = outcome
        if codes_left is not None and codes_left <= 0:
            outcome["outcome"] = "no_codes"
            continue
        takes_budget = has_budget and campaign.cost_per_member > 0
        if takes_budget and (not budget_open or not repository.take_budget(session, campaign_id=campaign.id,
                                                                           cost=campaign.cost_per_member)):
            budget_open = False
            outcome["outcome"] = "budget_spent"
            continue
        if codes_left is not None:
            codes_left -= 1
        approved.append(member)
    if has_budget and not budget_open and repository.mark_budget_exhausted(session, campaign_id=campaign.id, at=now):
        events.record(session=session, program_id=program.id, type="campaign.budget_spent", actor=actor,
                      payload={"campaign_id": campaign.id})
    codes: dict[int, tuple[int, str]] = {}
    if campaign.offer_kind == "coupon" and approved:
        assert campaign.voucher_campaign_id is not None
        published = vouchers.publish_codes(session=session, program=program, campaign_id=campaign.voucher_campaign_id,
                                           member_ids=[member.id for member in approved], actor=actor)
        codes = {member.id: (row.id, row.code) for member, row in zip(approved, published, strict=True)}
    for member in approved:
        outcome = outcomes[member.id]
        context: dict[str, Any] = {"campaign": campaign.name}
        if campaign.offer_kind == "points" and campaign.offer_points:
            ledger.earn(session=session, program=program, member_id=member.id, occurred_at=now, actor=actor,
                        reason=actor, awards=[EarnAward(unit=campaign.offer_unit or program.units[0],
                                                        points=campaign.offer_points, rule_id=None,
                                                        rule_version=None)])
            outcome["points_given"] = campaign.offer_points
            context["points"] = campaign.offer_points
        if member.id in codes:
            outcome["voucher_code_id"], context["coupon_code"] = codes[member.id]
        outcome["value_minor"] = campaign.offer_value_minor if campaign.offer_kind != "none" else 0
        if campaign.message_channel and campaign.message_template_key:
            message = messaging.queue_message(
                session=session, program=program, member_id=member.id, channel=campaign.message_channel,
                template_key=campaign.message_template_key, dedupe_key=dedupe_key(campaign.id, member.id),
                source=actor, actor=actor, context=context)
            outcome["message_id"] = message.id if message is not None else None
    return list(outcomes.values())


# --- reading -------------------------------------------------------------------------------


def campaign_reads(*, session: Session, campaigns: Sequence[Campaign]) -> list[MarketingCampaignRead]:
    done = repository.chunks_done(session, campaign_ids=[campaign.id for campaign in campaigns])
    return [_read(campaign, done.get(campaign.id, 0)) for campaign in campaigns]


def campaign_read(*, session: Session, campaign: Campaign) -> MarketingCampaignRead:
    return campaign_reads(session=session, campaigns=[campaign])[0]


def _read(campaign: Campaign, chunks_done: int) -> MarketingCampaignRead:
    message = None
    if campaign.message_channel and campaign.message_template_key:
        message = CampaignMessage.model_validate({"channel": campaign.message_channel,
                                              "template_key": campaign.message_template_key})
    offer = None
    if campaign.offer_kind in ("points", "coupon"):
        offer = CampaignOfferRead(kind=campaign.offer_kind, points=campaign.offer_points,  # type: ignore[arg-type]
                          unit=campaign.offer_unit, voucher_campaign_id=campaign.voucher_campaign_id,
                          value=campaign.offer_value_minor)
    budget = None
    if campaign.budget_kind in ("points", "money") and campaign.budget_total is not None:
        budget = CampaignBudgetRead(kind=campaign.budget_kind, amount=campaign.budget_total,  # type: ignore[arg-type]
                            spent=campaign.budget_spent, exhausted_at=campaign.budget_exhausted_at)
    return MarketingCampaignRead(
        id=campaign.id, name=campaign.name, description=campaign.description,
        status=campaign.status,  # type: ignore[arg-type]
        target=campaign.target_kind,  # type: ignore[arg-type]
        list_size=campaign.list_size, condition=campaign.condition, starts_at=campaign.starts_at,
        ends_at=campaign.ends_at, message=message, offer=offer, budget=budget,
        control_share=Decimal(campaign.control_share), attribution_days=campaign.attribution_days,
        cost_per_member=campaign.cost_per_member, chunks_total=campaign.chunks_total, chunks_done=chunks_done,
        launched_at=campaign.launched_at, completed_at=campaign.completed_at, created_at=campaign.created_at,
        updated_at=campaign.updated_at)


def _interval(interval: measurement.Interval | None) -> UpliftInterval | None:
    if interval is None:
        return None
    return UpliftInterval(estimate=interval.estimate, standard_error=interval.standard_error, low=interval.low,
                        high=interval.high, confidence=interval.confidence, excludes_zero=interval.excludes_zero)


def results(*, session: Session, program: Program, campaign_id: int) -> MarketingCampaignResults:
    """Target and control side by side. Both groups are measured from the launch over the
    attribution window, as assigned (intention to treat): a targeted member the budget did
    not reach stays in the target group, so the uplift is what the campaign as run earned."""
    campaign = _campaign(session, program_id=program.id, campaign_id=campaign_id)
    start = campaign.launched_at
    end = start + timedelta(days=campaign.attribution_days) if start is not None else None
    figures = repository.group_figures(session, campaign_id=campaign.id)
    revenue = (repository.revenue_figures(session, campaign_id=campaign.id, start=start, end=end)
               if start is not None and end is not None else {})
    messages = repository.message_figures(session, campaign_id=campaign.id, source=source_of(campaign.id),
                                          types=MESSAGE_EVENTS)
    samples: dict[bool, tuple[measurement.Sample, measurement.Sample]] = {}
    groups: dict[bool, CampaignGroupResults] = {}
    for is_control in (False, True):
        counts = figures.get(is_control, {})
        money = revenue.get(is_control, {})
        members = counts.get("members", 0)
        converted = int(money.get("converted", 0))
        total = money.get("revenue", 0.0)
        samples[is_control] = (measurement.Sample(members, total, money.get("revenue_squares", 0.0)),
                               measurement.Sample.proportion(converted, members))
        groups[is_control] = CampaignGroupResults(
            members=members, reached=counts.get("reached", 0), not_reached=counts.get("not_reached", 0),
            delivered=messages.get((is_control, "message.delivered"), 0),
            opened=messages.get((is_control, "message.opened"), 0),
            clicked=messages.get((is_control, "message.clicked"), 0),
            converted=converted, conversion_rate=converted / members if members else 0.0,
            revenue_minor=int(total), revenue_per_member=total / members if members else 0.0,
            points_cost=counts.get("points_cost", 0), cost_minor=counts.get("cost_minor", 0))
    uplift = measurement.difference_of_means(samples[False][0], samples[True][0])
    conversion = measurement.difference_of_means(samples[False][1], samples[True][1])
    incremental = (measurement.incremental_total(uplift.estimate, groups[False].members)
                   if uplift is not None else None)
    cost = groups[False].cost_minor
    return MarketingCampaignResults(
        campaign_id=campaign.id, currency=program.currency, window_start=start, window_end=end,
        target=groups[False], control=groups[True], uplift_per_member=_interval(uplift),
        conversion_uplift=_interval(conversion), incremental_revenue_minor=incremental, cost_minor=cost,
        roi=measurement.roi(incremental, cost) if incremental is not None else None)


def member_data(*, session: Session, program_id: int, member_id: int) -> dict[str, Any]:
    """What campaigns keep about the member (their data export): each campaign that reached them, or
    held them back as control, with the outcome and the points or value given; the campaigns whose
    uploaded list names them. Two statements."""
    return {
        "campaigns": [row_values(row, ("campaign_id", "is_control", "outcome", "points_given", "value_minor",
                                       "created_at"), campaign=name)
                      for row, name in repository.member_campaign_rows(session, program_id=program_id,
                                                                      member_id=member_id)],
        "campaign_lists": [{"campaign_id": campaign_id, "campaign": name} for campaign_id, name in
                           repository.member_list_campaigns(session, program_id=program_id, member_id=member_id)],
    }
