"""Voucher I/O: campaigns, code batches, publishing, and the checkout's validate / redeem."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema, field_validator, model_validator

from loyalty.input_types import DateTimeIn, DecimalIn, InputModel
from loyalty.kernel import clock
from loyalty.members.schemas import MemberRef

Kind = Literal["fixed_amount", "percent", "free_product", "points_multiplier", "gift_card"]
Channel = Literal["pos", "online", "partner"]
MAX_MINOR = 10**12

# "20" whether it was stored as 20.0000 or just given as 20: a number shown as its owner wrote it.
PlainDecimal = Annotated[Decimal, PlainSerializer(lambda value: format(value.normalize(), "f"), return_type=str)]

ConditionTree = Annotated[dict[str, Any], WithJsonSchema({
    "type": "object",
    "description": 'A condition tree as for earning rules: {"all": [...]}, {"any": [...]}, {"not": {...}}, '
                   '{"any_line": {...}}, {"all_lines": {...}} or {"field": "purchase.total", "op": "gte", '
                   '"value": 5000}. See docs/vouchers.md for the fields.',
})]


# --- campaigns -----------------------------------------------------------------------------

_CAMPAIGN_EXAMPLE: dict[str, Any] = {
    "name": "Christmas: 20% off coffee, up to 10.00", "kind": "percent", "percent": "20", "max_discount": 1000,
    "condition": {"all": [{"field": "purchase.total", "op": "gte", "value": 3000},
                          {"any_line": {"field": "line.category", "op": "eq", "value": "coffee"}}]},
    "line_condition": {"field": "line.category", "op": "eq", "value": "coffee"},
    "starts_at": "2026-12-01T00:00:00+01:00", "ends_at": "2027-01-01T00:00:00+01:00",
    "max_uses_per_code": 1, "max_uses_per_member": 1, "max_uses_total": 5000,
}


class CampaignFields(InputModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("starts_at", "ends_at", check_fields=False)
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        return None if value is None else clock.as_utc(value)

    @field_validator("sku", check_fields=False)
    @classmethod
    def _trimmed(cls, value: str | None) -> str | None:
        return None if value is None else value.strip()


class CampaignCreate(CampaignFields):
    """A voucher campaign: what its codes give, when, to whom, and how often."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_CAMPAIGN_EXAMPLE]})

    name: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    kind: Kind = Field(description="fixed_amount, percent, free_product, points_multiplier or gift_card.")
    amount: int | None = Field(default=None, ge=1, le=MAX_MINOR,
                               description="fixed_amount: the amount off; gift_card: each code's starting "
                                           "balance. Minor units (cents).")
    percent: DecimalIn | None = Field(default=None, gt=0, le=100, max_digits=7, decimal_places=4,
                                    description="percent: the share off, e.g. \"15\" or \"12.5\".")
    max_discount: int | None = Field(default=None, ge=1, le=MAX_MINOR,
                                     description="percent: the most it takes off, in minor units.")
    sku: str | None = Field(default=None, min_length=1, max_length=64, description="free_product: the product given.")
    free_quantity: int | None = Field(default=None, ge=1, le=1000,
                                      description="free_product: how many units are free (default 1).")
    factor: DecimalIn | None = Field(default=None, gt=1, le=100, max_digits=8, decimal_places=4,
                                   description="points_multiplier: what the purchase's points are multiplied by.")
    condition: ConditionTree | None = Field(default=None, description="When the voucher applies.")
    line_condition: ConditionTree | None = Field(default=None, description="Which lines the discount is taken "
                                                 "from (line.* fields); all lines when null.")
    starts_at: DateTimeIn | None = Field(default=None, description="Valid from (inclusive); naive means UTC.")
    ends_at: DateTimeIn | None = Field(default=None, description="Valid until (exclusive); naive means UTC.")
    max_uses_per_code: int | None = Field(default=1, ge=1, le=10**9,
                                          description="Uses of one code; null for unlimited. Defaults to 1 "
                                                      "(single-use), and to unlimited for gift cards, which "
                                                      "are spent until their balance is gone.")
    max_uses_per_member: int | None = Field(default=None, ge=1, le=10**9,
                                            description="Redemptions of the campaign per member (the member "
                                                        "must then be named at checkout).")
    max_uses_total: int | None = Field(default=None, ge=1, le=10**15,
                                       description="Redemptions of the campaign over all codes.")


# Fields that always have a value: an update may change them but not clear them.
REQUIRED_UPDATE_FIELDS = ("name",)


