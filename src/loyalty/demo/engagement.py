"""What members do besides buying: invite friends, use the Christmas coupon they were sent,
save up for rewards and redeem them; and where the tier thresholds sit.

Pure and seeded, like the rest of the generator, which calls `plan` once its members and
receipts exist. Members decide with what they can know: the points the demo's rules give
their receipts (programme.rule_points), so a planned redemption is nearly always affordable
when the loader replays it. The estimate leaves out what only the replay knows (birthday
gifts, review points, referral rewards, the tier bonus on the balance), so it errs on the
low side; the loader still lets a member settle for the next wish, or skip, when the real
catalogue says no.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from loyalty.demo import programme
from loyalty.demo.people import CITIES, STREETS
from loyalty.demo.programme import RewardOffer
from loyalty.demo.specs import (
    AddressSpec,
    FulfilmentSpec,
    MailingSpec,
    MemberSpec,
    PurchaseSpec,
    RedemptionSpec,
    WishSpec,
)

REFERRED_SHARE = 0.08
# Friends who join on an invitation tend to come in and shop soon: a member whose receipts
# would qualify the referral is this many times likelier to have joined with a code.
QUALIFYING_FRIEND_WEIGHT = 6.0
# The referrer joined at least this long before the friend they invite.
REFERRER_LEAD = timedelta(days=1)

XMAS_MAILING_DAYS_BEFORE = 5
# Of the members sent the Christmas code who then fill a basket over 100 PLN in December.
XMAS_USE_SHARE = 0.7

# Members who ever redeem anything; the rest let their points pile up (and expire).
REDEEMER_SHARE = 0.5
# When a redeemer can afford the reward they save for, the chance they redeem after a purchase.
REDEEM_CHANCE = 0.6
MIN_REDEMPTION_DELAY = timedelta(hours=1)
MAX_REDEMPTION_DELAY = timedelta(days=4)
# Points a member keeps above the price, for the estimate's small misses (coupons the loader
# applies lower some receipts' points a little).
BALANCE_MARGIN = 30
CASHBACK_CHOICES = (500, 1_000, 1_500, 2_000, 3_000)
DONATION_CHOICES = (100, 150, 200, 250, 500)
CANCELLED_WHEN_REQUESTED = 0.05
CANCELLED_WHEN_CONFIRMED = 0.03
PARTNER_CODE_CHARSET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
DEFAULT_THRESHOLDS = (500, 1_500, 4_000)


@dataclass(frozen=True, slots=True)
class Engagement:
    members: tuple[MemberSpec, ...]
    purchases: tuple[PurchaseSpec, ...]
    mailings: tuple[MailingSpec, ...]
    redemptions: tuple[RedemptionSpec, ...]
    fulfilments: tuple[FulfilmentSpec, ...]
    tier_thresholds: tuple[int, ...]
    partner_codes: tuple[str, ...]


def plan(rng: random.Random, members: Sequence[MemberSpec], purchases: Sequence[PurchaseSpec],
         now: datetime) -> Engagement:
    """Referrals, the Christmas mailing and its uses, tier thresholds, partner codes and
    redemptions, in that order (each may depend on the ones before)."""
    referred = with_referrers(rng, members, purchases)
    receipts, mailing = christmas(rng, referred, purchases, now)
    thresholds = tier_thresholds(receipts)
    codes = partner_codes(rng, programme.PARTNER_CODES)
    redemptions, fulfilments = _Redemptions(rng, referred, receipts, thresholds, len(codes), now).plan()
    return Engagement(members=tuple(referred), purchases=tuple(receipts),
                      mailings=(mailing,) if mailing is not None else (), redemptions=tuple(redemptions),
                      fulfilments=tuple(fulfilments), tier_thresholds=thresholds, partner_codes=codes)


# --- referrals ---------------------------------------------------------------------------------


def _would_qualify(member: MemberSpec, purchases: Sequence[PurchaseSpec]) -> bool:
    deadline = member.enrolled_at + timedelta(days=programme.REFERRAL_WITHIN_DAYS)
    return any(member.enrolled_at < p.occurred_at <= deadline and p.total_minor >= programme.REFERRAL_MIN_TOTAL_MINOR
               for p in purchases)


def with_referrers(rng: random.Random, members: Sequence[MemberSpec],
                   purchases: Sequence[PurchaseSpec]) -> list[MemberSpec]:
    """About REFERRED_SHARE of the members joined with the code of a member who joined before
    them and was still shopping then; regulars invite more friends than occasional buyers."""
    target = round(len(members) * REFERRED_SHARE)
    if target == 0:
        return list(members)
    receipts: dict[int, list[PurchaseSpec]] = defaultdict(list)
    for purchase in purchases:
        if purchase.member_index is not None:
            receipts[purchase.member_index].append(purchase)
    earliest = min(member.enrolled_at for member in members)
    candidates = [i for i, member in enumerate(members) if member.enrolled_at - REFERRER_LEAD >= earliest]
    # Weighted sampling without replacement (Efraimidis-Spirakis): the largest u^(1/w) win.
    keyed = sorted(candidates, key=lambda i: rng.random() ** (
        1 / (QUALIFYING_FRIEND_WEIGHT if _would_qualify(members[i], receipts[i]) else 1.0)), reverse=True)
    chosen = sorted(keyed[:target])
    result = list(members)
    for referee in chosen:
        joined = members[referee].enrolled_at
        pool = [i for i, member in enumerate(members)
                if i != referee and member.enrolled_at <= joined - REFERRER_LEAD
                and (member.lapsed_at is None or member.lapsed_at > joined)]
        if pool:
            referrer = rng.choices(pool, weights=[1 + len(receipts[i]) for i in pool])[0]
            result[referee] = replace(members[referee], referrer_index=referrer)
    return result


# --- the Christmas coupon ----------------------------------------------------------------------


def christmas_window(now: datetime) -> tuple[datetime, datetime]:
    """The December the Christmas campaign runs in: this one once it is two weeks old, else last year's."""
    zone = ZoneInfo(programme.TIMEZONE)
    local_now = now.astimezone(zone)
    year = local_now.year if local_now >= datetime(local_now.year, 12, 15, tzinfo=zone) else local_now.year - 1
    return (datetime(year, 12, 1, tzinfo=zone).astimezone(UTC), datetime(year + 1, 1, 1, tzinfo=zone).astimezone(UTC))


