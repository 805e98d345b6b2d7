"""Campaigns (/admin/campaigns): the list with each campaign's status, the form (a pasted or
uploaded member list, or a condition drawn in the rules' condition builder; schedule, message,
offer, budget, control share), launch and stop, and the results of target and control side by
side with the uplift and its confidence interval.

The form makes the body the API's POST /campaigns and PATCH /campaigns/{id} take (validated by
the same schemas) and hands it to the same service; refusals are shown beside their field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from babel.numbers import get_currency_precision
from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.requests import Request

from loyalty.auth.roles import EDIT_PROGRAM, VIEW_PANEL
from loyalty.campaigns import domain, service
from loyalty.campaigns.schemas import (
    MarketingCampaignCreate,
    MarketingCampaignRead,
    MarketingCampaignResults,
    MarketingCampaignUpdate,
)
from loyalty.kernel.conditions import ALL_OPS
from loyalty.kernel.errors import DomainError, NotFound
from loyalty.vouchers import service as vouchers
from loyalty.web.admin import condition_builder as builder
from loyalty.web.admin.catalogue_forms import program_of, reading, record, writing
from loyalty.web.pages.errors import not_found
from loyalty.web.pages.forms import Form, PathId, field_errors, parse_id
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/campaigns")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]
Editor = Annotated[StaffContext, Depends(staff(EDIT_PROGRAM))]

TEXT_FIELDS = ("name", "description", "target", "members", "starts_at", "ends_at", "message_channel",
               "message_template_key", "offer_kind", "offer_points", "voucher_campaign_id", "offer_value",
               "budget_kind", "budget_amount", "control_percent", "attribution_days")
LOCAL_MOMENT = "%Y-%m-%dT%H:%M"
# The condition builder types a condition's values by the enrolment trigger's fields: the member's.
BUILDER_TRIGGER = "enrolment"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
PAGE_SIZE = 50


@dataclass
class CampaignForm:
    """What the form shows: the fields as typed, the condition builder's tree, errors by the
    API's field path, and where the builder's focus goes."""

    values: dict[str, str]
    tree: builder.Node
    errors: dict[str, str] = field(default_factory=dict)
    focus: str | None = None


def _blank() -> CampaignForm:
    values = dict.fromkeys(TEXT_FIELDS, "")
    values.update(target="condition", offer_kind="points", offer_points="100", budget_kind="none",
                  control_percent="10", attribution_days="14", message_channel="")
    return CampaignForm(values=values, tree=builder.Node(kind="all"))


def _local(moment: datetime | None, timezone: str) -> str:
    return "" if moment is None else moment.astimezone(ZoneInfo(timezone)).strftime(LOCAL_MOMENT)


def _form_of(campaign: MarketingCampaignRead, timezone: str) -> CampaignForm:
    offer, budget, message = campaign.offer, campaign.budget, campaign.message
    values = {
        "name": campaign.name, "description": campaign.description or "", "target": campaign.target, "members": "",
        "starts_at": _local(campaign.starts_at, timezone), "ends_at": _local(campaign.ends_at, timezone),
        "message_channel": message.channel if message else "",
        "message_template_key": message.template_key if message else "",
        "offer_kind": offer.kind if offer else "none",
        "offer_points": str(offer.points) if offer and offer.points else "",
        "voucher_campaign_id": str(offer.voucher_campaign_id) if offer and offer.voucher_campaign_id else "",
        "offer_value": str(offer.value) if offer else "",
        "budget_kind": budget.kind if budget else "none", "budget_amount": str(budget.amount) if budget else "",
        "control_percent": format((campaign.control_share * 100).normalize(), "f"),
        "attribution_days": str(campaign.attribution_days),
    }
    return CampaignForm(values=values, tree=builder.from_tree(campaign.condition))


def _posted(form: Form) -> CampaignForm:
    return CampaignForm(values={name: form.get(name).strip() if name != "members" else form.get(name)
                                for name in TEXT_FIELDS}, tree=builder.from_form(form.fields))


def _integer(text: str) -> int | str | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        return text


def _moment(text: str, timezone: str) -> str | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(timezone)).isoformat()
    except ValueError:
        return text


def _member_lines(request: Request, me: StaffContext, form: CampaignForm) -> list[str] | None:
    """The pasted lines and the uploaded file's, or None when neither names anyone."""
    lines = form.values["members"].splitlines()
    upload = me.form.files.get("members_file")
    if upload is not None:
        data = upload.file.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            form.errors["members"] = gettext(request, "The file is too big (at most 5 MB).")
            return None
        try:
            lines += data.decode("utf-8-sig").splitlines()
        except UnicodeDecodeError:
            form.errors["members"] = gettext(request, "The file is not UTF-8 text.")
            return None
    return lines if any(line.strip() for line in lines) else None


