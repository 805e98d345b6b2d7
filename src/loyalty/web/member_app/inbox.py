"""The member app's Messages screen: the messages the program sent to the app (the inbox
channel, and notifications sent to the member's devices), newest first, unread ones marked and
counted on the navigation's badge. Opening one marks it read and records `message.opened`.

Always the signed-in member's own: another member's message is 404, like one that does not exist.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.db.uow import unit_of_work
from loyalty.inbox import service as inbox
from loyalty.kernel.errors import NotFound
from loyalty.web.deps import get_database
from loyalty.web.pages.errors import not_found
from loyalty.web.pages.forms import PathId, parse_id
from loyalty.web.pages.render import gettext, render
from loyalty.web.pages.signed_in import MemberContext, member

router = APIRouter(prefix="/app")
Member = Annotated[MemberContext, Depends(member())]
PAGE = 20


@router.get("/messages")
def messages(request: Request, me: Member, before: str | None = None) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        page = inbox.member_inbox(session=db, program_id=me.program.id, member_id=me.member_id,
                                  before_message_id=parse_id(before), limit=PAGE)
    return render(request, "app/messages.html", {"title": gettext(request, "Messages"), "items": page.items,
                                                 "next_key": page.next_key})


@router.get("/messages/{message_id:int}")
def message(request: Request, message_id: PathId, me: Member) -> Response:
    """Reading marks it read (a GET that writes, as opening an e-mail does): the badge counts
    what the member has not seen, whichever way they came (the list, a notification)."""
    try:
        with unit_of_work(get_database(request), read_only=True) as db:
            found = inbox.member_message(session=db, program_id=me.program.id, member_id=me.member_id,
                                         message_id=message_id)
        if found.is_unread:  # only the first reading writes (SQLite's write lock is not free)
            with unit_of_work(get_database(request)) as db:
                found = inbox.open_message(session=db, program_id=me.program.id, member_id=me.member_id,
                                           message_id=message_id)
                me.unread_messages = inbox.unread_count(session=db, program_id=me.program.id,
                                                        member_id=me.member_id)
    except NotFound:
        return not_found(request)
    return render(request, "app/message.html", {"title": found.subject, "item": found})
