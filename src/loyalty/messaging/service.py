"""Messaging use cases: queueing a message, delivering it under the consent and fatigue rules,
tracking what the member did with it, and the templates, suppressions and channel settings.

Queueing only writes a row (and the event `message.queued`) in the caller's unit of work;
everything that decides whether and when the message goes, and the sending, happens later in the
worker (`deliver`), after the caller's transaction is durable.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from loyalty.config import Settings
from loyalty.events import service as events
from loyalty.kernel import clock, paging
from loyalty.kernel.errors import Conflict, Invalid, NotFound
from loyalty.kernel.paging import Slice
from loyalty.ledger import service as ledger
from loyalty.members import repository as member_rows
from loyalty.members import service as members
from loyalty.members.models import Member
from loyalty.members.schemas import MemberUpdate
from loyalty.messaging import domain, repository
from loyalty.messaging.channels import (
    KNOWN_CHANNELS,
    Channel,
    Channels,
    Outgoing,
    PermanentChannelError,
    Recipient,
    SessionChannel,
    TransientChannelError,
)
from loyalty.messaging.models import ChannelSettings, Message, MessageTemplate, MessageTemplateVersion, Suppression
from loyalty.messaging.rendering import Renderer, TemplateProblem, Texts, click_path
from loyalty.messaging.schemas import (
    ChannelSettingsRead,
    ChannelSettingsWrite,
    MessageRead,
    Preview,
    SuppressionRead,
    SuppressionWrite,
    TemplateRead,
    TemplateVersionRead,
    TemplateWrite,
)
from loyalty.programs.models import Program
from loyalty.rewards import domain as reward_rules
from loyalty.rewards import service as rewards
from loyalty.tiers import service as tiers

MAX_CONTEXT_BYTES = 16_000
# A message that failed for a passing reason this many times is given up (status "failed").
MAX_ATTEMPTS = 10

# Called with (session, message_id) for each new message, in the caller's unit of work: the
# worker registers the wake-up of its delivery job here (loyalty.worker.tasks_messaging), which
# the domain may not import. Without it the periodic sweep still finds the message.
_queued_hooks: list[Callable[[Session, int], None]] = []


def on_queued(hook: Callable[[Session, int], None]) -> None:
    if hook not in _queued_hooks:
        _queued_hooks.append(hook)


# --- queueing --------------------------------------------------------------------------------------

def queue_message(*, session: Session, program: Program, member_id: int, channel: str,
                  template_key: str, dedupe_key: str, source: str, actor: str,
                  context: dict[str, Any] | None = None, send_after: datetime | None = None) -> Message | None:
    """Queue one message for a member; the worker delivers it (or skips it, saying why) later.

    Idempotent on (program, `dedupe_key`): a second call with the same key returns the row the
    first made and changes nothing, also when both run at once. None when the member is not the
    program's (nothing to send to). Records `message.queued` in the caller's unit of work.
    """
    if channel not in KNOWN_CHANNELS:
        raise Invalid(f"Unknown channel {channel!r}.", code="unknown_channel", field="channel")
    if not dedupe_key or len(dedupe_key) > 200:
        raise Invalid("dedupe_key must be 1 to 200 characters.", code="invalid_value", field="dedupe_key")
    context = dict(context or {})
    try:
        encoded = json.dumps(context)
    except (TypeError, ValueError) as error:
        raise Invalid(f"context must be JSON: {error}", code="invalid_value", field="context") from error
    if len(encoded) > MAX_CONTEXT_BYTES:
        raise Invalid("context is too large.", code="invalid_value", field="context")
    existing = repository.message_by_dedupe_key(session, program_id=program.id, dedupe_key=dedupe_key)
    if existing is not None:
        return existing
    try:
        members.get_member(session=session, program_id=program.id, member_id=member_id)
    except NotFound:
        return None
    now = clock.now()
    message_id = repository.insert_message(session, {
        "program_id": program.id, "member_id": member_id, "channel": channel, "template_key": template_key[:100],
        "dedupe_key": dedupe_key, "source": source[:100], "context": context, "status": "queued",
        "send_after": send_after or now, "attempts": 0, "created_at": now, "updated_at": now,
        "tracking_token": secrets.token_urlsafe(16), "links": {},
        # With a wake-up hook the job is deferred at commit: the sweep leaves the message to it.
        "job_deferred_at": now if _queued_hooks else None,
    })
    if message_id is None:  # a concurrent call with the same key committed first
        return repository.message_by_dedupe_key(session, program_id=program.id, dedupe_key=dedupe_key)
    events.record(session=session, program_id=program.id, member_id=member_id, type="message.queued", actor=actor,
                  payload={"message_id": message_id, "source": source, "channel": channel,
                           "template_key": template_key})
    for hook in _queued_hooks:
        hook(session, message_id)
    return repository.get_message(session, message_id=message_id)


# --- delivery ----------------------------------------------------------------------------------------

@dataclass
class Outlet:
    """What delivery needs besides the database: the adapters, the renderer, and how to make links."""

    channels: Channels
    public_url: str
    secret_key: str
    renderer: Renderer = field(default_factory=Renderer)
    # Per program: the rewards a message may offer (read once per outlet, i.e. per batch).
    offers: dict[int, list[domain.RewardOffer]] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings, overrides: dict[str, Channel] | None = None) -> Outlet:
        secret = settings.security.secret_key
        if secret is None:
            raise RuntimeError("messages need security.secret_key (LOYALTY_SECURITY__SECRET_KEY) to sign their links")
        return cls(channels=Channels(settings, overrides), public_url=settings.public_url,
                   secret_key=secret.get_secret_value())

    # Read once per outlet (a worker makes one per batch): a batch of a campaign asks the same.
    _rules: dict[tuple[int, str], domain.Rules | None] = field(default_factory=dict)
    _texts: dict[tuple[int, str, str, tuple[str | None, ...]], tuple[str, Texts] | None] = field(default_factory=dict)

    def rules(self, session: Session, program_id: int, channel: str) -> domain.Rules | None:
        key = (program_id, channel)
        if key not in self._rules:
            row = repository.channel_setting(session, program_id=program_id, channel=channel)
            self._rules[key] = None if row is None else domain.Rules(
                cap_count=row.cap_count, cap_days=row.cap_days, quiet_start_minute=row.quiet_start_minute,
                quiet_end_minute=row.quiet_end_minute)
        return self._rules[key]

    def texts(self, session: Session, *, program: Program, key: str, channel: str,
              wanted: list[str | None]) -> tuple[str, Texts] | None:
        cache_key = (program.id, key, channel, tuple(wanted))
        if cache_key not in self._texts:
            self._texts[cache_key] = _template_texts(session, program=program, key=key, channel=channel,
                                                     wanted=wanted)
        return self._texts[cache_key]

    @property
    def host(self) -> str:
        return urlsplit(self.public_url).hostname or "localhost"

    def unsubscribe_url(self, message_id: int) -> str:
        return f"{self.public_url}/u/{domain.sign(self.secret_key, 'unsubscribe', message_id)}"


@dataclass(frozen=True)
class Delivery:
    """What `deliver` did: sent, skipped (with `reason`), delayed, retry (a passing failure),
    failed; None when the message was not (or no longer) queued and due."""

    outcome: str
    reason: str | None = None


def _skip(session: Session, message: Message, reason: str, now: datetime) -> Delivery:
    repository.set_message(session, message_id=message.id, values={
        "status": "skipped", "skip_reason": reason, "updated_at": now})
    events.record(session=session, program_id=message.program_id, member_id=message.member_id,
                  type="message.skipped", actor="messaging", payload={
                      "message_id": message.id, "source": message.source, "channel": message.channel,
                      "template_key": message.template_key, "reason": reason})
    return Delivery("skipped", reason)


def _fail(session: Session, message: Message, error: str, now: datetime) -> Delivery:
    repository.set_message(session, message_id=message.id, values={
        "status": "failed", "error": error[:500], "updated_at": now})
    events.record(session=session, program_id=message.program_id, member_id=message.member_id,
                  type="message.failed", actor="messaging", payload={
                      "message_id": message.id, "source": message.source, "channel": message.channel,
                      "template_key": message.template_key, "error": error[:500]})
    return Delivery("failed", error[:200])


def _has_consent(session: Session, member_id: int, consent_channel: str | None) -> bool:
    if consent_channel is None:
        return True
    state = members.current_consents(session=session, member_ids=[member_id]).get(member_id, {})
    decision = state.get(consent_channel)
    return decision is not None and decision.granted


def _offers(session: Session, program: Program, cache: dict[int, list[domain.RewardOffer]]
            ) -> list[domain.RewardOffer]:
    if program.id not in cache:
        unit = program.units[0] if program.units else "points"
        found = rewards.list_rewards(session=session, program_id=program.id, is_active=True, limit=200)
        cache[program.id] = [
            domain.RewardOffer(reward.id, reward_rules.localized(reward.names, None, program.locale) or "",
                               reward.points_price)
            for reward in found.items if reward.unit == unit and reward.kind != "stamp_card"]
    return cache[program.id]


def personalization(*, session: Session, program: Program, member: Member, outlet: Outlet | None,
                    language: str | None = None) -> dict[str, Any]:
    """The variables every template sees: the member's name, balance, tier, the rewards within reach."""
    unit = program.units[0] if program.units else "points"
    balance = ledger.wallet_summary(session=session, program=program, member_id=member.id).get(
        unit, {}).get("available", 0)
    tier = tiers.member_tier(session=session, program_id=program.id, member_id=member.id)
    offers = _offers(session, program, outlet.offers if outlet is not None else {})
    tier_name = None
    if tier is not None:
        translation = tier.translations.get(language or "") if language else None
        tier_name = getattr(translation, "name", None) or tier.name
    return {
        "member": {"id": member.id, "first_name": member.first_name or "", "last_name": member.last_name or "",
                   "email": member.email, "language": member.preferred_language,
                   "attributes": dict(member.attributes or {})},
        "first_name": member.first_name or "",
        "balance": balance, "unit": unit,
        "tier": {"code": tier.code, "name": tier_name} if tier is not None else None,
        "rewards_within_reach": [{"id": r.reward_id, "name": r.name, "points_price": r.points_price,
                                  "points_missing": r.points_missing}
                                 for r in domain.within_reach(offers, balance)],
        "program": {"name": program.name, "currency": program.currency},
    }


