"""The member app's Contests screen: each contest open or recently drawn, with its rules, prize,
closing date, the member's entries against the maximum, and once drawn, the winners by public
name (and whether the member won)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.contests import service
from loyalty.contests.schemas import ContestRead, MyEntriesRead, WinnerRead
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock, paging
from loyalty.programs import service as programs
from loyalty.web.deps import get_database
from loyalty.web.pages.render import gettext, render
from loyalty.web.pages.signed_in import MemberContext, member

router = APIRouter(prefix="/app")
Member = Annotated[MemberContext, Depends(member())]
# A drawn contest stays on the screen this long after it closed, with its winners.
SHOWN_AFTER_CLOSING = timedelta(days=60)


@dataclass(frozen=True)
class ContestCard:
    contest: ContestRead
    mine: MyEntriesRead
    winners: list[WinnerRead]
    won: bool


@router.get("/contests")
def contests(request: Request, me: Member) -> Response:
    shown: list[ContestCard] = []
    since = clock.now() - SHOWN_AFTER_CLOSING
    with unit_of_work(get_database(request), read_only=True) as db:
        program = programs.get_program(session=db, program_id=me.program.id)
        for contest in paging.every_item(lambda key: service.list_contests(session=db, program=program, after=key,
                                                                           limit=200)):
            if contest.closes_at < since:
                continue
            shown.append(ContestCard(
                contest=contest,
                mine=service.my_entries(session=db, program=program, contest_id=contest.id, member_id=me.member_id),
                winners=service.winners(session=db, program=program, contest_id=contest.id).items
                if contest.status == "drawn" else [],
                won=service.member_won(session=db, program=program, contest_id=contest.id, member_id=me.member_id)))
    shown.sort(key=lambda card: (card.contest.status == "drawn", card.contest.closes_at))
    return render(request, "app/contests.html", {"title": gettext(request, "Contests"), "items": shown})
