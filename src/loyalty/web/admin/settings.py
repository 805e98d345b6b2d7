"""Program settings (/admin/settings): what the API's PATCH /program changes (name, timezone,
locale, point value, expiry policy, pending and claim periods, transfers, units), validated by
the same ProgramUpdate and saved by the same service; audited with before and after."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.requests import Request

from loyalty.audit import service as audit
from loyalty.auth.roles import EDIT_SETTINGS
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import DomainError
from loyalty.programs import service as programs
from loyalty.programs.schemas import UNITS, ProgramRead, ProgramUpdate
from loyalty.web.deps import forget_cached_keys, get_database
from loyalty.web.pages.forms import field_errors
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/settings")
SettingsEditor = Annotated[StaffContext, Depends(staff(EDIT_SETTINGS))]
EXPIRY_KINDS = ("never", "months_after_earning", "end_of_next_calendar_year")
TEXT_FIELDS = ("name", "timezone", "locale", "point_value", "expiry_kind", "expiry_months", "pending_days",
               "claim_window_days")


def _values_of(program: ProgramRead) -> dict[str, Any]:
    policy = program.expiry_policy.model_dump()
    return {"name": program.name, "timezone": program.timezone, "locale": program.locale,
            "point_value": format(program.point_value.normalize(), "f"), "expiry_kind": policy["kind"],
            "expiry_months": str(policy.get("months", "")), "pending_days": str(program.pending_days),
            "claim_window_days": str(program.claim_window_days), "allow_transfers": program.allow_transfers,
            "units": list(program.units)}


def _integer(text: str) -> int | str:
    try:
        return int(text)
    except ValueError:
        return text


def _body(values: dict[str, Any]) -> dict[str, Any]:
    """The body the API's PATCH /program would take for this form."""
    expiry: dict[str, Any] = {"kind": values["expiry_kind"]}
    if values["expiry_kind"] == "months_after_earning":
        expiry["months"] = _integer(values["expiry_months"])
    return {"name": values["name"], "timezone": values["timezone"], "locale": values["locale"],
            "point_value": values["point_value"], "expiry_policy": expiry,
            "pending_days": _integer(values["pending_days"]),
            "claim_window_days": _integer(values["claim_window_days"]),
            "allow_transfers": values["allow_transfers"], "units": values["units"]}


def _page(request: Request, program: ProgramRead, values: dict[str, Any], errors: dict[str, str] | None = None,
          status: int = 200) -> Response:
    return render(request, "admin/settings.html", {
        "title": gettext(request, "Settings"), "program": program, "values": values, "errors": errors or {},
        "expiry_kinds": EXPIRY_KINDS, "all_units": UNITS}, status=status)


def _current(request: Request, me: StaffContext) -> ProgramRead:
    with unit_of_work(get_database(request), read_only=True) as db:
        return ProgramRead.model_validate(programs.get_program(session=db, program_id=me.program.id))


@router.get("")
def show_settings(request: Request, me: SettingsEditor) -> Response:
    program = _current(request, me)
    return _page(request, program, _values_of(program))


@router.post("")
def save_settings(request: Request, me: SettingsEditor) -> Response:
    values: dict[str, Any] = {name: me.form.text(name) for name in TEXT_FIELDS}
    values["allow_transfers"] = me.form.checked("allow_transfers")
    values["units"] = [unit for unit in UNITS if unit in me.form.getlist("units")]
    try:
        data = ProgramUpdate.model_validate(_body(values))
    except ValidationError as error:
        errors = {name.replace("expiry_policy.months_after_earning.months", "expiry_months"): message
                  for name, message in field_errors(error).items()}
        return _page(request, _current(request, me), values, errors, status=422)
    try:
        with unit_of_work(get_database(request)) as db:
            before = ProgramRead.model_validate(programs.get_program(session=db, program_id=me.program.id))
            after = ProgramRead.model_validate(programs.update_program(session=db, program_id=me.program.id,
                                                                       data=data, actor=me.actor))
            if after != before:
                audit.record(session=db, program_id=me.program.id, actor=me.actor, actor_name=me.name,
                             action="program.updated", subject_type="program", subject_id=me.program.id,
                             before=before.model_dump(mode="json"), after=after.model_dump(mode="json"))
    except DomainError as error:
        return _page(request, _current(request, me), values, {error.field or "form": error.message}, status=422)
    forget_cached_keys(me.program.id)  # API keys carry the program they were verified with
    return redirect(request, "/admin/settings", notice=gettext(request, "The settings are saved."))