def _template_texts(session: Session, *, program: Program, key: str, channel: str,
                    wanted: list[str | None]) -> tuple[str, Texts] | None:
    template = repository.template_by_key(session, program_id=program.id, key=key, channel=channel)
    if template is None:
        return None
    versions = {version.language: version for version in repository.versions_of(session, template_ids=[template.id])}
    language = domain.choose_language(versions, wanted=wanted, fallback=template.fallback_language)
    if language is None:
        return None
    version = versions[language]
    return language, Texts(version.subject, version.html_body, version.text_body)


def deliver(*, session: Session, message_id: int, now: datetime, outlet: Outlet) -> Delivery | None:
    """Decide and (maybe) send one message, in the caller's unit of work.

    Claims the message first (`queued` -> `sending` in one guarded UPDATE), so of two workers
    given the same message one sends and the other gets None. Then, in this order: the member's
    consent for the channel, an address, the suppression list, quiet hours (the message stays
    queued with `send_after` at their end: delayed, not dropped), the frequency cap, the
    template; then renders it and hands it to the channel's adapter. Every outcome is an event
    on the member's timeline. A passing failure of the channel puts the message back in the
    queue and answers "retry" (the caller retries later); after MAX_ATTEMPTS it fails.
    """
    message = repository.claim(session, message_id=message_id, now=now)
    if message is None:
        return None
    found = member_rows.member_with_program(session, message.member_id)
    if found is None:
        return _skip(session, message, "no_member", now)
    member, program = found
    if member.status != "active":
        return _skip(session, message, "member_blocked", now)
    adapter = outlet.channels.get(message.channel)
    if adapter is None:
        return _skip(session, message, "no_channel", now)
    if hasattr(adapter, "bound"):  # a SessionChannel: works in this unit of work (the app's inbox, push)
        adapter = cast(SessionChannel, adapter).bound(session)
    if not _has_consent(session, member.id, adapter.consent_channel):
        return _skip(session, message, "no_consent", now)
    recipient = Recipient(member_id=member.id, program_id=program.id, email=member.email, phone=member.phone,
                          first_name=member.first_name, language=member.preferred_language)
    address = adapter.address_of(recipient)
    if not address:
        return _skip(session, message, "no_address", now)
    if repository.is_suppressed(session, program_id=program.id, channel=message.channel, address=address.lower()):
        return _skip(session, message, "suppressed", now)
    rules = outlet.rules(session, program.id, message.channel)
    if rules is not None:
        tz = domain.zone((member.attributes or {}).get("timezone"), program.timezone)
        until = domain.quiet_until(now, tz=tz, start_minute=rules.quiet_start_minute,
                                   end_minute=rules.quiet_end_minute)
        if until is not None:
            repository.set_message(session, message_id=message.id, values={
                "status": "queued", "send_after": until, "job_deferred_at": None, "updated_at": now,
                "attempts": message.attempts - 1})
            events.record(session=session, program_id=program.id, member_id=member.id, type="message.delayed",
                          actor="messaging", payload={"message_id": message.id, "source": message.source,
                                                      "channel": message.channel, "reason": "quiet_hours",
                                                      "until": until.isoformat()})
            return Delivery("delayed", "quiet_hours")
        if rules.cap_count is not None:
            sent = repository.sent_count_since(session, member_id=member.id, channel=message.channel,
                                               since=domain.cap_window_start(now, rules.cap_days))
            if domain.is_capped(sent, rules.cap_count):
                return _skip(session, message, "frequency_cap", now)
    chosen = outlet.texts(session, program=program, key=message.template_key, channel=message.channel,
                          wanted=[member.preferred_language, program.locale])
    if chosen is None:
        return _skip(session, message, "no_template", now)
    language, texts = chosen
    token = message.tracking_token
    unsubscribe_url = outlet.unsubscribe_url(message.id)
    variables = {**personalization(session=session, program=program, member=member, outlet=outlet,
                                   language=language),
                 **(message.context or {}), "unsubscribe_url": unsubscribe_url}
    try:
        rendered = outlet.renderer.render(
            texts, variables, click_url=lambda name, _url: outlet.public_url + click_path(token, name),
            open_pixel_url=f"{outlet.public_url}/t/o/{token}" if message.channel == "email" else None)
    except TemplateProblem as problem:
        return _fail(session, message, f"template: {problem}", now)
    message_header = f"<message-{message.id}@{outlet.host}>"
    outgoing = Outgoing(
        message_id=message.id, program_id=program.id, member_id=member.id, channel=message.channel,
        address=address, subject=rendered.subject, text=rendered.text, html=rendered.html,
        headers={"Message-ID": message_header, "List-Unsubscribe": f"<{unsubscribe_url}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        data={"source": message.source, "template_key": message.template_key, "links": rendered.links,
              "url": next(iter(rendered.links.values()), None)})
    try:
        result = adapter.send(outgoing)
    except TransientChannelError as error:
        if message.attempts >= MAX_ATTEMPTS:
            return _fail(session, message, str(error), now)
        repository.set_message(session, message_id=message.id, values={
            "status": "queued", "error": str(error)[:500], "updated_at": now})
        return Delivery("retry", str(error)[:200])
    except PermanentChannelError as error:
        return _fail(session, message, str(error), now)
    values: dict[str, Any] = {
        "status": "sent", "sent_at": now, "updated_at": now, "language": language, "address": address,
        "subject": rendered.subject[:500], "provider_id": (result.provider_id or "")[:200] or None,
        "links": rendered.links, "error": None}
    if result.delivered:
        values["delivered_at"] = now
    repository.set_message(session, message_id=message.id, values=values)
    payload = {"message_id": message.id, "source": message.source, "channel": message.channel,
               "template_key": message.template_key}
    events.record(session=session, program_id=program.id, member_id=member.id, type="message.sent",
                  actor="messaging", payload=payload)
    if result.delivered:
        events.record(session=session, program_id=program.id, member_id=member.id, type="message.delivered",
                      actor="messaging", payload=payload)
    return Delivery("sent")