def christmas(rng: random.Random, members: Sequence[MemberSpec], purchases: Sequence[PurchaseSpec],
              now: datetime) -> tuple[list[PurchaseSpec], MailingSpec | None]:
    """The Christmas codes are mailed to members who agreed to e-mail, a few days before December;
    most of them use it on their first December basket over 100 PLN (one that is not returned later)."""
    starts, ends = christmas_window(now)
    zone = ZoneInfo(programme.TIMEZONE)
    mailing_day = (starts.astimezone(zone) - timedelta(days=XMAS_MAILING_DAYS_BEFORE)).date()
    mailing_at = datetime.combine(mailing_day, time(10), tzinfo=zone).astimezone(UTC)
    recipients = [i for i, member in enumerate(members)
                  if member.email_consent and member.enrolled_at < mailing_at
                  and (member.lapsed_at is None or member.lapsed_at > mailing_at)]
    if not recipients or mailing_at >= now:
        return list(purchases), None
    receiving = set(recipients)
    decided: set[int] = set()
    result = list(purchases)
    for position, purchase in enumerate(purchases):
        member = purchase.member_index
        if (member in receiving and member not in decided and starts <= purchase.occurred_at < ends
                and purchase.refund is None and purchase.total_minor > programme.XMAS_MIN_TOTAL_MINOR):
            decided.add(member)
            if rng.random() < XMAS_USE_SHARE:
                result[position] = replace(purchase, vouchers=(programme.XMAS,))
    return result, MailingSpec(external_id="MAIL-XMAS", campaign=programme.XMAS, occurred_at=mailing_at,
                               member_indexes=tuple(recipients))


