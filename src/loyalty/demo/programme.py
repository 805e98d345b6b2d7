"""What the demo program offers: earning rules, tiers, the referral programme, voucher
campaigns, causes and the rewards catalogue.

Plain data, in the shape the API takes. The generator reads it to plan who redeems what and
to place the tier thresholds on its data (it estimates points with `rule_points`, which
mirrors the purchase rules below); the loader creates it all through the real services.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

TIMEZONE = "Europe/Warsaw"
CURRENCY = "PLN"
UNITS = ("points", "stamps", "cashback")
PENDING_DAYS = 14
POINTS_EXPIRE_AFTER_MONTHS = 12
WELCOME_POINTS = 100
BIG_BASKET_MINOR = 15_000
BIG_BASKET_BONUS = 50
DOUBLE_POINTS_WEEKDAY = 2  # Tuesday, ISO numbering


def demo_rules() -> list[dict[str, Any]]:
    """The demo's earning rules, as the API would receive them."""
    coffee = {"field": "line.category", "op": "eq", "value": "coffee"}
    return [
        {"name": "1 point per 1 PLN", "trigger": "purchase", "priority": 10,
         "description": "The base rate on every receipt.",
         "effect": {"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"}},
        {"name": "50 bonus points on baskets over 150 PLN", "trigger": "purchase", "priority": 20,
         "condition": {"field": "purchase.total", "op": "gt", "value": BIG_BASKET_MINOR},
         "effect": {"kind": "fixed", "points": BIG_BASKET_BONUS}},
        {"name": "Double points on Tuesdays", "trigger": "purchase", "priority": 90,
         "condition": {"field": "purchase.local_weekday", "op": "eq", "value": DOUBLE_POINTS_WEEKDAY},
         "effect": {"kind": "multiplier", "factor": "2"}},
        {"name": "A stamp per coffee", "trigger": "purchase", "unit": "stamps", "priority": 30,
         "description": "Ten stamps fill the stamp card: the next cappuccino is on us.",
         "effect": {"kind": "per_item", "points": 1, "line_condition": coffee}},
        {"name": "Welcome bonus", "trigger": "enrolment", "effect": {"kind": "fixed", "points": WELCOME_POINTS}},
        {"name": "Birthday gift", "trigger": "birthday", "effect": {"kind": "fixed", "points": 200}},
        {"name": "Product review", "trigger": "custom_event", "event_type": "review_posted",
         "once_per": "event.payload.product_id", "effect": {"kind": "fixed", "points": 50}},
    ]


def rule_points(total_minor: int, local_weekday: int) -> int:
    """The points (not stamps) the purchase rules above give a receipt of `total_minor`."""
    base = total_minor // 100 + (BIG_BASKET_BONUS if total_minor > BIG_BASKET_MINOR else 0)
    return 2 * base if local_weekday == DOUBLE_POINTS_WEEKDAY else base


# --- tiers ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TierOffer:
    code: str
    name: str
    name_pl: str
    description: str
    description_pl: str
    earn_multiplier: Decimal
    free_shipping: bool
    exclusive_rewards: bool
    # The share of active members the thresholds are placed to hold in this level.
    share: float


TIERS: tuple[TierOffer, ...] = (
    TierOffer("member", "Member", "Klubowicz", "Everyone in the club.", "Każdy członek klubu.",
              Decimal("1"), False, False, 0.60),
    TierOffer("silver", "Silver", "Srebrny", "10% more points on every purchase.",
              "O 10% więcej punktów za każde zakupy.", Decimal("1.1"), False, False, 0.25),
    TierOffer("gold", "Gold", "Złoty", "25% more points and free delivery from the e-shop.",
              "O 25% więcej punktów i darmowa dostawa ze sklepu internetowego.", Decimal("1.25"), True, False, 0.10),
    TierOffer("platinum", "Platinum", "Platynowy",
              "50% more points, free delivery and rewards only Platinum members can redeem.",
              "O 50% więcej punktów, darmowa dostawa i nagrody tylko dla poziomu Platynowego.",
              Decimal("1.5"), True, True, 0.05),
)
TIER_WINDOW_DAYS = 365
TIER_GRACE_DAYS = 30


def tier_policy() -> dict[str, Any]:
    return {"measure": "points_earned", "window": {"kind": "rolling", "days": TIER_WINDOW_DAYS},
            "grace_days": TIER_GRACE_DAYS, "one_level_at_a_time": True}


def tier_levels(thresholds: tuple[int, ...]) -> list[dict[str, Any]]:
    """The levels as the API takes them; `thresholds` are Silver's, Gold's and Platinum's."""
    if len(thresholds) != len(TIERS) - 1:
        raise ValueError(f"{len(TIERS) - 1} thresholds are needed, got {len(thresholds)}")
    return [{
        "code": tier.code, "name": tier.name, "description": tier.description, "rank": rank,
        "threshold": 0 if rank == 0 else thresholds[rank - 1],
        "benefits": {"earn_multiplier": str(tier.earn_multiplier), "free_shipping": tier.free_shipping,
                     "exclusive_rewards": tier.exclusive_rewards},
        "translations": {"pl": {"name": tier.name_pl, "description": tier.description_pl}},
    } for rank, tier in enumerate(TIERS)]


