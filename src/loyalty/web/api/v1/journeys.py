"""Journeys: graphs of steps members walk through (docs/journeys.md), their versions, enrolments."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse

from loyalty.journeys import service
from loyalty.journeys.schemas import (
    EnrolmentRead,
    EnrolRequest,
    JourneyCreate,
    JourneyRead,
    JourneyResults,
    JourneyStatusChange,
    JourneyUpdate,
)
from loyalty.members import service as members
from loyalty.members.schemas import MAX_ID
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared
from loyalty.web.idempotency import IdempotencyKey, run_idempotent
from loyalty.web.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, cursor_key

router = APIRouter(tags=["journeys"])
Reader = Annotated[ApiContext, Depends(require("journeys:read"))]
Writer = Annotated[ApiContext, Depends(require("journeys:write"))]
JourneyId = Annotated[int, Path(ge=1, le=MAX_ID, description="The journey's id.")]
MemberId = Annotated[int, Path(ge=1, le=MAX_ID, description="The member's id.")]

GRAPH_REFUSAL = ("422 `invalid_journey`: the graph is not valid; `field` names the first problem's place "
                 "(`steps[2].exits.yes`), `details.problems` lists every problem as {field, message}")


@router.post("/journeys", response_model=JourneyRead, status_code=201, responses=declared(GRAPH_REFUSAL))
def create_journey(body: JourneyCreate, context: Writer, idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """A new journey in `draft` at version 1; activate it to let members in."""
    with context.write() as session:
        def produce() -> dict[str, Any]:
            journey = service.create_journey(session=session, program=context.program, data=body,
                                             actor=context.actor)
            return service.journey_reads(session=session, journeys=[journey])[0].model_dump(mode="json")

        return run_idempotent(context, session, key=idempotency_key, operation="journeys.create",
                              request_payload=body.model_dump(mode="json"), status_code=201, produce=produce)


class JourneyPage(Page[JourneyRead]):
    """Journeys, oldest first."""


class EnrolmentPage(Page[EnrolmentRead]):
    """A member's enrolments in journeys, newest first."""


@router.get("/journeys", response_model=JourneyPage)
def list_journeys(context: Reader, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT) -> JourneyPage:
    """The program's journeys, oldest first, each with its current graph and counts: members at
    each step now, entered, in progress, completed, exited, converted and the conversion revenue."""
    with context.read() as session:
        journeys = service.list_journeys(session=session, program_id=context.program_id,
                                         after_id=cursor_key(cursor), limit=limit)
        return JourneyPage.of(journeys.map_all(lambda page: service.journey_reads(session=session, journeys=page)))


@router.get("/journeys/{journey_id:int}", response_model=JourneyRead,
            responses=declared("404 `journey_not_found`: no such journey in this program"))
def read_journey(journey_id: JourneyId, context: Reader) -> JourneyRead:
    """One journey with its current graph (the version members enter now) and its counts."""
    with context.read() as session:
        journey = service.get_journey(session=session, program_id=context.program_id, journey_id=journey_id)
        return service.journey_reads(session=session, journeys=[journey])[0]


@router.get("/journeys/{journey_id:int}/results", response_model=JourneyResults,
            responses=declared("404 `journey_not_found`: no such journey in this program"))
def journey_results(journey_id: JourneyId, context: Reader) -> JourneyResults:
    """Target and control side by side (the graph's `holdout`): entered, messages delivered,
    opened and clicked, converted, conversion revenue, points and coupons given and their cost;
    then the uplift in revenue per entrant with its 95 % confidence interval, the incremental
    revenue and the return on cost. Conversions count within the goal's attribution window."""
    with context.read() as session:
        return service.results(session=session, program=context.program, journey_id=journey_id)


@router.patch("/journeys/{journey_id:int}", response_model=JourneyRead, responses=declared(
    "404 `journey_not_found`: no such journey in this program", GRAPH_REFUSAL))
def update_journey(journey_id: JourneyId, body: JourneyUpdate, context: Writer) -> JourneyRead:
    """Rename it, or send a new graph: a different graph becomes the next version, which members
    entering from now follow; members already in the journey finish on the version they entered."""
    with context.write() as session:
        journey = service.update_journey(session=session, program=context.program, journey_id=journey_id,
                                         data=body, actor=context.actor)
        return service.journey_reads(session=session, journeys=[journey])[0]


@router.post("/journeys/{journey_id:int}/status", response_model=JourneyRead,
             responses=declared("404 `journey_not_found`: no such journey in this program"))
def change_status(journey_id: JourneyId, body: JourneyStatusChange, context: Writer) -> JourneyRead:
    """`active`: members enter and move on. `paused`: no one enters and waits do not advance
    until it is active again; goal events still convert."""
    with context.write() as session:
        journey = service.set_status(session=session, program=context.program, journey_id=journey_id,
                                     status=body.status, actor=context.actor)
        return service.journey_reads(session=session, journeys=[journey])[0]


@router.post("/journeys/{journey_id:int}/enrolments", response_model=EnrolmentRead, status_code=201,
             responses=declared(
                 "404 `journey_not_found`: no such journey in this program",
                 "404 `member_not_found`: no such member in this program",
                 "409 `member_blocked`: the member is blocked",
                 "409 `journey_not_active`: the journey is a draft or paused",
                 "409 `journey_entry_refused`: the member is in the journey now, or its re-entry policy keeps "
                 "them out"))
def enrol(journey_id: JourneyId, body: EnrolRequest, context: Writer,
          idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """Enter a member into the journey now (an `api` entry; any active journey accepts it).
    `payload` is what the journey's branches see as `entry.payload.*`. Sent again with the same
    Idempotency-Key, the first answer is replayed instead of 409 `journey_entry_refused`."""
    with context.write() as session:
        def produce() -> dict[str, Any]:
            enrolment = service.enrol(session=session, program=context.program, journey_id=journey_id,
                                      member_id=body.member_id, payload=body.payload, actor=context.actor)
            return service.enrolment_reads(session=session, enrolments=[enrolment])[0].model_dump(mode="json")

        return run_idempotent(context, session, key=idempotency_key, operation="journeys.enrol",
                              request_payload={"journey_id": journey_id, **body.model_dump(mode="json")},
                              status_code=201, produce=produce)


@router.get("/members/{member_id:int}/journeys", response_model=EnrolmentPage,
            responses=declared("404 `member_not_found`: no such member in this program"))
def member_journeys(member_id: MemberId, context: Reader, cursor: Cursor = None,
                    limit: Limit = DEFAULT_LIMIT) -> EnrolmentPage:
    """The member's enrolments, newest first: where they stand in each journey and every step
    they passed."""
    with context.read() as session:
        members.get_member(session=session, program_id=context.program_id, member_id=member_id)
        enrolments = service.member_enrolments(session=session, program_id=context.program_id, member_id=member_id,
                                               before_id=cursor_key(cursor), limit=limit)
        return EnrolmentPage.of(enrolments.map_all(
            lambda page: service.enrolment_reads(session=session, enrolments=page)))
