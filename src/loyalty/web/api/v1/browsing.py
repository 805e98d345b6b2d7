"""Web behaviour over HTTP: the tracking script's endpoint (a publishable key, no API key), the
shop's server-side identify, and the funnel reports. The script itself is /t/track.js."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError

from loyalty.browsing import service
from loyalty.browsing.schemas import (
    BroughtBackReport,
    Funnel,
    SourcesReport,
    TrackBatch,
    TrackResult,
    VisitorLink,
    VisitorRead,
    WebVisit,
)
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.kernel.errors import Invalid
from loyalty.members import service as members
from loyalty.members.schemas import MAX_ID
from loyalty.programs import service as programs
from loyalty.web.deps import ApiContext, get_database, require
from loyalty.web.errors import declared, error_body
from loyalty.web.pages.limits import client_ip
from loyalty.web.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, cursor_key
from loyalty.web.ratelimit import tracking_limiter

router = APIRouter(tags=["browsing"])
public_router = APIRouter(include_in_schema=False)
Shop = Annotated[ApiContext, Depends(require("members:write"))]
Reader = Annotated[ApiContext, Depends(require("browsing:read"))]
MemberId = Annotated[int, PathParam(ge=1, le=MAX_ID, description="The member's id.")]
SCRIPT = Path(__file__).resolve().parents[2] / "tracking" / "track.js"
# 50 events of a few hundred bytes each; far less than the API's general limit.
MAX_BATCH_BYTES = 128 * 1024
_CORS_HEADERS = {"Access-Control-Allow-Methods": "POST, OPTIONS", "Access-Control-Allow-Headers": "Content-Type",
                 "Access-Control-Max-Age": "600", "Vary": "Origin"}

def _parse(raw: bytes) -> TrackBatch:
    try:
        batch = TrackBatch.model_validate_json(raw)
    except ValidationError as error:
        raise RequestValidationError([{**problem, "loc": ("body", *problem["loc"])}
                                      for problem in error.errors(include_url=False)]) from None
    if "\x00" in json.dumps(batch.model_dump(mode="json"), ensure_ascii=False):
        raise Invalid("Texts may not hold the NUL character (U+0000).", code="nul_character", field="body")
    return batch


# Not in the API description: browsers call it (the script), never generated clients; its batch
# is TrackBatch, sent as text/plain. docs/browsing.md describes it.
@router.post("/track", response_model=TrackResult, include_in_schema=False, responses=declared(
    "403 `invalid_tracking_key`: the key is unknown or tracking is switched off; `origin_not_allowed`: the page's "
    "origin is not among the allowed origins; `invalid_identity_token`, `identity_token_expired`: an identify "
    "event's token was not signed by the shop's server with the program's secret, or expired",
    "404 `member_not_found`: an identify token names a member not in this program",
    "413 `body_too_large`: the batch is over 128 KiB",
    "422 `event_too_old`: an event is older than 7 days",
    "429 `rate_limited`: too many batches from this address or for this key"))
async def track(request: Request) -> Response:
    """The tracking script's batch of up to 50 events (page_view, product_view, cart_add,
    cart_remove, identify), authenticated by the program's **publishable** tracking key (safe in
    a page's source: it can only write browsing events) and the page's `Origin`, which must be
    one of the program's allowed origins. Idempotent per event `id`: a retried batch records
    nothing twice. `identify` needs a token the shop's server signed (docs/browsing.md)."""
    raw = await request.body()
    if len(raw) > MAX_BATCH_BYTES:
        return JSONResponse(error_body("body_too_large", f"A tracking batch is limited to {MAX_BATCH_BYTES:,} bytes."),
                            status_code=413)
    limiter = tracking_limiter(request)
    limiter.attempt_ip(client_ip=client_ip(request))
    batch = _parse(raw)
    origin = request.headers.get("origin")
    database = get_database(request)

    def check() -> service.KeyCheck:
        with unit_of_work(database, read_only=True) as session:
            return service.check_key(session=session, public_key=batch.key, origin=origin)

    found = await run_in_threadpool(check)
    limiter.attempt_key(public_key=batch.key)  # only once the key and the origin were accepted

    def work() -> TrackResult:
        with unit_of_work(database) as session:
            program = programs.get_program(session=session, program_id=found.program_id)
            return service.track(session=session, program=program, batch=batch)

    try:
        result = await run_in_threadpool(work)
    except ValidationError as error:  # whatever the batch held, a bad value is the sender's 422, never a 500
        raise RequestValidationError([{**problem, "loc": ("body", *problem["loc"])}
                                      for problem in error.errors(include_url=False)]) from None
    return JSONResponse(result.model_dump(), headers={**_CORS_HEADERS, "Access-Control-Allow-Origin": origin or "*"})


