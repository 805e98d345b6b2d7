"""Outgoing webhooks (/api/v1/webhooks): endpoints, their delivery logs and replays (docs/webhooks.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from loyalty.config import Settings
from loyalty.members.schemas import MAX_ID
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared
from loyalty.web.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, cursor_key
from loyalty.webhooks import service
from loyalty.webhooks.domain import AddressPolicy
from loyalty.webhooks.schemas import (
    WebhookDeliveryRead,
    WebhookEndpointCreate,
    WebhookEndpointCreated,
    WebhookEndpointRead,
    WebhookEndpointUpdate,
    WebhookSecretRotated,
)
from loyalty.worker.tasks_webhooks import address_policy, wake

router = APIRouter(tags=["webhooks"])
Integrator = Annotated[ApiContext, Depends(require("webhooks:write"))]
EndpointId = Annotated[int, Path(ge=1, le=MAX_ID)]
URL_REFUSALS = ("422 `webhook_address_refused`: the URL is not http(s), carries credentials, or its host resolves "
                "to a loopback, private, link-local, metadata, CGNAT, multicast, reserved or unspecified address "
                "(`details.reason`)",
                "422 `invalid_url`: not a URL",
                "422 `unknown_event_type`: an event type endpoints cannot subscribe to (`details.known`)")


def _policy(request: Request) -> AddressPolicy:
    settings: Settings = request.app.state.settings
    return address_policy(settings)


@router.post("/webhooks/endpoints", response_model=WebhookEndpointCreated, status_code=201,
             responses=declared(*URL_REFUSALS))
def create_endpoint(body: WebhookEndpointCreate, request: Request, context: Integrator) -> WebhookEndpointCreated:
    """A new endpoint receiving the program's events of `event_types`, signed with the secret in this
    response only (`whsec_…`). Audited."""
    with context.write() as session:
        issued = service.create_endpoint(session=session, program_id=context.program_id, data=body,
                                         policy=_policy(request), actor=context.actor, actor_name=context.api_key_name)
        return WebhookEndpointCreated(**WebhookEndpointRead.model_validate(issued.endpoint).model_dump(),
                                      secret=issued.secret)


class WebhookEndpointPage(Page[WebhookEndpointRead]):
    """Webhook endpoints, oldest first."""


@router.get("/webhooks/endpoints", response_model=WebhookEndpointPage)
def list_endpoints(context: Integrator, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT) -> WebhookEndpointPage:
    """The program's webhook endpoints, oldest first; never their secrets."""
    with context.read() as session:
        return WebhookEndpointPage.of(service.list_endpoints(
            session=session, program_id=context.program_id, after_id=cursor_key(cursor), limit=limit,
        ).map(WebhookEndpointRead.model_validate))


@router.get("/webhooks/endpoints/{endpoint_id:int}", response_model=WebhookEndpointRead,
            responses=declared("404 `webhook_endpoint_not_found`: no such endpoint in this program"))
def get_endpoint(endpoint_id: EndpointId, context: Integrator) -> WebhookEndpointRead:
    """One webhook endpoint; never its secret."""
    with context.read() as session:
        return WebhookEndpointRead.model_validate(service.get_endpoint(session=session, program_id=context.program_id,
                                                                endpoint_id=endpoint_id))


@router.patch("/webhooks/endpoints/{endpoint_id:int}", response_model=WebhookEndpointRead, responses=declared(
    "404 `webhook_endpoint_not_found`: no such endpoint in this program", *URL_REFUSALS))
def update_endpoint(endpoint_id: EndpointId, body: WebhookEndpointUpdate, request: Request,
                    context: Integrator) -> WebhookEndpointRead:
    """Change the fields given. `is_enabled: false` stops new deliveries, and attempts still due end
    `dead` (replay them after enabling it again). Audited."""
    with context.write() as session:
        return WebhookEndpointRead.model_validate(service.update_endpoint(
            session=session, program_id=context.program_id, endpoint_id=endpoint_id, data=body,
            policy=_policy(request), actor=context.actor, actor_name=context.api_key_name))


@router.post("/webhooks/endpoints/{endpoint_id:int}/rotate-secret", response_model=WebhookSecretRotated,
             responses=declared("404 `webhook_endpoint_not_found`: no such endpoint in this program"))
def rotate_secret(endpoint_id: EndpointId, context: Integrator) -> WebhookSecretRotated:
    """A new signing secret (in this response only). For 24 hours deliveries carry a second signature
    made with the old one, so the receiver can switch without refusing any. Audited."""
    with context.write() as session:
        issued = service.rotate_secret(session=session, program_id=context.program_id, endpoint_id=endpoint_id,
                                       actor=context.actor, actor_name=context.api_key_name)
        return WebhookSecretRotated(endpoint=WebhookEndpointRead.model_validate(issued.endpoint), secret=issued.secret)


class WebhookDeliveryPage(Page[WebhookDeliveryRead]):
    """Webhook deliveries, newest first."""


@router.get("/webhooks/endpoints/{endpoint_id:int}/deliveries", response_model=WebhookDeliveryPage,
            responses=declared("404 `webhook_endpoint_not_found`: no such endpoint in this program"))
def list_deliveries(endpoint_id: EndpointId, context: Integrator, cursor: Cursor = None,
                    limit: Limit = DEFAULT_LIMIT) -> WebhookDeliveryPage:
    """An endpoint's delivery log, newest first: status, attempts, the last answer's code and
    (truncated) body, and the next attempt's time."""
    with context.read() as session:
        return WebhookDeliveryPage.of(service.list_deliveries(
            session=session, program_id=context.program_id, endpoint_id=endpoint_id, before_id=cursor_key(cursor),
            limit=limit).map(WebhookDeliveryRead.model_validate))


@router.post("/webhooks/deliveries/{delivery_id:int}/replay", response_model=WebhookDeliveryRead, status_code=202,
             responses=declared("404 `webhook_delivery_not_found`: no such delivery in this program",
                                "409 `webhook_delivery_in_progress`: it is still being attempted",
                                "409 `webhook_endpoint_disabled`: enable the endpoint first"))
def replay_delivery(delivery_id: Annotated[int, Path(ge=1, le=MAX_ID)], context: Integrator) -> WebhookDeliveryRead:
    """Send a finished (succeeded or dead) delivery's message again, as a new delivery (answered here,
    `pending`) with the same `webhook-id` and body and a fresh timestamp and signature. Audited."""
    with context.write() as session:
        replayed = service.replay(session=session, program_id=context.program_id, delivery_id=delivery_id,
                                  actor=context.actor, actor_name=context.api_key_name)
        wake(session, replayed.id)
        return WebhookDeliveryRead.model_validate(replayed)
