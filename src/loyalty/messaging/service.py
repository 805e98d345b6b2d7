"""Messaging use cases: queueing a message, delivering it under the consent and fatigue rules,
tracking what the member did with it, and the templates, suppressions and channel settings.

Queueing only writes a row (and the event `message.queued`) in the caller's unit of work;
everything that decides whether and when the message goes, and the sending, happens later in the
worker (`deliver_batch`), after the caller's transaction is durable.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events import service as events
from loyalty.kernel import clock, paging
from loyalty.kernel.errors import Conflict, Invalid, NotFound
from loyalty.kernel.exported import row_values
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
    PreparedChannel,
    Recipient,
    Record,
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
from loyalty.recommendations import service as recommendations
from loyalty.recommendations.schemas import RecommendationRead
from loyalty.rewards import domain as reward_rules
from loyalty.rewards import service as rewards
from loyalty.tiers import service as tiers

log = logging.getLogger("loyalty.messaging")

MAX_CONTEXT_BYTES = 16_000
# `recommended_products` in templates: the member's first products, best first.
RECOMMENDED_PRODUCTS = 5
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


@dataclass(frozen=True)
class MessageRequest:
    """One message `queue_messages` is asked for (the arguments of `queue_message`)."""

    member_id: int
    channel: str
    template_key: str
    dedupe_key: str
    source: str
    actor: str
    context: dict[str, Any] = field(default_factory=dict)


def _checked(request: MessageRequest) -> Invalid | None:
    if request.channel not in KNOWN_CHANNELS:
        return Invalid(f"Unknown channel {request.channel!r}.", code="unknown_channel", field="channel")
    if not request.dedupe_key or len(request.dedupe_key) > 200:
        return Invalid("dedupe_key must be 1 to 200 characters.", code="invalid_value", field="dedupe_key")
    try:
        encoded = json.dumps(request.context)
    except (TypeError, ValueError) as error:
        return Invalid(f"context must be JSON: {error}", code="invalid_value", field="context")
    if len(encoded) > MAX_CONTEXT_BYTES:
        return Invalid("context is too large.", code="invalid_value", field="context")
    return None


def queue_messages(*, session: Session, program: Program,
                   requests: Sequence[MessageRequest]) -> list[int | Invalid]:
    """`queue_message` for many messages of one program in a few statements: one read of the
    dedupe keys the program has already, one INSERT … ON CONFLICT DO NOTHING of the others, the
    `message.queued` events together. Answers, per request in order, the message's id (the new
    one, or the one its dedupe key already had: idempotent as `queue_message` is, also when two
    run at once) or the `Invalid` that refused it (unknown channel, context not JSON or too
    large). The members must be the program's: the caller read them."""
    answers: list[int | Invalid | None] = [_checked(request) for request in requests]
    wanted = [request.dedupe_key for request, answer in zip(requests, answers, strict=True) if answer is None]
    ids = repository.message_ids_by_dedupe_keys(session, program_id=program.id, dedupe_keys=wanted)
    now = clock.now()
    rows: dict[str, dict[str, Any]] = {}
    asked: dict[str, MessageRequest] = {}
    for request, answer in zip(requests, answers, strict=True):
        if answer is None and request.dedupe_key not in ids and request.dedupe_key not in rows:
            asked[request.dedupe_key] = request
            rows[request.dedupe_key] = {
                "program_id": program.id, "member_id": request.member_id, "channel": request.channel,
                "template_key": request.template_key[:100], "dedupe_key": request.dedupe_key,
                "source": request.source[:100], "context": dict(request.context), "status": "queued",
                "send_after": now, "attempts": 0, "created_at": now, "updated_at": now,
                "tracking_token": secrets.token_urlsafe(16), "links": {},
                "job_deferred_at": now if _queued_hooks else None}
    created = repository.insert_messages(session, list(rows.values()))
    ids.update(created)
    missing = [key for key in rows if key not in created]
    if missing:  # a concurrent call with the same keys committed first
        ids.update(repository.message_ids_by_dedupe_keys(session, program_id=program.id, dedupe_keys=missing))
    queued = sorted((message_id, asked[key]) for key, message_id in created.items())
    if queued:
        events.record_many(session=session, rows=[{
            "program_id": program.id, "member_id": request.member_id, "type": "message.queued",
            "actor": request.actor, "payload": {"message_id": message_id, "source": request.source,
                                                "channel": request.channel, "template_key": request.template_key}}
            for message_id, request in queued])
        for message_id, _ in queued:
            for hook in _queued_hooks:
                hook(session, message_id)
    return [answer if answer is not None else ids[request.dedupe_key]
            for request, answer in zip(requests, answers, strict=True)]