def mark_delivered(*, session: Session, message_id: int, now: datetime | None = None) -> bool:
    """A provider (or the push service) said the message arrived: `message.delivered` once."""
    message = repository.get_message(session, message_id=message_id)
    if message is None or message.status != "sent":
        return False
    if not repository.set_first(session, message_id=message.id, column="delivered_at", now=now or clock.now()):
        return False
    events.record(session=session, program_id=message.program_id, member_id=message.member_id,
                  type="message.delivered", actor="messaging", payload={
                      "message_id": message.id, "source": message.source, "channel": message.channel,
                      "template_key": message.template_key})
    return True


# --- the sweep -----------------------------------------------------------------------------------

# A job deferred this long ago and its message still queued: its wake-up is taken as lost.
JOB_STALE_AFTER = timedelta(minutes=5)
# A message left "sending" this long: its worker died inside the transaction's effects... on
# PostgreSQL and SQLite the claim is rolled back with the unit, so this only catches a claim
# committed without an outcome (never by this code; kept as a guard).
SENDING_STALE_AFTER = timedelta(minutes=15)


def due_messages(*, session: Session, now: datetime, limit: int = 500) -> list[int]:
    """Queued messages that are due and have no live job; marked as deferred now (the caller
    defers their job in the same unit of work, after commit)."""
    stuck = repository.stuck_sending(session, before=now - SENDING_STALE_AFTER, limit=limit)
    if stuck:
        repository.requeue(session, message_ids=stuck, now=now)
    ids = repository.due_without_job(session, now=now, stale_before=now - JOB_STALE_AFTER, limit=limit)
    if ids:
        repository.mark_deferred(session, message_ids=ids, now=now)
    return ids


