"""Loads a generated data set through the real services, replaying its history in time order.

Every member is enrolled (with a friend's referral code when they had one), every receipt
recorded (with the coupons the member holds and can use on it), refunded and reviewed, every
reward redeemed and every parcel moved on by the same service calls the API makes, so
earning rules, tiers, referral rewards, stamp cards, vouchers, stock, caps, pending periods,
expiry and the ledger all run as they would in production. The clock
(loyalty.kernel.clock) is moved to each moment of the history while it is replayed, and the
daily jobs (pending points becoming available, lots expiring, birthdays, tier reviews) run at
every local midnight, so timelines, lots and balances look as if the shop had been live for
two years. The real clock is restored at the end.

The program's 14-day pending period is switched on two weeks before "now" (a real config
change, made with the programs service): until then points are available at once. Replaying
the period from the first day would release every lot of the year one by one at the
following midnights, doubling the load time, while the result the demo shows is the same:
recent points pending, older points spendable.

The program's offer (tiers placed on the data, the referral programme, causes, the cinema's
code pool, voucher campaigns with their codes, and the rewards catalogue) is created with the
program, before the history starts. Which codes a member holds is known only while replaying
(codes are drawn with `secrets`): coupons from rewards and stamp cards go into the member's
wallet here and are used on the next receipt they fit, as a member at the till would.

Writes are committed in batches (one unit of work per `batch_size` operations). The last
write, in a unit of work of its own once everything else is committed, is the program's
`demo.loaded` event: a load stopped at any point before it (a kill, an out-of-memory kill, a
power cut) leaves a demo program without it, which `is_loaded` tells from a finished one.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.demo import boards as demo_boards
from loyalty.demo import browsing as demo_browsing
from loyalty.demo import engagement, programme
from loyalty.demo import gamification as demo_gamification
from loyalty.demo import journeys as demo_journeys
from loyalty.demo import segments as demo_segments
from loyalty.demo import surveys as demo_surveys
from loyalty.demo.programme import CURRENCY, PENDING_DAYS, TIMEZONE, demo_rules
from loyalty.demo.specs import (
    DemoData,
    FulfilmentSpec,
    MailingSpec,
    MemberSpec,
    PurchaseSpec,
    RedemptionSpec,
    RefundSpec,
    ReviewSpec,
    TimelineItem,
    occurred_at,
)
from loyalty.events import service as events
from loyalty.kernel import clock
from loyalty.kernel.errors import DomainError
from loyalty.ledger import service as ledger
from loyalty.members import service as members
from loyalty.members.schemas import Address, MemberCreate
from loyalty.programs import service as programs
from loyalty.programs.models import Program
from loyalty.programs.schemas import ProgramCreate, ProgramUpdate
from loyalty.purchases import activity
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate, RefundCreate
from loyalty.referrals import service as referrals
from loyalty.referrals.schemas import ReferralProgramUpdate
from loyalty.rewards import service as rewards
from loyalty.rewards.schemas import CauseCreate, CodePoolCreate, RedemptionCreate, RewardCreate, StatusChange
from loyalty.rules import service as rules
from loyalty.rules.schemas import RuleCreate
from loyalty.scoring import service as scoring
from loyalty.tiers import service as tiers
from loyalty.tiers.schemas import TierCreate, TierPolicyWrite
from loyalty.vouchers import service as vouchers
from loyalty.vouchers.domain import build_pattern
from loyalty.vouchers.schemas import CampaignCreate
from loyalty.worker.tasks_recommendations import refresh_program as refresh_recommendations

DEMO_PROGRAM_NAME = "Demo Coffee & Grocery"
# The program's event that marks its load finished.
DEMO_LOADED = "demo.loaded"
ACTOR = "demo"
DEFAULT_BATCH_SIZE = 500
# Codes a campaign holds beyond what the data set is planned to hand out.
SPARE_CODES = 20

ProgressCallback = Callable[[int], None]


@dataclass(frozen=True)
class LoadReport:
    program_id: int
    members: int
    purchases: int
    refunds: int
    reviews: int
    points_released: int
    lots_expired: int
    birthday_awards: int
    referrals_linked: int
    redemptions: int
    # Redemptions the catalogue refused every wish of (the generator's estimate of a balance, a
    # stock or a tier was off); the member then went without.
    redemptions_refused: int
    status_changes: int
    codes_published: int
    coupons_used: int
    stamp_cards_filled: int
    tier_reviews: int
    seconds: float


def create_demo_program(session: Session, *, created_at: datetime | None = None,
                        pending_days: int = PENDING_DAYS) -> Program:
    """The demo program with its earning rules (create_demo_offer adds the rest of what it offers)."""

    program = programs.create_program(session=session, data=ProgramCreate.model_validate({
        "name": DEMO_PROGRAM_NAME, "currency": CURRENCY, "timezone": TIMEZONE, "locale": "pl",
        "point_value": Decimal("0.01"),
        "expiry_policy": {"kind": "months_after_earning", "months": programme.POINTS_EXPIRE_AFTER_MONTHS},
        "pending_days": pending_days, "claim_window_days": 30, "units": list(programme.UNITS), "card_prefix": "2790",
    }))
    if created_at is not None:
        program.created_at = created_at
    for rule in demo_rules():
        rules.create_rule(session=session, program=program, data=RuleCreate.model_validate(rule), actor=ACTOR)
    return program


@dataclass(frozen=True)
class DemoOffer:
    """The ids the replay needs: rewards and voucher campaigns by their key in demo.programme."""

    reward_ids: dict[str, int]
    campaign_ids: dict[str, int]
    code_pool_id: int


def create_demo_offer(session: Session, *, program: Program, data: DemoData) -> DemoOffer:
    """Tiers (thresholds placed on `data`), the referral programme, causes, the cinema's code pool,
    the voucher campaigns with enough codes for the history, and the rewards catalogue."""
    for level in programme.tier_levels(data.tier_thresholds or engagement.DEFAULT_THRESHOLDS):
        tiers.create_level(session=session, program=program, data=TierCreate.model_validate(level), actor=ACTOR)
    tiers.set_policy(session=session, program=program, data=TierPolicyWrite.model_validate(programme.tier_policy()),
                     actor=ACTOR)
    referrals.update_settings(session=session, program=program, actor=ACTOR,
                              data=ReferralProgramUpdate.model_validate(programme.referral_programme()))
    cause_ids = {cause.key: rewards.create_cause(session=session, program=program, actor=ACTOR, data=CauseCreate(
        name=cause.name, description=cause.description)).id for cause in programme.CAUSES}
    pool = rewards.create_code_pool(session=session, program=program, actor=ACTOR, data=CodePoolCreate(
        name=programme.CODE_POOL_NAME, low_threshold=programme.CODE_POOL_LOW_THRESHOLD))
    rewards.import_codes(session=session, program=program, pool_id=pool.id, actor=ACTOR,
                         csv_text="code\n" + "".join(f"{code}\n" for code in data.partner_codes))
    christmas_starts, christmas_ends = engagement.christmas_window(data.now)
    campaign_ids: dict[str, int] = {}
    for offer in programme.CAMPAIGNS:
        body = dict(offer.definition)
        if offer.key == programme.XMAS:
            body.update(starts_at=christmas_starts, ends_at=christmas_ends)
        campaign = vouchers.create_campaign(session=session, program=program, actor=ACTOR,
                                            data=CampaignCreate.model_validate(body))
        vouchers.generate_codes(session=session, program=program, campaign_id=campaign.id, actor=ACTOR,
                                count=codes_needed(data, offer.key), pattern=build_pattern(pattern=offer.pattern))
        campaign_ids[offer.key] = campaign.id
    reward_ids: dict[str, int] = {}
    for reward in programme.REWARDS:
        body = {"kind": reward.kind, "names": reward.names, "descriptions": reward.descriptions,
                "points_price": reward.points_price, "money_price": reward.money_price_minor, "stock": reward.stock,
                "limit_per_member": reward.limit_per_member, "eligible_tiers": list(reward.eligible_tiers),
                "cashback_rate": reward.cashback_rate}
        if reward.kind == programme.E_VOUCHER:
            body["code_pool_id"] = pool.id
        if reward.campaign is not None:
            body["voucher_campaign_id"] = campaign_ids[reward.campaign]
        if reward.cause is not None:
            body["cause_id"] = cause_ids[reward.cause]
        reward_ids[reward.key] = rewards.create_reward(session=session, program=program, actor=ACTOR,
                                                       data=RewardCreate.model_validate(body)).id
    demo_journeys.create_demo_journeys(session, program=program)
    return DemoOffer(reward_ids=reward_ids, campaign_ids=campaign_ids, code_pool_id=pool.id)


def codes_needed(data: DemoData, campaign: str) -> int:
    """How many codes a campaign is generated with: what the history can hand out, and some spare."""
    if campaign == programme.XMAS:
        mailed = sum(len(mailing.member_indexes) for mailing in data.mailings if mailing.campaign == campaign)
        return max(programme.XMAS_CODES, 2 * mailed)
    if campaign == programme.FREE_COFFEE:
        # Every full card of stamps is a coupon: stamps come one per coffee a member buys.
        coffees: dict[int, int] = defaultdict(int)
        for purchase in data.purchases:
            if purchase.member_index is not None:
                coffees[purchase.member_index] += sum(line.quantity for line in purchase.lines
                                                      if line.category == "coffee")
        return sum(count // programme.STAMP_CARD_SIZE for count in coffees.values()) + SPARE_CODES
    rewards_of_campaign = {reward.key for reward in programme.REWARDS if reward.campaign == campaign}
    wished = sum(1 for redemption in data.redemptions for wish in redemption.wishes
                 if wish.reward in rewards_of_campaign)
    return wished + SPARE_CODES


def operation_count(data: DemoData) -> int:
    """How many steps `load` reports progress for: one per member, mailing, receipt, refund,
    review, redemption and status change."""
    return (len(data.members) + len(data.mailings) + len(data.purchases) + len(data.refunds) + len(data.reviews)
            + len(data.redemptions) + len(data.fulfilments))


def load(database: Database, data: DemoData, *, batch_size: int = DEFAULT_BATCH_SIZE,
         on_progress: ProgressCallback | None = None) -> LoadReport:
    """Create the demo program, replay `data` into it and, last, mark it loaded; the real clock
    is restored afterwards."""
    started = time.perf_counter()
    replay = _Replay(database, data, batch_size, on_progress or (lambda _done: None))
    try:
        replay.run()
    finally:
        clock.set_clock(None)
    counts = replay.counts
    report = LoadReport(
        program_id=replay.program_id, members=len(data.members), purchases=len(data.purchases),
        refunds=len(data.refunds), reviews=len(data.reviews), points_released=counts["released"],
        lots_expired=counts["expired"], birthday_awards=counts["birthdays"], referrals_linked=counts["referrals"],
        redemptions=counts["redemptions"], redemptions_refused=counts["redemptions_refused"],
        status_changes=counts["status_changes"], codes_published=counts["codes_published"],
        coupons_used=counts["coupons_used"], stamp_cards_filled=counts["stamp_cards"],
        tier_reviews=counts["tier_reviews"], seconds=time.perf_counter() - started,
    )
    with unit_of_work(database) as session:
        program = programs.get_program(session=session, program_id=report.program_id)
        # Scored before the segments are computed: "high value at risk" reads the scores.
        scoring.score_program(session, program.id, clock.now())
        # The replay's purchase events have not reached the worker's segments subscriber yet: the
        # members' activity rows (what purchase conditions read) are made from the history here.
        activity.rebuild(session, program_id=program.id)
        segment_ids = demo_segments.create_demo_segments(session, program=program)
        recent = sorted({replay.member_ids[spec.member_index] for spec in data.purchases
                         if spec.member_index is not None and spec.occurred_at >= data.now - timedelta(days=30)})
        demo_gamification.create_demo_gamification(
            session, program=program, now=data.now, seed=data.seed, member_ids=sorted(replay.member_ids.values()),
            recent_shoppers=recent, vip_segment_id=segment_ids[demo_segments.VIPS])
        # As of the history's "now" (the real time when the demo is made for today): the board counts
        # the current month of the history, the contest's entries come from its last ten days.
        clock.set_clock(lambda: data.now)
        try:
            demo_boards.create_demo_boards(session, program=program)
        finally:
            clock.set_clock(None)
        demo_surveys.add_demo_surveys(session, program=program, data=data, member_ids=replay.member_ids)
        # Personal offers for every member with history, as the nightly run would leave them.
        refresh_recommendations(session, program.id, clock.now())
        events.record(session=session, program_id=report.program_id, type=DEMO_LOADED, actor=ACTOR, payload={
            "members": report.members, "purchases": report.purchases, "refunds": report.refunds,
            "reviews": report.reviews, "seconds": round(report.seconds)})
    return report


def is_loaded(session: Session, *, program_id: int) -> bool:
    """Whether the demo program's load finished (a program stopped part way lacks the mark)."""
    return events.has_program_event(session=session, program_id=program_id, type=DEMO_LOADED)