def voucher_discount(purchase: PurchaseSpec) -> int:
    """What the codes the generator placed on the receipt take off it (the Christmas 15%)."""
    if programme.XMAS not in purchase.vouchers:
        return 0
    percent_off = (Decimal(purchase.total_minor) * programme.XMAS_PERCENT / 100).to_integral_value(ROUND_HALF_UP)
    return min(int(percent_off), programme.XMAS_MAX_DISCOUNT_MINOR)


# --- tiers -------------------------------------------------------------------------------------


def _local_weekday(instant: datetime) -> int:
    return instant.astimezone(ZoneInfo(programme.TIMEZONE)).isoweekday()


def _net_rule_points(purchase: PurchaseSpec) -> int:
    """The rules' points on the receipt, less what its refund takes back (rounded against the member)."""
    total = purchase.total_minor - voucher_discount(purchase)
    points = programme.rule_points(total, _local_weekday(purchase.occurred_at))
    if purchase.refund is None or total == 0:
        return points
    return points - math.ceil(points * purchase.refund.amount_minor / purchase.total_minor)


def _rank(value: int, thresholds: Sequence[int]) -> int:
    return sum(1 for threshold in thresholds if value >= threshold)


def _tier_walk(purchases: Sequence[PurchaseSpec],
               thresholds: Sequence[int]) -> Iterator[tuple[PurchaseSpec, int, int]]:
    """Each member's receipt with the rules' net points on it and the member's tier measure after it.

    The measure is the points earned over the year, the tier bonus included: a member moves up
    the moment a receipt reaches a threshold and earns the new multiplier from the next one.
    No review falls inside the year, so nobody moves down.
    """
    measured: dict[int, int] = defaultdict(int)
    for purchase in purchases:
        member = purchase.member_index
        if member is None:
            continue
        points = _net_rule_points(purchase)
        factor = programme.TIERS[_rank(measured[member], thresholds)].earn_multiplier - 1
        measured[member] += points + int((Decimal(points) * factor).to_integral_value(ROUND_FLOOR))
        yield purchase, points, measured[member]


def measures(purchases: Sequence[PurchaseSpec], thresholds: Sequence[int]) -> dict[int, int]:
    """Each buying member's tier measure at the end of the year."""
    return {purchase.member_index: measure for purchase, _, measure in _tier_walk(purchases, thresholds)
            if purchase.member_index is not None}


def _rounded(value: int) -> int:
    """Two significant digits: thresholds a program manager would have chosen."""
    if value < 100:
        return max(value, 1)
    magnitude = 10 ** (len(str(value)) - 2)
    return round(value / magnitude) * magnitude


def _quantile_thresholds(values: Sequence[int]) -> tuple[int, ...]:
    ordered = sorted(values)
    thresholds: list[int] = []
    below = 0.0
    for tier in programme.TIERS[:-1]:
        below += tier.share
        value = _rounded(ordered[min(len(ordered) - 1, round(below * len(ordered)))])
        thresholds.append(max(value, thresholds[-1] + 1 if thresholds else 1))
    return tuple(thresholds)


def tier_thresholds(purchases: Sequence[PurchaseSpec]) -> tuple[int, ...]:
    """Silver's, Gold's and Platinum's thresholds, placed so that the members who bought sit
    in the levels in about the shares programme.TIERS names. The multipliers feed back (a
    Silver member earns faster), so the placement is repeated until it settles."""
    if not any(purchase.member_index is not None for purchase in purchases):
        return DEFAULT_THRESHOLDS
    thresholds = _quantile_thresholds(list(measures(purchases, ()).values()))
    for _ in range(5):
        placed = _quantile_thresholds(list(measures(purchases, thresholds).values()))
        if placed == thresholds:
            break
        thresholds = placed
    return thresholds


# --- the partner's e-voucher codes -------------------------------------------------------------


def partner_codes(rng: random.Random, count: int) -> tuple[str, ...]:
    """The cinema's ticket codes, as its CSV would list them (CINEMA-XXXX-XXXX)."""
    codes: dict[str, None] = {}
    while len(codes) < count:
        chars = "".join(rng.choice(PARTNER_CODE_CHARSET) for _ in range(8))
        codes.setdefault(f"CINEMA-{chars[:4]}-{chars[4:]}")
    return tuple(codes)