def mark_job_deferred(*, session: Session, message_ids: list[int], now: datetime) -> None:
    repository.mark_deferred(session, message_ids=message_ids, now=now)


# --- tracking ------------------------------------------------------------------------------------

def _engagement(session: Session, message: Message, type: str, extra: dict[str, Any]) -> None:
    events.record(session=session, program_id=message.program_id, member_id=message.member_id, type=type,
                  actor=f"member:{message.member_id}", payload={
                      "message_id": message.id, "source": message.source, "channel": message.channel,
                      "template_key": message.template_key, **extra})


def record_open(*, session: Session, token: str, now: datetime | None = None) -> bool:
    """The open pixel was fetched: `message.opened` the first time only (mail clients fetch it again)."""
    message = repository.message_by_token(session, token=token)
    if message is None or message.status != "sent":
        return False
    if repository.set_first(session, message_id=message.id, column="opened_at", now=now or clock.now()):
        _engagement(session, message, "message.opened", {})
    return True


def record_click(*, session: Session, token: str, link: str, now: datetime | None = None) -> str | None:
    """The address the message's link named `link` leads to, recording `message.clicked`; None
    for an unknown message or a link the message does not have (never an open redirect)."""
    message = repository.message_by_token(session, token=token)
    if message is None or message.status != "sent":
        return None
    url = (message.links or {}).get(link)
    if url is None:
        return None
    now = now or clock.now()
    if repository.set_first(session, message_id=message.id, column="opened_at", now=now):
        # A click proves the open the pixel (blocked by many clients) may not have.
        _engagement(session, message, "message.opened", {})
    repository.set_first(session, message_id=message.id, column="clicked_at", now=now)
    _engagement(session, message, "message.clicked", {"link": link, "url": url})
    return url


