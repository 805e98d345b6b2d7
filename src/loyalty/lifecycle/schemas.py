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