# --- redemptions -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Saver:
    earned: int = 0
    spent: int = 0
    goal: RewardOffer | None = None
    busy_until: datetime | None = None
    rank: int = 0


class _Redemptions:
    """Walks the receipts in time order; after each, a redeemer who can afford the reward they
    save for may redeem it a little later. Stock, member limits and the code pool are tracked
    so members ask for what the catalogue still has."""

    def __init__(self, rng: random.Random, members: Sequence[MemberSpec], purchases: Sequence[PurchaseSpec],
                 thresholds: Sequence[int], partner_codes: int, now: datetime) -> None:
        self.rng = rng
        self.members = members
        self.purchases = purchases
        self.thresholds = thresholds
        self.now = now
        self.pending_from = now - timedelta(days=programme.PENDING_DAYS)
        self.stock: dict[str, int | None] = {offer.key: offer.stock for offer in programme.REWARDS}
        self.codes_left = partner_codes
        self.taken: Counter[tuple[int, str]] = Counter()
        self.returns: list[tuple[datetime, str, int]] = []
        self.redemptions: list[RedemptionSpec] = []
        self.fulfilments: list[FulfilmentSpec] = []
        self.offers = [offer for offer in programme.REWARDS if offer.kind != programme.STAMP_CARD]

    def plan(self) -> tuple[list[RedemptionSpec], list[FulfilmentSpec]]:
        redeemers = {i for i in range(len(self.members)) if self.rng.random() < REDEEMER_SHARE}
        savers: dict[int, _Saver] = defaultdict(_Saver)
        for purchase, points, measure in _tier_walk(self.purchases, self.thresholds):
            assert purchase.member_index is not None
            member = purchase.member_index
            saver = savers[member]
            saver.rank = _rank(measure, self.thresholds)
            # Points of the last two weeks are still pending when the history ends.
            if purchase.occurred_at < self.pending_from:
                saver.earned += points
            if member in redeemers and (saver.busy_until is None or saver.busy_until <= purchase.occurred_at):
                self._consider(member, saver, purchase)
        self.redemptions.sort(key=lambda r: (r.occurred_at, r.external_id))
        self.fulfilments.sort(key=lambda f: (f.occurred_at, f.external_id))
        return self.redemptions, self.fulfilments

    def _balance(self, member: int, saver: _Saver, at: datetime) -> int:
        spec = self.members[member]
        welcome_lasts = spec.enrolled_at + timedelta(days=365)
        welcome = programme.WELCOME_POINTS if spec.enrolled_at < self.pending_from and at < welcome_lasts else 0
        return saver.earned + welcome - saver.spent

    def _give_back(self, until: datetime) -> None:
        while self.returns and self.returns[0][0] <= until:
            _, key, member = heapq.heappop(self.returns)
            stock = self.stock[key]
            self.stock[key] = None if stock is None else stock + 1
            self.taken[(member, key)] -= 1

    def _offered(self, member: int, rank: int, offer: RewardOffer) -> bool:
        if offer.eligible_tiers and programme.TIERS[rank].code not in offer.eligible_tiers:
            return False
        stock = self.stock[offer.key]
        if stock is not None and stock <= 0:
            return False
        if offer.kind == programme.E_VOUCHER and self.codes_left <= 0:
            return False
        return offer.limit_per_member is None or self.taken[(member, offer.key)] < offer.limit_per_member

    def _consider(self, member: int, saver: _Saver, purchase: PurchaseSpec) -> None:
        delay = self.rng.uniform(MIN_REDEMPTION_DELAY.total_seconds(), MAX_REDEMPTION_DELAY.total_seconds())
        at = (purchase.occurred_at + timedelta(seconds=delay)).replace(microsecond=0)
        if at >= self.now:
            return
        self._give_back(at)
        if saver.goal is None or not self._offered(member, saver.rank, saver.goal):
            choices = [offer for offer in self.offers if self._offered(member, saver.rank, offer)]
            if not choices:
                return
            saver.goal = self.rng.choices(choices, weights=[offer.appeal for offer in choices])[0]
        balance = self._balance(member, saver, at) - BALANCE_MARGIN
        goal = saver.goal
        if balance < goal.points_price or self.rng.random() >= REDEEM_CHANCE:
            return
        wish = self._wish(goal, balance)
        fallbacks = [offer for offer in self.offers if offer.key != goal.key and offer.points_price <= balance
                     and self._offered(member, saver.rank, offer)]
        wishes = [wish]
        if fallbacks:
            fallback = self.rng.choices(fallbacks, weights=[offer.appeal for offer in fallbacks])[0]
            wishes.append(WishSpec(fallback.key, fallback.points_price if fallback.kind in
                                   programme.VARIABLE_PRICE_KINDS else None))
        external_id = f"RDM-{len(self.redemptions) + 1:06d}"
        is_delivered = any(programme.REWARDS_BY_KEY[w.reward].kind == programme.PHYSICAL for w in wishes)
        address = self._address(member) if is_delivered else None
        self.redemptions.append(RedemptionSpec(external_id=external_id, member_index=member, occurred_at=at,
                                               wishes=tuple(wishes), delivery_address=address))
        saver.spent += wish.points or goal.points_price
        saver.busy_until = at
        saver.goal = None
        self.taken[(member, goal.key)] += 1
        stock = self.stock[goal.key]
        self.stock[goal.key] = None if stock is None else stock - 1
        if goal.kind == programme.E_VOUCHER:
            self.codes_left -= 1
        if goal.kind == programme.PHYSICAL:
            self._fulfil(external_id, at, goal.key, member)

    def _wish(self, goal: RewardOffer, balance: int) -> WishSpec:
        if goal.kind == programme.CASHBACK:
            affordable = [points for points in CASHBACK_CHOICES if goal.points_price <= points <= balance]
            return WishSpec(goal.key, self.rng.choice(affordable))
        if goal.kind == programme.DONATION:
            affordable = [points for points in DONATION_CHOICES if goal.points_price <= points <= balance]
            return WishSpec(goal.key, self.rng.choice(affordable))
        return WishSpec(goal.key)

    def _address(self, member: int) -> AddressSpec:
        city, postal_prefixes = CITIES[self.members[member].home_store]
        number = f"{self.rng.randint(1, 120)}"
        if self.rng.random() < 0.6:
            number += f"/{self.rng.randint(1, 60)}"
        postal_code = f"{self.rng.choice(postal_prefixes)}-{self.rng.randrange(1000):03d}"
        return AddressSpec(line1=f"ul. {self.rng.choice(STREETS)} {number}", city=city, postal_code=postal_code)

    def _fulfil(self, redemption_id: str, redeemed_at: datetime, key: str, member: int) -> None:
        """The warehouse confirms within a day or so, ships in 1-3 days and the courier delivers in
        1-4 more; a few are cancelled (the points, the allowance and the item come back)."""
        steps: list[tuple[str, datetime, str | None]] = []
        confirmed_at = redeemed_at + timedelta(hours=self.rng.uniform(3, 36))
        if self.rng.random() < CANCELLED_WHEN_REQUESTED:
            steps.append(("cancelled", confirmed_at, "Cancelled at the member's request."))
        else:
            steps.append(("confirmed", confirmed_at, None))
            shipped_at = confirmed_at + timedelta(days=self.rng.uniform(1, 3))
            if self.rng.random() < CANCELLED_WHEN_CONFIRMED:
                steps.append(("cancelled", shipped_at, "Damaged in the warehouse; points returned."))
            else:
                parcel = "".join(self.rng.choice("0123456789") for _ in range(12))
                steps.append(("shipped", shipped_at, f"InPost {parcel}"))
                steps.append(("delivered", shipped_at + timedelta(days=self.rng.uniform(1, 4)), None))
        for number, (status, at, note) in enumerate(steps, start=1):
            at = at.replace(microsecond=0)
            if at >= self.now:
                return
            self.fulfilments.append(FulfilmentSpec(external_id=f"{redemption_id}-F{number}",
                                                   redemption_external_id=redemption_id, status=status,
                                                   occurred_at=at, note=note))
            if status == "cancelled":
                heapq.heappush(self.returns, (at, key, member))
