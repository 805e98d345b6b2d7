"""Journeys (/admin/journeys): the list with each journey's counts, and the editor.

The editor is the journey's JSON (the format of docs/journeys.md, as `PATCH /api/v1/journeys`
takes it) beside a readable rendering of the saved graph: each step with what it does, its
exits and how many members stand at it now. A refused graph is shown again with every problem
named by its field (`steps[2].exits.yes`). Saving a changed graph makes a new version; members
already in the journey finish on theirs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from babel.numbers import get_currency_precision
from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.auth.roles import EDIT_PROGRAM, VIEW_PANEL
from loyalty.journeys import service
from loyalty.journeys.domain import MAX_CONTROL_SHARE, GraphInvalid
from loyalty.journeys.schemas import JourneyCreate, JourneyRead, JourneyResults, JourneyUpdate
from loyalty.kernel import paging
from loyalty.kernel.errors import DomainError, NotFound
from loyalty.web.admin.catalogue_forms import FormRefused, program_of, reading, record, refusal, validated, writing
from loyalty.web.pages.errors import not_found
from loyalty.web.pages.forms import PathId
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/journeys")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]
Editor = Annotated[StaffContext, Depends(staff(EDIT_PROGRAM))]

EXAMPLE: dict[str, Any] = {
    "entry": {"type": "event", "event_type": "purchase.recorded"},
    "reentry": {"policy": "never"},
    "goal": {"event_type": "purchase.recorded"},
    "start": "welcome",
    "steps": [
        {"id": "welcome", "type": "send_message", "channel": "email", "template_key": "welcome", "next": "wait"},
        {"id": "wait", "type": "wait", "duration": {"days": 7}, "next": "clicked"},
        {"id": "clicked", "type": "branch", "exits": {"yes": "discount", "no": None},
         "condition": {"field": "engagement.welcome.clicked", "op": "contains", "value": "accessories"}},
        {"id": "discount", "type": "award_points", "points": 100},
    ],
}


def _when(value: Any, timezone: str) -> str:
    try:
        moment = datetime.fromisoformat(str(value)).astimezone(ZoneInfo(timezone))
    except ValueError:
        return str(value)
    return moment.strftime("%Y-%m-%d %H:%M")


def describe_journey_event(request: Request, event_type: str, payload: dict[str, Any], timezone: str) -> str | None:
    """One readable sentence for a journey event on a member's timeline (None for other events)."""
    if not event_type.startswith("journey."):
        return None
    name = str(payload.get("journey_name") or payload.get("journey_id"))
    step = str(payload.get("label") or payload.get("step_id") or "")
    if event_type == "journey.entered":
        return gettext(request, "Entered the journey “%(name)s” (version %(version)s).", name=name,
                       version=payload.get("version"))
    if event_type == "journey.step":
        if payload.get("exit") is None and payload.get("waiting_for"):
            return gettext(request, "“%(name)s”: waits at %(step)s for %(event)s until %(when)s.", name=name,
                           step=step, event=payload["waiting_for"], when=_when(payload.get("wait_until"), timezone))
        if payload.get("exit") is None and payload.get("wait_until"):
            return gettext(request, "“%(name)s”: waits at %(step)s until %(when)s.", name=name, step=step,
                           when=_when(payload["wait_until"], timezone))
        if payload.get("exit") is None:
            return gettext(request, "“%(name)s”: reached %(step)s.", name=name, step=step)
        error = (payload.get("result") or {}).get("error")
        if error:
            return gettext(request, "“%(name)s”: %(step)s could not be done (%(error)s).", name=name, step=step,
                           error=error)
        return gettext(request, "“%(name)s”: passed %(step)s (%(exit)s).", name=name, step=step, exit=payload["exit"])
    if event_type == "journey.exited":
        return gettext(request, "Left the journey “%(name)s” at %(step)s (%(reason)s).", name=name, step=step,
                       reason=payload.get("reason"))
    if event_type == "journey.converted":
        return gettext(request, "Converted in the journey “%(name)s” by %(event)s.", name=name,
                       event=payload.get("goal_event"))
    if event_type == "journey.webhook":
        return gettext(request, "“%(name)s”: webhook sent at %(step)s.", name=name, step=step)
    return None


