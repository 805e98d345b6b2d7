"""The lifecycle's inputs, read models and the payloads of the events its scans record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from loyalty.input_types import DecimalIn, InputModel

DEFAULT_LAPSE_FACTOR = Decimal("2")
DEFAULT_GAP_DAYS = 90
DEFAULT_EXPIRING_DAYS = 14
DEFAULT_CART_HOURS = 4


class LifecycleSettingsRead(BaseModel):
    """A program's scan thresholds."""

    model_config = ConfigDict(from_attributes=True)

    lapse_factor: Decimal = Field(DEFAULT_LAPSE_FACTOR, description=(
        "A member is lapsed when the time since their last purchase exceeds this many times their typical gap"))
    default_gap_days: int = Field(DEFAULT_GAP_DAYS, description=(
        "The typical gap of a member with fewer than 3 purchases"))
    expiring_days: int = Field(DEFAULT_EXPIRING_DAYS, description=(
        "points.expiring_soon announces points this many days before they expire"))
    cart_hours: int = Field(DEFAULT_CART_HOURS, description=(
        "A cart is abandoned when no purchase followed its last update within this many hours"))


class LifecycleSettingsUpdate(InputModel):
    """The thresholds to change; the others stay."""

    lapse_factor: DecimalIn | None = Field(None, ge=Decimal("1"), le=Decimal("100"), decimal_places=2)
    default_gap_days: int | None = Field(None, ge=1, le=3650)
    expiring_days: int | None = Field(None, ge=1, le=365)
    cart_hours: int | None = Field(None, ge=1, le=24 * 30)


# --- carts -----------------------------------------------------------------------------------


class CartItemIn(InputModel):
    sku: str = Field(min_length=1, max_length=64)
    name: str | None = Field(None, max_length=200)
    quantity: int = Field(ge=1, le=1_000_000)
    unit_price: int | None = Field(None, ge=0, description="In the currency's minor unit")


class CartUpdate(InputModel):
    """The member's cart as it is now in the e-shop (the whole cart, not a change)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "cart_id": "C-20260312-0042", "value": 12900,
        "items": [{"sku": "CAP-250", "name": "Cap", "quantity": 1, "unit_price": 12900}],
    }]})

    cart_id: str = Field(min_length=1, max_length=128, description="The e-shop's id of the cart")
    items: list[CartItemIn] = Field(max_length=500)
    value: int = Field(ge=0, le=10**13, description="The cart's total in the currency's minor unit")


class CartRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    cart_id: str
    member_id: int
    value: int
    currency: str
    items: int = Field(description="How many lines the cart holds")
    updated_at: dt.datetime


# --- the payloads of the events the scans record ---------------------------------------------


class BirthdayPayload(BaseModel):
    date: dt.date = Field(description="The program's local date of the birthday")
    age: int | None = Field(description="The age the member turns, when the birth year is known")


class LapsedPayload(BaseModel):
    last_purchase_at: dt.datetime
    days_silent: int
    typical_gap_days: float = Field(description="The member's median gap between purchases, or the program's default")
    purchases: int = Field(description="How many of the member's latest purchases the rhythm was read from")
    is_default_gap: bool = Field(description="True when the member has too few purchases for a rhythm of their own")


class PointsExpiringPayload(BaseModel):
    points: int
    unit: str
    date: dt.date = Field(description="The program's local date the points expire on")
    expires_at: dt.datetime = Field(description="The earliest expiry moment among them")


class AnniversaryPayload(BaseModel):
    years: int
    enrolled_at: dt.datetime


class CartItemPayload(BaseModel):
    sku: str
    name: str | None = None
    quantity: int
    unit_price: int | None = None


class CartUpdatedPayload(BaseModel):
    cart_id: str
    value: int
    currency: str
    items: list[CartItemPayload]


class CartAbandonedPayload(BaseModel):
    cart_id: str
    value: int
    currency: str
    items: list[CartItemPayload]
    updated_at: dt.datetime


class SettingsChangedPayload(BaseModel):
    fields: list[str]


# Name, version, payload and description of every event type this area records, for the
# catalogue (`events/catalogue.py` defines them: `define(name, version=1, payload=…, description=…)`).
EVENT_TYPES: dict[str, tuple[type[BaseModel], str]] = {
    "member.birthday": (BirthdayPayload, "The member's birthday began in the program's timezone (once a year)."),
    "member.lapsed": (LapsedPayload, "The member has been silent for longer than the program's factor times "
                                     "their own typical gap between purchases (once per silence)."),
    "points.expiring_soon": (PointsExpiringPayload, "Points of the member expire within the program's "
                                                    "expiring_days (once per unit and expiry date)."),
    "member.anniversary": (AnniversaryPayload, "A year (or several) since the member enrolled (once a year)."),
    "cart.updated": (CartUpdatedPayload, "The e-shop reported the member's cart."),
    "cart.abandoned": (CartAbandonedPayload, "No purchase by the member followed the cart's last update within "
                                             "the program's cart_hours (once per cart)."),
    "lifecycle.settings_changed": (SettingsChangedPayload, "The program's scan thresholds changed (their names)."),
}