def _body(request: Request, me: StaffContext, form: CampaignForm, timezone: str, *,
          is_new: bool) -> tuple[dict[str, Any], dict[str, str]]:
    """The JSON body the API would take, and which builder node each part of the condition came
    from. On an edit an empty member box keeps the saved list."""
    values = form.values
    condition, origins = builder.to_tree(form.tree, BUILDER_TRIGGER)
    body: dict[str, Any] = {
        "name": values["name"], "description": values["description"] or None, "target": values["target"],
        "starts_at": _moment(values["starts_at"], timezone), "ends_at": _moment(values["ends_at"], timezone),
        "attribution_days": _integer(values["attribution_days"]) or 14,
    }
    if values["target"] == "condition":
        body["condition"] = condition
    else:
        lines = _member_lines(request, me, form)
        if lines is not None:
            read = domain.classify_identifiers(lines)
            if read.unreadable:
                form.errors["members"] = gettext(request, "Not a member id, card number or e-mail: %(text)s",
                                                 text=", ".join(read.unreadable[:5]))
            body["members"] = ([{"id": member_id} for member_id in read.member_ids]
                               + [{"email": email} for email in read.emails]
                               + [{"card_number": number} for number in read.card_numbers])
        elif is_new:
            body["members"] = []
    try:
        share = Decimal(values["control_percent"] or "0") / 100
        body["control_share"] = format(share, "f")
    except InvalidOperation:
        form.errors["control_share"] = gettext(request, "Give the control group's share as a percentage.")
    body["message"] = ({"channel": values["message_channel"], "template_key": values["message_template_key"]}
                       if values["message_channel"] or values["message_template_key"] else None)
    kind = values["offer_kind"]
    if kind == "points":
        body["offer"] = {"kind": "points", "points": _integer(values["offer_points"])}
    elif kind == "coupon":
        body["offer"] = {"kind": "coupon", "voucher_campaign_id": _integer(values["voucher_campaign_id"])}
    else:
        body["offer"] = None
    if body["offer"] is not None and values["offer_value"]:
        body["offer"]["value"] = _integer(values["offer_value"])
    body["budget"] = ({"kind": values["budget_kind"], "amount": _integer(values["budget_amount"])}
                      if values["budget_kind"] in ("points", "money") else None)
    return body, origins


def _show_errors(form: CampaignForm, origins: dict[str, str], errors: dict[str, str]) -> None:
    for path, message in errors.items():
        is_condition = path == "condition" or path.startswith(("condition.", "condition["))
        if is_condition and builder.place_error(form.tree, origins, path, message):
            continue
        form.errors[path] = message


def _context(request: Request, me: StaffContext, form: CampaignForm, **extra: Any) -> dict[str, Any]:
    catalog = domain.MEMBER_CATALOG
    with reading(request) as db:
        voucher_campaigns = vouchers.list_campaigns(session=db, program_id=me.program.id, is_active=True,
                                                    limit=200).items
    return {"form": form, "group_kinds": builder.GROUP_KINDS, "operators": ALL_OPS,
            "field_names": [*catalog.names(), *(f"{prefix}…" for prefix in catalog.open_prefixes)],
            "builder_url": "/admin/campaigns/builder", "timezone": me.program.timezone,
            "channels": domain.CHANNELS, "voucher_campaigns": [(c.id, c.name) for c in voucher_campaigns],
            "empty_condition_text": gettext(request, "No conditions: every active member is targeted."),
            **extra}


