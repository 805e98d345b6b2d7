"""Leaderboards (/admin/leaderboards): the list with a form to define a new one, and a board's
live standings (refreshed over HTMX every two seconds while the page is open), with a switch to
deactivate it. Members are shown by public name, as members see them.

The form is read into the API's LeaderboardCreate and handed to the same service.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.auth.roles import EDIT_PROGRAM, VIEW_PANEL
from loyalty.gamification import service as gamification
from loyalty.kernel import paging
from loyalty.kernel.errors import DomainError, NotFound
from loyalty.leaderboards import service
from loyalty.leaderboards.schemas import LeaderboardCreate, LeaderboardRead, LeaderboardUpdate
from loyalty.segments import service as segments
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

router = APIRouter(prefix="/admin/leaderboards")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]
Editor = Annotated[StaffContext, Depends(staff(EDIT_PROGRAM))]
SHOWN = 50


def _list_page(request: Request, me: StaffContext, *, values: dict[str, Any] | None = None,
               errors: dict[str, str] | None = None, status: int = 200) -> Response:
    with reading(request) as db:
        program = program_of(db, me)
        boards = paging.every_item(lambda key: service.list_boards(session=db, program=program, after=key,
                                                                   limit=200))
        segment_list = segments.list_segments(session=db, program=program).items
        challenge_list = paging.every_item(lambda key: gamification.list_challenges(
            session=db, program=program, after_id=key, limit=200))
    return render(request, "admin/leaderboards/list.html", {
        "title": gettext(request, "Leaderboards"), "boards": boards,
        "segments": [(segment.id, segment.name) for segment in segment_list],
        "challenges": [(challenge.id, challenge.name) for challenge in challenge_list],
        "values": values if values is not None else {"measure": "points", "period": "month", "scope": "program"},
        "errors": errors or {}}, status=status)


@router.get("")
def list_boards(request: Request, me: Viewer) -> Response:
    return _list_page(request, me)


@router.post("")
def create_board(request: Request, me: Editor) -> Response:
    form = me.form
    body: dict[str, Any] = {"name": form.text("name"), "description": optional_text(form.get("description")),
                            "measure": form.text("measure"), "period": form.text("period"),
                            "scope": form.text("scope") or "program"}
    if body["measure"] == "challenge":  # the challenge's window is the period
        body.update(period=None, challenge_id=whole_number(form.get("challenge_id")))
    if body["period"] == "season":
        body.update(starts_on=optional_text(form.get("starts_on")), ends_on=optional_text(form.get("ends_on")))
    if body["scope"] == "store":
        body["store_code"] = optional_text(form.get("store_code"))
    if body["scope"] == "segment":
        body["segment_id"] = whole_number(form.get("segment_id"))
    try:
        with writing(request) as db:
            data = validated(LeaderboardCreate, body)
            board = service.create(session=db, program=program_of(db, me), data=data)
            record(db, me, action="leaderboard.created", subject_type="leaderboard", subject_id=board.id, after=board)
    except (FormRefused, DomainError) as error:
        refused = refusal(error)
        return _list_page(request, me, values=form_values(me.form), errors=refused.errors, status=refused.status)
    return redirect(request, f"/admin/leaderboards/{board.id}", notice=gettext(request, "The leaderboard was saved."))


def _board(request: Request, me: StaffContext, board_id: int) -> tuple[LeaderboardRead, Any] | None:
    with reading(request) as db:
        program = program_of(db, me)
        try:
            board = service.get(session=db, program=program, leaderboard_id=board_id)
        except NotFound:
            return None
        return board, service.standings(session=db, program=program, leaderboard_id=board_id, limit=SHOWN)


@router.get("/{board_id:int}")
def show_board(request: Request, me: Viewer, board_id: PathId) -> Response:
    found = _board(request, me, board_id)
    if found is None:
        return not_found(request)
    board, standings = found
    return render(request, "admin/leaderboards/board.html", {"title": board.name, "board": board,
                                                             "standings": standings})


@router.get("/{board_id:int}/standings")
def live_standings(request: Request, me: Viewer, board_id: PathId) -> Response:
    """The standings table alone, for the page's refresh every two seconds."""
    found = _board(request, me, board_id)
    if found is None:
        return not_found(request)
    board, standings = found
    return render(request, "admin/leaderboards/_standings.html", {"board": board, "standings": standings})


@router.post("/{board_id:int}/active")
def switch_board(request: Request, me: Editor, board_id: PathId) -> Response:
    is_active = me.form.text("is_active") == "1"
    with writing(request) as db:
        try:
            after = service.update(session=db, program=program_of(db, me), leaderboard_id=board_id,
                                   data=LeaderboardUpdate(is_active=is_active))
        except NotFound:
            return not_found(request)
        record(db, me, action="leaderboard.updated", subject_type="leaderboard", subject_id=board_id, after=after)
    notice = gettext(request, "The leaderboard counts again.") if is_active \
        else gettext(request, "The leaderboard was deactivated.")
    return redirect(request, f"/admin/leaderboards/{board_id}", notice=notice)
