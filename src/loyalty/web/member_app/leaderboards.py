"""The member app's Leaderboards screen: each active board's leaders with the member's own row
highlighted and their rank even when outside the top, and the choice of how they appear
(a display name they choose, shown only when they say so; a pseudonym otherwise).

Nobody's e-mail or real name is ever on these screens: the standings carry public names only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.requests import Request

from loyalty.db.uow import unit_of_work
from loyalty.kernel import paging
from loyalty.kernel.errors import DomainError, NotFound
from loyalty.leaderboards import service
from loyalty.leaderboards.schemas import PublicNameRead, PublicNameUpdate
from loyalty.programs import service as programs
from loyalty.web.deps import get_database
from loyalty.web.pages.errors import not_found
from loyalty.web.pages.forms import PathId
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.signed_in import MemberContext, member

router = APIRouter(prefix="/app")
Member = Annotated[MemberContext, Depends(member())]
TOP = 10
FULL = 50


def _public_name(request: Request, me: MemberContext) -> PublicNameRead:
    with unit_of_work(get_database(request), read_only=True) as db:
        found = service.find_public_name(session=db, program=programs.get_program(session=db, program_id=me.program.id),
                                         member_id=me.member_id)
    if found is not None:
        return found
    with unit_of_work(get_database(request)) as db:  # the first visit makes the member's pseudonym
        return service.public_name(session=db, program=programs.get_program(session=db, program_id=me.program.id),
                                   member_id=me.member_id)


def _page(request: Request, me: MemberContext, *, errors: dict[str, str] | None = None,
          status: int = 200) -> Response:
    name = _public_name(request, me)
    boards = []
    with unit_of_work(get_database(request), read_only=True) as db:
        program = programs.get_program(session=db, program_id=me.program.id)
        for board in paging.every_item(lambda key: service.list_boards(session=db, program=program, after=key,
                                                                       limit=200, active_only=True)):
            boards.append({"board": board, "standings": service.standings(
                session=db, program=program, leaderboard_id=board.id, limit=TOP, me_member_id=me.member_id),
                "mine": service.my_standing(session=db, program=program, leaderboard_id=board.id,
                                            member_id=me.member_id)})
    return render(request, "app/leaderboards.html", {"title": gettext(request, "Leaderboards"), "boards": boards,
                                                     "public_name": name, "errors": errors or {}}, status=status)


@router.get("/leaderboards")
def leaderboards(request: Request, me: Member) -> Response:
    return _page(request, me)


@router.get("/leaderboards/{board_id:int}")
def leaderboard(request: Request, me: Member, board_id: PathId) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        program = programs.get_program(session=db, program_id=me.program.id)
        try:
            board = service.get(session=db, program=program, leaderboard_id=board_id)
            if not board.is_active:
                raise NotFound("inactive")
            standings = service.standings(session=db, program=program, leaderboard_id=board_id, limit=FULL,
                                          me_member_id=me.member_id)
            mine = service.my_standing(session=db, program=program, leaderboard_id=board_id, member_id=me.member_id)
        except NotFound:
            return not_found(request)
    return render(request, "app/leaderboard.html", {"title": board.name, "board": board, "standings": standings,
                                                    "mine": mine})


@router.post("/leaderboards/name")
def change_name(request: Request, me: Member) -> Response:
    try:
        data = PublicNameUpdate(display_name=me.form.text("display_name") or None,
                                shows_name=me.form.checked("shows_name"))
        with unit_of_work(get_database(request)) as db:
            service.set_public_name(session=db, program=programs.get_program(session=db, program_id=me.program.id),
                                    member_id=me.member_id, data=data)
    except ValidationError:
        return _page(request, me, status=422, errors={
            "display_name": gettext(request, "A display name has at most 40 characters.")})
    except DomainError as error:
        message = gettext(request, "Choose a display name to show it.") if error.code == "display_name_required" \
            else gettext(request, "A display name cannot be an e-mail address.")
        return _page(request, me, status=422, errors={"display_name": message})
    return redirect(request, "/app/leaderboards", notice=gettext(request, "Your choice is saved."))