class CampaignUpdate(CampaignFields):
    """Any subset of the campaign's fields; null clears an optional one. The kind cannot change.
    A new max_uses_per_code applies to every code of the campaign."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    amount: int | None = Field(default=None, ge=1, le=MAX_MINOR)
    percent: DecimalIn | None = Field(default=None, gt=0, le=100, max_digits=7, decimal_places=4)
    max_discount: int | None = Field(default=None, ge=1, le=MAX_MINOR)
    sku: str | None = Field(default=None, min_length=1, max_length=64)
    free_quantity: int | None = Field(default=None, ge=1, le=1000)
    factor: DecimalIn | None = Field(default=None, gt=1, le=100, max_digits=8, decimal_places=4)
    condition: ConditionTree | None = None
    line_condition: ConditionTree | None = None
    starts_at: DateTimeIn | None = None
    ends_at: DateTimeIn | None = None
    max_uses_per_code: int | None = Field(default=None, ge=1, le=10**9)
    max_uses_per_member: int | None = Field(default=None, ge=1, le=10**9)
    max_uses_total: int | None = Field(default=None, ge=1, le=10**15)

    @field_validator(*REQUIRED_UPDATE_FIELDS)
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("cannot be null; leave it out to keep the current value")
        return value


class CampaignRead(BaseModel):
    id: int
    name: str
    description: str | None
    kind: Kind
    currency: str
    amount: int | None
    percent: PlainDecimal | None
    max_discount: int | None
    sku: str | None
    free_quantity: int | None
    factor: PlainDecimal | None
    condition: ConditionTree | None
    line_condition: ConditionTree | None
    starts_at: datetime | None
    ends_at: datetime | None
    max_uses_per_code: int | None
    max_uses_per_member: int | None
    max_uses_total: int | None
    uses_total: int = Field(description="Live redemptions (rolled-back ones are given back).")
    codes: int = Field(description="Codes the campaign holds.")
    codes_published: int = Field(description="Codes published to a member.")
    is_active: bool
    created_at: datetime
    updated_at: datetime


# --- codes ---------------------------------------------------------------------------------


class CodeBatchCreate(InputModel):
    """Codes drawn with a cryptographically secure generator from a pattern ('#' is a random
    character) or from prefix + length random characters + postfix."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"count": 1000, "pattern": "XMAS-####-####"},
        {"count": 500, "prefix": "SPRING-", "length": 10, "charset": "numeric"},
    ]})

    count: int = Field(ge=1, le=100_000)
    pattern: str | None = Field(default=None, max_length=64, examples=["XMAS-####-####"])
    prefix: str = Field(default="", max_length=60)
    postfix: str = Field(default="", max_length=60)
    length: int | None = Field(default=None, ge=1, le=60)
    charset: str = Field(default="unambiguous", max_length=64,
                         description="unambiguous (no 0/O, 1/I/L; the default), alphanumeric, alphabetic, "
                                     "numeric, or the characters to draw from.")


class CodeBatchRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    campaign_id: int
    source: str
    pattern: str | None
    charset: str | None
    size: int
    created_at: datetime
    guesses_per_hit: int | None = Field(default=None, description="Random guesses at the pattern per valid code "
                                        "found, after this batch (generated batches).")


