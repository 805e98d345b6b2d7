"""The member app's channels for messaging: "inbox" (the message is kept for the app's Messages
screen and counts as delivered at once) and "push" (a notification to each of the member's
subscribed devices, with pywebpush; the message is kept for the app too, and a tap on the
notification opens it there).

The inbox works in the delivery's record unit of work (`bound(session)`, see
messaging.channels.SessionChannel): it only writes its row. Push never holds a transaction while
a push service answers (messaging.channels.PreparedChannel): it reads the member's live
subscriptions when the batch is claimed, sends with no transaction open, and records what each
push service answered (404/410: the subscription is gone) when the outcome is recorded.
Importing this module registers both with messaging (the worker does, loyalty.worker).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from loyalty.config import Settings
from loyalty.inbox import service as inbox
from loyalty.messaging.channels import (
    Channel,
    Outgoing,
    PermanentChannelError,
    Recipient,
    SendResult,
    TransientChannelError,
    register,
)
from loyalty.push import domain as push_domain
from loyalty.push import sender
from loyalty.push import service as push
from loyalty.push.schemas import PushOutcome, PushTarget, VapidKeys

APP_ADDRESS = "app"  # what messages on these channels record as their address
MAX_NOTIFICATION_BODY = 240  # characters of the text shown in the notification itself
MIN_SECONDS_PER_DEVICE = 0.05  # less left of the send's budget: the device is not tried

Sender = Callable[..., PushOutcome]


def _unbound() -> Session:
    raise RuntimeError("this channel works in the delivery's unit of work: call bound(session) first")


class InboxChannel:
    name = "inbox"
    consent_channel: str | None = None  # the member's own app: no consent needed, as for their balance

    def __init__(self, session: Session | None = None) -> None:
        self._session = session

    def bound(self, session: Session) -> InboxChannel:
        return InboxChannel(session)

    def address_of(self, recipient: Recipient) -> str | None:
        return APP_ADDRESS

    def send(self, outgoing: Outgoing) -> SendResult:
        inbox.keep(session=self._session or _unbound(), outgoing=outgoing, channel=self.name)
        return SendResult(provider_id=f"inbox-{outgoing.message_id}", delivered=True)


def notification(outgoing: Outgoing) -> dict[str, Any]:
    """What the service worker shows (sw.js): the subject, the start of the text, and the
    message in the app to open on a tap."""
    body = " ".join(outgoing.text.split())
    if len(body) > MAX_NOTIFICATION_BODY:
        body = body[:MAX_NOTIFICATION_BODY - 1].rstrip() + "…"
    return {"title": outgoing.subject, "body": body, "url": f"/app/messages/{outgoing.message_id}",
            "tag": f"message-{outgoing.message_id}"}


class PushChannel:
    """Push in three steps, so that no transaction waits on a push service: `prepare` reads the
    batch's members' live devices (and the VAPID keys) in the claim's unit of work; `send` posts
    to the push services with no transaction open; what they answered (a device gone, the last
    success) and the inbox copy are written by `SendResult.record` in the record unit of work."""

    name = "push"
    consent_channel: str | None = "push"

    def __init__(self, settings: Settings, send: Sender = sender.send, *,
                 targets: dict[int, list[PushTarget]] | None = None, keys: VapidKeys | None = None) -> None:
        self._settings = settings
        self._send = send
        self._targets = targets
        self._keys = keys

    def prepare(self, session: Session, recipients: list[Recipient]) -> PushChannel:
        targets = {recipient.member_id: push.live_targets(session=session, program_id=recipient.program_id,
                                                          member_id=recipient.member_id)
                   for recipient in recipients}
        keys = push.vapid_keys(session=session) if any(targets.values()) else None
        return PushChannel(self._settings, self._send, targets=targets, keys=keys)

    def _live(self, member_id: int) -> list[PushTarget]:
        if self._targets is None:
            raise RuntimeError("push needs its devices read first: call prepare(session, recipients)")
        return self._targets.get(member_id, [])

    def address_of(self, recipient: Recipient) -> str | None:
        """None (skipped: no_address) when no device of the member is subscribed."""
        return APP_ADDRESS if self._live(recipient.member_id) else None

    def send(self, outgoing: Outgoing) -> SendResult:
        """Sends to every live device, all within push.domain.SEND_BUDGET_SECONDS. Delivered to
        one is enough (a retry would repeat it on that one); none took it: permanent when each is
        gone, else worth a retry."""
        targets = self._live(outgoing.member_id)
        if not targets or self._keys is None:
            raise TransientChannelError("no device prepared for this member")
        keys = self._keys
        settings = self._settings.push
        payload = notification(outgoing)
        # All devices together within one budget: a member's endpoints cannot hold the worker for minutes.
        deadline = time.monotonic() + push_domain.SEND_BUDGET_SECONDS
        outcomes: list[PushOutcome] = []
        for target in targets:
            left = deadline - time.monotonic()
            if left < MIN_SECONDS_PER_DEVICE:
                outcomes.append(PushOutcome(subscription_id=target.id, result="failed",
                                            detail="not tried: this send's time was used up by other devices"))
                continue
            outcomes.append(self._send(target, payload, keys=keys, subject=settings.subject(self._settings.mail),
                                       ttl_seconds=settings.ttl_seconds,
                                       timeout_seconds=min(settings.timeout_seconds, left),
                                       allow_private_endpoints=settings.allow_private_endpoints))
        delivered = sum(1 for outcome in outcomes if outcome.result == "delivered")

        def record(session: Session) -> None:
            push.record_outcomes(session=session, outcomes=outcomes)
            if delivered:
                inbox.keep(session=session, outgoing=outgoing, channel=self.name)

        if delivered:
            return SendResult(provider_id=f"push:{delivered}/{len(outcomes)}", record=record)
        summary = "; ".join(f"{o.result} {o.status or ''} {o.detail}".strip() for o in outcomes) or "no device"
        if all(outcome.result in ("gone", "refused") for outcome in outcomes):
            raise PermanentChannelError(f"no device took the notification: {summary}"[:500], record=record)
        raise TransientChannelError(f"push services did not take the notification: {summary}"[:500], record=record)


def _push_channel(settings: Settings) -> Channel:
    return PushChannel(settings)


def _inbox_channel(settings: Settings) -> Channel:
    return InboxChannel()


register("push", _push_channel)
register("inbox", _inbox_channel)