@router.options("/track", include_in_schema=False)
def track_preflight(request: Request) -> Response:
    """CORS preflight (a shop sending JSON rather than text/plain): allowed for any origin here;
    the POST itself checks the origin against the key's allowed origins."""
    origin = request.headers.get("origin") or "*"
    return Response(status_code=204, headers={**_CORS_HEADERS, "Access-Control-Allow-Origin": origin})


@public_router.get("/t/track.js")
def tracking_script() -> Response:
    """The tracking script the e-shop's pages load (no third-party downloads, no dependencies)."""
    return Response(SCRIPT.read_text(encoding="utf-8"), media_type="application/javascript",
                    headers={"Cache-Control": "public, max-age=3600", "Access-Control-Allow-Origin": "*"})


@router.post("/members/{member_id:int}/visitors", response_model=VisitorRead, responses=declared(
    "404 `member_not_found`: the member is not in this program; `visitor_not_found`: the tracking script never "
    "reported this visitor id in this program"))
def link_visitor(member_id: MemberId, body: VisitorLink, context: Shop) -> VisitorRead:
    """The shop's server says a visitor (the `loyalty_vid` cookie the tracking script set) is this
    member, e.g. when the customer signs in: the visitor's earlier visits join the member and
    `visitor.identified` is recorded (once; sending it again is harmless)."""
    with context.write() as session:
        return service.link_visitor(session=session, program=context.program, member_id=member_id,
                                    visitor_id=body.visitor_id)


def _period(start: dt.date | None, end: dt.date | None) -> tuple[dt.datetime, dt.datetime]:
    today = clock.now().date()
    last = end or today
    first = start or last - dt.timedelta(days=29)
    if first > last:
        raise Invalid("The period ends before it starts.", code="invalid_period", field="start")
    return (dt.datetime.combine(first, dt.time(), dt.UTC),
            dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), dt.UTC))


Start = Annotated[dt.date | None, Query(description="First day (UTC); 29 days before `end` by default")]
End = Annotated[dt.date | None, Query(description="Last day (UTC), included; today by default")]


@router.get("/browsing/funnel", response_model=Funnel, responses=declared(
    "422 `invalid_period`: the period ends before it starts"))
def read_funnel(context: Reader, start: Start = None, end: End = None,
                by: Annotated[str, Query(pattern="^(product|category|source)$")] = "product") -> Funnel:
    """Product view → cart → purchase by product, category or source. Viewers and carted count
    distinct visitors (anonymous ones too); purchasers count members who bought a product they
    had viewed within 7 days after their first view of it in the period."""
    first, last = _period(start, end)
    with context.read() as session:
        return service.funnel(session=session, program_id=context.program_id, by=by, start=first, end=last)


@router.get("/browsing/sources", response_model=SourcesReport, responses=declared(
    "422 `invalid_period`: the period ends before it starts"))
def read_sources(context: Reader, start: Start = None, end: End = None) -> SourcesReport:
    """The sources (utm_source or referring site) and media that brought the most visitors."""
    first, last = _period(start, end)
    with context.read() as session:
        return service.top_sources(session=session, program_id=context.program_id, start=first, end=last)


@router.get("/browsing/brought-back", response_model=BroughtBackReport, responses=declared(
    "422 `invalid_period`: the period ends before it starts"))
def read_brought_back(context: Reader, start: Start = None, end: End = None) -> BroughtBackReport:
    """Per utm_campaign: visitors and members who came through it, members whose purchase it was
    the last campaign visit before (within 7 days), and those purchases' revenue. Tag a
    campaign's links `utm_campaign=campaign-<id>` and a message's with its template key."""
    first, last = _period(start, end)
    with context.read() as session:
        return service.brought_back(session=session, program_id=context.program_id, start=first, end=last)


class WebVisitPage(Page[WebVisit]):
    """A page of a member's web events."""


@router.get("/members/{member_id:int}/web-visits", response_model=WebVisitPage, responses=declared(
    "404 `member_not_found`: the member is not in this program"))
def read_member_visits(member_id: MemberId, context: Reader, cursor: Cursor = None,
                       limit: Limit = DEFAULT_LIMIT) -> WebVisitPage:
    """The member's web events, newest first (their visits before they identified included)."""
    with context.read() as session:
        members.get_member(session=session, program_id=context.program_id, member_id=member_id)
        return WebVisitPage.of(service.member_visits(session=session, program_id=context.program_id,
                                                     member_id=member_id, before_id=cursor_key(cursor), limit=limit))