def _pretty(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False)


def _problems(error: FormRefused | DomainError) -> list[tuple[str, str]]:
    if isinstance(error, GraphInvalid):
        return [(f"graph.{p.field}" if p.field else "graph", p.message) for p in error.problems]
    refused = refusal(error)
    return list(refused.errors.items())


def _status(error: FormRefused | DomainError) -> int:
    return refusal(error).status if not isinstance(error, GraphInvalid) else 422


@router.get("")
def journeys_page(request: Request, me: Viewer) -> Response:
    with reading(request) as db:
        rows = paging.every_item(lambda after: service.list_journeys(session=db, program_id=me.program.id,
                                                                     after_id=after, limit=paging.MAX_PAGE_SIZE))
        journeys = service.journey_reads(session=db, journeys=rows)
    return render(request, "admin/journeys/list.html", {"title": gettext(request, "Journeys"),
                                                        "journeys": journeys})


def _editor(request: Request, *, journey: JourneyRead | None, name: str, graph_text: str, control_percent: str,
            problems: list[tuple[str, str]] | None = None, status: int = 200,
            results: JourneyResults | None = None) -> Response:
    title = journey.name if journey is not None else gettext(request, "New journey")
    precision = get_currency_precision(results.currency) if results is not None else 2
    return render(request, "admin/journeys/editor.html", {
        "title": title, "journey": journey, "name": name, "graph_text": graph_text, "problems": problems or [],
        "control_percent": control_percent, "results": results,
        "rows": _result_rows(request, results) if results is not None else [],
        "minor": lambda value: Decimal(str(value or 0)).scaleb(-precision),
    }, status=status)


def _percent_of(graph: Any) -> str:
    """The graph's holdout share as the editor's percentage ("10", "12.5"; "0" without one)."""
    holdout = graph.get("holdout") if isinstance(graph, dict) else None
    share = holdout.get("share", 0) if isinstance(holdout, dict) else 0
    try:
        percent = Decimal(str(share)) * 100
    except InvalidOperation:
        return "0"
    return format(percent.normalize(), "f") if percent else "0"


def _with_control_share(graph: Any, text: str) -> Any:
    """The graph with its holdout set from the editor's percentage field (which wins over the
    JSON's): 0 removes the control group."""
    if not text.strip() or not isinstance(graph, dict):
        return graph
    try:
        percent = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise FormRefused({"control_share": "a number of per cent, 0 to 90"}) from None
    if not 0 <= percent <= Decimal(str(MAX_CONTROL_SHARE)) * 100:
        raise FormRefused({"control_share": "a number of per cent, 0 to 90"})
    updated = {key: value for key, value in graph.items() if key != "holdout"}
    if percent:
        updated["holdout"] = {"share": float(percent / 100)}
    return updated


@router.get("/new")
def new_journey_page(request: Request, me: Editor) -> Response:
    return _editor(request, journey=None, name="", graph_text=_pretty(EXAMPLE), control_percent="0")


