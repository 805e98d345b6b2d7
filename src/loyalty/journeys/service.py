"""Journeys: editing versioned graphs, entering members, and moving enrolments along.

Every move of an enrolment happens in the caller's unit of work with the enrolment row locked
(PostgreSQL; SQLite's single writer serializes): the state machine (`domain.advance`) says
where it goes, this module carries out the actions on the way, writes the step history and
records the timeline events `journey.entered`, `journey.step`, `journey.exited`,
`journey.converted`. An action runs once per enrolment and step: the graph has no cycles, the
step's visit row is unique, and a message is queued with the dedupe key
`journey:{journey_id}:{enrolment_id}:{step_id}`.

An action the program cannot carry out (a coupon campaign without codes left, a stopped
campaign) does not hold the member up: the visit keeps the error and the enrolment goes on.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from loyalty.campaigns import measurement
from loyalty.campaigns.domain import VALUED_VOUCHER_KINDS
from loyalty.campaigns.schemas import UpliftInterval
from loyalty.events import service as event_service
from loyalty.journeys import domain, repository
from loyalty.journeys.domain import JourneyGraph
from loyalty.journeys.models import Journey, JourneyEnrolment, JourneyVersion
from loyalty.journeys.schemas import (
    EnrolmentRead,
    JourneyCounts,
    JourneyCreate,
    JourneyGroupResults,
    JourneyRead,
    JourneyResults,
    JourneyUpdate,
    StepCount,
    VisitRead,
)
from loyalty.kernel import clock, conditions, paging
from loyalty.kernel.errors import Conflict, DomainError, NotFound
from loyalty.kernel.exported import row_values
from loyalty.kernel.money import points_value_minor
from loyalty.kernel.paging import Slice
from loyalty.ledger import service as ledger
from loyalty.members import service as members
from loyalty.members.models import Member
from loyalty.members.schemas import MemberUpdate
from loyalty.messaging import service as messaging
from loyalty.programs import service as programs
from loyalty.programs.models import Program
from loyalty.rules import service as rules
from loyalty.tiers import service as tiers
from loyalty.vouchers import service as vouchers

ACTOR = "journey"
DUE_BATCH = 200
SCHEDULE_BATCH = 500

# Versions never change once written: a parsed graph is kept per (database, journey, version)
# (the database too: tests, and tools, open more than one in a process).
_graphs: dict[tuple[str, int, int], JourneyGraph] = {}


def _graph(session: Session, journey_id: int, version: int) -> JourneyGraph:
    key = (str(session.get_bind().engine.url), journey_id, version)
    graph = _graphs.get(key)
    if graph is None:
        row = repository.version(session, journey_id=journey_id, number=version)
        if row is None:
            raise NotFound(f"Journey {journey_id} has no version {version}.", code="journey_version_not_found")
        graph = JourneyGraph.model_validate(row.graph)
        if len(_graphs) > 1000:
            _graphs.clear()
        _graphs[key] = graph
    return graph


def _canonical(document: Mapping[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), default=str)


# --- editing ----------------------------------------------------------------------------------


def validate_graph(document: Any) -> JourneyGraph:
    """The parsed graph, or `GraphInvalid` (422 `invalid_journey`) listing each problem with its field."""
    return domain.parse_graph(document)


def _denormalize(journey: Journey, graph: JourneyGraph) -> None:
    journey.entry_kind = graph.entry.type
    journey.entry_event_type = graph.entry.event_type if isinstance(graph.entry, domain.EventEntry) else None
    journey.goal_event_type = graph.goal.event_type if graph.goal is not None else None


def create_journey(*, session: Session, program: Program, data: JourneyCreate, actor: str) -> Journey:
    """A draft journey with version 1 of its graph; members enter once it is activated."""
    graph = validate_graph(data.graph)
    now = clock.now()
    journey = Journey(program_id=program.id, name=data.name.strip(), status="draft", current_version=1,
                      holdout_seed=secrets.token_hex(16), created_at=now, updated_at=now)
    _denormalize(journey, graph)
    repository.add(session, journey)
    repository.add(session, JourneyVersion(program_id=program.id, journey_id=journey.id, version=1,
                                           graph=graph.model_dump(mode="json", exclude_none=True),
                                           created_at=now, created_by=actor))
    return journey


def update_journey(*, session: Session, program: Program, journey_id: int, data: JourneyUpdate,
                   actor: str) -> Journey:
    """Rename, or change the graph: a different graph is a new version that new entrants follow,
    while members already in the journey finish on the version they entered. Locks the journey."""
    journey = _journey(session, program.id, journey_id, lock=True)
    now = clock.now()
    if data.name is not None:
        journey.name = data.name.strip()
    if data.graph is not None:
        graph = validate_graph(data.graph)
        document = graph.model_dump(mode="json", exclude_none=True)
        current = repository.version(session, journey_id=journey.id, number=journey.current_version)
        if current is None or _canonical(current.graph) != _canonical(document):
            journey.current_version += 1
            repository.add(session, JourneyVersion(program_id=program.id, journey_id=journey.id,
                                                   version=journey.current_version, graph=document,
                                                   created_at=now, created_by=actor))
            _denormalize(journey, graph)
            if isinstance(graph.entry, domain.ScheduleEntry):
                journey.schedule_before_member_id = None
    journey.updated_at = now
    session.flush()
    return journey


def set_status(*, session: Session, program: Program, journey_id: int, status: str, actor: str) -> Journey:
    """Activate (members start entering) or pause (no one enters, waits stop advancing until
    the journey is active again; goals still convert)."""
    journey = _journey(session, program.id, journey_id, lock=True)
    if journey.status != status:
        journey.status = status
        journey.updated_at = clock.now()
        session.flush()
    return journey


def _journey(session: Session, program_id: int, journey_id: int, *, lock: bool = False) -> Journey:
    journey = repository.get_journey(session, program_id=program_id, journey_id=journey_id, lock=lock)
    if journey is None:
        raise NotFound(f"Journey {journey_id} does not exist.", code="journey_not_found")
    return journey


def get_journey(*, session: Session, program_id: int, journey_id: int) -> Journey:
    return _journey(session, program_id, journey_id)


def list_journeys(*, session: Session, program_id: int, after_id: int | None = None,
                  limit: int = 50) -> Slice[Journey]:
    """Oldest first, paged by id."""
    paging.check_limit(limit)
    rows = repository.list_journeys(session, program_id=program_id, after_id=after_id, limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda journey: journey.id)


def journey_graph(*, session: Session, journey: Journey, version: int | None = None) -> JourneyGraph:
    return _graph(session, journey.id, version or journey.current_version)


def journey_versions(*, session: Session, journey: Journey) -> list[JourneyVersion]:
    return list(repository.versions(session, journey_id=journey.id))


def journey_reads(*, session: Session, journeys: Sequence[Journey]) -> list[JourneyRead]:
    """Each journey with its current graph and counts: members at each step now, entered, converted."""
    ids = [journey.id for journey in journeys]
    at_step = repository.step_counts(session, journey_ids=ids)
    reached = repository.passed_counts(session, journey_ids=ids)
    states = repository.state_counts(session, journey_ids=ids)
    reads = []
    for journey in journeys:
        graph = _graph(session, journey.id, journey.current_version)
        by_state = states.get(journey.id, {})
        counts = JourneyCounts(
            entered=sum(count for count, _ in by_state.values()),
            in_progress=sum(by_state.get(state, (0, 0))[0] for state in domain.OPEN_STATES),
            completed=by_state.get(domain.COMPLETED, (0, 0))[0], exited=by_state.get(domain.EXITED, (0, 0))[0],
            converted=by_state.get(domain.CONVERTED, (0, 0))[0], revenue=by_state.get(domain.CONVERTED, (0, 0))[1])
        steps = [StepCount(step_id=step.id, step_type=step.type, label=step.label,
                           now_at=at_step.get(journey.id, {}).get(step.id, 0),
                           reached=reached.get(journey.id, {}).get(step.id, 0), exits=domain.exits_of(step))
                 for step in graph.steps]
        reads.append(JourneyRead(id=journey.id, name=journey.name, status=journey.status,  # type: ignore[arg-type]
                                 version=journey.current_version,
                                 graph=graph.model_dump(mode="json", exclude_none=True),
                                 created_at=journey.created_at, updated_at=journey.updated_at,
                                 counts=counts, steps=steps))
    return reads


# --- facts --------------------------------------------------------------------------------------


def _member_facts(session: Session, program: Program, member: Member, at: datetime) -> dict[str, Any]:
    return rules.member_facts(member, program, at, session=session).flat()


def _event_facts(event_type: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    return {"event.type": event_type, **domain.flatten(domain.EVENT_PREFIX, payload)}


def _enrolment_facts(session: Session, program: Program, member: Member, enrolment: JourneyEnrolment,
                     graph: JourneyGraph, at: datetime, event: EventInput | None = None, *,
                     entering: bool = False) -> dict[str, Any]:
    """`entering`: the enrolment has passed no step yet, so it has no engagement to read."""
    facts = _member_facts(session, program, member, at)
    facts.update(domain.flatten(domain.ENTRY_PREFIX, enrolment.entry_payload or {}))
    if event is not None:
        facts.update(_event_facts(event.type, event.payload))
    used = domain.engagement_steps_used(graph)
    if used:
        engagement = ({step_id: domain.Engagement(opened=False, clicked=()) for step_id in used} if entering
                      else _engagement(session, program, enrolment, used))
        facts.update(domain.engagement_facts(engagement))
    return facts


def _engagement(session: Session, program: Program, enrolment: JourneyEnrolment,
                step_ids: set[str]) -> dict[str, domain.Engagement]:
    """What the member did with the messages these steps queued, read from the timeline."""
    message_step: dict[int, str] = {}
    for visit in repository.visits(session, enrolment_ids=[enrolment.id]):
        message_id = (visit.result or {}).get("message_id")
        if visit.step_id in step_ids and isinstance(message_id, int):
            message_step[message_id] = visit.step_id
    opened: set[str] = set()
    clicked: dict[str, list[str]] = {}
    for event_type, payload in repository.engagement_events(
            session, program_id=program.id, member_id=enrolment.member_id, since=enrolment.entered_at,
            message_ids=list(message_step)):
        step_id = message_step[payload["message_id"]]
        if event_type == "message.opened":
            opened.add(step_id)
        elif isinstance(payload.get("link"), str):
            clicked.setdefault(step_id, []).append(payload["link"])
    return {step_id: domain.Engagement(opened=step_id in opened, clicked=tuple(clicked.get(step_id, ())))
            for step_id in step_ids}


# --- moving enrolments ----------------------------------------------------------------------------


@dataclass(frozen=True)
class EventInput:
    """An event as the journeys see it (the worker's PublishedEvent has these fields)."""

    id: int | None
    program_id: int
    member_id: int | None
    type: str
    occurred_at: datetime
    payload: dict[str, Any]


def _journey_payload(journey: Journey, enrolment: JourneyEnrolment) -> dict[str, Any]:
    return {"journey_id": journey.id, "journey_name": journey.name, "version": enrolment.version,
            "enrolment_id": enrolment.id}


def _enter(session: Session, program: Program, journey: Journey, member: Member, *, now: datetime,
           entry_payload: dict[str, Any] | Callable[[], dict[str, Any]], entry_event_id: int | None, actor: str,
           past: list[domain.PastEnrolment] | None = None) -> JourneyEnrolment | None:
    """Enter `member` into the journey's current version, if its re-entry policy lets them, and
    walk the first steps. None when the member may not enter (already in it, or not again).
    `past`: the member's enrolments in the journey when the caller read them already; a
    callable `entry_payload` is called only when the member enters."""
    if member.status != "active":
        return None
    graph = _graph(session, journey.id, journey.current_version)
    if past is None:
        past = repository.past_enrolments(session, journey_id=journey.id, member_id=member.id)
    if not domain.may_enter(graph.reentry, past, now=now):
        return None
    if callable(entry_payload):
        entry_payload = entry_payload()
    is_control = domain.held_out(graph, seed=journey.holdout_seed, member_id=member.id)
    convert_until = domain.conversion_deadline(graph, entered_at=now)
    enrolment = JourneyEnrolment(program_id=program.id, journey_id=journey.id, version=journey.current_version,
                                 member_id=member.id, state=domain.ACTIVE,
                                 open_key="once" if graph.reentry.policy == "never" else "open",
                                 entry_event_id=entry_event_id, entry_payload=entry_payload, entered_at=now,
                                 is_control=is_control, convert_until=convert_until)
    if is_control:
        # Held out: no step, no action; it waits out the attribution window (a graph with a
        # control group always has one), holding the member's place as a walker's would.
        enrolment.state, enrolment.wait_until = domain.WAITING, convert_until
    try:
        with session.begin_nested():
            repository.add(session, enrolment)
    except IntegrityError:
        return None  # entered concurrently, or once already under the policy `never`
    event_service.record(session=session, program_id=program.id, member_id=member.id, type="journey.entered",
                         actor=actor, payload={**_journey_payload(journey, enrolment),
                                               "entry": graph.entry.type,
                                               "group": "control" if is_control else "target"})
    if is_control:
        session.flush()
        return enrolment
    facts = _enrolment_facts(session, program, member, enrolment, graph, now, entering=True)
    outcome = domain.advance(graph, current_step=None, given=domain.Enter(), facts=facts,
                             clock=domain.Clock(now=now, timezone=program.timezone))
    assert outcome is not None
    _apply(session, program, journey, enrolment, member, graph, outcome, now=now, entering=True)
    return enrolment


def _apply(session: Session, program: Program, journey: Journey, enrolment: JourneyEnrolment, member: Member,
           graph: JourneyGraph, outcome: domain.Outcome, *, now: datetime, entering: bool = False) -> None:
    """Persist a move: each visit (with its action's result), the timeline events, the new state.
    `entering`: the enrolment's first move, it has no visit yet to look up."""
    actions = {action.step_id: action for action in outcome.actions}
    base = _journey_payload(journey, enrolment)
    for visit in outcome.visits:
        result: dict[str, Any] = {}
        existing = None if entering else repository.visit_of(session, enrolment_id=enrolment.id,
                                                             step_id=visit.step_id)
        if existing is None:
            if visit.step_id in actions:
                result = _act(session, program, journey, enrolment, member, actions[visit.step_id], now=now)
            repository.add_visit(session, {"program_id": program.id, "journey_id": journey.id,
                                           "enrolment_id": enrolment.id, "step_id": visit.step_id,
                                           "step_type": visit.step_type, "exit": visit.exit, "result": result,
                                           "at": now})
        else:  # leaving the wait it stood on
            repository.set_visit(session, enrolment_id=enrolment.id, step_id=visit.step_id,
                                 values={"exit": visit.exit})
        payload: dict[str, Any] = {**base, "step_id": visit.step_id, "step_type": visit.step_type,
                                   "exit": visit.exit}
        label = graph.step(visit.step_id).label
        if label:
            payload["label"] = label
        if visit.exit is None and visit.step_id == outcome.step_id and outcome.state == domain.WAITING:
            payload["wait_until"] = outcome.wait_until.isoformat() if outcome.wait_until else None
            payload["waiting_for"] = outcome.waiting_for
        if result:
            payload["result"] = result
        event_service.record(session=session, program_id=program.id, member_id=member.id, type="journey.step",
                             actor=ACTOR, payload=payload)
    enrolment.current_step = outcome.step_id
    enrolment.state = outcome.state
    enrolment.wait_until = outcome.wait_until
    enrolment.waiting_for = outcome.waiting_for
    if outcome.state in (domain.COMPLETED, domain.EXITED):
        _finish(session, program, journey, enrolment, state=outcome.state, now=now,
                reason="exit step" if outcome.state == domain.EXITED else "completed")
    session.flush()


def _finish(session: Session, program: Program, journey: Journey, enrolment: JourneyEnrolment, *, state: str,
            now: datetime, reason: str, revenue: int | None = None, goal_event: str | None = None,
            records: list[_Record] | None = None) -> None:
    """End an open enrolment; `records`: the batch walk's list the timeline event joins (written
    with the batch's) instead of being recorded at once."""
    enrolment.state = state
    enrolment.finished_at = now
    enrolment.exit_reason = reason
    enrolment.wait_until = None
    enrolment.waiting_for = None
    if enrolment.open_key == "open":
        enrolment.open_key = None
    payload = {**_journey_payload(journey, enrolment), "step_id": enrolment.current_step}
    if state == domain.CONVERTED:
        enrolment.conversion_revenue = revenue
        event_service.record(session=session, program_id=program.id, member_id=enrolment.member_id,
                             type="journey.converted", actor=ACTOR,
                             payload={**payload, "goal_event": goal_event, "revenue": revenue,
                                      "currency": program.currency})
    elif records is not None:
        records.append(_Record({"program_id": program.id, "member_id": enrolment.member_id,
                                "type": "journey.exited", "actor": ACTOR,
                                "payload": {**payload, "state": state, "reason": reason}}))
    else:
        event_service.record(session=session, program_id=program.id, member_id=enrolment.member_id,
                             type="journey.exited", actor=ACTOR, payload={**payload, "state": state,
                                                                            "reason": reason})


def _convert_finished(session: Session, program: Program, journey: Journey, enrolment: JourneyEnrolment, *,
                      revenue: int | None, goal_event: str) -> None:
    """The goal came within the attribution window after the member finished the path: the
    enrolment converted all the same. `finished_at` and `exit_reason` keep how the path ended."""
    enrolment.state = domain.CONVERTED
    enrolment.conversion_revenue = revenue
    event_service.record(session=session, program_id=program.id, member_id=enrolment.member_id,
                         type="journey.converted", actor=ACTOR,
                         payload={**_journey_payload(journey, enrolment), "step_id": enrolment.current_step,
                                  "goal_event": goal_event, "revenue": revenue, "currency": program.currency})


def _act(session: Session, program: Program, journey: Journey, enrolment: JourneyEnrolment, member: Member,
         action: domain.Action, *, now: datetime) -> dict[str, Any]:
    """Carry out one action in a savepoint; a refusal is kept as the step's result and the
    member goes on (an empty coupon pool must not hold a journey up)."""
    try:
        with session.begin_nested():
            return _perform(session, program, journey, enrolment, member, action, now=now)
    except DomainError as error:
        return {"error": error.code, "message": error.message}


def _perform(session: Session, program: Program, journey: Journey, enrolment: JourneyEnrolment, member: Member,
             action: domain.Action, *, now: datetime) -> dict[str, Any]:
    params = action.params
    actor = f"journey:{journey.id}"
    if action.kind == "send_message":
        message = messaging.queue_message(
            session=session, program=program, member_id=member.id, channel=params["channel"],
            template_key=params["template_key"], dedupe_key=f"journey:{journey.id}:{enrolment.id}:{action.step_id}",
            source=f"journey:{journey.id}", actor=actor,
            context={**params["context"], "journey": {"id": journey.id, "name": journey.name},
                     "entry": enrolment.entry_payload or {}, "referral_code": member.referral_code})
        return {"message_id": message.id if message is not None else None, "channel": params["channel"],
                "template_key": params["template_key"]}
    if action.kind == "award_points":
        unit = params["unit"] or program.units[0]
        posting = ledger.earn(session=session, program=program, member_id=member.id,
                              awards=[ledger.EarnAward(unit=unit, points=params["points"], rule_id=None,
                                                       rule_version=None)],
                              occurred_at=now, actor=actor,
                              reason=params["reason"] or f"journey {journey.name}, step {action.step_id}")
        return {"transaction_id": posting.transaction_id, "unit": unit, "points": params["points"]}
    if action.kind == "issue_coupon":
        codes = vouchers.publish_codes(session=session, program=program, campaign_id=params["voucher_campaign_id"],
                                       member_ids=[member.id], actor=actor)
        return {"voucher_campaign_id": params["voucher_campaign_id"], "code_id": codes[0].id}
    if action.kind in ("tag", "untag", "set_attribute"):
        current = dict(member.attributes or {})
        if action.kind == "set_attribute":
            patch = {params["name"]: params["value"]}
        else:
            tags = [tag for tag in current.get(domain.TAGS_ATTRIBUTE) or [] if tag != params["tag"]]
            if action.kind == "tag":
                tags.append(params["tag"])
            patch = {domain.TAGS_ATTRIBUTE: tags}
        members.update_member(session=session, program=program, member_id=member.id,
                              data=MemberUpdate.model_validate({"attributes": patch}), actor=actor)
        return {"attributes": sorted(patch)}
    if action.kind == "call_webhook":
        event_service.record(session=session, program_id=program.id, member_id=member.id, type="journey.webhook",
                             actor=actor, payload={**_journey_payload(journey, enrolment), "step_id": action.step_id,
                                                   "member_id": member.id, "payload": params["payload"],
                                                   "entry": enrolment.entry_payload or {}})
        return {"recorded": "journey.webhook"}
    raise ValueError(f"unknown action {action.kind}")


def _move(session: Session, program: Program, enrolment: JourneyEnrolment, given: domain.Input, *,
          now: datetime, event: EventInput | None = None) -> bool:
    """Feed one input to a locked, open enrolment; whether it moved."""
    journey = session.get(Journey, enrolment.journey_id)  # read once per unit of work (identity map)
    if journey is None or journey.program_id != program.id:
        journey = _journey(session, program.id, enrolment.journey_id)
    member = repository.get_member(session, program_id=program.id, member_id=enrolment.member_id)
    if member is None or member.status != "active":
        _finish(session, program, journey, enrolment, state=domain.EXITED, now=now, reason="member_blocked")
        return True
    if enrolment.is_control:  # only its window's end moves a held-out enrolment
        if not isinstance(given, domain.TimerFired):
            return False
        _finish(session, program, journey, enrolment, state=domain.COMPLETED, now=now, reason="held_out")
        session.flush()
        return True
    entering = enrolment.current_step is None
    if entering:  # entered by a batch (`_enter_pending`): its first steps now
        if not isinstance(given, domain.TimerFired):
            return False
        given = domain.Enter()
    graph = _graph(session, journey.id, enrolment.version)
    facts = _enrolment_facts(session, program, member, enrolment, graph, now, event, entering=entering)
    outcome = domain.advance(graph, current_step=enrolment.current_step, given=given, facts=facts,
                             clock=domain.Clock(now=now, timezone=program.timezone))
    if outcome is None:
        return False
    _apply(session, program, journey, enrolment, member, graph, outcome, now=now, entering=entering)
    return True


@dataclass(frozen=True)
class _Pending:
    """A member an event of the batch enters into a journey, not yet written."""

    journey: Journey
    graph: JourneyGraph
    member_id: int
    event: EventInput


@dataclass
class _BatchView:
    """What a batch of one program's events reads once instead of per event: the journeys'
    goal types, the active journeys by entry type, which members have an enrolment an event may
    convert or wake, the batch's members and their past enrolments in the journeys events enter.
    A member this batch entered into a journey is read per event again. Entries wait in
    `pending` and are written together (`_enter_pending`)."""

    goals: set[str]
    listening: dict[str, list[Journey]]
    enrolled: set[int]
    members: dict[int, Member]
    past: dict[tuple[int, int], list[domain.PastEnrolment]]
    # (member, event type) pairs for which the batch's start found an enrolment of the member
    # the type may convert (its journey's goal) or wake (the wait-for-event it stands on): for
    # another pair of an untouched member the per-event reads would find nothing, and are skipped.
    goal_pairs: set[tuple[int, str]] = field(default_factory=set)
    waiting_pairs: set[tuple[int, str]] = field(default_factory=set)
    # Members an event of this batch entered, converted or moved: read per event again.
    touched: set[int] = field(default_factory=set)
    pending: list[_Pending] = field(default_factory=list)
    pending_members: set[int] = field(default_factory=set)
    entered: int = 0


def _enter_pending(session: Session, program: Program, view: _BatchView, *, walk_member: int | None = None) -> None:
    """Write the batch's waiting entries at once: one INSERT … ON CONFLICT DO NOTHING of the
    enrolments (the unique (journey, member, open_key) keeps out a member who is in the journey
    now or entered a `never` journey once, so a redelivered batch enters nobody twice), one read
    of the purchases' categories, the `journey.entered` events in one go. The enrolments wait
    with no step, due now: the journeys' advance task walks their first steps (and carries out
    the actions on them, such as a welcome message) as it moves a wait that is over.
    `walk_member`: a member another event of the batch is about to reach: their entries walk
    their first steps now, so that event finds them where it would have one event at a time
    (on the wait for it, say)."""
    pending, view.pending = view.pending, []
    view.pending_members.clear()
    if not pending:
        return
    now = clock.now()
    categories = repository.purchase_categories_of(session, purchase_ids=[
        entry.event.payload["purchase_id"] for entry in pending
        if entry.event.type == "purchase.recorded" and isinstance(entry.event.payload.get("purchase_id"), int)])
    rows: list[dict[str, Any]] = []
    held: dict[tuple[int, int], tuple[_Pending, bool]] = {}
    for entry in pending:
        journey, graph, event = entry.journey, entry.graph, entry.event
        payload = dict(event.payload)
        if event.type == "purchase.recorded" and isinstance(event.payload.get("purchase_id"), int):
            payload["categories"] = categories.get(event.payload["purchase_id"], [])
        is_control = domain.held_out(graph, seed=journey.holdout_seed, member_id=entry.member_id)
        convert_until = domain.conversion_deadline(graph, entered_at=now)
        rows.append({"program_id": program.id, "journey_id": journey.id, "version": journey.current_version,
                     "member_id": entry.member_id, "current_step": None, "state": domain.WAITING,
                     "open_key": "once" if graph.reentry.policy == "never" else "open",
                     # held out: waits out the attribution window, as `_enter` does
                     "wait_until": convert_until if is_control else now, "waiting_for": None,
                     "entry_event_id": event.id, "entry_payload": payload, "entered_at": now,
                     "finished_at": None, "exit_reason": None, "conversion_revenue": None,
                     "is_control": is_control, "convert_until": convert_until})
        held[(journey.id, entry.member_id)] = (entry, is_control)
    entered = repository.enter_many(session, rows)
    records: list[dict[str, Any]] = []
    for enrolment_id, journey_id, member_id in sorted(entered):
        entry, is_control = held[(journey_id, member_id)]
        records.append({"program_id": program.id, "member_id": member_id, "type": "journey.entered",
                        "actor": ACTOR, "payload": {
                            "journey_id": journey_id, "journey_name": entry.journey.name,
                            "version": entry.journey.current_version, "enrolment_id": enrolment_id,
                            "entry": entry.graph.entry.type, "group": "control" if is_control else "target"}})
    if records:
        event_service.record_many(session=session, rows=records)
    view.entered += len(entered)
    for enrolment_id, _, member_id in sorted(entered):
        if member_id == walk_member:
            enrolment = repository.get_enrolment(session, program_id=program.id, enrolment_id=enrolment_id)
            assert enrolment is not None
            _move(session, program, enrolment, domain.TimerFired(), now=now)


def handle_events(*, session: Session, program: Program, events: Sequence[EventInput]) -> int:
    """`handle_event` for a batch of the program's events, in order, with the journeys, the
    members and their enrolments read once for the batch; the per-member enrolment reads are
    skipped for members in no journey. Members the events enter are enrolled together, their
    first steps left to `advance_due` (they are due at once): how many entered, so the caller
    can wake it. Another event of a member entered in the batch first writes and walks that
    entry, so it finds the member where it would have one event at a time."""
    members_of = sorted({event.member_id for event in events if event.member_id is not None
                         and not event.type.startswith("journey.")})
    if not members_of:
        return 0
    goals, listening = repository.event_journeys(session, program_id=program.id)
    candidates = repository.enrolment_candidates(session, program_id=program.id, member_ids=members_of,
                                                 since=min(event.occurred_at for event in events))
    enrolled = {member_id for member_id, _, _, _ in candidates}
    if not enrolled and not listening:
        return 0  # no journey could convert, wake or enter anybody
    entering = sorted({journey.id for journeys in listening.values() for journey in journeys})
    # Only an event of a type some journey enters by reads the member and their past enrolments
    # from these (`_enter_listening`): the others' members are not read.
    may_enter = sorted({event.member_id for event in events if event.member_id is not None
                        and event.type in listening})
    past = repository.past_enrolments_of(session, journey_ids=entering, member_ids=may_enter)
    # Members only where some journey the event enters would take them: once a member has been
    # through a `never` journey, their purchases read nothing more for it.
    now = clock.now()
    wanted = sorted({event.member_id for event in events if event.member_id is not None and event.type in listening
                     and _some_journey_takes(session, listening[event.type], event.member_id, past, now)})
    view = _BatchView(goals, listening, enrolled,
                      repository.members_by_id(session, program_id=program.id, member_ids=wanted), past,
                      goal_pairs={(member_id, goal) for member_id, goal, _, _ in candidates if goal},
                      waiting_pairs={(member_id, waiting_for) for member_id, _, state, waiting_for in candidates
                                     if state == domain.WAITING and waiting_for})
    for event in events:
        if event.member_id is not None and event.member_id in view.pending_members:
            _enter_pending(session, program, view, walk_member=event.member_id)
        handle_event(session=session, program=program, event=event, view=view)
    _enter_pending(session, program, view)
    return view.entered


def handle_event(*, session: Session, program: Program, event: EventInput, view: _BatchView | None = None) -> None:
    """React to one committed event of a member: convert the enrolments whose goal it is, resume
    those waiting for it, then enter the journeys it starts (in that order, so the event that
    enters a member never counts as that enrolment's own goal or wake-up)."""
    if event.member_id is None or event.type.startswith("journey."):
        return
    if view is not None and event.member_id not in view.enrolled and event.member_id not in view.touched:
        _enter_listening(session, program, event, view.listening.get(event.type, []), view)
        return
    now = clock.now()
    converted_in: set[int] = set()
    # The batch's read of this member's enrolments holds while no event of the batch moved them.
    fresh = view is not None and event.member_id not in view.touched
    goal = view is None or (event.type in view.goals
                            and (not fresh or (event.member_id, event.type) in view.goal_pairs))
    waking = view is None or not fresh or (event.member_id, event.type) in view.waiting_pairs
    # Newest first: one goal event converts one enrolment per journey (the latest it counts for).
    for enrolment in repository.convertible_enrolments(session, program_id=program.id, member_id=event.member_id,
                                                       event_type=event.type, at=event.occurred_at) if goal else ():
        if enrolment.journey_id in converted_in:
            continue
        if enrolment.convert_until is not None and enrolment.convert_until < event.occurred_at:
            continue  # in the journey still, but past its attribution window
        graph = _graph(session, enrolment.journey_id, enrolment.version)
        member = repository.get_member(session, program_id=program.id, member_id=event.member_id)
        if member is None:
            continue
        facts = {**_member_facts(session, program, member, now), **_event_facts(event.type, event.payload)}
        if domain.goal_reached(graph, event_type=event.type, facts=facts):
            converted_in.add(enrolment.journey_id)
            if view is not None:
                view.touched.add(event.member_id)
            journey = _journey(session, program.id, enrolment.journey_id)
            revenue = domain.goal_revenue(graph, event.payload)
            if enrolment.state in domain.OPEN_STATES:
                _finish(session, program, journey, enrolment, state=domain.CONVERTED, now=now, reason="goal",
                        revenue=revenue, goal_event=event.type)
            else:
                _convert_finished(session, program, journey, enrolment, revenue=revenue, goal_event=event.type)
            session.flush()
    for enrolment in repository.enrolments_waiting_for(session, program_id=program.id, member_id=event.member_id,
                                                       event_type=event.type) if waking else ():
        if _move(session, program, enrolment, domain.EventArrived(event.type), now=now, event=event) \
                and view is not None:
            view.touched.add(event.member_id)
    journeys = (list(repository.journeys_listening(session, program_id=program.id, event_type=event.type))
                if view is None else view.listening.get(event.type, []))
    _enter_listening(session, program, event, journeys, view)


def _some_journey_takes(session: Session, journeys: Sequence[Journey], member_id: int,
                        past: dict[tuple[int, int], list[domain.PastEnrolment]], now: datetime) -> bool:
    """Whether the re-entry policy of any of `journeys` lets the member in, by `past` (their
    enrolments as the batch read them)."""
    return any(domain.may_enter(_graph(session, journey.id, journey.current_version).reentry,
                                past.get((journey.id, member_id), []), now=now) for journey in journeys)


def _enter_listening(session: Session, program: Program, event: EventInput, journeys: Sequence[Journey],
                     view: _BatchView | None) -> None:
    """Enter the member into each of `journeys` (active, entered by this event type) whose entry matches."""
    if not journeys or event.member_id is None:
        return
    now = clock.now()
    # The batch's read of past enrolments holds for a member no event of this batch has moved yet.
    batched = view is not None and event.member_id not in view.touched
    if batched and view is not None and not _some_journey_takes(session, journeys, event.member_id, view.past, now):
        return  # their past enrolments keep them out of every journey this event enters
    if view is not None and event.member_id in view.members:
        member: Member | None = view.members[event.member_id]
    else:
        member = repository.get_member(session, program_id=program.id, member_id=event.member_id)
    if member is None or member.status != "active":
        return
    facts: dict[str, Any] | None = None
    found: list[str] | None = None

    def entry_payload() -> dict[str, Any]:
        nonlocal found
        payload = dict(event.payload)
        if event.type == "purchase.recorded" and isinstance(event.payload.get("purchase_id"), int):
            # What was bought, for content matched to it: the payload names only the receipt.
            if found is None:
                found = repository.purchase_categories(session, purchase_id=event.payload["purchase_id"])
            payload["categories"] = found
        return payload

    for journey in journeys:
        graph = _graph(session, journey.id, journey.current_version)
        if graph.entry.type == "event" and getattr(graph.entry, "condition", None) is not None and facts is None:
            facts = {**_member_facts(session, program, member, now), **_event_facts(event.type, event.payload)}
        if domain.entry_matches(graph, event_type=event.type, facts=facts or {}):
            if view is None:
                _enter(session, program, journey, member, now=now, entry_payload=entry_payload(),
                       entry_event_id=event.id, actor=ACTOR)
                continue
            past = (view.past.get((journey.id, member.id), []) if batched
                    else repository.past_enrolments(session, journey_id=journey.id, member_id=member.id))
            if domain.may_enter(graph.reentry, past, now=now):
                view.touched.add(member.id)  # entered: the batch's reads of them no longer hold
                view.pending.append(_Pending(journey, graph, member.id, event))
                view.pending_members.add(member.id)


def enrol(*, session: Session, program: Program, journey_id: int, member_id: int, payload: dict[str, Any],
          actor: str) -> JourneyEnrolment:
    """Enter a member by an API call (any active journey). 409 `journey_not_active` for a draft
    or paused journey, 409 `journey_entry_refused` when the re-entry policy or an enrolment in
    progress keeps the member out."""
    journey = _journey(session, program.id, journey_id)
    if journey.status != "active":
        raise Conflict(f"Journey {journey_id} is not active.", code="journey_not_active")
    member = members.get_member(session=session, program_id=program.id, member_id=member_id)
    members.ensure_active(member)
    enrolment = _enter(session, program, journey, member, now=clock.now(), entry_payload=payload,
                       entry_event_id=None, actor=actor)
    if enrolment is None:
        raise Conflict("The member is in this journey now, or its re-entry policy keeps them out.",
                       code="journey_entry_refused", field="member_id")
    return enrolment


@dataclass(frozen=True)
class DueRun:
    advanced: int
    more: bool


def _program(session: Session, program_id: int, cache: dict[int, Program]) -> Program:
    if program_id not in cache:
        cache[program_id] = programs.get_program(session=session, program_id=program_id)
    return cache[program_id]


def advance_due(*, session: Session, now: datetime | None = None,
                limit: int = DUE_BATCH) -> DueRun:
    """Move one batch of enrolments whose wait (or wait-for-event timeout) is over, set-based
    (`_walk`). `more`: a full batch was taken, call again. Rows are claimed with SKIP LOCKED on
    PostgreSQL, so two workers never move one enrolment."""
    at = now or clock.now()
    claimed = repository.claim_due(session, now=at, limit=limit)
    if claimed:
        _walk(session, claimed, now=at)
    return DueRun(advanced=len(claimed), more=len(claimed) >= limit)


@dataclass
class _Record:
    """A timeline event of the batch walk, recorded with the others at its end; `result`, when
    set, is the step's result, completed once the batch's messages are queued."""

    row: dict[str, Any]
    result: dict[str, Any] | None = None


@dataclass
class _Send:
    """A send_message action of the batch walk, queued with the others at its end."""

    program_id: int
    request: messaging.MessageRequest
    result: dict[str, Any]


@dataclass
class _Walk:
    """One batch of due enrolments: what it read once for all of them, and what it writes at
    its end (visits, exits, messages, timeline events) in a few statements."""

    now: datetime
    programs: dict[int, Program]
    journeys: dict[int, Journey]
    members: dict[int, Member]
    tiers: dict[int, str | None]
    visited: dict[int, set[str]]
    engagement: dict[int, dict[str, domain.Engagement]]
    visits: list[dict[str, Any]] = field(default_factory=list)
    exits: list[tuple[int, str, str | None]] = field(default_factory=list)
    sends: list[_Send] = field(default_factory=list)
    records: list[_Record] = field(default_factory=list)


def _walk(session: Session, claimed: Sequence[JourneyEnrolment], *, now: datetime) -> None:
    """Walk a batch of claimed (locked) enrolments whose wait is over, set-based: their
    programs, journeys, members, the members' tiers, the visits they made and the engagement
    their branches read are read once for the batch; the pure state machine (`domain.advance`)
    runs per enrolment in memory; then the messages are queued together
    (`messaging.queue_messages`), the visits inserted and the left waits' exits set in one
    statement each, the timeline events recorded together and the enrolments' new states
    flushed as one executemany. Actions other than messages (points, coupons, tags,
    attributes, webhooks) run per enrolment in their savepoint as `_move`'s do, in the walk's
    order, so a later enrolment of the same member sees what an earlier one set.

    Exactly once as `_move`: the enrolments are locked by the claim (SKIP LOCKED on
    PostgreSQL: another walker takes other rows), a visit is unique per enrolment and step,
    a message's dedupe key is `journey:{journey}:{enrolment}:{step}`."""
    cache: dict[int, Program] = {}
    for program_id in sorted({enrolment.program_id for enrolment in claimed}):
        _program(session, program_id, cache)
    journeys = repository.journeys_by_id(session, journey_ids=sorted({e.journey_id for e in claimed}))
    members_of: dict[int, list[int]] = {}
    for enrolment in claimed:
        members_of.setdefault(enrolment.program_id, []).append(enrolment.member_id)
    found: dict[int, Member] = {}
    tier_codes: dict[int, str | None] = {}
    for program_id, member_ids in members_of.items():
        found.update(repository.members_by_id(session, program_id=program_id, member_ids=member_ids))
        tier_codes.update(tiers.member_tier_codes(session=session, program_id=program_id,
                                                  member_ids=sorted(set(member_ids))))
    moving = [e for e in claimed if e.current_step is not None and not e.is_control]
    visited: dict[int, set[str]] = {}
    message_steps: dict[int, dict[int, str]] = {}
    for visit in repository.visits(session, enrolment_ids=[e.id for e in moving]):
        visited.setdefault(visit.enrolment_id, set()).add(visit.step_id)
        message_id = (visit.result or {}).get("message_id")
        if isinstance(message_id, int):
            message_steps.setdefault(visit.enrolment_id, {})[message_id] = visit.step_id
    walk = _Walk(now=now, programs=cache, journeys=journeys, members=found, tiers=tier_codes, visited=visited,
                 engagement=_engagement_of(session, moving, message_steps))
    for enrolment in claimed:
        _walk_one(session, walk, enrolment)
    _write(session, walk)


def _engagement_of(session: Session, moving: Sequence[JourneyEnrolment],
                   message_steps: Mapping[int, Mapping[int, str]]) -> dict[int, dict[str, domain.Engagement]]:
    """`_engagement` of each moving enrolment whose graph's branches read it, from one read of
    their members' opens and clicks per program."""
    used_of: dict[int, set[str]] = {}
    for enrolment in moving:
        used = domain.engagement_steps_used(_graph(session, enrolment.journey_id, enrolment.version))
        if used:
            used_of[enrolment.id] = used
    reading = [enrolment for enrolment in moving if enrolment.id in used_of]
    by_member: dict[int, list[tuple[str, dict[str, Any], datetime]]] = {}
    for program_id in sorted({enrolment.program_id for enrolment in reading}):
        mine = [enrolment for enrolment in reading if enrolment.program_id == program_id
                and message_steps.get(enrolment.id)]
        if not mine:
            continue
        for member_id, event_type, payload, recorded_at in repository.engagement_events_of(
                session, program_id=program_id, member_ids=[e.member_id for e in mine],
                since=min(e.entered_at for e in mine)):
            by_member.setdefault(member_id, []).append((event_type, payload, recorded_at))
    engagement: dict[int, dict[str, domain.Engagement]] = {}
    for enrolment in reading:
        steps_of = message_steps.get(enrolment.id, {})
        wanted = {message_id: step_id for message_id, step_id in steps_of.items()
                  if step_id in used_of[enrolment.id]}
        opened: set[str] = set()
        clicked: dict[str, list[str]] = {}
        for event_type, payload, recorded_at in by_member.get(enrolment.member_id, []):
            message_id = payload.get("message_id") if isinstance(payload, Mapping) else None
            step_id = wanted.get(message_id) if isinstance(message_id, int) else None
            if step_id is None or recorded_at < enrolment.entered_at:
                continue
            if event_type == "message.opened":
                opened.add(step_id)
            elif isinstance(payload.get("link"), str):
                clicked.setdefault(step_id, []).append(payload["link"])
        engagement[enrolment.id] = {step_id: domain.Engagement(opened=step_id in opened,
                                                               clicked=tuple(clicked.get(step_id, ())))
                                    for step_id in used_of[enrolment.id]}
    return engagement


def _walk_one(session: Session, walk: _Walk, enrolment: JourneyEnrolment) -> None:
    """`_move` with TimerFired for one enrolment of the batch walk: its writes join the batch's."""
    program = walk.programs[enrolment.program_id]
    journey = walk.journeys.get(enrolment.journey_id)
    if journey is None or journey.program_id != program.id:
        journey = _journey(session, program.id, enrolment.journey_id)
    member = walk.members.get(enrolment.member_id)
    now = walk.now
    if member is None or member.status != "active":
        _finish(session, program, journey, enrolment, state=domain.EXITED, now=now, reason="member_blocked",
                records=walk.records)
        return
    if enrolment.is_control:  # its attribution window is over
        _finish(session, program, journey, enrolment, state=domain.COMPLETED, now=now, reason="held_out",
                records=walk.records)
        return
    entering = enrolment.current_step is None
    given: domain.Input = domain.Enter() if entering else domain.TimerFired()
    graph = _graph(session, journey.id, enrolment.version)
    if member.id not in walk.tiers:  # an action of the walk may have moved their tier
        walk.tiers[member.id] = tiers.member_tier_code(session=session, program_id=program.id, member_id=member.id)
    facts = rules.member_facts(member, program, now).flat()
    if walk.tiers[member.id] is not None:
        facts["member.tier"] = walk.tiers[member.id]
    facts.update(domain.flatten(domain.ENTRY_PREFIX, enrolment.entry_payload or {}))
    used = domain.engagement_steps_used(graph)
    if used:
        facts.update(domain.engagement_facts(walk.engagement.get(enrolment.id) or {
            step_id: domain.Engagement(opened=False, clicked=()) for step_id in used}))
    outcome = domain.advance(graph, current_step=enrolment.current_step, given=given, facts=facts,
                             clock=domain.Clock(now=now, timezone=program.timezone))
    if outcome is None:
        return
    actions = {action.step_id: action for action in outcome.actions}
    base = _journey_payload(journey, enrolment)
    visited = walk.visited.get(enrolment.id, set())
    for visit in outcome.visits:
        result: dict[str, Any] = {}
        if visit.step_id in visited:  # leaving the wait it stood on
            walk.exits.append((enrolment.id, visit.step_id, visit.exit))
        else:
            action = actions.get(visit.step_id)
            if action is not None and action.kind == "send_message":
                params = action.params
                walk.sends.append(_Send(program.id, messaging.MessageRequest(
                    member_id=member.id, channel=params["channel"], template_key=params["template_key"],
                    dedupe_key=f"journey:{journey.id}:{enrolment.id}:{action.step_id}", source=source_of(journey.id),
                    actor=f"journey:{journey.id}",
                    context={**params["context"], "journey": {"id": journey.id, "name": journey.name},
                             "entry": enrolment.entry_payload or {}, "referral_code": member.referral_code}),
                    result))
            elif action is not None:
                result.update(_act(session, program, journey, enrolment, member, action, now=now))
                walk.tiers.pop(member.id, None)  # points may move a tier: read it again for their next
            walk.visits.append({"program_id": program.id, "journey_id": journey.id, "enrolment_id": enrolment.id,
                                "step_id": visit.step_id, "step_type": visit.step_type, "exit": visit.exit,
                                "result": result, "at": now})
        payload: dict[str, Any] = {**base, "step_id": visit.step_id, "step_type": visit.step_type,
                                   "exit": visit.exit}
        label = graph.step(visit.step_id).label
        if label:
            payload["label"] = label
        if visit.exit is None and visit.step_id == outcome.step_id and outcome.state == domain.WAITING:
            payload["wait_until"] = outcome.wait_until.isoformat() if outcome.wait_until else None
            payload["waiting_for"] = outcome.waiting_for
        walk.records.append(_Record({"program_id": program.id, "member_id": member.id, "type": "journey.step",
                                     "actor": ACTOR, "payload": payload}, result))
    enrolment.current_step = outcome.step_id
    enrolment.state = outcome.state
    enrolment.wait_until = outcome.wait_until
    enrolment.waiting_for = outcome.waiting_for
    if outcome.state in (domain.COMPLETED, domain.EXITED):
        _finish(session, program, journey, enrolment, state=outcome.state, now=now,
                reason="exit step" if outcome.state == domain.EXITED else "completed", records=walk.records)


def _write(session: Session, walk: _Walk) -> None:
    """The batch walk's writes: the messages queued per program, then the visits (with the
    messages' ids in their results), the exits of the waits left, the timeline events, and the
    enrolments' new states."""
    by_program: dict[int, list[_Send]] = {}
    for send in walk.sends:
        by_program.setdefault(send.program_id, []).append(send)
    for program_id, sends in sorted(by_program.items()):
        answers = messaging.queue_messages(session=session, program=walk.programs[program_id],
                                           requests=[send.request for send in sends])
        for send, answer in zip(sends, answers, strict=True):
            if isinstance(answer, DomainError):
                send.result.update({"error": answer.code, "message": answer.message})
            else:
                send.result.update({"message_id": answer, "channel": send.request.channel,
                                    "template_key": send.request.template_key})
    repository.add_visits(session, walk.visits)
    repository.set_visit_exits(session, walk.exits)
    rows = []
    for record in walk.records:
        if record.result:
            record.row["payload"]["result"] = record.result
        rows.append(record.row)
    if rows:
        event_service.record_many(session=session, rows=rows)
    session.flush()


def run_schedules(*, session: Session, now: datetime | None = None,
                  limit: int = SCHEDULE_BATCH) -> int:
    """Enter members into journeys with a daily schedule entry that is due: one batch of
    members per journey and call, remembering where it got to; answers how many entered."""
    at = now or clock.now()
    entered = 0
    cache: dict[int, Program] = {}
    for journey in repository.scheduled_journeys(session):
        program = _program(session, journey.program_id, cache)
        graph = _graph(session, journey.id, journey.current_version)
        assert isinstance(graph.entry, domain.ScheduleEntry)
        day = domain.schedule_due(graph.entry, now=at, timezone=program.timezone, last_run_on=journey.schedule_ran_on)
        if day is None:
            continue
        page = repository.members_page(session, program_id=program.id, before_id=journey.schedule_before_member_id,
                                       limit=limit)
        for member in page:
            condition = graph.entry.condition
            if condition is not None and not conditions.evaluate(condition, _member_facts(session, program, member,
                                                                                         at)):
                continue
            if _enter(session, program, journey, member, now=at, entry_payload={"scheduled_on": day.isoformat()},
                      entry_event_id=None, actor=ACTOR) is not None:
                entered += 1
        if len(page) < limit:
            journey.schedule_ran_on = day
            journey.schedule_before_member_id = None
        else:
            journey.schedule_before_member_id = page[-1].id
        session.flush()
    return entered


def has_due_work(*, session: Session, now: datetime | None = None) -> bool:
    return bool(repository.claim_due(session, now=now or clock.now(), limit=1))


# --- results ----------------------------------------------------------------------------------

MESSAGE_EVENTS = ("message.delivered", "message.opened", "message.clicked")


def source_of(journey_id: int) -> str:
    """The `source` of the journey's messages and what they set off: results count by it."""
    return f"journey:{journey_id}"


def _interval(interval: measurement.Interval | None) -> UpliftInterval | None:
    if interval is None:
        return None
    return UpliftInterval(estimate=interval.estimate, standard_error=interval.standard_error, low=interval.low,
                          high=interval.high, confidence=interval.confidence, excludes_zero=interval.excludes_zero)


def _coupon_value(session: Session, program: Program, voucher_campaign_id: int) -> int:
    """A code's face value: the amount of a fixed-amount or gift-card campaign, else 0 (a
    percentage's worth depends on the basket it is used on)."""
    try:
        campaign = vouchers.get_campaign(session=session, program_id=program.id, campaign_id=voucher_campaign_id)
    except NotFound:
        return 0
    return (campaign.amount_minor or 0) if campaign.kind in VALUED_VOUCHER_KINDS else 0


def results(*, session: Session, program: Program, journey_id: int) -> JourneyResults:
    """Target and control side by side, over every enrolment of every version, as assigned
    (intention to treat: a target member whose message was skipped stays in the target group).
    A conversion is the goal event within the attribution window; revenue is its amount. The
    uplift is the difference of the groups' mean revenue per enrolment with Welch's 95 %
    interval (campaigns' measurement); cost is what the target group was given."""
    journey = _journey(session, program.id, journey_id)
    graph = _graph(session, journey.id, journey.current_version)
    figures = repository.group_figures(session, journey_id=journey.id)
    messages = repository.message_figures(session, journey_id=journey.id, source=source_of(journey.id),
                                          types=MESSAGE_EVENTS)
    actions = repository.action_figures(session, journey_id=journey.id)
    values: dict[int, int] = {}
    samples: dict[bool, tuple[measurement.Sample, measurement.Sample]] = {}
    groups: dict[bool, JourneyGroupResults] = {}
    for is_control in (False, True):
        counts = figures.get(is_control, {})
        entered, converted = int(counts.get("entered", 0)), int(counts.get("converted", 0))
        total = counts.get("revenue", 0.0)
        given = actions.get(is_control, {"points": 0, "coupons": {}})
        coupons: dict[int, int] = given["coupons"]
        for campaign_id in coupons:
            if campaign_id not in values:
                values[campaign_id] = _coupon_value(session, program, campaign_id)
        cost = (points_value_minor(given["points"], Decimal(program.point_value), program.currency)
                + sum(values[campaign_id] * count for campaign_id, count in coupons.items()))
        samples[is_control] = (measurement.Sample(entered, total, counts.get("revenue_squares", 0.0)),
                               measurement.Sample.proportion(converted, entered))
        groups[is_control] = JourneyGroupResults(
            entered=entered, delivered=messages.get((is_control, "message.delivered"), 0),
            opened=messages.get((is_control, "message.opened"), 0),
            clicked=messages.get((is_control, "message.clicked"), 0),
            converted=converted, conversion_rate=converted / entered if entered else 0.0,
            revenue_minor=int(total), revenue_per_member=total / entered if entered else 0.0,
            points_cost=given["points"], coupons_issued=sum(coupons.values()), cost_minor=cost)
    uplift = measurement.difference_of_means(samples[False][0], samples[True][0])
    conversion = measurement.difference_of_means(samples[False][1], samples[True][1])
    incremental = (measurement.incremental_total(uplift.estimate, groups[False].entered)
                   if uplift is not None else None)
    cost = groups[False].cost_minor
    window = graph.goal.window if graph.goal is not None else None
    return JourneyResults(
        journey_id=journey.id, currency=program.currency, control_share=domain.control_share(graph),
        window=window.model_dump(exclude_defaults=True) if window is not None else None,
        target=groups[False], control=groups[True], uplift_per_member=_interval(uplift),
        conversion_uplift=_interval(conversion), incremental_revenue_minor=incremental, cost_minor=cost,
        roi=measurement.roi(incremental, cost) if incremental is not None else None)


# --- reading ----------------------------------------------------------------------------------


def enrolment_reads(*, session: Session, enrolments: Sequence[JourneyEnrolment]) -> list[EnrolmentRead]:
    journeys = repository.journeys_by_id(session, journey_ids=sorted({e.journey_id for e in enrolments}))
    by_enrolment: dict[int, list[VisitRead]] = {}
    for visit in repository.visits(session, enrolment_ids=[e.id for e in enrolments]):
        by_enrolment.setdefault(visit.enrolment_id, []).append(VisitRead(
            step_id=visit.step_id, step_type=visit.step_type, exit=visit.exit, at=visit.at, result=visit.result))
    return [EnrolmentRead(
        id=e.id, journey_id=e.journey_id, journey_name=journeys[e.journey_id].name, version=e.version,
        member_id=e.member_id, current_step=e.current_step, state=e.state,  # type: ignore[arg-type]
        wait_until=e.wait_until, waiting_for=e.waiting_for, entered_at=e.entered_at, finished_at=e.finished_at,
        exit_reason=e.exit_reason, conversion_revenue=e.conversion_revenue, steps=by_enrolment.get(e.id, []),
    ) for e in enrolments]


def member_enrolments(*, session: Session, program_id: int, member_id: int, before_id: int | None = None,
                      limit: int = 50) -> Slice[JourneyEnrolment]:
    """The member's enrolments, newest first, paged by id."""
    paging.check_limit(limit)
    rows = repository.member_enrolments(session, program_id=program_id, member_id=member_id, before_id=before_id,
                                        limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda enrolment: enrolment.id)


def get_enrolment(*, session: Session, program_id: int, enrolment_id: int) -> JourneyEnrolment:
    enrolment = repository.get_enrolment(session, program_id=program_id, enrolment_id=enrolment_id)
    if enrolment is None:
        raise NotFound(f"Enrolment {enrolment_id} does not exist.", code="enrolment_not_found")
    return enrolment


def member_data(*, session: Session, program_id: int, member_id: int) -> list[dict[str, Any]]:
    """Every journey the member entered (their data export): state, step, when entered and finished,
    why they left, whether they were in the control group, and the steps they went through. The
    enrolment's internal de-duplication key stays out. Two statements."""
    steps: dict[int, list[dict[str, Any]]] = {}
    for visit in repository.member_step_visits(session, program_id=program_id, member_id=member_id):
        steps.setdefault(visit.enrolment_id, []).append(row_values(visit, ("step_id", "step_type", "exit", "result",
                                                                           "at")))
    return [row_values(enrolment, (
        "journey_id", "version", "state", "current_step", "wait_until", "waiting_for", "entry_payload", "entered_at",
        "finished_at", "exit_reason", "conversion_revenue", "is_control", "convert_until"),
        journey=name, steps=steps.get(enrolment.id, []))
        for enrolment, name in repository.member_enrolment_rows(session, program_id=program_id, member_id=member_id)]
