"""A member's segment facts computed in Python, one query per family: what `conditions.evaluate`
needs to judge a segment's tree for one member. The compiled SQL is the fast path; this is
its reference (tests hold the two to the same answers) and the single customer view's
explanation."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from loyalty.campaigns.models import CampaignMember
from loyalty.events.models import Event
from loyalty.journeys.models import JourneyEnrolment
from loyalty.kernel import clock
from loyalty.ledger.models import WALLET, Account
from loyalty.members.models import Member, MemberConsent
from loyalty.purchases.models import Purchase, PurchaseLine
from loyalty.rules.domain import build_member_facts
from loyalty.scoring.models import MemberScore
from loyalty.segment_membership.lookup import SEGMENTS_FIELD, member_segment_ids
from loyalty.segments.fields import ACTIVE_ENROLMENT_STATES, CONSENT_CHANNELS, CUSTOM_EVENT, TAGS_ATTRIBUTE, WINDOWS
from loyalty.tiers import service as tiers


def member_facts(session: Session, *, program_id: int, timezone: str, member: Member, now: datetime) -> dict[str, Any]:
    tier = tiers.member_tier_code(session=session, program_id=program_id, member_id=member.id)
    facts: dict[str, Any] = build_member_facts(
        timezone=timezone, at=now, enrolled_at=member.enrolled_at, enrolment_channel=member.enrolment_channel,
        birth_date=member.birth_date, preferred_language=member.preferred_language,
        has_email=member.email is not None, attributes=member.attributes, tier=tier).flat()
    facts["member.status"] = member.status
    tags = (member.attributes or {}).get(TAGS_ATTRIBUTE)
    facts["member.tags"] = tags if isinstance(tags, list) else None
    balance = session.scalar(select(Account.balance).where(
        Account.program_id == program_id, Account.member_id == member.id, Account.kind == WALLET,
        Account.unit == "points"))
    facts["member.points_balance"] = int(balance or 0)
    score = session.get(MemberScore, (program_id, member.id))
    facts["member.rfm_cell"] = score.rfm_cell if score else None
    facts["member.predicted_value"] = score.predicted_value if score else None
    facts["member.churn_risk"] = score.churn_risk if score else None
    for channel in CONSENT_CHANNELS:
        facts[f"member.consents.{channel}"] = session.scalar(
            select(MemberConsent.granted).where(MemberConsent.member_id == member.id, MemberConsent.channel == channel)
            .order_by(MemberConsent.id.desc()).limit(1))
    facts[SEGMENTS_FIELD] = member_segment_ids(session, program_id=program_id, member_id=member.id)

    purchases = session.execute(select(Purchase.id, Purchase.occurred_at, Purchase.total_minor,
                                       Purchase.refunded_minor, Purchase.channel, Purchase.store_code)
                                .where(Purchase.program_id == program_id, Purchase.member_id == member.id)).all()
    facts["behaviour.purchase_count"] = len(purchases)
    facts["behaviour.purchase_value"] = sum(p.total_minor - p.refunded_minor for p in purchases)
    for days in WINDOWS:
        recent = [p for p in purchases if clock.as_utc(p.occurred_at) > now - timedelta(days=days)]
        facts[f"behaviour.purchase_count_{days}d"] = len(recent)
        facts[f"behaviour.purchase_value_{days}d"] = sum(p.total_minor - p.refunded_minor for p in recent)
    if purchases:
        last = max(clock.as_utc(p.occurred_at) for p in purchases)
        facts["behaviour.days_since_last_purchase"] = max(
            0, (clock.local_date(now, timezone) - clock.local_date(last, timezone)).days)
    facts["behaviour.channels"] = sorted({p.channel for p in purchases}) or None
    facts["behaviour.stores"] = sorted({p.store_code for p in purchases if p.store_code is not None}) or None
    lines = session.execute(select(PurchaseLine.sku, PurchaseLine.category).join(
        Purchase, Purchase.id == PurchaseLine.purchase_id).where(
        Purchase.program_id == program_id, Purchase.member_id == member.id)).all()
    facts["behaviour.skus_bought"] = sorted({line.sku for line in lines}) or None
    facts["behaviour.categories_bought"] = sorted({line.category for line in lines if line.category}) or None
    facts["behaviour.event_types"] = sorted(set(session.scalars(select(Event.type).where(
        Event.program_id == program_id, Event.member_id == member.id)).all())) or None
    facts["behaviour.custom_events"] = sorted({payload.get("type") for payload in session.scalars(
        select(Event.payload).where(Event.program_id == program_id, Event.member_id == member.id,
                                    Event.type == CUSTOM_EVENT)).all()
        if isinstance(payload, dict) and isinstance(payload.get("type"), str)}) or None
    facts["journey.in"] = sorted(set(session.scalars(select(JourneyEnrolment.journey_id).where(
        JourneyEnrolment.program_id == program_id, JourneyEnrolment.member_id == member.id,
        JourneyEnrolment.state.in_(ACTIVE_ENROLMENT_STATES))).all())) or None
    facts["campaign.received"] = sorted(set(session.scalars(select(CampaignMember.campaign_id).where(
        CampaignMember.program_id == program_id, CampaignMember.member_id == member.id,
        CampaignMember.outcome == "reached")).all())) or None
    return facts
