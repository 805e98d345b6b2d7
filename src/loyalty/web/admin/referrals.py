"""The referral programme (/admin/referrals): its settings, read and replaced.

The form is read into the API's ReferralProgramUpdate and handed to
`referrals.service.update_settings`, as `PUT /api/v1/referral-program` does: the whole
programme is sent each time.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.auth.roles import EDIT_PROGRAM, VIEW_PANEL
from loyalty.kernel.errors import DomainError
from loyalty.referrals import service
from loyalty.referrals.schemas import ReferralProgramRead, ReferralProgramUpdate
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
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/referrals")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]
Editor = Annotated[StaffContext, Depends(staff(EDIT_PROGRAM))]


def _values(settings: ReferralProgramRead) -> dict[str, Any]:
    return {"active": "1" if settings.active else "", "min_total": settings.qualifying_purchase.min_total,
            "within_days": settings.qualifying_purchase.within_days,
            "referrer_points": settings.referrer_reward.points, "referrer_unit": settings.referrer_reward.unit,
            "referee_points": settings.referee_reward.points, "referee_unit": settings.referee_reward.unit,
            "cap_count": settings.cap.count if settings.cap else "",
            "cap_period_days": settings.cap.period_days if settings.cap else "",
            "signup_url": settings.signup_url or ""}


def _page(request: Request, me: StaffContext, *, values: dict[str, Any] | None = None,
          errors: dict[str, str] | None = None, status: int = 200) -> Response:
    with reading(request) as db:
        program = program_of(db, me)
        settings = service.get_settings(session=db, program=program)
        units = list(program.units)
    return render(request, "admin/referrals/settings.html", {
        "title": gettext(request, "Referrals"), "settings": settings, "units": units,
        "values": values if values is not None else _values(settings), "errors": errors or {}}, status=status)


@router.get("")
def referrals_page(request: Request, me: Viewer) -> Response:
    return _page(request, me)


def _body(me: StaffContext) -> dict[str, Any]:
    form = me.form
    body: dict[str, Any] = {
        "active": form.checked("active"),
        "qualifying_purchase": {"min_total": whole_number(form.get("min_total")),
                                "within_days": whole_number(form.get("within_days"))},
        "referrer_reward": {"points": whole_number(form.get("referrer_points")),
                            "unit": form.text("referrer_unit") or "points"},
        "referee_reward": {"points": whole_number(form.get("referee_points")),
                           "unit": form.text("referee_unit") or "points"},
        "signup_url": optional_text(form.get("signup_url")),
    }
    if form.text("cap_count") or form.text("cap_period_days"):
        body["cap"] = {"count": whole_number(form.get("cap_count")),
                       "period_days": whole_number(form.get("cap_period_days"))}
    return body


# Where each of the schema's fields is typed on the form.
FORM_FIELDS = {"qualifying_purchase.min_total": "min_total", "qualifying_purchase.within_days": "within_days",
               "referrer_reward.points": "referrer_points", "referrer_reward.unit": "referrer_unit",
               "referee_reward.points": "referee_points", "referee_reward.unit": "referee_unit",
               "cap.count": "cap_count", "cap.period_days": "cap_period_days"}


@router.post("")
def save_settings(request: Request, me: Editor) -> Response:
    try:
        with writing(request) as db:
            program = program_of(db, me)
            before = service.get_settings(session=db, program=program)
            data = validated(ReferralProgramUpdate, _body(me))
            after = service.update_settings(session=db, program=program, data=data, actor=me.actor)
            record(db, me, action="referral_program.updated", subject_type="referral_program",
                   subject_id=program.id, before=before, after=after)
    except (FormRefused, DomainError) as error:
        refused = refusal(error)
        errors = {FORM_FIELDS.get(key, key): message for key, message in refused.errors.items()}
        return _page(request, me, values=form_values(me.form), errors=errors, status=refused.status)
    return redirect(request, "/admin/referrals", notice=gettext(request, "The referral programme was saved."))