@dataclass(frozen=True)
class UnsubscribeTarget:
    message_id: int
    program_id: int
    member_id: int
    channel: str
    address: str | None


def unsubscribe_target(*, session: Session, token: str, secret_key: str) -> UnsubscribeTarget | None:
    message_id = domain.unsign(secret_key, "unsubscribe", token)
    if message_id is None:
        return None
    message = repository.get_message(session, message_id=message_id)
    if message is None:
        return None
    return UnsubscribeTarget(message.id, message.program_id, message.member_id, message.channel, message.address)


def unsubscribe(*, session: Session, token: str, secret_key: str) -> UnsubscribeTarget | None:
    """Withdraw the member's consent for the message's channel (e-mail for an e-mail), recorded
    as a consent decision with the source "unsubscribe link". Idempotent: a withdrawn consent
    stays withdrawn and no second row is written."""
    target = unsubscribe_target(session=session, token=token, secret_key=secret_key)
    if target is None:
        return None
    consent_channel = target.channel if target.channel in ("email", "sms", "push") else "email"
    found = member_rows.member_with_program(session, target.member_id)
    if found is None:
        return None
    _member, program = found
    if _has_consent(session, target.member_id, consent_channel):
        members.update_member(
            session=session, program=program, member_id=target.member_id,
            data=MemberUpdate.model_validate({"consents": {consent_channel: {
                "granted": False, "source": "unsubscribe link"}}}),
            actor=f"member:{target.member_id}")
    return target