def _parsed(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise FormRefused({"graph": f"not JSON: {error.msg} at line {error.lineno}, column {error.colno}"}) from None


@router.post("")
def create_journey(request: Request, me: Editor) -> Response:
    name, text, percent = me.form.text("name"), me.form.get("graph"), me.form.text("control_share")
    try:
        with writing(request) as db:
            program = program_of(db, me)
            data = validated(JourneyCreate, {"name": name, "graph": _with_control_share(_parsed(text), percent)})
            journey = service.create_journey(session=db, program=program, data=data, actor=me.actor)
            read = service.journey_reads(session=db, journeys=[journey])[0]
            record(db, me, action="journey.created", subject_type="journey", subject_id=journey.id, after=read)
    except (FormRefused, DomainError) as error:
        return _editor(request, journey=None, name=name, graph_text=text, control_percent=percent,
                       problems=_problems(error), status=_status(error))
    return redirect(request, f"/admin/journeys/{read.id}", notice=gettext(request, "The journey was created."))


def _read(request: Request, me: StaffContext, journey_id: int) -> JourneyRead | None:
    with reading(request) as db:
        try:
            journey = service.get_journey(session=db, program_id=me.program.id, journey_id=journey_id)
        except NotFound:
            return None
        return service.journey_reads(session=db, journeys=[journey])[0]


@router.get("/{journey_id:int}")
def journey_page(request: Request, journey_id: PathId, me: Viewer) -> Response:
    journey = _read(request, me, journey_id)
    if journey is None:
        return not_found(request)
    with reading(request) as db:
        results = service.results(session=db, program=program_of(db, me), journey_id=journey_id)
    return _editor(request, journey=journey, name=journey.name, graph_text=_pretty(journey.graph),
                   control_percent=_percent_of(journey.graph), results=results)


@router.post("/{journey_id:int}")
def save_journey(request: Request, journey_id: PathId, me: Editor) -> Response:
    name, text, percent = me.form.text("name"), me.form.get("graph"), me.form.text("control_share")
    shown = _read(request, me, journey_id)
    if shown is None:
        return not_found(request)
    try:
        with writing(request) as db:
            program = program_of(db, me)
            before = service.journey_reads(session=db, journeys=[service.get_journey(
                session=db, program_id=program.id, journey_id=journey_id)])[0]
            data = validated(JourneyUpdate, {"name": name, "graph": _with_control_share(_parsed(text), percent)})
            journey = service.update_journey(session=db, program=program, journey_id=journey_id, data=data,
                                             actor=me.actor)
            after = service.journey_reads(session=db, journeys=[journey])[0]
            record(db, me, action="journey.updated", subject_type="journey", subject_id=journey_id,
                   before=before, after=after)
    except (FormRefused, DomainError) as error:
        return _editor(request, journey=shown, name=name, graph_text=text, control_percent=percent,
                       problems=_problems(error), status=_status(error))
    if after.version != before.version:
        notice = gettext(request, "Saved as version %(n)s: members already in the journey finish on theirs.",
                         n=after.version)
    else:
        notice = gettext(request, "The journey was saved.")
    return redirect(request, f"/admin/journeys/{journey_id}", notice=notice)


@router.post("/{journey_id:int}/status")
def change_status(request: Request, journey_id: PathId, me: Editor) -> Response:
    wanted = me.form.text("status")
    if _read(request, me, journey_id) is None:
        return not_found(request)
    if wanted not in ("active", "paused"):
        return redirect(request, f"/admin/journeys/{journey_id}")
    with writing(request) as db:
        program = program_of(db, me)
        journey = service.set_status(session=db, program=program, journey_id=journey_id, status=wanted,
                                     actor=me.actor)
        record(db, me, action=f"journey.{'activated' if wanted == 'active' else 'paused'}", subject_type="journey",
               subject_id=journey.id)
    notice = gettext(request, "The journey is active.") if wanted == "active" else gettext(
        request, "The journey is paused.")
    return redirect(request, f"/admin/journeys/{journey_id}", notice=notice)


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    label: str
    kind: str  # number | money | percent
    target: float
    control: float


def _result_rows(request: Request, results: JourneyResults) -> list[ResultRow]:
    rows = [
        (gettext(request, "Entered"), "number", "entered"),
        (gettext(request, "Delivered"), "number", "delivered"), (gettext(request, "Opened"), "number", "opened"),
        (gettext(request, "Clicked"), "number", "clicked"), (gettext(request, "Converted"), "number", "converted"),
        (gettext(request, "Conversion rate"), "percent", "conversion_rate"),
        (gettext(request, "Revenue"), "money", "revenue_minor"),
        (gettext(request, "Revenue per member"), "money", "revenue_per_member"),
        (gettext(request, "Points given"), "number", "points_cost"),
        (gettext(request, "Coupons issued"), "number", "coupons_issued"),
        (gettext(request, "Cost"), "money", "cost_minor"),
    ]
    return [ResultRow(label, kind, float(getattr(results.target, name)), float(getattr(results.control, name)))
            for label, kind, name in rows]