# --- referrals --------------------------------------------------------------------------------

REFERRAL_MIN_TOTAL_MINOR = 5_000
REFERRAL_WITHIN_DAYS = 30


def referral_programme() -> dict[str, Any]:
    return {
        "active": True,
        "qualifying_purchase": {"min_total": REFERRAL_MIN_TOTAL_MINOR, "within_days": REFERRAL_WITHIN_DAYS},
        "referrer_reward": {"points": 500, "unit": "points"},
        "referee_reward": {"points": 250, "unit": "points"},
        "cap": {"count": 10, "period_days": 30},
        "signup_url": "https://shop.demo-coffee.example/join",
    }


# --- voucher campaigns ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CampaignOffer:
    key: str
    definition: dict[str, Any]  # a CampaignCreate body; the loader adds the Christmas dates
    pattern: str


XMAS = "xmas"
TEN_OFF = "ten_off"
FREE_CROISSANT = "free_croissant"
FREE_COFFEE = "free_coffee"
GIFT_CARD = "gift_card"
XMAS_MIN_TOTAL_MINOR = 10_000
XMAS_PERCENT = 15
XMAS_MAX_DISCOUNT_MINOR = 5_000
XMAS_CODES = 2_000
TEN_OFF_MIN_TOTAL_MINOR = 3_000
FREE_COFFEE_SKU = "COF-CAP"
FREE_CROISSANT_SKU = "BAK-CRO"
STAMP_CARD_SIZE = 10

CAMPAIGNS: tuple[CampaignOffer, ...] = (
    CampaignOffer(XMAS, {
        "name": "Christmas: 15% off baskets over 100 PLN",
        "description": "Święta: 15% rabatu na zakupy powyżej 100 zł (do 50 zł). Ważny w grudniu.",
        "kind": "percent", "percent": str(XMAS_PERCENT), "max_discount": XMAS_MAX_DISCOUNT_MINOR,
        "condition": {"field": "purchase.total", "op": "gt", "value": XMAS_MIN_TOTAL_MINOR},
        "max_uses_per_code": 1, "max_uses_per_member": 1,
    }, "XMAS-####-####"),
    CampaignOffer(TEN_OFF, {
        "name": "10 PLN off a basket of 30 PLN or more",
        "description": "10 zł rabatu na zakupy od 30 zł.",
        "kind": "fixed_amount", "amount": 1_000,
        "condition": {"field": "purchase.total", "op": "gte", "value": TEN_OFF_MIN_TOTAL_MINOR},
    }, "RABAT-####-####"),
    CampaignOffer(FREE_CROISSANT, {
        "name": "A butter croissant on us", "description": "Croissant maślany gratis.",
        "kind": "free_product", "sku": FREE_CROISSANT_SKU,
    }, "CROISSANT-####-####"),
    CampaignOffer(FREE_COFFEE, {
        "name": "Stamp card: a free cappuccino", "description": "Karta pieczątek: cappuccino gratis.",
        "kind": "free_product", "sku": FREE_COFFEE_SKU,
    }, "KAWA-####-####"),
    CampaignOffer(GIFT_CARD, {
        "name": "Gift card 50 PLN", "description": "Karta podarunkowa o wartości 50 zł, do wydania w kilku zakupach.",
        "kind": "gift_card", "amount": 5_000,
    }, "GIFT-####-####-####"),
)
CAMPAIGNS_BY_KEY = {campaign.key: campaign for campaign in CAMPAIGNS}


# --- causes, the code pool and the catalogue --------------------------------------------------


@dataclass(frozen=True, slots=True)
class CauseOffer:
    key: str
    name: str
    description: str


CAUSES: tuple[CauseOffer, ...] = (
    CauseOffer("shelter", "Schronisko dla zwierząt / Animal shelter",
               "Karma i opieka weterynaryjna dla psów i kotów ze schroniska. Food and vet care for shelter "
               "dogs and cats."),
    CauseOffer("trees", "Sadzimy drzewa / Plant trees",
               "Każde 100 punktów to złotówka na sadzenie drzew w polskich miastach. Every 100 points give "
               "1 PLN to planting trees in Polish cities."),
)

CODE_POOL_NAME = "Cinema City tickets"
PARTNER_CODES = 200
CODE_POOL_LOW_THRESHOLD = 20


PHYSICAL = "physical"
E_VOUCHER = "e_voucher"
COUPON = "coupon"
CASHBACK = "cashback"
DONATION = "donation"
STAMP_CARD = "stamp_card"
VARIABLE_PRICE_KINDS = (CASHBACK, DONATION)