# --- delivery ----------------------------------------------------------------------------------------

# Messages one batch claims at most (a job names up to this many).
BATCH_LIMIT = 100
# A batch stops sending after this long and gives the rest back to the queue: far below
# SENDING_STALE_AFTER, so the sweep never re-queues a message a live batch is still sending.
BATCH_DEADLINE_SECONDS = 120.0


@dataclass
class Outlet:
    """What delivery needs besides the database: the adapters, the renderer, and how to make links.
    A worker makes one per batch: the channel rules and templates it reads are kept that long."""

    channels: Channels
    public_url: str
    secret_key: str
    renderer: Renderer = field(default_factory=Renderer)
    # Per program: the rewards a message may offer.
    offers: dict[int, list[domain.RewardOffer]] = field(default_factory=dict)
    _rules: dict[tuple[int, str], domain.Rules | None] = field(default_factory=dict)
    _templates: dict[tuple[int, str, str], tuple[str, dict[str, Texts]] | None] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings, overrides: dict[str, Channel] | None = None) -> Outlet:
        secret = settings.security.secret_key
        if secret is None:
            raise RuntimeError("messages need security.secret_key (LOYALTY_SECURITY__SECRET_KEY) to sign their links")
        return cls(channels=Channels(settings, overrides), public_url=settings.public_url,
                   secret_key=secret.get_secret_value())

    def rules(self, session: Session, program_id: int, channel: str) -> domain.Rules | None:
        key = (program_id, channel)
        if key not in self._rules:
            row = repository.channel_setting(session, program_id=program_id, channel=channel)
            self._rules[key] = None if row is None else domain.Rules(
                cap_count=row.cap_count, cap_days=row.cap_days, quiet_start_minute=row.quiet_start_minute,
                quiet_end_minute=row.quiet_end_minute)
        return self._rules[key]

    def template(self, session: Session, program_id: int, key: str, channel: str
                 ) -> tuple[str, dict[str, Texts]] | None:
        """(fallback language, texts per language) of the template, None when there is none."""
        cache_key = (program_id, key, channel)
        if cache_key not in self._templates:
            template = repository.template_by_key(session, program_id=program_id, key=key, channel=channel)
            self._templates[cache_key] = None if template is None else (template.fallback_language, {
                version.language: Texts(version.subject, version.html_body, version.text_body)
                for version in repository.versions_of(session, template_ids=[template.id])})
        return self._templates[cache_key]

    @property
    def host(self) -> str:
        return urlsplit(self.public_url).hostname or "localhost"

    def unsubscribe_url(self, message_id: int) -> str:
        return f"{self.public_url}/u/{domain.sign(self.secret_key, 'unsubscribe', message_id)}"


@dataclass(frozen=True)
class Delivery:
    """What a delivery did with one message: sent, skipped (with `reason`), delayed, retry (a
    passing failure), failed, or released (not tried: the batch stopped before it)."""

    outcome: str
    reason: str | None = None


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


def _variables(program: Program, member: Member, *, balance: int, tier: Any, offers: list[domain.RewardOffer],
               language: str | None, recommended: Sequence[RecommendationRead] = ()) -> dict[str, Any]:
    unit = program.units[0] if program.units else "points"
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
        # The member's first recommended products (docs/recommendations.md), best first.
        "recommended_products": [{"sku": item.ref, "name": item.name or item.ref, "category": item.category}
                                 for item in recommended],
    }


def _survey_url(outlet: Outlet, context: dict[str, Any], member_id: int) -> dict[str, str]:
    """`survey_url` for a message whose context names a survey (`{"survey_id": 12}`, e.g. a journey's
    send step): the member's own signed answer link, usable without signing in (docs/surveys.md)."""
    survey_id = context.get("survey_id")
    if isinstance(survey_id, bool) or not isinstance(survey_id, int) or survey_id < 1:
        return {}
    token = domain.survey_token(outlet.secret_key, survey_id, member_id)
    return {"survey_url": outlet.public_url + domain.survey_path(survey_id, token)}


