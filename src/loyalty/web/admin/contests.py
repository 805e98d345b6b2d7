"""Contests (/admin/contests): the list with a form to define a new one; a contest's page with
its rules, its entries, the Draw button once it has closed, the draw's audit record (seed,
entries digest, algorithm, and whether repeating it gives the same winners) and the winners.

The form is read into the API's ContestCreate (its dates typed in the program's time zone) and
handed to the same service; the draw is the API's draw.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.auth.roles import EDIT_PROGRAM, VIEW_MEMBERS, VIEW_PANEL
from loyalty.contests import service
from loyalty.contests.schemas import ContestCreate
from loyalty.kernel import paging
from loyalty.kernel.errors import DomainError, NotFound
from loyalty.leaderboards import service as leaderboards
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
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/contests")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]
Editor = Annotated[StaffContext, Depends(staff(EDIT_PROGRAM))]
ENTRIES_SHOWN = 100


def _list_page(request: Request, me: StaffContext, *, values: dict[str, Any] | None = None,
               errors: dict[str, str] | None = None, status: int = 200) -> Response:
    with reading(request) as db:
        program = program_of(db, me)
        contests = paging.every_item(lambda key: service.list_contests(session=db, program=program, after=key,
                                                                       limit=200))
        boards = paging.every_item(lambda key: leaderboards.list_boards(session=db, program=program, after=key,
                                                                        limit=200))
    return render(request, "admin/contests/list.html", {
        "title": gettext(request, "Contests"), "contests": contests,
        "boards": [(board.id, board.name) for board in boards],
        "values": values if values is not None else {"entry_action": "purchase", "entries_per_action": "1",
                                                     "max_entries_per_member": "10", "winners_count": "1",
                                                     "draws_automatically": "1"},
        "errors": errors or {}}, status=status)


@router.get("")
def list_contests(request: Request, me: Viewer) -> Response:
    return _list_page(request, me)


def _moment(text: str, timezone: str) -> datetime | str | None:
    """A `datetime-local` field's value as the moment it names in the program's time zone."""
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(timezone))
    except ValueError:
        return text


@router.post("")
def create_contest(request: Request, me: Editor) -> Response:
    form = me.form
    timezone = me.program.timezone
    body: dict[str, Any] = {
        "name": form.text("name"), "prize": form.text("prize"), "rules_text": form.text("rules_text"),
        "entry_action": form.text("entry_action"), "entries_per_action": whole_number(form.get("entries_per_action")),
        "max_entries_per_member": whole_number(form.get("max_entries_per_member")),
        "winners_count": whole_number(form.get("winners_count")),
        "opens_at": _moment(form.get("opens_at"), timezone), "closes_at": _moment(form.get("closes_at"), timezone),
        "draws_automatically": form.checked("draws_automatically")}
    if body["entry_action"] == "purchase" and form.get("amount_per_entry").strip():
        body["amount_per_entry"] = whole_number(form.get("amount_per_entry"))
    if body["entry_action"] == "custom_event":
        body["custom_event_type"] = optional_text(form.get("custom_event_type"))
    if body["entry_action"] == "best_score":
        body["leaderboard_id"] = whole_number(form.get("leaderboard_id"))
        body.pop("max_entries_per_member")
    if body["entries_per_action"] is None:
        body.pop("entries_per_action")
    try:
        with writing(request) as db:
            data = validated(ContestCreate, body)
            contest = service.create(session=db, program=program_of(db, me), data=data)
            record(db, me, action="contest.created", subject_type="contest", subject_id=contest.id, after=contest)
    except (FormRefused, DomainError) as error:
        refused = refusal(error)
        return _list_page(request, me, values=form_values(me.form), errors=refused.errors, status=refused.status)
    return redirect(request, f"/admin/contests/{contest.id}", notice=gettext(request, "The contest was saved."))


@router.get("/{contest_id:int}")
def show_contest(request: Request, me: Viewer, contest_id: PathId) -> Response:
    with reading(request) as db:
        program = program_of(db, me)
        try:
            contest = service.get(session=db, program=program, contest_id=contest_id)
        except NotFound:
            return not_found(request)
        entries = service.entries(session=db, program=program, contest_id=contest_id, limit=ENTRIES_SHOWN)
        draw = service.draw_record(session=db, program=program, contest_id=contest_id) \
            if contest.status == "drawn" else None
    return render(request, "admin/contests/contest.html", {
        "title": contest.name, "contest": contest, "entries": entries.items, "more_entries": entries.next_key,
        "draw": draw, "shows_members": me.may(VIEW_MEMBERS)})


@router.post("/{contest_id:int}/draw")
def draw_contest(request: Request, me: Editor, contest_id: PathId) -> Response:
    try:
        with writing(request) as db:
            drawn = service.draw(session=db, program=program_of(db, me), contest_id=contest_id, actor=me.actor)
            record(db, me, action="contest.drawn", subject_type="contest", subject_id=contest_id,
                   after={"seed_hex": drawn.seed_hex, "entries_digest": drawn.entries_digest,
                          "winners": [winner.name for winner in drawn.winners]})
    except NotFound:
        return not_found(request)
    except DomainError as error:
        return redirect(request, f"/admin/contests/{contest_id}", notice=error.message)
    return redirect(request, f"/admin/contests/{contest_id}", notice=gettext(request, "The winners were drawn."))