class PublishRequest(InputModel):
    """Publish the campaign's next unused codes, one to each member, or one given code to one member."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"members": [{"email": "anna@example.com"}, {"id": 42}]}]})

    members: list[MemberRef] = Field(min_length=1, max_length=1000)
    code: str | None = Field(default=None, min_length=1, max_length=100,
                             description="A code of the campaign to publish (one member only).")

    @model_validator(mode="after")
    def _one_member_for_a_code(self) -> PublishRequest:
        if self.code is not None and len(self.members) != 1:
            raise ValueError("a given code is published to exactly one member")
        return self


class PublishedCodeRead(BaseModel):
    member_id: int
    code: str
    published_at: datetime


class PublishedCodesRead(BaseModel):
    items: list[PublishedCodeRead] = Field(description="One code per member, in the order the members were given.")


class MemberVoucherRead(BaseModel):
    code: str
    campaign_id: int
    name: str
    description: str | None
    kind: Kind
    status: Literal["available", "used_up", "expired", "not_yet_valid", "inactive"]
    currency: str
    amount: int | None
    percent: PlainDecimal | None
    max_discount: int | None
    sku: str | None
    factor: PlainDecimal | None
    uses: int
    max_uses: int | None
    balance: int | None = Field(description="A gift card's balance left, in minor units.")
    starts_at: datetime | None
    ends_at: datetime | None
    published_at: datetime | None


# --- checkout ------------------------------------------------------------------------------


class BasketLineIn(InputModel):
    model_config = ConfigDict(extra="forbid")

    line_no: int | None = Field(default=None, ge=1, le=100_000,
                                description="The line's number in the shop's order; its position (1-based) if omitted.")
    sku: str = Field(min_length=1, max_length=64)
    name: str | None = Field(default=None, max_length=200)
    category: str | None = Field(default=None, max_length=100)
    quantity: int = Field(ge=1, le=100_000)
    unit_price: int = Field(ge=0, le=MAX_MINOR, description="Price of one unit in minor units (cents).")


class BasketIn(InputModel):
    """The basket being paid. `total` defaults to the sum of the lines; given with lines it must equal it."""

    model_config = ConfigDict(extra="forbid")

    lines: list[BasketLineIn] = Field(default_factory=list, max_length=500)
    total: int | None = Field(default=None, ge=0, le=10**13)
    channel: Channel
    store: str | None = Field(default=None, min_length=1, max_length=64)

    @model_validator(mode="after")
    def _consistent(self) -> BasketIn:
        if not self.lines and self.total is None:
            raise ValueError("give the basket's lines or its total")
        line_sum = sum(line.quantity * line.unit_price for line in self.lines)
        if self.lines and self.total is not None and self.total != line_sum:
            raise ValueError(f"total {self.total} differs from the sum of the lines {line_sum}")
        numbers = [line.line_no or position for position, line in enumerate(self.lines, start=1)]
        if len(set(numbers)) != len(numbers):
            raise ValueError("line_no values must be unique")
        return self


_CHECK_EXAMPLE: dict[str, Any] = {
    "code": "XMAS-7KQ2-M9TD", "member": {"email": "anna@example.com"},
    "basket": {"channel": "online", "lines": [
        {"line_no": 1, "sku": "CAP-250", "category": "coffee", "quantity": 2, "unit_price": 1400},
        {"line_no": 2, "sku": "CRO-01", "category": "bakery", "quantity": 1, "unit_price": 900}]},
}


class VoucherCheck(InputModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_CHECK_EXAMPLE]})

    code: str = Field(min_length=1, max_length=100, description="As typed: case and spaces do not matter.")
    member: MemberRef | None = None
    basket: BasketIn


class VoucherRedeem(VoucherCheck):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {**_CHECK_EXAMPLE, "order_id": "WEB-2026-000123"}]})

    order_id: str = Field(min_length=1, max_length=128, description="The shop's order: a rollback names it.")


class LineDiscountRead(BaseModel):
    line_no: int
    discount: int = Field(description="Minor units taken off the line.")


class VoucherRefusalRead(BaseModel):
    code: str = Field(description="voucher_not_found, voucher_inactive, voucher_not_yet_valid, voucher_expired, "
                                  "voucher_used_up, voucher_member_limit_reached, voucher_not_for_member or "
                                  "voucher_not_applicable.")
    message: str
    why: list[str] = Field(default_factory=list, description="For voucher_not_applicable: the condition's trace.")


class CampaignSummaryRead(BaseModel):
    id: int
    name: str
    kind: Kind


class ValidationRead(BaseModel):
    # The request example's basket: 20% off the two cappuccinos; and the same code once it was used.
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"valid": True, "code": "XMAS-7KQ2-M9TD", "refusal": None,
         "campaign": {"id": 12, "name": "Christmas: 20% off coffee, up to 10.00", "kind": "percent"},
         "currency": "PLN", "discount": 560, "lines": [{"line_no": 1, "discount": 560}], "factor": None,
         "gift_card_balance": None},
        {"valid": False, "code": "XMAS-7KQ2-M9TD",
         "refusal": {"code": "voucher_used_up", "message": "This code has already been used.", "why": []},
         "campaign": {"id": 12, "name": "Christmas: 20% off coffee, up to 10.00", "kind": "percent"},
         "currency": "PLN", "discount": 0, "lines": [], "factor": None, "gift_card_balance": None},
    ]})

    valid: bool
    code: str = Field(description="The code as stored (upper-case, no spaces).")
    refusal: VoucherRefusalRead | None = Field(description="Why not, when not valid.")
    campaign: CampaignSummaryRead | None = Field(description="Hidden for a code that is not found.")
    currency: str
    discount: int = Field(description="Minor units off the basket.")
    lines: list[LineDiscountRead] = Field(description="The discount per line; the shares add up to `discount`.")
    factor: PlainDecimal | None = Field(description="points_multiplier: what the purchase's points are multiplied by.")
    gift_card_balance: int | None = Field(description="gift_card: the balance before this basket.")


class VoucherRedemptionRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": 7731, "code": "XMAS-7KQ2-M9TD", "campaign_id": 12, "kind": "percent", "member_id": 1042,
        "order_id": "WEB-2026-000123", "currency": "PLN", "discount": 560, "lines": [{"line_no": 1, "discount": 560}],
        "factor": None, "gift_card_amount": 0, "status": "redeemed", "redeemed_at": "2026-12-18T17:02:44Z",
        "rolled_back_at": None,
    }]})

    id: int
    code: str
    campaign_id: int
    kind: Kind
    member_id: int | None
    order_id: str
    currency: str
    discount: int
    lines: list[LineDiscountRead]
    factor: PlainDecimal | None
    gift_card_amount: int = Field(description="What a gift card paid (given back by a rollback).")
    status: Literal["redeemed", "rolled_back"]
    redeemed_at: datetime
    rolled_back_at: datetime | None