def personalization(*, session: Session, program: Program, member: Member, outlet: Outlet | None,
                    language: str | None = None) -> dict[str, Any]:
    """The variables every template sees: the member's name, balance, tier, the rewards within
    reach, the recommended products."""
    unit = program.units[0] if program.units else "points"
    balance = ledger.wallet_summary(session=session, program=program, member_id=member.id).get(
        unit, {}).get("available", 0)
    tier = tiers.member_tier(session=session, program_id=program.id, member_id=member.id)
    offers = _offers(session, program, outlet.offers if outlet is not None else {})
    recommended = recommendations.products_for_members(session=session, program_id=program.id, member_ids=[member.id],
                                                       limit=RECOMMENDED_PRODUCTS)[member.id]
    return _variables(program, member, balance=balance, tier=tier, offers=offers, language=language,
                      recommended=recommended)


@dataclass(frozen=True)
class _Claimed:
    """A message as the batch claimed it (attempts already counts this one)."""

    id: int
    program_id: int
    member_id: int
    channel: str
    template_key: str
    source: str
    context: dict[str, Any]
    attempts: int
    tracking_token: str


@dataclass
class _Outcome:
    delivery: Delivery
    values: dict[str, Any]
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    stop: bool = False  # the channel is failing: the batch gives the rest back
    record: Record | None = None  # the adapter's database part, for the record unit of work


@dataclass
class _Batch:
    """Everything a batch's decisions need, read in a few set queries right after the claim."""

    now: datetime
    outlet: Outlet
    members: dict[int, tuple[Member, Program]]
    consents: dict[int, dict[str, Any]]
    suppressed: set[tuple[int, str, str]]
    sent: dict[tuple[int, str], int]
    balances: dict[int, int]
    tiers: dict[int, Any]
    offers: dict[int, list[domain.RewardOffer]]
    recommended: dict[int, list[RecommendationRead]]
    rules: dict[tuple[int, str], domain.Rules | None]
    templates: dict[tuple[int, str, str], tuple[str, dict[str, Texts]] | None]
    # The prepared channels' adapters for this batch (push, with the members' devices read).
    adapters: dict[str, Channel] = field(default_factory=dict)

    def adapter(self, channel: str) -> Channel | None:
        return self.adapters.get(channel) or self.outlet.channels.get(channel)


def _is_session_channel(adapter: Channel | None) -> bool:
    return adapter is not None and hasattr(adapter, "bound")


def _recipient(member: Member, program: Program) -> Recipient:
    return Recipient(member_id=member.id, program_id=program.id, email=member.email, phone=member.phone,
                     first_name=member.first_name, language=member.preferred_language)


