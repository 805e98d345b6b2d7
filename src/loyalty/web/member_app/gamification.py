"""The member app's Badges and Challenges screens: every badge with the member's progress
toward its next level, and the challenges the member is in (live progress, computed at each
visit from their receipts) or may join, with a Join button.

Always the signed-in member's own; a challenge they may not join (another segment's, over, or
another program's) answers the screen again with the refusal.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.db.uow import unit_of_work
from loyalty.gamification import service as gamification
from loyalty.kernel.errors import Conflict, NotFound
from loyalty.programs import service as programs
from loyalty.web.deps import get_database
from loyalty.web.pages.forms import PathId
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.signed_in import MemberContext, member

router = APIRouter(prefix="/app")
Member = Annotated[MemberContext, Depends(member())]


@router.get("/badges")
def badges(request: Request, me: Member) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        program = programs.get_program(session=db, program_id=me.program.id)
        items = gamification.member_badges(session=db, program=program, member_id=me.member_id).items
    return render(request, "app/badges.html", {"title": gettext(request, "Badges"), "items": items})


def _challenges_page(request: Request, me: MemberContext, problem: str | None = None, status: int = 200) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        program = programs.get_program(session=db, program_id=me.program.id)
        items = gamification.member_challenges(session=db, program=program, member_id=me.member_id).items
    return render(request, "app/challenges.html", {"title": gettext(request, "Challenges"), "items": items,
                                                   "problem": problem}, status=status)


@router.get("/challenges")
def challenges(request: Request, me: Member) -> Response:
    return _challenges_page(request, me)


@router.post("/challenges/{challenge_id:int}/join")
def join(request: Request, challenge_id: PathId, me: Member) -> Response:
    try:
        with unit_of_work(get_database(request)) as db:
            program = programs.get_program(session=db, program_id=me.program.id)
            joined = gamification.join_challenge(session=db, program=program, member_id=me.member_id,
                                                 challenge_id=challenge_id, actor=me.actor)
    except NotFound:
        return _challenges_page(request, me, gettext(request, "There is no such challenge."), status=404)
    except Conflict:
        return _challenges_page(request, me, gettext(request, "You cannot join this challenge."), status=409)
    return redirect(request, "/app/challenges", notice=gettext(request, "You joined “%(name)s”.", name=joined.name))