def _form_page(request: Request, me: StaffContext, form: CampaignForm, campaign: MarketingCampaignRead | None,
               status: int = 200) -> Response:
    title = campaign.name if campaign else gettext(request, "New campaign")
    return render(request, "admin/campaigns/form.html", {"title": title, "campaign": campaign,
                                                          **_context(request, me, form)}, status=status)


# --- the list --------------------------------------------------------------------------------


@router.get("")
def list_campaigns(request: Request, me: Viewer, after: str = "") -> Response:
    with reading(request) as db:
        page = service.list_campaigns(session=db, program_id=me.program.id, after_id=parse_id(after),
                                      limit=PAGE_SIZE)
        campaigns = service.campaign_reads(session=db, campaigns=page.items)
    return render(request, "admin/campaigns/list.html", {
        "title": gettext(request, "Campaigns"), "campaigns": campaigns, "next_after": page.next_key})


# --- creating and changing -------------------------------------------------------------------


@router.get("/new")
def new_campaign(request: Request, me: Editor) -> Response:
    return _form_page(request, me, _blank(), None)


@router.post("/builder")
def rebuild(request: Request, me: Editor) -> Response:
    """The condition builder after one of its buttons (HTMX swaps it in place)."""
    form = _posted(me.form)
    action = me.form.get("builder")
    form.focus = builder.apply(form.tree, action) if action else None
    return render(request, "admin/rules/builder.html", _context(request, me, form))


def _save(request: Request, me: StaffContext, campaign: MarketingCampaignRead | None) -> Response:
    form = _posted(me.form)
    action = me.form.get("builder")
    if action:  # a builder button without HTMX: the whole form again, the tree changed
        form.focus = builder.apply(form.tree, action)
        return _form_page(request, me, form, campaign)
    body, origins = _body(request, me, form, me.program.timezone, is_new=campaign is None)
    schema = MarketingCampaignCreate if campaign is None else MarketingCampaignUpdate
    try:
        data = schema.model_validate(body)
    except ValidationError as error:
        _show_errors(form, origins, field_errors(error))
        return _form_page(request, me, form, campaign, status=422)
    if form.errors:
        return _form_page(request, me, form, campaign, status=422)
    try:
        with writing(request) as db:
            program = program_of(db, me)
            if campaign is None:
                assert isinstance(data, MarketingCampaignCreate)
                saved = service.create_campaign(session=db, program=program, data=data, actor=me.actor)
                after = service.campaign_read(session=db, campaign=saved)
                record(db, me, action="campaign.created", subject_type="campaign", subject_id=after.id, after=after)
            else:
                assert isinstance(data, MarketingCampaignUpdate)
                saved = service.update_campaign(session=db, program=program, campaign_id=campaign.id, data=data,
                                                actor=me.actor)
                after = service.campaign_read(session=db, campaign=saved)
                record(db, me, action="campaign.updated", subject_type="campaign", subject_id=after.id,
                       before=campaign, after=after)
    except DomainError as error:
        message = error.message
        if error.code == "unknown_members":
            message = gettext(request, "%(count)s of the list's entries name no member, such as %(example)s.",
                              count=error.details.get("count", 0),
                              example=", ".join(error.details.get("unknown", [])[:3]))
        _show_errors(form, origins, {error.field or "form": message})
        return _form_page(request, me, form, campaign, status=409 if error.code == "campaign_launched" else 422)
    return redirect(request, f"/admin/campaigns/{after.id}", notice=gettext(request, "The campaign was saved."))


@router.post("/new")
def create_campaign(request: Request, me: Editor) -> Response:
    return _save(request, me, None)


