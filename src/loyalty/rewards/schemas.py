"""Rewards I/O: the catalogue's definitions, redemptions, code pools and causes."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from loyalty.input_types import DateTimeIn, DecimalIn, InputModel
from loyalty.kernel import clock
from loyalty.members.schemas import Address

RewardKind = Literal["physical", "e_voucher", "coupon", "cashback", "donation", "stamp_card"]
RedemptionStatus = Literal["requested", "confirmed", "shipped", "delivered", "cancelled", "completed"]
ChangeableStatus = Literal["confirmed", "shipped", "delivered", "cancelled"]
MAX_POINTS = 1_000_000_000
MAX_MONEY = 10**12
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$"
MAX_IMAGES = 10
IMAGES_BY_LANGUAGE = ('Pictures for the languages whose pictures differ (words on them), {"pl": ["https://…"]}; '
                      "a member whose language has none of its own sees `image_urls`. An empty list is refused "
                      "(leave the language out).")


def _texts(value: dict[str, str] | None, *, what: str, max_length: int) -> dict[str, str] | None:
    if value is None:
        return None
    cleaned: dict[str, str] = {}
    for language, text in value.items():
        if not _is_language(language):
            raise ValueError(f"{language!r} is not a language tag such as 'en' or 'pl-PL'")
        text = text.strip()
        if not text:
            raise ValueError(f"the {what} in {language!r} is empty")
        if len(text) > max_length:
            raise ValueError(f"the {what} in {language!r} is longer than {max_length} characters")
        cleaned[language] = text
    return cleaned


def _is_language(value: str) -> bool:
    return bool(re.fullmatch(LANGUAGE_PATTERN, value))


def _image_urls(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    for url in value:
        if not (url.startswith("https://") or url.startswith("http://")) or any(c.isspace() for c in url):
            raise ValueError(f"{url!r} is not an http(s) URL")
    return value


def _images_by_language(value: dict[str, list[str]] | None) -> dict[str, list[str]] | None:
    if value is None:
        return None
    for language, urls in value.items():
        if not _is_language(language):
            raise ValueError(f"{language!r} is not a language tag such as 'en' or 'pl-PL'")
        if not urls:
            raise ValueError(f"no images in {language!r}: leave the language out to show image_urls")
        if len(urls) > MAX_IMAGES:
            raise ValueError(f"at most {MAX_IMAGES} images in {language!r}")
        _image_urls(urls)
    return value


def _tiers(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    cleaned = [code.strip() for code in value]
    if any(not code for code in cleaned):
        raise ValueError("tier codes cannot be empty")
    return list(dict.fromkeys(cleaned))


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else clock.as_utc(value)


class RewardFields(InputModel):
    """Validation shared by create and update; the service checks what depends on the kind."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("names", check_fields=False)
    @classmethod
    def _names(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        return _texts(value, what="name", max_length=200)

    @field_validator("descriptions", check_fields=False)
    @classmethod
    def _descriptions(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        return _texts(value, what="description", max_length=4000)

    @field_validator("image_urls", check_fields=False)
    @classmethod
    def _urls(cls, value: list[str] | None) -> list[str] | None:
        return _image_urls(value)

    @field_validator("images_by_language", check_fields=False)
    @classmethod
    def _localized_urls(cls, value: dict[str, list[str]] | None) -> dict[str, list[str]] | None:
        return _images_by_language(value)

    @field_validator("eligible_tiers", check_fields=False)
    @classmethod
    def _tier_codes(cls, value: list[str] | None) -> list[str] | None:
        return _tiers(value)

    @field_validator("starts_at", "ends_at", check_fields=False)
    @classmethod
    def _as_utc(cls, value: datetime | None) -> datetime | None:
        return _utc(value)


class RewardCreate(RewardFields):
    kind: RewardKind = Field(description=(
        "physical: an item delivered to an address (statuses requested → confirmed → shipped → delivered, "
        "or cancelled, which returns points and stock); e_voucher: the next unused partner code of "
        "`code_pool_id`; coupon: a code of voucher campaign `voucher_campaign_id` issued for the member; "
        "cashback: points become money credit in the program's `cashback` unit at `cashback_rate`; "
        "donation: points given to cause `cause_id`; stamp_card: when the member's stamps reach "
        "`points_price` (the card's size) a coupon of `voucher_campaign_id` is issued at once."))
    names: dict[str, str] = Field(min_length=1, max_length=20, description=(
        'Name per language, {"en": "Mug", "pl": "Kubek"}; must include the program\'s locale, the fallback.'))
    descriptions: dict[str, str] = Field(default_factory=dict, max_length=20)
    image_urls: list[str] = Field(default_factory=list, max_length=MAX_IMAGES)
    images_by_language: dict[str, list[str]] = Field(default_factory=dict, max_length=20,
                                                     description=IMAGES_BY_LANGUAGE)
    points_price: int = Field(ge=1, le=MAX_POINTS, description=(
        "Points it costs; for cashback and donations the least a member may give; for a stamp card the "
        "number of stamps that fill it."))
    money_price: int = Field(default=0, ge=0, le=MAX_MONEY, description=(
        "A money part paid on top of the points, in the program currency's minor units (points + money)."))
    stock: int | None = Field(default=None, ge=0, le=MAX_POINTS, description="Items left; null is unlimited.")
    limit_per_member: int | None = Field(default=None, ge=1, le=1_000_000)
    limit_total: int | None = Field(default=None, ge=1, le=MAX_POINTS)
    starts_at: DateTimeIn | None = None
    ends_at: DateTimeIn | None = None
    eligible_tiers: list[str] = Field(default_factory=list, max_length=50,
                                      description="Codes of the program's tier levels that may redeem it; empty "
                                                  "for everyone. An unknown code is 422 `unknown_tier`.")
    code_pool_id: int | None = Field(default=None, ge=1)
    voucher_campaign_id: int | None = Field(default=None, ge=1)
    cause_id: int | None = Field(default=None, ge=1)
    cashback_rate: DecimalIn | None = Field(default=None, gt=0, le=1_000_000, max_digits=18, decimal_places=6,
                                          description="Cashback minor units per point (\"0.5\": 2 points a cent).")
    segment_id: int | None = Field(default=None, ge=1, le=2**53, description=(
        "Only the members of this segment may redeem it (others are refused with "
        "`segment_not_eligible`); null for everyone. An unknown segment is 422 `unknown_segment`."))
    is_active: bool = True


class RewardUpdate(RewardFields):
    """Only the fields sent change; the kind never does."""

    names: dict[str, str] | None = Field(default=None, min_length=1, max_length=20)
    descriptions: dict[str, str] | None = Field(default=None, max_length=20)
    image_urls: list[str] | None = Field(default=None, max_length=MAX_IMAGES)
    images_by_language: dict[str, list[str]] | None = Field(default=None, max_length=20,
                                                            description=IMAGES_BY_LANGUAGE)
    points_price: int | None = Field(default=None, ge=1, le=MAX_POINTS)
    money_price: int | None = Field(default=None, ge=0, le=MAX_MONEY)
    limit_per_member: int | None = Field(default=None, ge=1, le=1_000_000)
    limit_total: int | None = Field(default=None, ge=1, le=MAX_POINTS)
    starts_at: DateTimeIn | None = None
    ends_at: DateTimeIn | None = None
    eligible_tiers: list[str] | None = Field(default=None, max_length=50)
    code_pool_id: int | None = Field(default=None, ge=1)
    voucher_campaign_id: int | None = Field(default=None, ge=1)
    cause_id: int | None = Field(default=None, ge=1)
    cashback_rate: DecimalIn | None = Field(default=None, gt=0, le=1_000_000, max_digits=18, decimal_places=6)
    segment_id: int | None = Field(default=None, ge=1, le=2**53)
    is_active: bool | None = None


class StockChange(InputModel):
    """Either `add` (negative removes) or `set` (null makes the stock unlimited)."""

    model_config = ConfigDict(extra="forbid")
    add: int | None = Field(default=None, ge=-MAX_POINTS, le=MAX_POINTS)
    set: int | None = Field(default=None, ge=0, le=MAX_POINTS)

    @model_validator(mode="after")
    def _one_of(self) -> StockChange:
        if ("add" in self.model_fields_set) == ("set" in self.model_fields_set):
            raise ValueError("send either 'add' or 'set'")
        if "add" in self.model_fields_set and not self.add:
            raise ValueError("'add' must be a non-zero whole number")
        return self


class RewardRead(BaseModel):
    id: int
    kind: RewardKind
    names: dict[str, str]
    descriptions: dict[str, str]
    image_urls: list[str]
    images_by_language: dict[str, list[str]] = Field(description=IMAGES_BY_LANGUAGE)
    unit: str
    points_price: int
    money_price: int
    currency: str
    stock: int | None
    available: int | None = Field(description="What can still be handed out: the stock, or if fewer the codes "
                                              "left (an e-voucher's unused pool codes, a coupon's or stamp "
                                              "card's campaign codes still to publish); null is unlimited.")
    redeemed_count: int
    limit_per_member: int | None
    limit_total: int | None
    starts_at: datetime | None
    ends_at: datetime | None
    eligible_tiers: list[str]
    segment_id: int | None = None
    code_pool_id: int | None
    voucher_campaign_id: int | None
    cause_id: int | None
    cashback_rate: Decimal | None
    is_active: bool
    created_at: datetime
    updated_at: datetime


# --- the member's view --------------------------------------------------------------------


class RefusalRead(BaseModel):
    code: str = Field(description="insufficient_points, out_of_stock, member_limit_reached, total_limit_reached, "
                                  "tier_not_eligible, outside_validity, coupon_unavailable or member_blocked.")
    message: str


class CatalogueItemRead(BaseModel):
    reward_id: int
    kind: RewardKind
    name: str
    description: str | None
    image_urls: list[str] = Field(description="The pictures for the member's language, else the reward's own.")
    unit: str
    points_price: int
    variable_points: bool = Field(description="The member chooses how many points (at least `points_price`).")
    money_price: int
    currency: str
    available: int | None = Field(description="What can still be handed out, as for staff, except that a coupon's "
                                              "or stamp card's codes are counted up to 100 only (a catalogue read "
                                              "never counts a large campaign); null is unlimited.")
    starts_at: datetime | None
    ends_at: datetime | None
    eligible_tiers: list[str]
    limit_per_member: int | None
    redeemed_by_member: int
    cashback_rate: Decimal | None
    cause_id: int | None
    can_redeem: bool
    reasons: list[RefusalRead] = Field(description="Why not, most fundamental first; empty when it can.")


class CatalogueRead(BaseModel):
    member_id: int
    language: str
    tier: str | None
    balances: dict[str, int] = Field(description="Available balance per unit.")
    items: list[CatalogueItemRead]


class StampCardRead(BaseModel):
    reward_id: int
    name: str
    card_size: int
    stamps: int = Field(description="Stamps the member has now.")
    stamps_to_go: int = Field(description="Stamps still needed to fill the card.")
    voucher_campaign_id: int | None


class RedemptionCreate(InputModel):
    model_config = ConfigDict(extra="forbid")
    reward_id: int = Field(ge=1)
    points: int | None = Field(default=None, ge=1, le=MAX_POINTS, description=(
        "For cashback and donations: how many points to give (at least the reward's price); not accepted "
        "for other kinds."))
    delivery_address: Address | None = Field(default=None, description=(
        "Where a physical item goes; defaults to the member's address on file."))
    language: str | None = Field(default=None, pattern=LANGUAGE_PATTERN,
                                 description="The language the receipt names the reward in.")


class StatusChange(InputModel):
    model_config = ConfigDict(extra="forbid")
    status: ChangeableStatus
    note: str | None = Field(default=None, max_length=500, description="E.g. a parcel's tracking number.")


class StatusEntryRead(BaseModel):
    status: RedemptionStatus
    at: datetime
    actor: str
    note: str | None = None


class RedemptionRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": 311, "receipt_number": "R-20260320-000311", "member_id": 1042, "reward_id": 17, "kind": "physical",
        "reward_name": "Kubek termiczny", "status": "requested", "allowed_transitions": ["confirmed", "cancelled"],
        "unit": "points", "points": 900, "money": 0, "currency": "PLN", "code": None, "cashback": None,
        "cause_id": None,
        "delivery_address": {"line1": "ul. Prosta 1", "line2": "m. 12", "city": "Warszawa", "postal_code": "00-850",
                             "country": "PL"},
        "history": [{"status": "requested", "at": "2026-03-20T16:45:03Z", "actor": "api_key:4:web-shop",
                     "note": None}],
        "created_at": "2026-03-20T16:45:03Z", "updated_at": "2026-03-20T16:45:03Z",
    }]})

    id: int
    receipt_number: str
    member_id: int
    reward_id: int
    kind: RewardKind
    reward_name: str
    status: RedemptionStatus
    allowed_transitions: list[ChangeableStatus]
    unit: str
    points: int
    money: int = Field(description="The money part, in minor units of `currency`.")
    currency: str
    code: str | None = Field(description="The e-voucher or coupon code handed to the member.")
    cashback: int | None = Field(description="Cashback credited, in minor units.")
    cause_id: int | None
    delivery_address: dict[str, Any] | None
    history: list[StatusEntryRead]
    created_at: datetime
    updated_at: datetime


# --- code pools and causes ----------------------------------------------------------------


class CodePoolCreate(InputModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    low_threshold: int = Field(default=10, ge=0, le=1_000_000, description=(
        "Fewer unused codes than this and the pool is low (`is_low`, and one `code_pool.low` event)."))


class CodePoolUpdate(InputModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, min_length=1, max_length=200)
    low_threshold: int | None = Field(default=None, ge=0, le=1_000_000)


class CodePoolRead(BaseModel):
    id: int
    name: str
    low_threshold: int
    codes_total: int
    codes_used: int
    codes_available: int
    is_low: bool
    low_warned_at: datetime | None
    created_at: datetime


class CodeImportRead(BaseModel):
    pool_id: int
    imported: int
    codes_available: int
    is_low: bool


class CauseCreate(InputModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    is_active: bool = True


class CauseUpdate(InputModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    is_active: bool | None = None


class CauseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    description: str | None
    is_active: bool
    points_total: int = Field(description="Points given to this cause so far.")
    donations_count: int
    created_at: datetime
