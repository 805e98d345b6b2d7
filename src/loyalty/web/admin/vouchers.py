"""Voucher campaigns (/admin/vouchers): the campaigns with their usage counts, a new campaign,
codes generated from a pattern, and the codes exported as CSV.

The forms are read into the API's request schemas (CampaignCreate, CodeBatchCreate) and handed
to the services its routes call (web/api/v1/vouchers.py): the pattern is built by
`vouchers.domain.build_pattern` and the codes by `vouchers.service.generate_codes`, exactly as
there; the CSV has the API's columns.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response, StreamingResponse
from starlette.requests import Request

from loyalty.auth.roles import EDIT_PROGRAM, VIEW_PANEL
from loyalty.kernel.errors import DomainError, Invalid, NotFound
from loyalty.vouchers import domain, service
from loyalty.vouchers.schemas import CampaignCreate, CampaignRead, CampaignUpdate, CodeBatchCreate
from loyalty.web.admin.catalogue_forms import (
    FormRefused,
    form_values,
    lines,
    optional_text,
    program_of,
    reading,
    record,
    refusal,
    validated,
    whole_number,
    writing,
)
from loyalty.web.pages.errors import not_found
from loyalty.web.pages.forms import PathId, parse_id
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.security import PAGE_HEADERS
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/vouchers")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]
Editor = Annotated[StaffContext, Depends(staff(EDIT_PROGRAM))]
KINDS = ("fixed_amount", "percent", "free_product", "points_multiplier", "gift_card")
CHARSETS = ("unambiguous", "alphanumeric", "alphabetic", "numeric")
NUMBER_FIELDS = ("amount", "max_discount", "free_quantity", "max_uses_per_code", "max_uses_per_member",
                 "max_uses_total")
TEXT_FIELDS = ("description", "percent", "sku", "factor", "starts_at", "ends_at")
CSV_ROWS_PER_CHUNK = 5000
MAX_CSV_BYTES = 10 * 1024 * 1024  # as the API's import


def pairs(keys: Any, labels: dict[str, str]) -> list[tuple[str, str]]:
    return [(key, labels.get(key, key)) for key in keys]


@router.get("")
def campaigns_page(request: Request, me: Viewer, after: str = "") -> Response:
    with reading(request) as db:
        program = program_of(db, me)
        page = service.list_campaigns(session=db, program_id=program.id, after_id=parse_id(after), limit=50)
        campaigns = service.campaign_reads(session=db, program=program, campaigns=page.items)
    return render(request, "admin/vouchers/list.html", {
        "title": gettext(request, "Voucher campaigns"), "campaigns": campaigns, "next_after": page.next_key})


def _new_form(request: Request, *, values: dict[str, Any], errors: dict[str, str], status: int = 200) -> Response:
    return render(request, "admin/vouchers/new.html", {
        "title": gettext(request, "New voucher campaign"), "values": values, "errors": errors, "kinds": KINDS,
        "pairs": pairs}, status=status)


@router.get("/new")
def new_campaign_page(request: Request, me: Editor) -> Response:
    return _new_form(request, values={"kind": "percent"}, errors={})


def _condition(me: StaffContext, name: str) -> Any:
    text = me.form.text(name)
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError as error:
        raise FormRefused({name: f"Not JSON: {error}."}) from None


def _campaign_body(me: StaffContext) -> dict[str, Any]:
    """The form as an API client's body: a field left empty is left out (the schema's default)."""
    form = me.form
    body: dict[str, Any] = {"name": form.text("name"), "kind": form.text("kind")}
    for name in NUMBER_FIELDS:
        value = whole_number(form.get(name))
        if value is not None:
            body[name] = value
    for name in TEXT_FIELDS:
        text = optional_text(form.get(name))
        if text is not None:
            body[name] = text
    for name in ("condition", "line_condition"):
        condition = _condition(me, name)
        if condition is not None:
            body[name] = condition
    return body


@router.post("/new")
def create_campaign(request: Request, me: Editor) -> Response:
    try:
        body = _campaign_body(me)
        with writing(request) as db:
            program = program_of(db, me)
            data = validated(CampaignCreate, body)
            campaign = service.create_campaign(session=db, program=program, data=data, actor=me.actor)
            read = service.campaign_reads(session=db, program=program, campaigns=[campaign])[0]
            record(db, me, action="voucher_campaign.created", subject_type="voucher_campaign", subject_id=read.id,
                   after=read)
    except (FormRefused, DomainError) as error:
        refused = refusal(error)
        return _new_form(request, values=form_values(me.form), errors=refused.errors, status=refused.status)
    return redirect(request, f"/admin/vouchers/{read.id}", notice=gettext(request, "The campaign was created."))


def _read(request: Request, me: StaffContext, campaign_id: int) -> CampaignRead | None:
    with reading(request) as db:
        program = program_of(db, me)
        try:
            campaign = service.get_campaign(session=db, program_id=program.id, campaign_id=campaign_id)
        except NotFound:
            return None
        return service.campaign_reads(session=db, program=program, campaigns=[campaign])[0]


def _edit_values(campaign: CampaignRead) -> dict[str, Any]:
    """The campaign as its edit form shows it."""
    def shown(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%dT%H:%M")
        return value

    values = {name: shown(getattr(campaign, name)) for name in (*NUMBER_FIELDS, *TEXT_FIELDS)}
    values["name"] = campaign.name
    for name in ("condition", "line_condition"):
        condition = getattr(campaign, name)
        values[name] = json.dumps(condition, indent=2, ensure_ascii=False) if condition else ""
    return values


def _campaign_page(request: Request, campaign: CampaignRead, *, values: dict[str, Any], errors: dict[str, str],
                   edit_values: dict[str, Any] | None = None, edit_errors: dict[str, str] | None = None,
                   import_values: dict[str, Any] | None = None, import_errors: dict[str, str] | None = None,
                   problems: list[dict[str, Any]] | None = None, status: int = 200) -> Response:
    return render(request, "admin/vouchers/campaign.html", {
        "title": campaign.name, "campaign": campaign, "values": values, "errors": errors, "charsets": CHARSETS,
        "edit_values": edit_values if edit_values is not None else _edit_values(campaign),
        "edit_errors": edit_errors or {}, "import_values": import_values or {},
        "import_errors": import_errors or {}, "problems": problems or [],
        "pairs": pairs, "condition": json.dumps(campaign.condition, indent=2) if campaign.condition else "",
        "line_condition": json.dumps(campaign.line_condition, indent=2) if campaign.line_condition else ""},
        status=status)


@router.get("/{campaign_id:int}")
def campaign_page(request: Request, campaign_id: PathId, me: Viewer) -> Response:
    campaign = _read(request, me, campaign_id)
    if campaign is None:
        return not_found(request)
    return _campaign_page(request, campaign, values={"count": 100, "pattern": "", "charset": "unambiguous"},
                          errors={})


@router.post("/{campaign_id:int}")
def update_campaign(request: Request, campaign_id: PathId, me: Editor) -> Response:
    """Every field is sent, as a PATCH naming them all: an emptied field is cleared (null)."""
    before = _read(request, me, campaign_id)
    if before is None:
        return not_found(request)
    form = me.form
    try:
        body: dict[str, Any] = {"name": form.text("name")}
        body.update({name: whole_number(form.get(name)) for name in NUMBER_FIELDS})
        body.update({name: optional_text(form.get(name)) for name in TEXT_FIELDS})
        body.update({name: _condition(me, name) for name in ("condition", "line_condition")})
        with writing(request) as db:
            program = program_of(db, me)
            data = validated(CampaignUpdate, body)
            campaign = service.update_campaign(session=db, program=program, campaign_id=campaign_id, data=data,
                                               actor=me.actor)
            after = service.campaign_reads(session=db, program=program, campaigns=[campaign])[0]
            if after.updated_at != before.updated_at:
                record(db, me, action="voucher_campaign.updated", subject_type="voucher_campaign",
                       subject_id=campaign_id, before=before, after=after)
    except (FormRefused, DomainError) as error:
        refused = refusal(error)
        return _campaign_page(request, before, values={"count": 100, "charset": "unambiguous"}, errors={},
                              edit_values=form_values(form), edit_errors=refused.errors, status=refused.status)
    return redirect(request, f"/admin/vouchers/{campaign_id}", notice=gettext(request, "The campaign was saved."))


@router.post("/{campaign_id:int}/codes")
def generate_codes(request: Request, campaign_id: PathId, me: Editor) -> Response:
    campaign = _read(request, me, campaign_id)
    if campaign is None:
        return not_found(request)
    form = me.form
    body: dict[str, Any] = {"count": whole_number(form.get("count")), "charset": form.text("charset") or "unambiguous",
                            "prefix": form.text("prefix"), "postfix": form.text("postfix")}
    if form.text("pattern"):
        body["pattern"] = form.text("pattern")
    if form.text("length"):
        body["length"] = whole_number(form.get("length"))
    try:
        data = validated(CodeBatchCreate, body)
        pattern = domain.build_pattern(pattern=data.pattern, prefix=data.prefix, postfix=data.postfix,
                                       length=data.length, charset=data.charset)
        with writing(request) as db:
            program = program_of(db, me)
            generated = service.generate_codes(session=db, program=program, campaign_id=campaign_id,
                                               count=data.count, pattern=pattern, actor=me.actor)
            record(db, me, action="voucher_codes.generated", subject_type="voucher_campaign",
                   subject_id=campaign_id, before={"codes": campaign.codes},
                   after={"codes": campaign.codes + data.count, "batch_id": generated.batch.id,
                          "pattern": pattern.pattern, "charset": pattern.charset, "size": data.count})
    except (FormRefused, DomainError) as error:
        refused = refusal(error, "pattern")
        return _campaign_page(request, campaign, values=form_values(form), errors=refused.errors,
                              status=refused.status)  # the edit form shows the campaign as it is
    return redirect(request, f"/admin/vouchers/{campaign_id}",
                    notice=gettext(request, "%(count)s codes were generated.", count=data.count))


def _codes_csv(me: StaffContext) -> str:
    """The uploaded CSV as the API takes it (a header line naming `code`), else the codes typed one
    a line, written as that CSV."""
    upload = me.form.files.get("file")
    if upload is not None and upload.filename:
        raw = upload.file.read(MAX_CSV_BYTES + 1)
        if len(raw) > MAX_CSV_BYTES:
            raise Invalid(f"The file is larger than {MAX_CSV_BYTES // (1024 * 1024)} MB.", code="invalid_csv",
                          field="csv")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise Invalid(f"The file is not UTF-8 (byte {error.start}).", code="invalid_csv", field="csv") from None
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([["code"], *([line] for line in lines(me.form.get("codes")))])
    return out.getvalue()


@router.post("/{campaign_id:int}/codes/import")
def import_codes(request: Request, campaign_id: PathId, me: Editor) -> Response:
    campaign = _read(request, me, campaign_id)
    if campaign is None:
        return not_found(request)
    try:
        text = _codes_csv(me)
        with writing(request) as db:
            program = program_of(db, me)
            batch = service.import_codes(session=db, program=program, campaign_id=campaign_id, csv_text=text,
                                         actor=me.actor)
            record(db, me, action="voucher_codes.imported", subject_type="voucher_campaign", subject_id=campaign_id,
                   before={"codes": campaign.codes}, after={"codes": campaign.codes + batch.size,
                                                           "batch_id": batch.id, "size": batch.size})
    except DomainError as error:
        problems = [problem for problem in error.details.get("errors", []) if isinstance(problem, dict)]
        return _campaign_page(request, campaign, values={"count": 100, "charset": "unambiguous"}, errors={},
                              import_errors={"codes": error.message}, problems=problems,
                              import_values={"codes": me.form.get("codes")}, status=refusal(error).status)
    return redirect(request, f"/admin/vouchers/{campaign_id}",
                    notice=gettext(request, "%(count)s codes were imported.", count=batch.size))


@router.post("/{campaign_id:int}/active")
def set_active(request: Request, campaign_id: PathId, me: Editor) -> Response:
    campaign = _read(request, me, campaign_id)
    if campaign is None:
        return not_found(request)
    is_active = me.form.text("is_active") == "1"
    with writing(request) as db:
        program = program_of(db, me)
        service.set_campaign_active(session=db, program=program, campaign_id=campaign_id, is_active=is_active,
                                    actor=me.actor)
        if campaign.is_active != is_active:
            record(db, me, action="voucher_campaign.activated" if is_active else "voucher_campaign.deactivated",
                   subject_type="voucher_campaign", subject_id=campaign_id, before={"is_active": campaign.is_active},
                   after={"is_active": is_active})
    notice = gettext(request, "The campaign is active.") if is_active else \
        gettext(request, "The campaign was stopped.")
    return redirect(request, f"/admin/vouchers/{campaign_id}", notice=notice)


@router.get("/{campaign_id:int}/codes.csv")
def export_codes(request: Request, campaign_id: PathId, me: Editor) -> Response:
    """The codes as the API's export gives them; only those who may change the program may take
    them away (the codes are worth money), and each export is in the audit log."""
    try:
        with writing(request) as db:
            pages = list(service.export_codes(session=db, program_id=me.program.id, campaign_id=campaign_id))
            record(db, me, action="voucher_codes.exported", subject_type="voucher_campaign", subject_id=campaign_id,
                   after={"codes": sum(len(page) for page in pages)})
    except NotFound:
        return not_found(request)

    def lines() -> Iterator[str]:
        yield ",".join(service.EXPORT_COLUMNS) + "\r\n"
        for page in pages:
            for start in range(0, len(page), CSV_ROWS_PER_CHUNK):
                out = io.StringIO()
                csv.writer(out).writerows(page[start:start + CSV_ROWS_PER_CHUNK])
                yield out.getvalue()

    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8", headers={
        **PAGE_HEADERS, "Content-Disposition": f'attachment; filename="voucher-campaign-{campaign_id}-codes.csv"'})