def _read(request: Request, me: StaffContext, campaign_id: int) -> MarketingCampaignRead | None:
    with reading(request) as db:
        try:
            return service.campaign_read(session=db, campaign=service.get_campaign(
                session=db, program_id=me.program.id, campaign_id=campaign_id))
        except NotFound:
            return None


@router.get("/{campaign_id:int}")
def show_campaign(request: Request, me: Viewer, campaign_id: PathId) -> Response:
    """A campaign still to launch is its form; a launched one is its results."""
    campaign = _read(request, me, campaign_id)
    if campaign is None:
        return not_found(request)
    if campaign.status in domain.EDITABLE_STATUSES:
        return _form_page(request, me, _form_of(campaign, me.program.timezone), campaign)
    with reading(request) as db:
        results = service.results(session=db, program=program_of(db, me), campaign_id=campaign_id)
    return render(request, "admin/campaigns/results.html", {
        "title": campaign.name, "campaign": campaign, "results": results, "rows": _result_rows(request, results),
        "timezone": me.program.timezone,
        "minor": lambda value: Decimal(str(value or 0)).scaleb(-get_currency_precision(results.currency))})


@router.post("/{campaign_id:int}")
def update_campaign(request: Request, me: Editor, campaign_id: PathId) -> Response:
    campaign = _read(request, me, campaign_id)
    if campaign is None:
        return not_found(request)
    return _save(request, me, campaign)


def _act(request: Request, me: StaffContext, campaign_id: int, action: str) -> Response:
    before = _read(request, me, campaign_id)
    if before is None:
        return not_found(request)
    try:
        with writing(request) as db:
            program = program_of(db, me)
            act = service.launch_now if action == "launch" else service.stop_campaign
            campaign = act(session=db, program=program, campaign_id=campaign_id, actor=me.actor)
            after = service.campaign_read(session=db, campaign=campaign)
            record(db, me, action=f"campaign.{'launched' if action == 'launch' else 'stopped'}",
                   subject_type="campaign", subject_id=campaign_id, before={"status": before.status},
                   after={"status": after.status})
    except DomainError as error:
        return redirect(request, f"/admin/campaigns/{campaign_id}", notice=error.message)
    notice = (gettext(request, "The campaign is launching: the worker sends it in chunks.") if action == "launch"
              else gettext(request, "The campaign was stopped."))
    return redirect(request, f"/admin/campaigns/{campaign_id}", notice=notice)


@router.post("/{campaign_id:int}/launch")
def launch_campaign(request: Request, me: Editor, campaign_id: PathId) -> Response:
    return _act(request, me, campaign_id, "launch")


@router.post("/{campaign_id:int}/stop")
def stop_campaign(request: Request, me: Editor, campaign_id: PathId) -> Response:
    return _act(request, me, campaign_id, "stop")


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    label: str
    kind: str  # number | money | percent
    target: float
    control: float


def _result_rows(request: Request, results: MarketingCampaignResults) -> list[ResultRow]:
    target, control = results.target, results.control
    rows = [
        (gettext(request, "Members"), "number", "members"), (gettext(request, "Reached"), "number", "reached"),
        (gettext(request, "Not reached (budget or codes ran out)"), "number", "not_reached"),
        (gettext(request, "Delivered"), "number", "delivered"), (gettext(request, "Opened"), "number", "opened"),
        (gettext(request, "Clicked"), "number", "clicked"), (gettext(request, "Converted"), "number", "converted"),
        (gettext(request, "Conversion rate"), "percent", "conversion_rate"),
        (gettext(request, "Revenue"), "money", "revenue_minor"),
        (gettext(request, "Revenue per member"), "money", "revenue_per_member"),
        (gettext(request, "Points given"), "number", "points_cost"), (gettext(request, "Cost"), "money", "cost_minor"),
    ]
    return [ResultRow(label, kind, float(getattr(target, name)), float(getattr(control, name)))
            for label, kind, name in rows]
