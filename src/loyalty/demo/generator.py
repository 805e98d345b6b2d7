"""A realistic, deterministic data set for the demo, the tests and the benchmarks.

Pure: no database, no clock. The same `seed` and `now` give the same members and receipts,
byte for byte. What makes it realistic rather than noise:

- purchases follow the calendar: a December peak (about 1.8 times an average month), busier
  weekends, store hours 8-21 local time with morning-coffee and after-work peaks, and an
  e-shop that sells in the evening;
- buyers are long-tailed: about 45% of the members who buy, buy once, while the top 5% of
  buyers make a large share of the receipts (a lognormal spread over the regulars, scaled by
  how long they have been members);
- about 15% of receipts have no member (anonymous), about 30% are online, about 3% are
  refunded later (whole or in part) within the 14-day return window;
- baskets have 2-6 lines (mostly 2-3) from a 63-product catalogue with real prices;
- beyond buying (loyalty.demo.engagement): about 8% of members joined with another member's
  referral code, the Christmas coupon is mailed and used in December, about half the members
  save up for rewards and redeem them (physical items then move through their statuses), and
  the tier thresholds are placed on the data so the levels hold about 60/25/10/5% of buyers.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from loyalty.demo import engagement
from loyalty.demo.catalogue import PRODUCTS, STORES, Product
from loyalty.demo.people import (
    EMAIL_DOMAINS,
    ENGLISH_FEMALE,
    ENGLISH_MALE,
    ENGLISH_SURNAMES,
    POLISH_FEMALE,
    POLISH_MALE,
    POLISH_MOBILE_PREFIXES,
    POLISH_SURNAMES,
    ascii_slug,
    feminine_surname,
)
from loyalty.demo.programme import TIMEZONE
from loyalty.demo.specs import DemoData, LineSpec, MemberSpec, PurchaseSpec, RefundSpec, ReviewSpec

T = TypeVar("T")

DEFAULT_MEMBERS = 2_000
DEFAULT_PURCHASES = 30_000
DEFAULT_SEED = 42

PURCHASE_WINDOW = timedelta(days=365)
ENROLMENT_WINDOW = timedelta(days=730)
RETURN_WINDOW = timedelta(days=14)

ANONYMOUS_SHARE = 0.15
ONLINE_SHARE = 0.30
REFUND_SHARE = 0.03
WHOLE_REFUND_SHARE = 0.35
REVIEW_SHARE = 0.03
REVIEW_DELAY = timedelta(days=7)
STARS_WEIGHT = {5: 0.45, 4: 0.30, 3: 0.12, 2: 0.07, 1: 0.06}
NON_BUYER_SHARE = 0.10
ONE_OFF_SHARE = 0.45
# Sigma of the lognormal spread of purchase frequency among regulars.
REGULAR_SPREAD = 1.1
# Caps the heaviest regular near one visit a day: nobody buys coffee five times a day all year.
REGULAR_CEILING = 12.0
LAPSE_SHARE = 0.4
MEAN_DAYS_BEFORE_LAPSE = 240
POLISH_SHARE = 0.78
PHONE_SHARE = 0.85
EMAIL_CONSENT_SHARE = 0.70
SMS_CONSENT_SHARE = 0.35

ENROLMENT_CHANNELS = {"pos": 0.55, "online": 0.30, "app": 0.15}
# Ratios to an ordinary month; normalised so that December is about 1.8 times the average.
MONTH_FACTOR = {1: 0.85, 2: 0.85, 3: 0.95, 4: 1.0, 5: 1.0, 6: 0.95, 7: 0.9, 8: 0.9, 9: 1.0, 10: 1.0,
                11: 1.1, 12: 1.85}
WEEKDAY_FACTOR = (0.85, 0.9, 0.9, 0.95, 1.1, 1.4, 0.8)  # Monday .. Sunday
# Stores open 8:00-21:00: the last receipts are rung up between 20:00 and 21:00.
STORE_HOUR_WEIGHT = {8: 1.3, 9: 1.2, 10: 0.9, 11: 0.9, 12: 1.1, 13: 1.1, 14: 0.8, 15: 0.8, 16: 1.0,
                     17: 1.3, 18: 1.2, 19: 0.8, 20: 0.5}
ONLINE_HOUR_WEIGHT = {0: 0.3, 1: 0.15, 2: 0.1, 3: 0.05, 4: 0.05, 5: 0.1, 6: 0.3, 7: 0.6, 8: 0.8, 9: 0.9,
                      10: 1.0, 11: 1.0, 12: 1.1, 13: 1.0, 14: 0.9, 15: 0.9, 16: 1.0, 17: 1.1, 18: 1.3,
                      19: 1.6, 20: 1.8, 21: 1.7, 22: 1.2, 23: 0.6}
STORE_LINES_WEIGHT = {2: 0.38, 3: 0.30, 4: 0.15, 5: 0.10, 6: 0.07}
ONLINE_LINES_WEIGHT = {2: 0.22, 3: 0.28, 4: 0.22, 5: 0.16, 6: 0.12}
QUANTITY_WEIGHT = {1: 0.76, 2: 0.17, 3: 0.07}
HOME_STORE_LOYALTY = 0.8


def generate(*, members: int = DEFAULT_MEMBERS, purchases: int = DEFAULT_PURCHASES, seed: int = DEFAULT_SEED,
             now: datetime) -> DemoData:
    """The demo data set: `members` members enrolled over the 2 years and `purchases` receipts
    over the 12 months before `now` (a timezone-aware instant)."""
    if members < 0 or purchases < 0:
        raise ValueError("members and purchases must not be negative")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC).replace(microsecond=0)
    rng = random.Random(seed)
    calendar = _Calendar(now)
    member_specs = _members(rng, members, now)
    member_count = 0 if not member_specs else round(purchases * (1 - ANONYMOUS_SHARE))
    counts = _purchases_per_member(rng, member_specs, member_count, now)
    member_calendar = calendar.scaled(_membership_trend_correction(calendar, member_specs, counts))
    drafts = _member_purchase_drafts(rng, member_calendar, member_specs, counts)
    drafts += _anonymous_purchase_drafts(rng, calendar, purchases - len(drafts))
    drafts.sort(key=lambda draft: (draft.occurred_at, draft.sequence))
    purchase_specs = _finish_purchases(rng, drafts, now)
    reviews = tuple(_reviews(rng, purchase_specs, now))
    # Drawn last, from the same stream, so members, receipts and reviews stay what they were.
    planned = engagement.plan(rng, member_specs, purchase_specs, now)
    return DemoData(seed=seed, now=now, members=planned.members, purchases=planned.purchases, reviews=reviews,
                    mailings=planned.mailings, redemptions=planned.redemptions, fulfilments=planned.fulfilments,
                    tier_thresholds=planned.tier_thresholds, partner_codes=planned.partner_codes)


# -- members ------------------------------------------------------------------------------------


class _Choice(Generic[T]):
    """A weighted choice with its cumulative weights computed once (it runs per receipt line)."""

    def __init__(self, weights: Mapping[T, float]) -> None:
        self.values = list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def pick(self, rng: random.Random) -> T:
        return self.values[bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]


def _members(rng: random.Random, count: int, now: datetime) -> list[MemberSpec]:
    emails: set[str] = set()
    phones: set[str] = set()
    store_codes = [store.code for store in STORES]
    store_traffic = [store.traffic for store in STORES]
    specs: list[MemberSpec] = []
    enrolment_channels = _Choice(ENROLMENT_CHANNELS)
    for index in range(count):
        is_polish = rng.random() < POLISH_SHARE
        is_female = rng.random() < 0.55  # women hold slightly more loyalty cards
        if is_polish:
            first = rng.choice(POLISH_FEMALE if is_female else POLISH_MALE)
            last = rng.choice(POLISH_SURNAMES)
            last = feminine_surname(last) if is_female else last
            language = "pl" if rng.random() < 0.96 else "en"
        else:
            first = rng.choice(ENGLISH_FEMALE if is_female else ENGLISH_MALE)
            last = rng.choice(ENGLISH_SURNAMES)
            language = "en" if rng.random() < 0.9 else "pl"
        channel = enrolment_channels.pick(rng)
        phone = _unique_phone(rng, phones) if rng.random() < PHONE_SHARE else None
        enrolled_at = _enrolled_at(rng, now, channel)
        specs.append(MemberSpec(
            external_id=f"CRM-{100_001 + index}",
            first_name=first, last_name=last,
            email=_unique_email(rng, emails, first, last),
            phone=phone,
            birth_date=_birth_date(rng, now),
            preferred_language=language,
            enrolment_channel=channel,
            enrolled_at=enrolled_at,
            lapsed_at=_lapsed_at(rng, enrolled_at, now),
            email_consent=rng.random() < EMAIL_CONSENT_SHARE,
            # Only a member who gave a phone number can agree to SMS.
            sms_consent=phone is not None and rng.random() < SMS_CONSENT_SHARE / PHONE_SHARE,
            home_store=rng.choices(store_codes, weights=store_traffic)[0],
        ))
    return specs


def _unique_email(rng: random.Random, taken: set[str], first: str, last: str) -> str:
    first_slug, last_slug = ascii_slug(first), ascii_slug(last)
    local = rng.choice((f"{first_slug}.{last_slug}", f"{first_slug}{last_slug}", f"{first_slug[0]}.{last_slug}",
                        f"{first_slug}_{last_slug}", f"{last_slug}.{first_slug}"))
    domain = rng.choice(EMAIL_DOMAINS)
    candidate = f"{local}@{domain}" if rng.random() < 0.3 else f"{local}{rng.randint(1, 99)}@{domain}"
    suffix = 100
    while candidate in taken:
        candidate = f"{local}{suffix}@{domain}"
        suffix += 1
    taken.add(candidate)
    return candidate


def _unique_phone(rng: random.Random, taken: set[str]) -> str:
    while True:
        candidate = f"+48{rng.choice(POLISH_MOBILE_PREFIXES)}{rng.randrange(10_000_000):07d}"
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def _birth_date(rng: random.Random, now: datetime) -> date:
    today = now.astimezone(ZoneInfo(TIMEZONE)).date()
    age_years = rng.triangular(18.05, 79.95, 34.0)
    return today - timedelta(days=int(age_years * 365.2425))


def _enrolled_at(rng: random.Random, now: datetime, channel: str) -> datetime:
    # The program has grown: enrolment density rises linearly, from 0.7 to 1.3 times its
    # average, over the two years (the inverse of that distribution's CDF).
    position = (-0.7 + math.sqrt(0.49 + 1.2 * rng.random())) / 0.6
    enrolled = now - ENROLMENT_WINDOW + position * ENROLMENT_WINDOW
    if channel == "pos":
        zone = ZoneInfo(TIMEZONE)
        local = enrolled.astimezone(zone)
        local = local.replace(hour=rng.randint(8, 20), minute=rng.randrange(60), second=rng.randrange(60))
        enrolled = local.astimezone(UTC)
        if enrolled > now:
            enrolled -= timedelta(days=1)
    return enrolled.replace(microsecond=0)


def _lapsed_at(rng: random.Random, enrolled_at: datetime, now: datetime) -> datetime | None:
    if rng.random() >= LAPSE_SHARE:
        return None
    lapsed_at = enrolled_at + timedelta(days=rng.expovariate(1 / MEAN_DAYS_BEFORE_LAPSE))
    return lapsed_at.replace(microsecond=0) if lapsed_at < now else None


def _active_period(member: MemberSpec, now: datetime) -> tuple[datetime, datetime]:
    """When, inside the purchase window, the member shops."""
    return max(member.enrolled_at, now - PURCHASE_WINDOW), member.lapsed_at or now


def _purchases_per_member(rng: random.Random, members: Sequence[MemberSpec], total: int,
                          now: datetime) -> list[int]:
    """How many receipts each member has: none, one, or a long-tailed number for regulars."""
    counts = [0] * len(members)
    # Someone who shopped with us for less than a day in the window (joined yesterday, or
    # lapsed before it began) has no receipts in it.
    eligible = [i for i, m in enumerate(members)
                if _active_period(m, now)[1] - _active_period(m, now)[0] >= timedelta(days=1)]
    rng.shuffle(eligible)
    buyers = eligible[: min(total, round(len(eligible) * (1 - NON_BUYER_SHARE)))]
    if not buyers:
        return counts
    one_off = round(len(buyers) * ONE_OFF_SHARE)
    regulars = len(buyers) - one_off
    remaining = total - one_off
    while regulars > 0 and remaining < 2 * regulars:
        regulars, one_off, remaining = regulars - 1, one_off + 1, remaining - 1
    if regulars == 0 and remaining > len(buyers) - one_off:
        regulars, one_off = 1, one_off - 1
    for index in buyers[:one_off]:
        counts[index] = 1
    regular_indexes = buyers[one_off:]
    if not regular_indexes:
        return counts
    weights = []
    for index in regular_indexes:
        active_from, active_until = _active_period(members[index], now)
        active_share = max((active_until - active_from) / PURCHASE_WINDOW, 0.02)
        # Saturates smoothly instead of clipping, so the heaviest regulars do not tie.
        frequency = REGULAR_CEILING * -math.expm1(-rng.lognormvariate(0.0, REGULAR_SPREAD) / REGULAR_CEILING)
        weights.append(frequency * active_share)
    extra = remaining - 2 * len(regular_indexes)
    for index, share in zip(regular_indexes, _apportion(extra, weights), strict=True):
        counts[index] = 2 + share
    return counts


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights`, largest remainder first, summing exactly."""
    weight_sum = sum(weights)
    exact = [total * weight / weight_sum for weight in weights]
    shares = [math.floor(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (shares[i] - exact[i], i))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


# -- when receipts happen ------------------------------------------------------------------------


class _Calendar:
    """Hour slots over the purchase window, weighted by month, weekday and hour, per channel."""

    def __init__(self, now: datetime) -> None:
        zone = ZoneInfo(TIMEZONE)
        self.now = now
        start = (now - PURCHASE_WINDOW).replace(minute=0, second=0)
        self.window_start = now - PURCHASE_WINDOW
        self.slot_starts: list[datetime] = []
        store_weights: list[float] = []
        online_weights: list[float] = []
        slot = start
        while slot < now:
            local = slot.astimezone(zone)
            day_factor = MONTH_FACTOR[local.month] * WEEKDAY_FACTOR[local.weekday()]
            self.slot_starts.append(slot)
            store_weights.append(day_factor * STORE_HOUR_WEIGHT.get(local.hour, 0.0))
            online_weights.append(day_factor * ONLINE_HOUR_WEIGHT[local.hour])
            slot += timedelta(hours=1)
        self.weights = {"pos": store_weights, "online": online_weights}
        self.cumulative = {channel: list(accumulate(weights)) for channel, weights in self.weights.items()}

    def slot_range(self, start: datetime, end: datetime) -> tuple[int, int]:
        """First and last slot (inclusive) that overlap [start, end)."""
        first = max(bisect_right(self.slot_starts, start) - 1, 0)
        last = max(bisect_right(self.slot_starts, end - timedelta(seconds=1)) - 1, 0)
        return first, last

    def scaled(self, factors: Sequence[float]) -> _Calendar:
        """The same calendar with each slot's weight multiplied by its factor."""
        copy = object.__new__(_Calendar)
        copy.now, copy.window_start, copy.slot_starts = self.now, self.window_start, self.slot_starts
        copy.weights = {channel: [w * f for w, f in zip(weights, factors, strict=True)]
                        for channel, weights in self.weights.items()}
        copy.cumulative = {channel: list(accumulate(weights)) for channel, weights in copy.weights.items()}
        return copy

    def sample(self, rng: random.Random, channel: str, not_before: datetime | None = None,
               not_after: datetime | None = None) -> datetime | None:
        """An instant in an open hour of `channel` between the bounds; None if no open hour is."""
        cumulative = self.cumulative[channel]
        earliest = max(not_before or self.window_start, self.window_start)
        latest = min(not_after or self.now, self.now) - timedelta(seconds=1)
        first_slot, last_slot = self.slot_range(earliest, latest + timedelta(seconds=1))
        low = cumulative[first_slot - 1] if first_slot else 0.0
        high = cumulative[last_slot]
        if high - low <= 1e-9 or latest <= earliest:
            return None
        # bisect_left lands on the open hour a run of closed (zero-width) hours ties with.
        slot = bisect_left(cumulative, rng.uniform(low, high), lo=first_slot, hi=last_slot)
        instant = self.slot_starts[slot] + timedelta(seconds=rng.randrange(3600))
        return min(max(instant, earliest + timedelta(seconds=1)), latest)


def _membership_trend_correction(calendar: _Calendar, members: Sequence[MemberSpec],
                                 counts: Sequence[int]) -> list[float]:
    """Per-slot factors that cancel the trend membership alone would put into the receipts.

    Each member shops only between joining and lapsing, so sampling their receipts straight
    from the calendar would make the busiest month simply the one with the most members; the
    program is young, so that is always the last one. Reweighting the slots by the inverse
    of the members' load (a few fixed-point rounds) keeps the shop's seasonality as the
    calendar says, while every member still shops only while a member.
    """
    slot_count = len(calendar.slot_starts)
    base = [pos + online for pos, online in zip(calendar.weights["pos"], calendar.weights["online"], strict=True)]
    periods = [(calendar.slot_range(*_active_period(members[i], calendar.now)), count)
               for i, count in enumerate(counts) if count]
    factors = [1.0] * slot_count
    for _ in range(4):
        cumulative = list(accumulate(w * f for w, f in zip(base, factors, strict=True)))
        load_changes = [0.0] * (slot_count + 1)
        for (first, last), count in periods:
            mass = cumulative[last] - (cumulative[first - 1] if first else 0.0)
            if mass > 0:
                load_changes[first] += count / mass
                load_changes[last + 1] -= count / mass
        load = list(accumulate(load_changes[:slot_count]))
        # A slot receives weight x factor x load receipts: make factor x load the same everywhere.
        loaded = [x for x in load if x > 0]
        typical = sum(loaded) / len(loaded) if loaded else 1.0
        factors = [min(max(typical / x, 0.2), 5.0) if x > 0 else f for f, x in zip(factors, load, strict=True)]
    return factors


@dataclass(slots=True)
class _Draft:
    sequence: int
    member_index: int | None
    channel: str
    store_code: str | None
    occurred_at: datetime


def _member_purchase_drafts(rng: random.Random, calendar: _Calendar, members: Sequence[MemberSpec],
                            counts: Sequence[int]) -> list[_Draft]:
    drafts: list[_Draft] = []
    store_codes = [store.code for store in STORES]
    store_traffic = [store.traffic for store in STORES]
    # Each member's own online habit, Beta-distributed around the share that makes the
    # overall mix about 30% online once anonymous (mostly in-store) receipts are added.
    member_online_mean = (ONLINE_SHARE - ANONYMOUS_SHARE * 0.15) / (1 - ANONYMOUS_SHARE)
    alpha = 0.9
    beta = alpha * (1 - member_online_mean) / member_online_mean
    for index, count in enumerate(counts):
        if count == 0:
            continue
        member = members[index]
        online_habit = rng.betavariate(alpha, beta)
        active = _active_period(member, calendar.now)
        for _ in range(count):
            channel = "online" if rng.random() < online_habit else "pos"
            store = None
            if channel == "pos":
                store = (member.home_store if rng.random() < HOME_STORE_LOYALTY
                         else rng.choices(store_codes, weights=store_traffic)[0])
            occurred_at = calendar.sample(rng, channel, *active)
            if occurred_at is None:
                occurred_at = calendar.sample(rng, "online", *active)
                channel, store = "online", None
            if occurred_at is None:
                continue
            drafts.append(_Draft(len(drafts), index, channel, store, occurred_at))
    return drafts


def _anonymous_purchase_drafts(rng: random.Random, calendar: _Calendar, count: int) -> list[_Draft]:
    drafts: list[_Draft] = []
    store_codes = [store.code for store in STORES]
    store_traffic = [store.traffic for store in STORES]
    for sequence in range(count):
        # Guest check-outs exist but most anonymous receipts are walk-ins who never asked for a card.
        channel = "online" if rng.random() < 0.15 else "pos"
        store = rng.choices(store_codes, weights=store_traffic)[0] if channel == "pos" else None
        occurred_at = calendar.sample(rng, channel)
        assert occurred_at is not None  # the window always has open hours
        drafts.append(_Draft(1_000_000_000 + sequence, None, channel, store, occurred_at))
    return drafts


# -- what is in the basket -----------------------------------------------------------------------


class _Shelf:
    def __init__(self, products: Sequence[Product]) -> None:
        self.products = list(products)
        self.cumulative = list(accumulate(product.popularity for product in self.products))

    def basket(self, rng: random.Random, lines: int) -> list[Product]:
        chosen: dict[str, Product] = {}
        while len(chosen) < lines:
            product = self.products[bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]
            chosen.setdefault(product.sku, product)
        return list(chosen.values())


def _finish_purchases(rng: random.Random, drafts: Sequence[_Draft], now: datetime) -> list[PurchaseSpec]:
    shelves = {"pos": _Shelf(PRODUCTS), "online": _Shelf([p for p in PRODUCTS if not p.in_store_only])}
    zone = ZoneInfo(TIMEZONE)
    receipt_counters: dict[tuple[str, date], int] = {}
    line_counts = {"pos": _Choice(STORE_LINES_WEIGHT), "online": _Choice(ONLINE_LINES_WEIGHT)}
    quantities = _Choice(QUANTITY_WEIGHT)
    specs: list[PurchaseSpec] = []
    for number, draft in enumerate(drafts, start=1):
        line_count = line_counts[draft.channel].pick(rng)
        lines = tuple(
            LineSpec(line_no=line_no, sku=product.sku, name=product.name, category=product.category,
                     quantity=quantities.pick(rng), unit_price_minor=product.price_minor)
            for line_no, product in enumerate(shelves[draft.channel].basket(rng, line_count), start=1)
        )
        local_day = draft.occurred_at.astimezone(zone).date()
        till = draft.store_code or "WEB"
        receipt_counters[(till, local_day)] = receipt_counters.get((till, local_day), 0) + 1
        external_id = f"DEMO-{number:06d}"
        specs.append(PurchaseSpec(
            external_id=external_id,
            receipt_number=f"{till}/{local_day:%Y%m%d}/{receipt_counters[(till, local_day)]:04d}",
            member_index=draft.member_index, channel=draft.channel, store_code=draft.store_code,
            occurred_at=draft.occurred_at, lines=lines,
            refund=_maybe_refund(rng, external_id, draft.occurred_at, lines, now),
        ))
    return specs


def _maybe_refund(rng: random.Random, external_id: str, occurred_at: datetime, lines: Sequence[LineSpec],
                  now: datetime) -> RefundSpec | None:
    if rng.random() >= REFUND_SHARE:
        return None
    refunded_at = occurred_at + timedelta(seconds=rng.randrange(2 * 3600, int(RETURN_WINDOW.total_seconds())))
    if refunded_at >= now:
        return None  # a recent receipt whose return has not happened yet
    if rng.random() < WHOLE_REFUND_SHARE:
        returned = tuple((line.line_no, line.quantity) for line in lines)
    else:
        line = rng.choice(lines)
        returned = ((line.line_no, rng.randint(1, line.quantity)),)
    by_number = {line.line_no: line for line in lines}
    amount = sum(by_number[line_no].unit_price_minor * quantity for line_no, quantity in returned)
    return RefundSpec(external_id=f"{external_id}-R1", purchase_external_id=external_id, occurred_at=refunded_at,
                      lines=returned, amount_minor=amount, is_whole=amount == sum(x.amount_minor for x in lines))


def _reviews(rng: random.Random, purchases: Sequence[PurchaseSpec], now: datetime) -> list[ReviewSpec]:
    stars = _Choice(STARS_WEIGHT)
    reviews: list[ReviewSpec] = []
    for purchase in purchases:
        if purchase.member_index is None or rng.random() >= REVIEW_SHARE:
            continue
        posted_at = purchase.occurred_at + timedelta(seconds=rng.randrange(3 * 3600, int(REVIEW_DELAY.total_seconds())))
        line = rng.choice(purchase.lines)
        if posted_at < now:
            reviews.append(ReviewSpec(external_id=f"{purchase.external_id}-V1", member_index=purchase.member_index,
                                      sku=line.sku, stars=stars.pick(rng), occurred_at=posted_at))
    return sorted(reviews, key=lambda review: (review.occurred_at, review.external_id))