def member_language(*, session: Session, member_id: int) -> str | None:
    found = member_rows.member_with_program(session, member_id)
    return None if found is None else (found[0].preferred_language or found[1].locale)


# --- reading messages --------------------------------------------------------------------------

def get_message(*, session: Session, program_id: int, message_id: int) -> MessageRead:
    message = repository.get_message(session, message_id=message_id, program_id=program_id)
    if message is None:
        raise NotFound(f"Message {message_id} does not exist.", code="message_not_found")
    return MessageRead.model_validate(message)


def member_messages(*, session: Session, program_id: int, member_id: int, before_id: int | None = None,
                    limit: int = 50) -> Slice[MessageRead]:
    paging.check_limit(limit)
    members.get_member(session=session, program_id=program_id, member_id=member_id)
    rows = repository.member_messages(session, program_id=program_id, member_id=member_id, before_id=before_id,
                                      limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda message: message.id).map(MessageRead.model_validate)


# --- templates ---------------------------------------------------------------------------------

def _template_read(template: MessageTemplate, versions: list[MessageTemplateVersion]) -> TemplateRead:
    return TemplateRead(id=template.id, key=template.key, channel=template.channel,
                        description=template.description, fallback_language=template.fallback_language,
                        versions={v.language: TemplateVersionRead.model_validate(v) for v in versions},
                        created_at=template.created_at, updated_at=template.updated_at)


def _check_versions(data: TemplateWrite, renderer: Renderer) -> None:
    if data.fallback_language not in data.versions:
        raise Invalid("The fallback language needs a version.", code="fallback_without_version",
                      field="fallback_language")
    for language, version in data.versions.items():
        try:
            renderer.check(Texts(version.subject, version.html_body, version.text_body))
        except Invalid as error:
            error.field = f"versions.{language}.{error.field}"
            raise
    if data.channel == "email":
        for language, version in data.versions.items():
            if not version.text_body.strip():
                raise Invalid("An e-mail needs a plain-text body.", code="invalid_value",
                              field=f"versions.{language}.text_body")


_checker = Renderer()


def get_template(*, session: Session, program_id: int, template_id: int) -> TemplateRead:
    template = repository.get_template(session, program_id=program_id, template_id=template_id)
    if template is None:
        raise NotFound(f"Template {template_id} does not exist.", code="template_not_found")
    return _template_read(template, list(repository.versions_of(session, template_ids=[template.id])))


def list_templates(*, session: Session, program_id: int, after_id: int | None = None,
                   limit: int = 50) -> Slice[TemplateRead]:
    paging.check_limit(limit)
    rows = list(repository.list_templates(session, program_id=program_id, after_id=after_id, limit=limit + 1))
    page = paging.slice_of(rows, limit, key=lambda template: template.id)
    versions: dict[int, list[MessageTemplateVersion]] = {}
    for version in repository.versions_of(session, template_ids=[t.id for t in page.items]):
        versions.setdefault(version.template_id, []).append(version)
    return page.map(lambda template: _template_read(template, versions.get(template.id, [])))


