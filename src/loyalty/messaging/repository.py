"""The messaging domain's queries: the only place with SQL for its tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, or_, select, update
from sqlalchemy.orm import Session

from loyalty.db import dialects
from loyalty.db.base import core_table
from loyalty.db.bulk_insert import insert_ignoring_conflicts
from loyalty.messaging.models import (
    ChannelSettings,
    Message,
    MessageLinkClick,
    MessageTemplate,
    MessageTemplateVersion,
    Suppression,
)

# --- messages ------------------------------------------------------------------------------


def insert_message(session: Session, values: dict[str, Any]) -> int | None:
    """The new message's id, or None when the program already has one with this dedupe key (a
    concurrent insert of the same key waits for the other transaction on PostgreSQL)."""
    return dialects.insert_ignoring_conflict(session, Message, values, ("program_id", "dedupe_key"))


def insert_messages(session: Session, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Many messages in one INSERT … ON CONFLICT DO NOTHING RETURNING: the new ids by dedupe
    key (each row's program is the same). A key the program has already is left out (a
    concurrent insert of it waits for the other transaction on PostgreSQL). One statement whose
    text does not grow with the rows (db.bulk_insert)."""
    return {str(dedupe_key): int(message_id) for message_id, dedupe_key in insert_ignoring_conflicts(
        session, _messages, rows, conflict=("program_id", "dedupe_key"), returning=("id", "dedupe_key"))}


def message_ids_by_dedupe_keys(session: Session, *, program_id: int, dedupe_keys: Sequence[str]) -> dict[str, int]:
    """The program's messages with these dedupe keys: id by key."""
    if not dedupe_keys:
        return {}
    return {key: int(message_id) for key, message_id in session.execute(
        select(Message.dedupe_key, Message.id).where(Message.program_id == program_id,
                                                     Message.dedupe_key.in_(sorted(set(dedupe_keys)))))}


def message_by_dedupe_key(session: Session, *, program_id: int, dedupe_key: str) -> Message | None:
    return session.scalars(select(Message).where(Message.program_id == program_id,
                                                 Message.dedupe_key == dedupe_key)).one_or_none()


def get_message(session: Session, *, message_id: int, program_id: int | None = None) -> Message | None:
    query = select(Message).where(Message.id == message_id)
    if program_id is not None:
        query = query.where(Message.program_id == program_id)
    return session.scalars(query).one_or_none()


def message_by_token(session: Session, *, token: str) -> Message | None:
    return session.scalars(select(Message).where(Message.tracking_token == token)).one_or_none()


def link_clicked(session: Session, *, message_id: int, link: str) -> bool:
    return session.scalar(select(MessageLinkClick.id).where(
        MessageLinkClick.message_id == message_id, MessageLinkClick.link == link)) is not None


def add_link_click(session: Session, *, message_id: int, link: str, now: datetime) -> bool:
    """Whether this was the link's first click (of two at once, one is)."""
    return dialects.insert_ignoring_conflict(session, MessageLinkClick, {
        "message_id": message_id, "link": link, "clicked_at": now}, ("message_id", "link")) is not None


# What a batch's delivery reads of each message it claims.
CLAIMED_COLUMNS = (Message.id, Message.program_id, Message.member_id, Message.channel, Message.template_key,
                   Message.source, Message.context, Message.attempts, Message.tracking_token)


def claim_batch(session: Session, *, message_ids: Sequence[int] | None, now: datetime, limit: int) -> list[Any]:
    """Take up to `limit` queued, due messages (among `message_ids`, or any) for sending, in one
    statement: `UPDATE … SET status='sending' WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)
    RETURNING …`. On PostgreSQL a message another worker is claiming is skipped, and one it
    claimed is no longer queued; SQLite's writers take turns. Rows sorted by id."""
    chosen = select(Message.id).where(Message.status == "queued", Message.send_after <= now)
    if message_ids is not None:
        if not message_ids:
            return []
        chosen = chosen.where(Message.id.in_(list(message_ids))).order_by(Message.id)
    else:
        chosen = chosen.order_by(Message.send_after, Message.id)
    chosen = chosen.limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        chosen = chosen.with_for_update(skip_locked=True)
    rows = session.execute(update(Message).where(Message.id.in_(chosen.scalar_subquery()))
                           .values(status="sending", attempts=Message.attempts + 1, updated_at=now)
                           .returning(*CLAIMED_COLUMNS).execution_options(synchronize_session=False)).all()
    return sorted(rows, key=lambda row: row.id)


_messages = core_table(Message)