def _load(session: Session, claimed: list[_Claimed], outlet: Outlet, now: datetime) -> _Batch:
    found = member_rows.members_with_programs(session, [message.member_id for message in claimed])
    programs = {program.id: program for _member, program in found.values()}
    members_of: dict[int, list[int]] = {}
    for member, program in found.values():
        members_of.setdefault(program.id, []).append(member.id)
    balances: dict[int, int] = {}
    member_tiers: dict[int, Any] = {}
    offers: dict[int, list[domain.RewardOffer]] = {}
    recommended: dict[int, list[RecommendationRead]] = {}
    for program_id, member_ids in members_of.items():
        program = programs[program_id]
        unit = program.units[0] if program.units else "points"
        balances.update(ledger.available_balances(session=session, program=program, unit=unit,
                                                  member_ids=member_ids))
        member_tiers.update(tiers.member_tiers(session=session, program_id=program_id, member_ids=member_ids))
        offers[program_id] = _offers(session, program, outlet.offers)
        recommended.update(recommendations.products_for_members(session=session, program_id=program_id,
                                                                member_ids=member_ids, limit=RECOMMENDED_PRODUCTS))
    consents = members.current_consents(session=session, member_ids=list(found))
    # Addresses the adapters know without the database; session channels ask in their own unit.
    wanted_suppressions: dict[tuple[int, str], set[str]] = {}
    groups: dict[tuple[int, str], set[int]] = {}
    rules: dict[tuple[int, str], domain.Rules | None] = {}
    templates: dict[tuple[int, str, str], tuple[str, dict[str, Texts]] | None] = {}
    recipients: dict[str, dict[int, Recipient]] = {}
    for message in claimed:
        if message.member_id in found:
            member, program = found[message.member_id]
            recipients.setdefault(message.channel, {})[member.id] = _recipient(member, program)
    adapters: dict[str, Channel] = {}
    for channel, of_channel in recipients.items():
        unprepared = outlet.channels.get(channel)
        if unprepared is not None and hasattr(unprepared, "prepare"):
            adapters[channel] = cast(PreparedChannel, unprepared).prepare(session, list(of_channel.values()))
    for message in claimed:
        if message.member_id not in found:
            continue
        member, program = found[message.member_id]
        groups.setdefault((program.id, message.channel), set()).add(member.id)
        template_key = (program.id, message.template_key, message.channel)
        if template_key not in templates:
            templates[template_key] = outlet.template(session, *template_key)
        adapter = adapters.get(message.channel) or outlet.channels.get(message.channel)
        if adapter is None or _is_session_channel(adapter):
            continue
        address = adapter.address_of(_recipient(member, program))
        if address:
            wanted_suppressions.setdefault((program.id, message.channel), set()).add(address.lower())
    suppressed = {(program_id, channel, address)
                  for (program_id, channel), addresses in wanted_suppressions.items()
                  for address in repository.suppressed_among(session, program_id=program_id, channel=channel,
                                                             addresses=sorted(addresses))}
    sent: dict[tuple[int, str], int] = {}
    capped: list[tuple[int, str, set[int], domain.Rules]] = []
    for (program_id, channel), group in groups.items():
        rule = rules[(program_id, channel)] = outlet.rules(session, program_id, channel)
        if rule is not None and rule.cap_count is not None:
            capped.append((program_id, channel, group, rule))
    # Counted under the lock: another batch's claim of the same member is committed (and seen
    # as `sending`) before this count, or waits for this one's.
    repository.lock_caps(session, keys=[(member_id, channel) for _p, channel, group, _r in capped
                                        for member_id in group])
    claimed_ids = [message.id for message in claimed]
    for _program_id, channel, group, rule in capped:
        counts = repository.sent_counts_since(session, member_ids=sorted(group), channel=channel,
                                              since=domain.cap_window_start(now, rule.cap_days),
                                              claimed_ids=claimed_ids)
        sent.update({(member_id, channel): count for member_id, count in counts.items()})
    return _Batch(now=now, outlet=outlet, members=found, consents=consents, suppressed=suppressed, sent=sent,
                  balances=balances, tiers=member_tiers, offers=offers, recommended=recommended, rules=rules,
                  templates=templates,
                  adapters=adapters)


def _payload(message: _Claimed, **extra: Any) -> dict[str, Any]:
    return {"message_id": message.id, "source": message.source, "channel": message.channel,
            "template_key": message.template_key, **extra}


def _skipped(batch: _Batch, message: _Claimed, reason: str) -> _Outcome:
    return _Outcome(Delivery("skipped", reason),
                    {"status": "skipped", "skip_reason": reason, "updated_at": batch.now},
                    [("message.skipped", _payload(message, reason=reason))])


def _failed(batch: _Batch, message: _Claimed, error: str) -> _Outcome:
    return _Outcome(Delivery("failed", error[:200]),
                    {"status": "failed", "error": error[:500], "updated_at": batch.now},
                    [("message.failed", _payload(message, error=error[:500]))])


def _passing_failure(batch: _Batch, message: _Claimed, error: str) -> _Outcome:
    if message.attempts >= MAX_ATTEMPTS:
        return _failed(batch, message, error)
    return _Outcome(Delivery("retry", error[:200]),
                    {"status": "queued", "error": error[:500], "updated_at": batch.now}, stop=True)


def _released(batch: _Batch, message: _Claimed, *, lost_job: bool) -> _Outcome:
    """Not tried: back to the queue as it was (`lost_job`: the sweep defers it again soon)."""
    values: dict[str, Any] = {"status": "queued", "attempts": message.attempts - 1, "updated_at": batch.now}
    if lost_job:
        values["job_deferred_at"] = None
    return _Outcome(Delivery("released"), values)


