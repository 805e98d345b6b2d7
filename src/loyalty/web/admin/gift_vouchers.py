"""Gift vouchers and B2B bonus cards (/admin/gift-vouchers): the vouchers and cards with their
balances, a batch of vouchers issued (its codes shown once, or downloaded as the API's CSV), a
voucher cancelled, a card created (its generated PIN shown once), topped up, blocked and
unblocked, and every balance's movements.

The forms are read into the API's schemas and handed to `loyalty.gift_vouchers.service`, as
web/api/v1/gift_vouchers.py does. Codes and PINs are never stored in the clear, so the pages
that show them are answers to the post, not pages one can come back to.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.auth.roles import EDIT_PROGRAM, VIEW_PANEL
from loyalty.gift_vouchers import domain as gift
from loyalty.gift_vouchers import service
from loyalty.gift_vouchers.schemas import (
    BonusCardCreate,
    BonusCardTopUp,
    GiftVoucherBatchCreate,
    GiftVoucherCancel,
    GiftVoucherRead,
)
from loyalty.kernel.errors import DomainError, NotFound
from loyalty.web.admin.catalogue_forms import (
    FormRefused,
    form_values,
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
from loyalty.web.pages.forms import PathId
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.security import PAGE_HEADERS
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/gift-vouchers")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]
Editor = Annotated[StaffContext, Depends(staff(EDIT_PROGRAM))]
Label = Annotated[str | None, Query(max_length=200)]


def _list_page(request: Request, me: StaffContext, *, label: str | None = None,
               batch_values: dict[str, Any] | None = None, batch_errors: dict[str, str] | None = None,
               card_values: dict[str, Any] | None = None, card_errors: dict[str, str] | None = None,
               status: int = 200) -> Response:
    with reading(request) as db:
        vouchers = service.list_vouchers(session=db, program_id=me.program.id, kind=gift.VOUCHER, label=label,
                                         limit=100)
        cards = service.list_vouchers(session=db, program_id=me.program.id, kind=gift.BONUS_CARD, label=label,
                                      limit=100)
    return render(request, "admin/gift_vouchers/list.html", {
        "title": gettext(request, "Gift vouchers and bonus cards"), "vouchers": vouchers.items,
        "more_vouchers": vouchers.next_key is not None, "cards": cards.items,
        "more_cards": cards.next_key is not None, "label": label or "",
        "batch_values": batch_values or {"count": 10}, "batch_errors": batch_errors or {},
        "card_values": card_values or {"value": 0}, "card_errors": card_errors or {}}, status=status)


@router.get("")
def gift_vouchers_page(request: Request, me: Viewer, label: Label = None) -> Response:
    return _list_page(request, me, label=(label or "").strip() or None)


# --- gift vouchers ---------------------------------------------------------------------------


@router.post("/batches")
def issue_batch(request: Request, me: Editor) -> Response:
    form = me.form
    body: dict[str, Any] = {"label": form.text("label"), "count": whole_number(form.get("count")),
                            "value": whole_number(form.get("value"))}
    if optional_text(form.get("expires_at")):
        body["expires_at"] = form.text("expires_at")
    try:
        with writing(request) as db:
            program = program_of(db, me)
            data = validated(GiftVoucherBatchCreate, body)
            batch = service.issue_vouchers(session=db, program=program, data=data, actor=me.actor)
            record(db, me, action="gift_voucher_batch.issued", subject_type="gift_voucher_batch",
                   subject_id=batch.vouchers[0].id, after={
                       "label": batch.label, "count": batch.count, "value": batch.value,
                       "expires_at": batch.expires_at, "voucher_ids": [voucher.id for voucher in batch.vouchers]})
    except (FormRefused, DomainError) as error:
        refused = refusal(error)
        return _list_page(request, me, batch_values=form_values(form), batch_errors=refused.errors,
                          status=refused.status)
    if form.text("as") == "csv":
        text = gift.codes_csv(label=batch.label, value=batch.value, expires_at=batch.expires_at, codes=[
            gift.IssuedCode(voucher_id=voucher.id, code=voucher.code) for voucher in batch.vouchers])
        return Response(text, status_code=201, media_type="text/csv", headers={
            **PAGE_HEADERS, "Content-Disposition": f'attachment; filename="gift-vouchers-{batch.vouchers[0].id}.csv"'})
    return render(request, "admin/gift_vouchers/issued.html", {
        "title": gettext(request, "Vouchers issued"), "batch": batch}, status=201)


def _voucher(request: Request, me: StaffContext, voucher_id: int, kind: str) -> GiftVoucherRead | None:
    with reading(request) as db:
        try:
            return service.voucher_read(service.get_voucher(session=db, program_id=me.program.id,
                                                            voucher_id=voucher_id, kind=kind))
        except NotFound:
            return None


def _detail(request: Request, me: StaffContext, voucher: GiftVoucherRead, *, errors: dict[str, str] | None = None,
            values: dict[str, Any] | None = None, status: int = 200) -> Response:
    with reading(request) as db:
        moves = service.movements(session=db, program_id=me.program.id, voucher_id=voucher.id, kind=voucher.kind,
                                  limit=200)
    return render(request, "admin/gift_vouchers/detail.html", {
        "title": voucher.label, "voucher": voucher, "movements": moves.items, "more": moves.next_key is not None,
        "errors": errors or {}, "values": values or {}}, status=status)


@router.get("/{voucher_id:int}")
def voucher_page(request: Request, voucher_id: PathId, me: Viewer) -> Response:
    voucher = _voucher(request, me, voucher_id, gift.VOUCHER)
    return not_found(request) if voucher is None else _detail(request, me, voucher)


@router.post("/{voucher_id:int}/cancel")
def cancel_voucher(request: Request, voucher_id: PathId, me: Editor) -> Response:
    before = _voucher(request, me, voucher_id, gift.VOUCHER)
    if before is None:
        return not_found(request)
    body: dict[str, Any] = {}
    if optional_text(me.form.get("reason")):
        body["reason"] = me.form.text("reason")
    try:
        with writing(request) as db:
            program = program_of(db, me)
            data = validated(GiftVoucherCancel, body)
            after = service.voucher_read(service.cancel_voucher(session=db, program=program, voucher_id=voucher_id,
                                                                data=data, actor=me.actor))
            if after.status != before.status:
                record(db, me, action="gift_voucher.cancelled", subject_type="gift_voucher", subject_id=voucher_id,
                       before=before, after={**after.model_dump(mode="json"), "reason": data.reason})
    except (FormRefused, DomainError) as error:
        refused = refusal(error, "reason")
        return _detail(request, me, before, errors=refused.errors, values=form_values(me.form),
                       status=refused.status)
    return redirect(request, f"/admin/gift-vouchers/{voucher_id}",
                    notice=gettext(request, "The voucher was cancelled."))


# --- bonus cards -----------------------------------------------------------------------------


@router.post("/cards")
def create_card(request: Request, me: Editor) -> Response:
    form = me.form
    body: dict[str, Any] = {"label": form.text("label"), "value": whole_number(form.get("value")) or 0}
    for name in ("pin", "number_prefix", "expires_at"):
        if optional_text(form.get(name)):
            body[name] = form.text(name)
    try:
        with writing(request) as db:
            program = program_of(db, me)
            data = validated(BonusCardCreate, body)
            issued = service.create_bonus_card(session=db, program=program, data=data, actor=me.actor)
            record(db, me, action="bonus_card.created", subject_type="bonus_card", subject_id=issued.card.id,
                   after=issued.card)
    except (FormRefused, DomainError) as error:
        refused = refusal(error)
        values = {name: value for name, value in form_values(form).items() if name != "pin"}
        return _list_page(request, me, card_values=values, card_errors=refused.errors, status=refused.status)
    return render(request, "admin/gift_vouchers/card_issued.html", {
        "title": gettext(request, "Bonus card created"), "issued": issued}, status=201)


@router.get("/cards/{card_id:int}")
def card_page(request: Request, card_id: PathId, me: Viewer) -> Response:
    card = _voucher(request, me, card_id, gift.BONUS_CARD)
    return not_found(request) if card is None else _detail(request, me, card)


@router.post("/cards/{card_id:int}/top-up")
def top_up_card(request: Request, card_id: PathId, me: Editor) -> Response:
    before = _voucher(request, me, card_id, gift.BONUS_CARD)
    if before is None:
        return not_found(request)
    body: dict[str, Any] = {"amount": whole_number(me.form.get("amount"))}
    if optional_text(me.form.get("note")):
        body["note"] = me.form.text("note")
    try:
        with writing(request) as db:
            program = program_of(db, me)
            data = validated(BonusCardTopUp, body)
            after = service.voucher_read(service.top_up_card(session=db, program=program, card_id=card_id, data=data,
                                                             actor=me.actor))
            record(db, me, action="bonus_card.topped_up", subject_type="bonus_card", subject_id=card_id,
                   before={"balance": before.balance, "funded_total": before.funded_total},
                   after={"balance": after.balance, "funded_total": after.funded_total, "amount": data.amount,
                          "note": data.note})
    except (FormRefused, DomainError) as error:
        refused = refusal(error, "amount")
        return _detail(request, me, before, errors=refused.errors, values=form_values(me.form),
                       status=refused.status)
    return redirect(request, f"/admin/gift-vouchers/cards/{card_id}",
                    notice=gettext(request, "The card was topped up."))


@router.post("/cards/{card_id:int}/{action:str}")
def block_card(request: Request, card_id: PathId, action: str, me: Editor) -> Response:
    before = _voucher(request, me, card_id, gift.BONUS_CARD)
    if before is None or action not in ("block", "unblock"):
        return not_found(request)
    try:
        with writing(request) as db:
            program = program_of(db, me)
            after = service.voucher_read(service.set_card_blocked(session=db, program=program, card_id=card_id,
                                                                  blocked=action == "block", actor=me.actor))
            if after.status != before.status:
                record(db, me, action=f"bonus_card.{action}ed", subject_type="bonus_card", subject_id=card_id,
                       before={"status": before.status}, after={"status": after.status})
    except DomainError as error:
        refused = refusal(error, "status")
        return _detail(request, me, before, errors=refused.errors, status=refused.status)
    notice = gettext(request, "The card was blocked.") if action == "block" else \
        gettext(request, "The card was unblocked.")
    return redirect(request, f"/admin/gift-vouchers/cards/{card_id}", notice=notice)
