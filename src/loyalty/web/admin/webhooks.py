"""Webhooks (/admin/webhooks, integrations.manage): endpoints (a new one's secret shown once, on
the answer to the form), editing and disabling them, rotating the secret, and each endpoint's
delivery log with a Replay button. Through webhooks/service.py, as /api/v1/webhooks; audited."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.requests import Request

from loyalty.auth.roles import MANAGE_INTEGRATIONS
from loyalty.config import Settings
from loyalty.db.uow import unit_of_work
from loyalty.kernel import paging
from loyalty.kernel.errors import DomainError, NotFound
from loyalty.web.deps import get_database
from loyalty.web.pages.errors import not_found
from loyalty.web.pages.forms import PathId, field_errors
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.signed_in import StaffContext, staff
from loyalty.webhooks import service
from loyalty.webhooks.domain import SUBSCRIBABLE_TYPES, AddressPolicy
from loyalty.webhooks.schemas import (
    WebhookDeliveryRead,
    WebhookEndpointCreate,
    WebhookEndpointRead,
    WebhookEndpointUpdate,
)
from loyalty.worker.tasks_webhooks import address_policy, wake

router = APIRouter(prefix="/admin/webhooks")
Integrator = Annotated[StaffContext, Depends(staff(MANAGE_INTEGRATIONS))]
PAGE = 200
LOG_SIZE = 50


def _policy(request: Request) -> AddressPolicy:
    settings: Settings = request.app.state.settings
    return address_policy(settings)


def _errors(request: Request, error: ValidationError) -> dict[str, str]:
    errors = field_errors(error)
    if "event_types" in errors:
        errors["event_types"] = gettext(request, "Choose at least one event type.")
    if "url" in errors:
        errors["url"] = gettext(request, "Give the address (http:// or https://, at most 2000 characters).")
    return errors


def _form_values(me: StaffContext) -> dict[str, Any]:
    return {"url": me.form.text("url"), "description": me.form.text("description"),
            "event_types": me.form.getlist("event_types")}


def _list_page(request: Request, me: StaffContext, *, secret: str | None = None,
               created: WebhookEndpointRead | None = None, values: dict[str, Any] | None = None,
               errors: dict[str, str] | None = None, status: int = 200) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        endpoints = [WebhookEndpointRead.model_validate(row) for row in paging.every_item(
            lambda after: service.list_endpoints(session=db, program_id=me.program.id, after_id=after, limit=PAGE))]
    return render(request, "admin/webhooks/list.html", {
        "title": gettext(request, "Webhooks"), "endpoints": endpoints, "event_types": SUBSCRIBABLE_TYPES,
        "secret": secret, "created": created, "errors": errors or {},
        "values": values or {"url": "", "description": "", "event_types": []}}, status=status)


def _endpoint_page(request: Request, me: StaffContext, endpoint_id: int, *, secret: str | None = None,
                   values: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
                   status: int = 200) -> Response:
    try:
        with unit_of_work(get_database(request), read_only=True) as db:
            endpoint = WebhookEndpointRead.model_validate(service.get_endpoint(
                session=db, program_id=me.program.id, endpoint_id=endpoint_id))
            log = [WebhookDeliveryRead.model_validate(row) for row in service.list_deliveries(
                session=db, program_id=me.program.id, endpoint_id=endpoint_id, limit=LOG_SIZE).items]
    except NotFound:
        return not_found(request)
    return render(request, "admin/webhooks/endpoint.html", {
        "title": endpoint.url, "endpoint": endpoint, "deliveries": log, "event_types": SUBSCRIBABLE_TYPES,
        "secret": secret, "errors": errors or {}, "values": values or endpoint.model_dump(),
        "statuses": {"pending": gettext(request, "Pending"), "failed": gettext(request, "Failed, retrying"),
                     "succeeded": gettext(request, "Delivered"), "dead": gettext(request, "Gave up")}},
        status=status)


@router.get("")
def list_endpoints(request: Request, me: Integrator) -> Response:
    return _list_page(request, me)


@router.post("")
def create_endpoint(request: Request, me: Integrator) -> Response:
    values = _form_values(me)
    try:
        data = WebhookEndpointCreate(url=values["url"], description=values["description"],
                                     event_types=values["event_types"])
        with unit_of_work(get_database(request)) as db:
            issued = service.create_endpoint(session=db, program_id=me.program.id, data=data,
                                             policy=_policy(request), actor=me.actor, actor_name=me.name)
            created = WebhookEndpointRead.model_validate(issued.endpoint)
    except ValidationError as error:
        return _list_page(request, me, values=values, errors=_errors(request, error), status=422)
    except DomainError as error:
        return _list_page(request, me, values=values, errors={error.field or "form": error.message}, status=422)
    # The secret is in this answer only (the pages are not cached: Cache-Control no-store).
    return _list_page(request, me, secret=issued.secret, created=created)


@router.get("/{endpoint_id:int}")
def show_endpoint(request: Request, me: Integrator, endpoint_id: PathId) -> Response:
    return _endpoint_page(request, me, endpoint_id)


@router.post("/{endpoint_id:int}")
def update_endpoint(request: Request, me: Integrator, endpoint_id: PathId) -> Response:
    values = {**_form_values(me), "is_enabled": me.form.checked("is_enabled")}
    try:
        data = WebhookEndpointUpdate(url=values["url"], description=values["description"],
                                     event_types=values["event_types"],
                              is_enabled=values["is_enabled"])
        with unit_of_work(get_database(request)) as db:
            service.update_endpoint(session=db, program_id=me.program.id, endpoint_id=endpoint_id, data=data,
                                    policy=_policy(request), actor=me.actor, actor_name=me.name)
    except NotFound:
        return not_found(request)
    except ValidationError as error:
        return _endpoint_page(request, me, endpoint_id, values=values, errors=_errors(request, error), status=422)
    except DomainError as error:
        return _endpoint_page(request, me, endpoint_id, values=values,
                              errors={error.field or "form": error.message}, status=422)
    return redirect(request, f"/admin/webhooks/{endpoint_id}", notice=gettext(request, "The endpoint is saved."))


@router.post("/{endpoint_id:int}/rotate-secret")
def rotate_secret(request: Request, me: Integrator, endpoint_id: PathId) -> Response:
    try:
        with unit_of_work(get_database(request)) as db:
            issued = service.rotate_secret(session=db, program_id=me.program.id, endpoint_id=endpoint_id,
                                           actor=me.actor, actor_name=me.name)
    except NotFound:
        return not_found(request)
    return _endpoint_page(request, me, endpoint_id, secret=issued.secret)


@router.post("/deliveries/{delivery_id:int}/replay")
def replay_delivery(request: Request, me: Integrator, delivery_id: PathId) -> Response:
    try:
        with unit_of_work(get_database(request)) as db:
            replayed = service.replay(session=db, program_id=me.program.id, delivery_id=delivery_id,
                                      actor=me.actor, actor_name=me.name)
            endpoint_id = replayed.endpoint_id
            wake(db, replayed.id)
    except NotFound:
        return not_found(request)
    except DomainError as error:
        with unit_of_work(get_database(request), read_only=True) as db:
            endpoint_id = service.get_delivery(session=db, program_id=me.program.id,
                                               delivery_id=delivery_id).endpoint_id
        return redirect(request, f"/admin/webhooks/{endpoint_id}", notice=error.message)
    return redirect(request, f"/admin/webhooks/{endpoint_id}",
                    notice=gettext(request, "The delivery is sent again."))