def _deliver_one(batch: _Batch, message: _Claimed, adapter: Channel | None,
                 is_suppressed: Callable[[int, str, str], bool]) -> _Outcome:
    """Decide and (maybe) send one claimed message, in this order: the member, the channel's
    adapter, consent, an address, the suppression list, quiet hours (delay), the frequency cap,
    the template; then render and hand it to the adapter."""
    now, outlet = batch.now, batch.outlet
    found = batch.members.get(message.member_id)
    if found is None:
        return _skipped(batch, message, "no_member")
    member, program = found
    if member.status != "active":
        return _skipped(batch, message, "member_blocked")
    if adapter is None:
        return _skipped(batch, message, "no_channel")
    if adapter.consent_channel is not None:
        decision = batch.consents.get(member.id, {}).get(adapter.consent_channel)
        if decision is None or not decision.granted:
            return _skipped(batch, message, "no_consent")
    address = adapter.address_of(_recipient(member, program))
    if not address:
        return _skipped(batch, message, "no_address")
    if is_suppressed(program.id, message.channel, address.lower()):
        return _skipped(batch, message, "suppressed")
    rules = batch.rules.get((program.id, message.channel))
    if rules is not None:
        tz = domain.zone((member.attributes or {}).get("timezone"), program.timezone)
        until = domain.quiet_until(now, tz=tz, start_minute=rules.quiet_start_minute,
                                   end_minute=rules.quiet_end_minute)
        if until is not None:
            return _Outcome(Delivery("delayed", "quiet_hours"), {
                "status": "queued", "send_after": until, "job_deferred_at": None, "updated_at": now,
                "attempts": message.attempts - 1},
                [("message.delayed", {"message_id": message.id, "source": message.source, "channel": message.channel,
                                      "reason": "quiet_hours", "until": until.isoformat()})])
        if domain.is_capped(batch.sent.get((member.id, message.channel), 0), rules.cap_count):
            return _skipped(batch, message, "frequency_cap")
    template = batch.templates.get((program.id, message.template_key, message.channel))
    language = None if template is None else domain.choose_language(
        template[1], wanted=[member.preferred_language, program.locale], fallback=template[0])
    if template is None or language is None:
        return _skipped(batch, message, "no_template")
    token = message.tracking_token
    unsubscribe_url = outlet.unsubscribe_url(message.id)
    variables = {**_variables(program, member, balance=batch.balances.get(member.id, 0),
                              tier=batch.tiers.get(member.id), offers=batch.offers.get(program.id, []),
                              language=language, recommended=batch.recommended.get(member.id, [])),
                 **(message.context or {}), "unsubscribe_url": unsubscribe_url,
                 **_survey_url(outlet, message.context or {}, member.id)}
    try:
        rendered = outlet.renderer.render(
            template[1][language], variables, click_url=lambda name, _url: outlet.public_url + click_path(token, name),
            open_pixel_url=f"{outlet.public_url}/t/o/{token}" if message.channel == "email" else None)
    except TemplateProblem as problem:
        return _failed(batch, message, f"template: {problem}")
    outgoing = Outgoing(
        message_id=message.id, program_id=program.id, member_id=member.id, channel=message.channel,
        address=address, subject=rendered.subject, text=rendered.text, html=rendered.html,
        headers={"Message-ID": f"<message-{message.id}@{outlet.host}>", "List-Unsubscribe": f"<{unsubscribe_url}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        data={"source": message.source, "template_key": message.template_key, "links": rendered.links,
              "url": next(iter(rendered.links.values()), None)})
    try:
        result = adapter.send(outgoing)
    except TransientChannelError as error:
        outcome = _passing_failure(batch, message, str(error))
        outcome.record = error.record
        return outcome
    except PermanentChannelError as error:
        outcome = _failed(batch, message, str(error))
        outcome.record = error.record
        return outcome
    key = (member.id, message.channel)
    batch.sent[key] = batch.sent.get(key, 0) + 1  # a second message of this batch to the member counts it
    values: dict[str, Any] = {
        "status": "sent", "sent_at": now, "updated_at": now, "language": language, "address": address,
        "subject": rendered.subject[:500], "provider_id": (result.provider_id or "")[:200] or None,
        "links": rendered.links, "error": None}
    events_of = [("message.sent", _payload(message))]
    if result.delivered:
        values["delivered_at"] = now
        events_of.append(("message.delivered", _payload(message)))
    return _Outcome(Delivery("sent"), values, events_of, record=result.record)