def _midnights(start: datetime, end: datetime) -> Iterator[datetime]:
    """Each local midnight after `start` up to `end` (as UTC instants)."""
    zone = ZoneInfo(TIMEZONE)
    day = start.astimezone(zone).date() + timedelta(days=1)
    while True:
        midnight = datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)
        if midnight > end:
            return
        yield midnight
        day += timedelta(days=1)


class _Wallet:
    """The voucher codes one member holds, by campaign key, oldest first."""

    def __init__(self) -> None:
        self.codes: dict[str, list[str]] = defaultdict(list)

    def add(self, campaign: str, code: str) -> None:
        self.codes[campaign].append(code)

    def take(self, campaign: str) -> str | None:
        held = self.codes.get(campaign)
        return held[0] if held else None

    def discard(self, code: str) -> None:
        for held in self.codes.values():
            if code in held:
                held.remove(code)


def _fits(campaign: str, spec: PurchaseSpec) -> bool:
    """Whether a member would hand this coupon over for this basket."""
    skus = {line.sku for line in spec.lines}
    if campaign == programme.FREE_COFFEE:
        return programme.FREE_COFFEE_SKU in skus
    if campaign == programme.FREE_CROISSANT:
        return programme.FREE_CROISSANT_SKU in skus
    if campaign == programme.TEN_OFF:
        return spec.total_minor >= programme.TEN_OFF_MIN_TOTAL_MINOR
    return campaign == programme.GIFT_CARD


