"""What the member reads in the app's Messages screen. Every function takes the member's id and
finds only their own messages: another member's message is NotFound, like one that does not exist."""

from __future__ import annotations

from sqlalchemy.orm import Session

from loyalty.inbox import repository
from loyalty.inbox.schemas import InboxItemRead
from loyalty.kernel import clock, paging
from loyalty.kernel.errors import NotFound
from loyalty.kernel.paging import Slice
from loyalty.messaging import repository as message_rows
from loyalty.messaging import service as messaging
from loyalty.messaging.channels import Outgoing

MAX_BODY = 20_000


def keep(*, session: Session, outgoing: Outgoing, channel: str) -> None:
    """Keeps a delivered message for the app (idempotent per message)."""
    url = outgoing.data.get("url")
    repository.add_once(session, {
        "program_id": outgoing.program_id, "member_id": outgoing.member_id, "message_id": outgoing.message_id,
        "channel": channel, "subject": outgoing.subject[:500], "body": outgoing.text[:MAX_BODY],
        "link_url": url[:2000] if isinstance(url, str) and url.startswith(("https://", "http://")) else None,
        "created_at": clock.now()})


def member_inbox(*, session: Session, program_id: int, member_id: int, before_message_id: int | None = None,
                 limit: int = 20) -> Slice[InboxItemRead]:
    """The member's messages, newest first, a page at a time (`next_key`: the next page's `before`)."""
    paging.check_limit(limit)
    rows = repository.member_items(session, program_id=program_id, member_id=member_id,
                                   before_message_id=before_message_id, limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda row: row.message_id).map(InboxItemRead.model_validate)


def unread_count(*, session: Session, program_id: int, member_id: int) -> int:
    return repository.unread_count(session, program_id=program_id, member_id=member_id)


def member_message(*, session: Session, program_id: int, member_id: int, message_id: int) -> InboxItemRead:
    """The member's message, as it is (a read)."""
    found = repository.member_item(session, program_id=program_id, member_id=member_id, message_id=message_id)
    if found is None:
        raise NotFound(f"Message {message_id} does not exist.", code="message_not_found")
    return InboxItemRead.model_validate(found)


def open_message(*, session: Session, program_id: int, member_id: int, message_id: int) -> InboxItemRead:
    """The member's message; the first opening marks it read and records `message.opened` (once,
    also when the same message was opened from its notification or an e-mail pixel before)."""
    found = repository.member_item(session, program_id=program_id, member_id=member_id, message_id=message_id)
    if found is None:
        raise NotFound(f"Message {message_id} does not exist.", code="message_not_found")
    if found.read_at is None and repository.mark_read(session, item_id=found.id, now=clock.now()):
        message = message_rows.get_message(session, message_id=message_id, program_id=program_id)
        if message is not None:
            messaging.record_open(session=session, token=message.tracking_token)
        session.refresh(found)
    return InboxItemRead.model_validate(found)