@dataclass(frozen=True, slots=True)
class RewardOffer:
    key: str
    kind: str
    names: dict[str, str]
    descriptions: dict[str, str]
    points_price: int
    # How often members save up for it, relative to the others.
    appeal: float
    stock: int | None = None
    money_price_minor: int = 0
    limit_per_member: int | None = None
    eligible_tiers: tuple[str, ...] = ()
    campaign: str | None = None
    cause: str | None = None
    cashback_rate: str | None = None


REWARDS: tuple[RewardOffer, ...] = (
    RewardOffer("mug", PHYSICAL, {"pl": "Kubek Demo Coffee", "en": "Demo Coffee mug"},
                {"pl": "Kamionkowy kubek 300 ml z logo kawiarni.", "en": "Stoneware mug, 300 ml, with our logo."},
                1_800, appeal=6, stock=150, limit_per_member=2),
    RewardOffer("tote_bag", PHYSICAL, {"pl": "Torba bawełniana", "en": "Cotton tote bag"},
                {"pl": "Mocna torba na zakupy z bawełny organicznej.", "en": "A sturdy organic-cotton shopping bag."},
                1_200, appeal=5, stock=200, limit_per_member=2),
    RewardOffer("travel_mug", PHYSICAL, {"pl": "Kubek termiczny", "en": "Travel mug"},
                {"pl": "Stalowy kubek termiczny 450 ml, trzyma ciepło 4 godziny.",
                 "en": "Steel travel mug, 450 ml, keeps coffee hot for 4 hours."},
                2_500, appeal=4, stock=100, limit_per_member=1),
    RewardOffer("coffee_grinder", PHYSICAL, {"pl": "Ręczny młynek do kawy", "en": "Hand coffee grinder"},
                {"pl": "Młynek z żarnami stożkowymi. Tylko 5 sztuk! Punkty + 49 zł.",
                 "en": "Conical burr grinder. Only 5 in stock! Points + 49 PLN."},
                5_000, appeal=3, stock=5, money_price_minor=4_900, limit_per_member=1),
    RewardOffer("pour_over_kit", PHYSICAL, {"pl": "Zestaw pour-over", "en": "Pour-over brewing kit"},
                {"pl": "Drip, karafka i filtry. Tylko dla poziomu Platynowego.",
                 "en": "Dripper, carafe and filters. For Platinum members only."},
                3_000, appeal=30, stock=25, limit_per_member=1, eligible_tiers=("platinum",)),
    RewardOffer("cinema_ticket", E_VOUCHER, {"pl": "Bilet do kina", "en": "Cinema ticket"},
                {"pl": "Kod na bilet 2D w Cinema City, od razu po wymianie.",
                 "en": "A Cinema City 2D ticket code, yours the moment you redeem."},
                1_500, appeal=6),
    RewardOffer("ten_off", COUPON, {"pl": "Kupon 10 zł rabatu", "en": "10 PLN off coupon"},
                {"pl": "10 zł rabatu na zakupy od 30 zł.", "en": "10 PLN off a basket of 30 PLN or more."},
                800, appeal=8, campaign=TEN_OFF),
    RewardOffer("free_croissant", COUPON, {"pl": "Croissant gratis", "en": "Free croissant"},
                {"pl": "Kupon na croissant maślany.", "en": "A coupon for a butter croissant."},
                300, appeal=9, campaign=FREE_CROISSANT),
    RewardOffer("gift_card", COUPON, {"pl": "Karta podarunkowa 50 zł", "en": "Gift card 50 PLN"},
                {"pl": "50 zł do wydania w kilku zakupach.", "en": "50 PLN to spend over several purchases."},
                4_000, appeal=3, campaign=GIFT_CARD),
    RewardOffer("cashback", CASHBACK, {"pl": "Zwrot na konto", "en": "Cashback"},
                {"pl": "500 punktów to 5 zł na Twoim koncie.", "en": "500 points make 5.00 PLN on your account."},
                500, appeal=6, cashback_rate="1"),
    RewardOffer("donate_shelter", DONATION, {"pl": "Wsparcie schroniska", "en": "Support the animal shelter"},
                {"pl": "Przekaż punkty schronisku dla zwierząt.", "en": "Give your points to the animal shelter."},
                100, appeal=4, cause="shelter"),
    RewardOffer("donate_trees", DONATION, {"pl": "Sadzimy drzewa", "en": "Plant trees"},
                {"pl": "Przekaż punkty na sadzenie drzew.", "en": "Give your points to planting trees."},
                100, appeal=3, cause="trees"),
    RewardOffer("coffee_stamp_card", STAMP_CARD, {"pl": "Co 10. kawa gratis", "en": "Every 10th coffee free"},
                {"pl": "Pieczątka za każdą kawę; dziesiąta pieczątka to kupon na cappuccino.",
                 "en": "A stamp for every coffee; the tenth stamp brings a cappuccino coupon."},
                STAMP_CARD_SIZE, appeal=0, campaign=FREE_COFFEE),
)
REWARDS_BY_KEY = {reward.key: reward for reward in REWARDS}