def deliver_batch(*, database: Database, outlet: Outlet, now: datetime, message_ids: Sequence[int] | None = None,
                  limit: int = BATCH_LIMIT) -> dict[int, Delivery]:
    """Deliver up to `limit` queued, due messages (those of `message_ids`, or the oldest due):
    what happened to each claimed one, by id; messages not queued or not due are left out.

    1. One unit of work claims them (`queued` -> `sending`, committed: of two workers given the
       same messages each gets its own) and reads what the decisions need in set queries.
    2. Outside any transaction, each message is decided, rendered and handed to its adapter;
       e-mail goes over one SMTP connection for the batch, push posts to the push services
       (its devices were read in step 1).
    3. One unit of work handles the session channels' messages (the app's inbox, pure database
       writes), runs what the other adapters left to record (a push device gone), and writes
       every outcome: the statuses in one executemany, the events with it.

    The frequency cap is enforced, not only checked: step 1 locks the members of the batch
    whose channel has a cap (PostgreSQL, in id order; SQLite has one writer) before counting,
    and counts the messages other batches hold `sending` as sent. Of two workers delivering to
    one member at once, the second sees the first's message and keeps the cap (a message that
    then fails still counted: the cap errs on fewer messages).

    At least once: a worker that dies between handing a message over and step 3 leaves it
    `sending`; the sweep puts it back in the queue after SENDING_STALE_AFTER, and it goes again
    with the same Message-ID. A passing channel failure stops the batch: that message is
    queued again with its error (failed after MAX_ATTEMPTS), the untried ones are given back.
    """
    with unit_of_work(database) as session:
        claimed = [_Claimed(*row) for row in repository.claim_batch(
            session, message_ids=message_ids, now=now, limit=limit)]
        if not claimed:
            return {}
        batch = _load(session, claimed, outlet, now)
    started = time.monotonic()
    outcomes: dict[int, _Outcome] = {}
    later: list[_Claimed] = []
    stopped = False

    def suppressed(program_id: int, channel: str, address: str) -> bool:
        return (program_id, channel, address) in batch.suppressed

    with outlet.channels.batch():
        for message in claimed:
            adapter = batch.adapter(message.channel)
            if _is_session_channel(adapter):
                later.append(message)
                continue
            if stopped or time.monotonic() - started > BATCH_DEADLINE_SECONDS:
                outcomes[message.id] = _released(batch, message, lost_job=not stopped)
                continue
            try:
                outcome = _deliver_one(batch, message, adapter, suppressed)
            except Exception as error:  # noqa: BLE001 - one message's bug must not lose the batch's record
                log.exception("delivering message %s failed", message.id)
                outcome = _passing_failure(batch, message, f"{type(error).__name__}: {error}")
            outcomes[message.id] = outcome
            stopped = stopped or outcome.stop
        with unit_of_work(database) as session:
            for message in later:
                if stopped or time.monotonic() - started > BATCH_DEADLINE_SECONDS:
                    outcomes[message.id] = _released(batch, message, lost_job=not stopped)
                    continue
                bound = cast(SessionChannel, batch.adapter(message.channel)).bound(session)

                def suppressed_here(program_id: int, channel: str, address: str) -> bool:
                    return repository.is_suppressed(session, program_id=program_id, channel=channel, address=address)

                try:
                    with session.begin_nested():
                        outcome = _deliver_one(batch, message, bound, suppressed_here)
                except Exception as error:  # noqa: BLE001 - its savepoint is rolled back; the others stand
                    log.exception("delivering message %s failed", message.id)
                    outcome = _passing_failure(batch, message, f"{type(error).__name__}: {error}")
                outcomes[message.id] = outcome
                stopped = stopped or outcome.stop
            for message_id, outcome in outcomes.items():
                if outcome.record is None:
                    continue
                try:
                    with session.begin_nested():
                        outcome.record(session)
                except Exception:  # noqa: BLE001 - the message went: its outcome is recorded all the same
                    log.exception("recording what the channel said about message %s failed", message_id)
            repository.set_messages(session, [{"id": message_id, **outcome.values}
                                              for message_id, outcome in outcomes.items()])
            by_id = {message.id: message for message in claimed}
            events.record_many(session=session, rows=[
                {"program_id": by_id[message_id].program_id, "member_id": by_id[message_id].member_id,
                 "type": type_, "actor": "messaging", "payload": payload}
                for message_id, outcome in outcomes.items() for type_, payload in outcome.events])
    return {message_id: outcome.delivery for message_id, outcome in sorted(outcomes.items())}


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
# A message left "sending" this long: its batch died between handing it over and writing the
# outcome (a crash, a lost connection). The sweep queues it again and it is sent again, with the
# same Message-ID (at least once). Far above BATCH_DEADLINE_SECONDS plus one send's timeout.
SENDING_STALE_AFTER = timedelta(minutes=5)


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