def _write_versions(session: Session, program: Program, template: MessageTemplate, data: TemplateWrite,
                    now: datetime) -> None:
    existing = {v.language: v for v in repository.versions_of(session, template_ids=[template.id])}
    repository.delete_versions(session, template_id=template.id, keep=list(data.versions))
    for language, version in data.versions.items():
        row = existing.get(language)
        if row is None:
            repository.add(session, MessageTemplateVersion(
                program_id=program.id, template_id=template.id, language=language, subject=version.subject,
                html_body=version.html_body, text_body=version.text_body, updated_at=now))
        elif (row.subject, row.html_body, row.text_body) != (version.subject, version.html_body, version.text_body):
            row.subject, row.html_body, row.text_body, row.updated_at = (
                version.subject, version.html_body, version.text_body, now)
    session.flush()


def create_template(*, session: Session, program: Program, data: TemplateWrite, actor: str) -> TemplateRead:
    _check_versions(data, _checker)
    if repository.template_by_key(session, program_id=program.id, key=data.key, channel=data.channel) is not None:
        raise Conflict(f"A {data.channel} template {data.key!r} exists.", code="template_exists", field="key")
    now = clock.now()
    template = MessageTemplate(program_id=program.id, key=data.key, channel=data.channel,
                               description=data.description, fallback_language=data.fallback_language,
                               created_at=now, updated_at=now)
    repository.add(session, template)
    _write_versions(session, program, template, data, now)
    events.record(session=session, program_id=program.id, type="message_template.created", actor=actor,
                  payload={"template_id": template.id, "key": template.key, "channel": template.channel})
    return get_template(session=session, program_id=program.id, template_id=template.id)


def update_template(*, session: Session, program: Program, template_id: int, data: TemplateWrite,
                    actor: str) -> TemplateRead:
    _check_versions(data, _checker)
    template = repository.get_template(session, program_id=program.id, template_id=template_id)
    if template is None:
        raise NotFound(f"Template {template_id} does not exist.", code="template_not_found")
    other = repository.template_by_key(session, program_id=program.id, key=data.key, channel=data.channel)
    if other is not None and other.id != template.id:
        raise Conflict(f"A {data.channel} template {data.key!r} exists.", code="template_exists", field="key")
    now = clock.now()
    template.key, template.channel, template.description = data.key, data.channel, data.description
    template.fallback_language, template.updated_at = data.fallback_language, now
    _write_versions(session, program, template, data, now)
    events.record(session=session, program_id=program.id, type="message_template.updated", actor=actor,
                  payload={"template_id": template.id, "key": template.key, "channel": template.channel})
    return get_template(session=session, program_id=program.id, template_id=template.id)


def delete_template(*, session: Session, program: Program, template_id: int, actor: str) -> None:
    template = repository.get_template(session, program_id=program.id, template_id=template_id)
    if template is None:
        raise NotFound(f"Template {template_id} does not exist.", code="template_not_found")
    repository.delete_template(session, template_id=template.id)
    events.record(session=session, program_id=program.id, type="message_template.deleted", actor=actor,
                  payload={"template_id": template_id, "key": template.key, "channel": template.channel})


def preview(*, session: Session, program: Program, template_id: int, member_id: int | None,
            language: str | None = None, context: dict[str, Any] | None = None) -> Preview:
    """The template as `member` would get it (links untracked, nothing recorded)."""
    template = get_template(session=session, program_id=program.id, template_id=template_id)
    if member_id is None:
        raise Invalid("Name the member to render the template for.", code="member_required", field="member_id")
    member = members.get_member(session=session, program_id=program.id, member_id=member_id)
    chosen = domain.choose_language(template.versions, wanted=[language, member.preferred_language, program.locale],
                                    fallback=template.fallback_language)
    if chosen is None:
        raise NotFound("The template has no version.", code="template_not_found")
    version = template.versions[chosen]
    variables = {**personalization(session=session, program=program, member=member, outlet=None, language=chosen),
                 **(context or {}), "unsubscribe_url": "#unsubscribe"}
    try:
        rendered = _checker.render(Texts(version.subject, version.html_body, version.text_body), variables)
    except TemplateProblem as problem:
        raise Invalid(f"The template does not render: {problem}", code="template_invalid",
                      field=problem.part) from problem
    return Preview(language=chosen, subject=rendered.subject, html=rendered.html, text=rendered.text,
                   context=variables)