class _Replay:
    def __init__(self, database: Database, data: DemoData, batch_size: int, on_progress: ProgressCallback) -> None:
        self.database = database
        self.data = data
        self.batch_size = batch_size
        self.on_progress = on_progress
        self.program_id = 0
        self.offer = DemoOffer(reward_ids={}, campaign_ids={}, code_pool_id=0)
        self.member_ids: dict[int, int] = {}
        self.referral_codes: dict[int, str] = {}
        self.wallets: dict[int, _Wallet] = defaultdict(_Wallet)
        self.purchase_ids: dict[str, int] = {}
        self.parcels: dict[str, int] = {}  # redemption external id -> id, for physical items
        self.member_index = {member.external_id: index for index, member in enumerate(data.members)}
        self.counts: Counter[str] = Counter()
        self.purchase_seen = False

    def run(self) -> None:
        timeline = self.data.timeline()
        history_starts = min((occurred_at(item) for item in timeline), default=self.data.now)
        self._set_clock(history_starts - timedelta(hours=1))
        pending_from = self.data.now - timedelta(days=PENDING_DAYS)
        with unit_of_work(self.database) as session:
            program = create_demo_program(session, created_at=history_starts - timedelta(hours=1),
                                          pending_days=0 if history_starts < pending_from else PENDING_DAYS)
            self.offer = create_demo_offer(session, program=program, data=self.data)
            self.program_id = program.id
            is_pending_on = program.pending_days > 0
        midnights = _midnights(history_starts, self.data.now)
        next_midnight = next(midnights, None)
        position = 0
        while position < len(timeline):
            batch = timeline[position:position + self.batch_size]
            with unit_of_work(self.database) as session:
                program = self._program(session)
                for item in batch:
                    when = occurred_at(item)
                    while next_midnight is not None and next_midnight <= when:
                        self._daily_jobs(session, program, next_midnight)
                        next_midnight = next(midnights, None)
                    if not is_pending_on and when >= pending_from:
                        self._set_clock(pending_from)
                        programs.update_program(session=session, program_id=program.id,
                                                data=ProgramUpdate(pending_days=PENDING_DAYS))
                        is_pending_on = True
                    self._set_clock(when)
                    self._apply(session, program, item)
            position += len(batch)
            self.on_progress(len(batch))
        with unit_of_work(self.database) as session:
            program = self._program(session)
            if not is_pending_on:
                self._set_clock(pending_from)
                programs.update_program(session=session, program_id=program.id,
                                        data=ProgramUpdate(pending_days=PENDING_DAYS))
            while next_midnight is not None:
                self._daily_jobs(session, program, next_midnight)
                next_midnight = next(midnights, None)
            # Up to the present: points whose pending period ended today become available.
            self._set_clock(self.data.now)
            self._due_jobs(session, program, self.data.now)
            # The e-shop's recent visits, for the Web behaviour page.
            self.counts["web_events"] = demo_browsing.add_browsing(session, program_id=program.id, data=self.data,
                                                                   member_ids=self.member_ids)

    @staticmethod
    def _set_clock(at: datetime) -> None:
        clock.set_clock(lambda: at)

    def _program(self, session: Session) -> Program:
        return programs.get_program(session=session, program_id=self.program_id)

    def _apply(self, session: Session, program: Program, item: TimelineItem) -> None:
        if isinstance(item, MemberSpec):
            self._enrol(session, program, item)
        elif isinstance(item, PurchaseSpec):
            self._purchase(session, program, item)
        elif isinstance(item, RefundSpec):
            self._refund(session, program, item)
        elif isinstance(item, ReviewSpec):
            self._review(session, program, item)
        elif isinstance(item, MailingSpec):
            self._mail(session, program, item)
        elif isinstance(item, RedemptionSpec):
            self._redeem(session, program, item)
        else:
            self._fulfil(session, program, item)

    def _enrol(self, session: Session, program: Program, spec: MemberSpec) -> None:
        consents: dict[str, Any] = {"email": {"granted": spec.email_consent, "source": spec.enrolment_channel,
                                              "recorded_at": spec.enrolled_at}}
        if spec.phone is not None:
            consents["sms"] = {"granted": spec.sms_consent, "source": spec.enrolment_channel,
                               "recorded_at": spec.enrolled_at}
        referral_code = None if spec.referrer_index is None else self.referral_codes[spec.referrer_index]
        data = MemberCreate.model_validate({
            "email": spec.email, "phone": spec.phone, "external_id": spec.external_id,
            "first_name": spec.first_name, "last_name": spec.last_name, "birth_date": spec.birth_date,
            "preferred_language": spec.preferred_language, "attributes": {"home_store": spec.home_store},
            "consents": consents, "enrolment_channel": spec.enrolment_channel, "enrolled_at": spec.enrolled_at,
            "referral_code": referral_code,
        })
        # As POST /members does: enrol, link the referral, then the welcome points, in one unit of work.
        member = members.enrol_member(session=session, program=program, actor=ACTOR, data=data)
        if referrals.link_referral(session=session, program=program, referee=member, code=data.referral_code,
                                   actor=ACTOR) is not None:
            self.counts["referrals"] += 1
        rules.award_enrolment(session=session, program=program, member=member, actor=ACTOR)
        index = self.member_index[spec.external_id]
        self.member_ids[index] = member.id
        self.referral_codes[index] = member.referral_code

    def _coupons(self, spec: PurchaseSpec) -> list[str]:
        """The codes the member hands over: the ones the generator placed on the receipt, and any
        coupon in their wallet the basket fits. A receipt that will be returned gets no
        coupon of the wallet's, so refunds stay what the data set says."""
        if spec.member_index is None:
            return []
        wallet = self.wallets[spec.member_index]
        codes = [code for code in (wallet.take(campaign) for campaign in spec.vouchers) if code is not None]
        if spec.refund is None:
            codes += [code for campaign in list(wallet.codes) if _fits(campaign, spec) and campaign not in spec.vouchers
                      and (code := wallet.take(campaign)) is not None]
        return codes

    def _purchase(self, session: Session, program: Program, spec: PurchaseSpec) -> None:
        self.purchase_seen = True
        member = None if spec.member_index is None else {"id": self.member_ids[spec.member_index]}
        body = {
            "member": member, "external_id": spec.external_id, "receipt_number": spec.receipt_number,
            "channel": spec.channel, "store": spec.store_code, "occurred_at": spec.occurred_at,
            "lines": [{"sku": line.sku, "name": line.name, "category": line.category, "quantity": line.quantity,
                       "unit_price": line.unit_price_minor} for line in spec.lines],
        }
        coupons = self._coupons(spec)
        if coupons:
            try:
                with session.begin_nested():
                    outcome = purchases.record_purchase(
                        session=session, program=program, actor=ACTOR,
                        data=PurchaseCreate.model_validate({**body, "coupons": coupons}))
            except DomainError:
                # A coupon the till refuses (it expired, say) goes in the bin; the receipt goes through without it.
                assert spec.member_index is not None
                for code in coupons:
                    self.wallets[spec.member_index].discard(code)
                coupons = []
        if not coupons:
            outcome = purchases.record_purchase(session=session, program=program, actor=ACTOR,
                                                data=PurchaseCreate.model_validate(body))
        if spec.member_index is not None:
            self._pocket(spec.member_index, outcome.body)
        if spec.refund is not None:
            self.purchase_ids[spec.external_id] = int(outcome.body["purchase_id"])

    def _pocket(self, member_index: int, result: dict[str, Any]) -> None:
        """Used coupons leave the wallet (a gift card once it is spent); stamp-card coupons come in."""
        wallet = self.wallets[member_index]
        for used in result.get("vouchers") or []:
            self.counts["coupons_used"] += 1
            if used.get("gift_card_balance_after") is None or used["gift_card_balance_after"] <= 0:
                wallet.discard(used["code"])
        for filled in result.get("stamp_card_rewards") or []:
            self.counts["stamp_cards"] += 1
            if filled.get("code"):
                wallet.add(programme.FREE_COFFEE, filled["code"])

    def _refund(self, session: Session, program: Program, spec: RefundSpec) -> None:
        purchases.refund_purchase(
            session=session, program=program, purchase_id=self.purchase_ids.pop(spec.purchase_external_id),
            actor=ACTOR, data=RefundCreate.model_validate({
                "external_id": spec.external_id,
                "lines": [{"line_no": line_no, "quantity": quantity} for line_no, quantity in spec.lines],
            }),
        )

    def _review(self, session: Session, program: Program, spec: ReviewSpec) -> None:
        member = members.get_member(session=session, program_id=program.id,
                                    member_id=self.member_ids[spec.member_index])
        rules.record_custom_event(session=session, program=program, member=member, event_type="review_posted",
                                  occurred_at=spec.occurred_at, actor=ACTOR,
                                  payload={"product_id": spec.sku, "stars": spec.stars})

    def _mail(self, session: Session, program: Program, spec: MailingSpec) -> None:
        published = vouchers.publish_codes(session=session, program=program,
                                           campaign_id=self.offer.campaign_ids[spec.campaign],
                                           member_ids=[self.member_ids[index] for index in spec.member_indexes],
                                           actor=ACTOR)
        for index, code in zip(spec.member_indexes, published, strict=True):
            self.wallets[index].add(spec.campaign, code.code)
        self.counts["codes_published"] += len(published)

    def _redeem(self, session: Session, program: Program, spec: RedemptionSpec) -> None:
        """The first wish the catalogue grants; each try in a savepoint, so a refusal leaves nothing behind."""
        for wish in spec.wishes:
            offer = programme.REWARDS_BY_KEY[wish.reward]
            address = spec.delivery_address if offer.kind == programme.PHYSICAL else None
            request = RedemptionCreate(
                reward_id=self.offer.reward_ids[wish.reward], points=wish.points,
                delivery_address=None if address is None else Address(
                    line1=address.line1, city=address.city, postal_code=address.postal_code, country=address.country))
            try:
                with session.begin_nested():
                    redemption = rewards.redeem(session=session, program=program, actor=ACTOR, data=request,
                                                member_id=self.member_ids[spec.member_index])
            except DomainError:
                continue
            self.counts["redemptions"] += 1
            if offer.kind == programme.PHYSICAL:
                self.parcels[spec.external_id] = redemption.id
            if offer.campaign is not None and redemption.code is not None:
                self.wallets[spec.member_index].add(offer.campaign, redemption.code)
            return
        self.counts["redemptions_refused"] += 1

    def _fulfil(self, session: Session, program: Program, spec: FulfilmentSpec) -> None:
        redemption_id = self.parcels.get(spec.redemption_external_id)
        if redemption_id is None:
            return  # the member got something else, or nothing
        rewards.change_status(session=session, program=program, redemption_id=redemption_id, actor="demo:warehouse",
                              data=StatusChange.model_validate({"status": spec.status, "note": spec.note}))
        self.counts["status_changes"] += 1

    def _daily_jobs(self, session: Session, program: Program, midnight: datetime) -> None:
        self._set_clock(midnight)
        self._due_jobs(session, program, midnight)
        today: date = clock.local_date(midnight, program.timezone)
        self.counts["birthdays"] += rules.award_birthdays(session=session, program=program, on=today,
                                                          actor="job:birthdays")
        # Nobody is above the base level, so due for a review, before the first receipt.
        if self.purchase_seen:
            self.counts["tier_reviews"] += tiers.review_tiers(session=session, program=program, now=midnight).reviewed

    def _due_jobs(self, session: Session, program: Program, now: datetime) -> None:
        due = ledger.run_due_jobs(session=session, program=program, now=now)
        self.counts["released"] += due.released
        self.counts["expired"] += due.expired
