"""The demo data set's records: plain frozen values the generator makes and the loader replays.

A `*_index` is a position in `DemoData.members`; an `external_id` names a record the way a
shop's system would, so the loader can find it again. Reward and campaign keys name the
demo's offer in loyalty.demo.programme.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class MemberSpec:
    external_id: str
    first_name: str
    last_name: str
    email: str
    phone: str | None
    birth_date: date
    preferred_language: str
    enrolment_channel: str
    enrolled_at: datetime
    # When the member stopped shopping (the ground truth for churn models); None: still active.
    lapsed_at: datetime | None
    email_consent: bool
    sms_consent: bool
    home_store: str
    # The member who invited this one: they sign up with that member's referral code.
    referrer_index: int | None = None


@dataclass(frozen=True, slots=True)
class LineSpec:
    line_no: int
    sku: str
    name: str
    category: str
    quantity: int
    unit_price_minor: int

    @property
    def amount_minor(self) -> int:
        return self.quantity * self.unit_price_minor


@dataclass(frozen=True, slots=True)
class RefundSpec:
    external_id: str
    purchase_external_id: str
    occurred_at: datetime
    lines: tuple[tuple[int, int], ...]  # (line_no, quantity returned)
    amount_minor: int
    is_whole: bool


@dataclass(frozen=True, slots=True)
class PurchaseSpec:
    external_id: str
    receipt_number: str
    member_index: int | None  # position in DemoData.members; None for an anonymous receipt
    channel: str  # pos | online
    store_code: str | None  # None for the e-shop
    occurred_at: datetime
    lines: tuple[LineSpec, ...]
    refund: RefundSpec | None
    # Campaigns whose code, published to the member, is used on this receipt (e.g. "xmas").
    vouchers: tuple[str, ...] = ()

    @property
    def total_minor(self) -> int:
        return sum(line.amount_minor for line in self.lines)


@dataclass(frozen=True, slots=True)
class ReviewSpec:
    """A member reviews a product they bought (a custom event `review_posted`)."""

    external_id: str
    member_index: int
    sku: str
    stars: int
    occurred_at: datetime


@dataclass(frozen=True, slots=True)
class AddressSpec:
    line1: str
    city: str
    postal_code: str
    country: str = "PL"


@dataclass(frozen=True, slots=True)
class WishSpec:
    """A reward a member asks for; `points` is what they give to a cashback or a donation."""

    reward: str
    points: int | None = None


@dataclass(frozen=True, slots=True)
class RedemptionSpec:
    """A member redeems the first of `wishes` the catalogue lets them have at that moment
    (the reward they saved for, then what they settle for when it is gone)."""

    external_id: str
    member_index: int
    occurred_at: datetime
    wishes: tuple[WishSpec, ...]
    delivery_address: AddressSpec | None


@dataclass(frozen=True, slots=True)
class FulfilmentSpec:
    """The warehouse moves a physical item's redemption on (or cancels it)."""

    external_id: str
    redemption_external_id: str
    status: str  # confirmed | shipped | delivered | cancelled
    occurred_at: datetime
    note: str | None


@dataclass(frozen=True, slots=True)
class MailingSpec:
    """A voucher campaign's codes are published, one to each member listed."""

    external_id: str
    campaign: str
    occurred_at: datetime
    member_indexes: tuple[int, ...]


TimelineItem = (MemberSpec | PurchaseSpec | RefundSpec | ReviewSpec | MailingSpec | RedemptionSpec
                | FulfilmentSpec)
# Of things at the same instant: people enrol before they buy, a mailing reaches them before a
# purchase uses it, and a redemption exists before the warehouse touches it.
_ORDER = {MemberSpec: 0, MailingSpec: 1, PurchaseSpec: 2, RefundSpec: 3, ReviewSpec: 4, RedemptionSpec: 5,
          FulfilmentSpec: 6}


def occurred_at(item: TimelineItem) -> datetime:
    return item.enrolled_at if isinstance(item, MemberSpec) else item.occurred_at


@dataclass(frozen=True, slots=True)
class DemoData:
    seed: int
    now: datetime
    members: tuple[MemberSpec, ...]
    purchases: tuple[PurchaseSpec, ...]  # in time order
    reviews: tuple[ReviewSpec, ...]  # in time order
    mailings: tuple[MailingSpec, ...] = ()
    redemptions: tuple[RedemptionSpec, ...] = ()  # in time order
    fulfilments: tuple[FulfilmentSpec, ...] = ()  # in time order
    # Points earned over the tier window that Silver, Gold and Platinum need, placed on this data.
    tier_thresholds: tuple[int, ...] = ()
    # The cinema's e-voucher codes the program imports into its code pool.
    partner_codes: tuple[str, ...] = ()

    @property
    def refunds(self) -> tuple[RefundSpec, ...]:
        return tuple(p.refund for p in self.purchases if p.refund is not None)

    def timeline(self) -> list[TimelineItem]:
        """Everything in the order it happened: enrolments, mailings, receipts, refunds, reviews,
        redemptions and their fulfilment (a member always enrols before buying, a refund and a
        review always come after their receipt, a status change after its redemption)."""
        items: list[TimelineItem] = [*self.members, *self.mailings, *self.purchases, *self.refunds, *self.reviews,
                                     *self.redemptions, *self.fulfilments]
        return sorted(items, key=lambda item: (occurred_at(item), _ORDER[type(item)], item.external_id))