# --- channel settings and the suppression list ----------------------------------------------------------

def _settings_read(channel: str, row: ChannelSettings | None) -> ChannelSettingsRead:
    if row is None:
        return ChannelSettingsRead(channel=channel, cap_count=None, cap_days=7, quiet_start=None, quiet_end=None)
    return ChannelSettingsRead(channel=channel, cap_count=row.cap_count, cap_days=row.cap_days,
                               quiet_start=domain.clock_text(row.quiet_start_minute),
                               quiet_end=domain.clock_text(row.quiet_end_minute))


def list_channel_settings(*, session: Session, program_id: int) -> list[ChannelSettingsRead]:
    rows = {row.channel: row for row in repository.channel_settings(session, program_id=program_id)}
    return [_settings_read(channel, rows.get(channel)) for channel in KNOWN_CHANNELS]


def set_channel_settings(*, session: Session, program: Program, channel: str, data: ChannelSettingsWrite,
                         actor: str) -> ChannelSettingsRead:
    if channel not in KNOWN_CHANNELS:
        raise NotFound(f"Unknown channel {channel!r}.", code="channel_not_found")
    if (data.quiet_start is None) != (data.quiet_end is None):
        raise Invalid("Quiet hours need a start and an end.", code="invalid_value",
                      field="quiet_end" if data.quiet_end is None else "quiet_start")
    row = repository.channel_setting(session, program_id=program.id, channel=channel)
    now = clock.now()
    if row is None:
        row = ChannelSettings(program_id=program.id, channel=channel, updated_at=now)
        repository.add(session, row)
    row.cap_count, row.cap_days = data.cap_count, data.cap_days
    row.quiet_start_minute = domain.minutes_of(data.quiet_start)
    row.quiet_end_minute = domain.minutes_of(data.quiet_end)
    row.updated_at = now
    session.flush()
    events.record(session=session, program_id=program.id, type="message_channel.updated", actor=actor,
                  payload={"channel": channel, **data.model_dump()})
    return _settings_read(channel, row)


def _normal_address(channel: str, address: str) -> str:
    address = address.strip()
    return address.lower() if channel == "email" else address.replace(" ", "")


def add_suppression(*, session: Session, program: Program, data: SuppressionWrite, actor: str) -> SuppressionRead:
    """Idempotent: an address already suppressed keeps its first reason."""
    address = _normal_address(data.channel, data.address)
    repository.insert_suppression(session, {
        "program_id": program.id, "channel": data.channel, "address": address, "reason": data.reason,
        "created_at": clock.now(), "created_by": actor[:200]})
    row = repository.suppression_by_address(session, program_id=program.id, channel=data.channel, address=address)
    assert row is not None
    return SuppressionRead.model_validate(row)


def list_suppressions(*, session: Session, program_id: int, channel: str | None = None,
                      before_id: int | None = None, limit: int = 50, search: str | None = None
                      ) -> Slice[SuppressionRead]:
    """`search`: part of an address, spelled as stored (e-mail lower-cased, phone without spaces)."""
    paging.check_limit(limit)
    part = search.strip().lower().replace(" ", "")[:320] if search else None
    rows = repository.list_suppressions(session, program_id=program_id, channel=channel, before_id=before_id,
                                        limit=limit + 1, address_part=part or None)
    return paging.slice_of(rows, limit, key=lambda row: row.id).map(SuppressionRead.model_validate)


def remove_suppression(*, session: Session, program: Program, suppression_id: int, actor: str) -> SuppressionRead:
    """The row removed (its address and reason, for the audit log)."""
    row = repository.get_suppression(session, program_id=program.id, suppression_id=suppression_id)
    removed = None if row is None else SuppressionRead.model_validate(row)
    if removed is None or not repository.delete_suppression(session, program_id=program.id,
                                                            suppression_id=suppression_id):
        raise NotFound(f"Suppression {suppression_id} does not exist.", code="suppression_not_found")
    events.record(session=session, program_id=program.id, type="message_suppression.removed", actor=actor,
                  payload={"suppression_id": suppression_id})
    return removed


__all__ = ["Suppression"]