@dataclass(frozen=True)
class Tracked:
    """What a tracking link found, read without writing: `url` the link leads to (None: no such
    link), and whether following it has something to record (the first open, the link's first
    click)."""

    url: str | None
    to_record: bool


def tracked_open(*, session: Session, token: str) -> Tracked:
    """Read only: whether the open pixel of `token` is the message's first open."""
    message = repository.message_by_token(session, token=token)
    return Tracked(None, message is not None and message.status == "sent" and message.opened_at is None)


def tracked_click(*, session: Session, token: str, link: str) -> Tracked:
    """Read only: where the link named `link` of `token`'s message leads (None for an unknown
    message or a link it does not have: never an open redirect), and whether it is the first
    click on that link."""
    message = repository.message_by_token(session, token=token)
    if message is None or message.status != "sent":
        return Tracked(None, False)
    url = (message.links or {}).get(link)
    if url is None:
        return Tracked(None, False)
    return Tracked(_destination(message, url), message.opened_at is None or not repository.link_clicked(
        session, message_id=message.id, link=link))


def _destination(message: Message, url: str) -> str:
    """Where a tracked link sends the member: the address as written, with the UTM parameters
    that tell the shop's analytics (and the browsing domain) which campaign, journey or
    message brought the visit."""
    return domain.with_utm(url, medium=message.channel,
                           campaign=domain.utm_campaign_of(source=message.source, template_key=message.template_key))


def record_open(*, session: Session, token: str, now: datetime | None = None) -> bool:
    """The open pixel was fetched: `message.opened` the first time only (mail clients fetch it again)."""
    message = repository.message_by_token(session, token=token)
    if message is None or message.status != "sent":
        return False
    if repository.set_first(session, message_id=message.id, column="opened_at", now=now or clock.now()):
        _engagement(session, message, "message.opened", {})
    return True


def record_click(*, session: Session, token: str, link: str, now: datetime | None = None) -> str | None:
    """The address the message's link named `link` leads to; the first click on each link
    records `message.clicked` (later ones only lead there). None for an unknown message or a
    link the message does not have (never an open redirect)."""
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
    if repository.add_link_click(session, message_id=message.id, link=link, now=now):
        repository.set_first(session, message_id=message.id, column="clicked_at", now=now)
        _engagement(session, message, "message.clicked", {"link": link, "url": url})
    return _destination(message, url)


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
                 **(context or {}), "unsubscribe_url": "#unsubscribe",
                 **({"survey_url": "#survey"} if (context or {}).get("survey_id") else {})}
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


def member_data(*, session: Session, program_id: int, member_id: int) -> list[dict[str, Any]]:
    """Every message queued for the member (their data export): channel, template, address, subject,
    status and why it was skipped or failed, when sent, delivered, opened and clicked, and each
    tracked link click. The tracking token, the de-duplication key, the provider's id and the
    rendering context (which may hold one-time sign-in codes) stay out. Two statements."""
    clicks: dict[int, list[dict[str, Any]]] = {}
    for click in repository.member_link_clicks(session, program_id=program_id, member_id=member_id):
        clicks.setdefault(click.message_id, []).append(row_values(click, ("link", "clicked_at")))
    return [row_values(message, (
        "channel", "template_key", "source", "language", "address", "subject", "status", "skip_reason", "error",
        "send_after", "created_at", "sent_at", "delivered_at", "opened_at", "clicked_at"),
        link_clicks=clicks.get(message.id, []))
        for message in repository.member_message_rows(session, program_id=program_id, member_id=member_id)]