def set_messages(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Several messages' new values, each row {"id": …, column: value, …}: one executemany per
    set of columns (a batch's outcomes take one or two)."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        columns = tuple(sorted(name for name in row if name != "id"))
        groups.setdefault(columns, []).append({"m_id": row["id"], **{f"v_{name}": row[name] for name in columns}})
    for columns, params in groups.items():
        statement = update(_messages).where(_messages.c.id == bindparam("m_id")).values(
            {name: bindparam(f"v_{name}", type_=_messages.c[name].type) for name in columns})
        session.execute(statement, params)


def lock_caps(session: Session, *, keys: Sequence[tuple[int, str]]) -> None:
    """Hold the frequency cap of each (member, channel) of `keys` until the transaction ends: a
    second batch counting the same member's messages waits for the first to commit its claim.
    Sorted, so two batches never wait on each other in a circle. PostgreSQL: advisory locks
    (they block no other write to the member); SQLite's writers take turns anyway."""
    for member_id, channel in sorted(set(keys)):
        dialects.transaction_lock(session, f"messaging-cap:{member_id}:{channel}")


def sent_counts_since(session: Session, *, member_ids: Sequence[int], channel: str, since: datetime,
                      claimed_ids: Sequence[int] = ()) -> dict[int, int]:
    """Per member: messages sent on `channel` since `since`, and those another batch is sending
    now (not among `claimed_ids`, this batch's own); members with none are absent."""
    if not member_ids:
        return {}
    being_sent = Message.status == "sending"
    if claimed_ids:
        being_sent = and_(being_sent, Message.id.not_in(list(claimed_ids)))
    rows = session.execute(select(Message.member_id, func.count()).where(
        Message.member_id.in_(list(member_ids)), Message.channel == channel,
        or_(Message.sent_at >= since, being_sent))
        .group_by(Message.member_id))
    return {int(member_id): int(count) for member_id, count in rows}


def set_message(session: Session, *, message_id: int, values: dict[str, Any]) -> None:
    session.execute(update(Message).where(Message.id == message_id).values(**values)
                    .execution_options(synchronize_session=False))


def set_first(session: Session, *, message_id: int, column: str, now: datetime) -> bool:
    """Set a message's `opened_at`/`clicked_at`/`delivered_at` unless set: whether this was the first."""
    field = getattr(Message, column)
    result = session.execute(update(Message).where(Message.id == message_id, field.is_(None))
                             .values({column: now}).execution_options(synchronize_session=False))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def due_without_job(session: Session, *, now: datetime, stale_before: datetime, limit: int) -> list[int]:
    """Queued messages whose time has come and whose job (if any) was deferred before
    `stale_before`: their wake-up got lost (a restarted in-memory engine, a failed defer)."""
    return list(session.scalars(select(Message.id).where(
        Message.status == "queued", Message.send_after <= now,
        or_(Message.job_deferred_at.is_(None), Message.job_deferred_at < stale_before),
    ).order_by(Message.send_after, Message.id).limit(limit)))


def mark_deferred(session: Session, *, message_ids: Sequence[int], now: datetime) -> None:
    session.execute(update(Message).where(Message.id.in_(message_ids)).values(job_deferred_at=now)
                    .execution_options(synchronize_session=False))


def stuck_sending(session: Session, *, before: datetime, limit: int) -> list[int]:
    return list(session.scalars(select(Message.id).where(
        Message.status == "sending", Message.updated_at < before).order_by(Message.id).limit(limit)))


def requeue(session: Session, *, message_ids: Sequence[int], now: datetime) -> None:
    session.execute(update(Message).where(Message.id.in_(message_ids), Message.status == "sending")
                    .values(status="queued", job_deferred_at=None, updated_at=now)
                    .execution_options(synchronize_session=False))


def member_messages(session: Session, *, program_id: int, member_id: int, before_id: int | None,
                    limit: int) -> Sequence[Message]:
    query = select(Message).where(Message.program_id == program_id, Message.member_id == member_id)
    if before_id is not None:
        query = query.where(Message.id < before_id)
    return session.scalars(query.order_by(Message.id.desc()).limit(limit)).all()


# --- templates -----------------------------------------------------------------------------

def add(session: Session, row: MessageTemplate | MessageTemplateVersion | Suppression | ChannelSettings) -> None:
    session.add(row)
    session.flush()


def get_template(session: Session, *, program_id: int, template_id: int) -> MessageTemplate | None:
    return session.scalars(select(MessageTemplate).where(
        MessageTemplate.program_id == program_id, MessageTemplate.id == template_id)).one_or_none()


def template_by_key(session: Session, *, program_id: int, key: str, channel: str) -> MessageTemplate | None:
    return session.scalars(select(MessageTemplate).where(
        MessageTemplate.program_id == program_id, MessageTemplate.key == key,
        MessageTemplate.channel == channel)).one_or_none()


def list_templates(session: Session, *, program_id: int, after_id: int | None, limit: int) -> Sequence[MessageTemplate]:
    query = select(MessageTemplate).where(MessageTemplate.program_id == program_id)
    if after_id is not None:
        query = query.where(MessageTemplate.id > after_id)
    return session.scalars(query.order_by(MessageTemplate.id).limit(limit)).all()


def versions_of(session: Session, *, template_ids: Sequence[int]) -> Sequence[MessageTemplateVersion]:
    if not template_ids:
        return []
    return session.scalars(select(MessageTemplateVersion).where(
        MessageTemplateVersion.template_id.in_(template_ids)).order_by(
        MessageTemplateVersion.template_id, MessageTemplateVersion.language)).all()


def delete_versions(session: Session, *, template_id: int, keep: Sequence[str]) -> None:
    session.execute(delete(MessageTemplateVersion).where(
        MessageTemplateVersion.template_id == template_id, MessageTemplateVersion.language.not_in(keep)))


def delete_template(session: Session, *, template_id: int) -> None:
    session.execute(delete(MessageTemplateVersion).where(MessageTemplateVersion.template_id == template_id))
    session.execute(delete(MessageTemplate).where(MessageTemplate.id == template_id))


# --- suppressions and channel settings ---------------------------------------------------------

def is_suppressed(session: Session, *, program_id: int, channel: str, address: str) -> bool:
    return session.scalar(select(Suppression.id).where(
        Suppression.program_id == program_id, Suppression.channel == channel,
        Suppression.address == address)) is not None


def suppressed_among(session: Session, *, program_id: int, channel: str, addresses: Sequence[str]) -> set[str]:
    """Which of `addresses` (normalized as stored) the program's list holds for `channel`."""
    if not addresses:
        return set()
    return set(session.scalars(select(Suppression.address).where(
        Suppression.program_id == program_id, Suppression.channel == channel,
        Suppression.address.in_(sorted(set(addresses))))))


def insert_suppression(session: Session, values: dict[str, Any]) -> int | None:
    return dialects.insert_ignoring_conflict(session, Suppression, values, ("program_id", "channel", "address"))


def suppression_by_address(session: Session, *, program_id: int, channel: str, address: str) -> Suppression | None:
    return session.scalars(select(Suppression).where(
        Suppression.program_id == program_id, Suppression.channel == channel,
        Suppression.address == address)).one_or_none()


def list_suppressions(session: Session, *, program_id: int, channel: str | None, before_id: int | None,
                      limit: int, address_part: str | None = None) -> Sequence[Suppression]:
    """Newest first; `address_part` keeps the addresses containing it (a scan of the program's
    rows: the list holds bounces and complaints, thousands at most, not millions)."""
    query = select(Suppression).where(Suppression.program_id == program_id)
    if channel:
        query = query.where(Suppression.channel == channel)
    if address_part:
        query = query.where(Suppression.address.contains(address_part, autoescape=True))
    if before_id is not None:
        query = query.where(Suppression.id < before_id)
    return session.scalars(query.order_by(Suppression.id.desc()).limit(limit)).all()


def get_suppression(session: Session, *, program_id: int, suppression_id: int) -> Suppression | None:
    return session.scalars(select(Suppression).where(Suppression.program_id == program_id,
                                                     Suppression.id == suppression_id)).one_or_none()


def delete_suppression(session: Session, *, program_id: int, suppression_id: int) -> bool:
    result = session.execute(delete(Suppression).where(Suppression.program_id == program_id,
                                                       Suppression.id == suppression_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def channel_settings(session: Session, *, program_id: int) -> Sequence[ChannelSettings]:
    return session.scalars(select(ChannelSettings).where(ChannelSettings.program_id == program_id)
                           .order_by(ChannelSettings.channel)).all()


def channel_setting(session: Session, *, program_id: int, channel: str) -> ChannelSettings | None:
    return session.scalars(select(ChannelSettings).where(
        ChannelSettings.program_id == program_id, ChannelSettings.channel == channel)).one_or_none()


# --- the member's data export ------------------------------------------------------------------


def member_message_rows(session: Session, *, program_id: int, member_id: int) -> Sequence[Message]:
    return session.scalars(select(Message).where(Message.program_id == program_id, Message.member_id == member_id)
                           .order_by(Message.created_at, Message.id)).all()


def member_link_clicks(session: Session, *, program_id: int, member_id: int) -> Sequence[MessageLinkClick]:
    """Every tracked click on a link in the member's messages; one statement."""
    return session.scalars(select(MessageLinkClick).join(Message, Message.id == MessageLinkClick.message_id)
                           .where(Message.program_id == program_id, Message.member_id == member_id)
                           .order_by(MessageLinkClick.message_id, MessageLinkClick.clicked_at,
                                     MessageLinkClick.id)).all()
