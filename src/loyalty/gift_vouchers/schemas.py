"""Gift vouchers and bonus cards I/O: what the program issues and reads, and what the gift page shows."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from loyalty.input_types import DateTimeIn, InputModel
from loyalty.kernel import clock
from loyalty.members.schemas import Address
from loyalty.rewards.schemas import (
    LANGUAGE_PATTERN,
    MAX_POINTS,
    ChangeableStatus,
    RedemptionStatus,
    RewardKind,
    StatusEntryRead,
)

GiftKind = Literal["voucher", "bonus_card"]
GiftStatus = Literal["active", "cancelled", "blocked"]
MovementKind = Literal["issue", "top_up", "spend", "return", "cancel"]
MAX_BATCH = 10_000
REQUEST_KEY_PATTERN = r"^[A-Za-z0-9_-]{8,64}$"


def _label(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("the label is empty")
    return value


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else clock.as_utc(value)


# --- what the program sends ---------------------------------------------------------------------


class GiftVoucherBatchCreate(InputModel):
    model_config = ConfigDict(extra="forbid")
    label: str = Field(min_length=1, max_length=200, description="The batch's or company's label, e.g. "
                                                                 "\"ACME Christmas 2026\"; lists filter by it.")
    count: int = Field(ge=1, le=MAX_BATCH, description="How many vouchers (each with its own code).")
    value: int = Field(ge=1, le=MAX_POINTS, description="Each voucher's value, in the catalogue's points.")
    expires_at: DateTimeIn | None = Field(default=None, description="After this instant the codes no longer sign in.")

    @field_validator("label")
    @classmethod
    def _clean_label(cls, value: str) -> str:
        return _label(value)

    @field_validator("expires_at")
    @classmethod
    def _as_utc(cls, value: datetime | None) -> datetime | None:
        return _utc(value)


class GiftVoucherCancel(InputModel):
    model_config = ConfigDict(extra="forbid")
    reason: str | None = Field(default=None, max_length=500)


class BonusCardCreate(InputModel):
    model_config = ConfigDict(extra="forbid")
    label: str = Field(min_length=1, max_length=200, description="The company or programme the card is for.")
    value: int = Field(default=0, ge=0, le=MAX_POINTS, description="The first funding, in points (0: fund later).")
    pin: str | None = Field(default=None, pattern=r"^[0-9]{4,12}$", description=(
        "4 to 12 digits; left out, a 6-digit PIN is generated and returned once."))
    number_prefix: str | None = Field(default=None, pattern=r"^[0-9]{1,8}$", description=(
        "Leading digits of the card number; the program's card prefix when left out."))
    expires_at: DateTimeIn | None = None

    @field_validator("label")
    @classmethod
    def _clean_label(cls, value: str) -> str:
        return _label(value)

    @field_validator("expires_at")
    @classmethod
    def _as_utc(cls, value: datetime | None) -> datetime | None:
        return _utc(value)


class BonusCardTopUp(InputModel):
    model_config = ConfigDict(extra="forbid")
    amount: int = Field(ge=1, le=MAX_POINTS, description="Points added to the card's balance.")
    note: str | None = Field(default=None, max_length=500, description="E.g. the invoice it was paid by.")


class GiftRedemptionCreate(InputModel):
    """What the gift page sends when a person picks a reward."""

    model_config = ConfigDict(extra="forbid")
    reward_id: int = Field(ge=1)
    request_key: str = Field(pattern=REQUEST_KEY_PATTERN, description=(
        "The form's one-time token: the same key again gets the first redemption, never a second one."))
    recipient_name: str | None = Field(default=None, max_length=200)
    delivery_address: Address | None = None
    language: str | None = Field(default=None, pattern=LANGUAGE_PATTERN)

    @field_validator("recipient_name")
    @classmethod
    def _trimmed(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return value.strip() or None


# --- what the program reads ---------------------------------------------------------------------


class IssuedVoucherRead(BaseModel):
    id: int
    code: str = Field(description="Shown this once: only its SHA-256 is kept.")
    code_prefix: str


class GiftVoucherBatchRead(BaseModel):
    label: str
    count: int
    value: int
    expires_at: datetime | None
    vouchers: list[IssuedVoucherRead]


class GiftVoucherRead(BaseModel):
    id: int
    kind: GiftKind
    label: str
    code_prefix: str | None = Field(description="The visible start of a voucher's code (vouchers only).")
    card_number: str | None = Field(description="A bonus card's number (cards only).")
    funded_total: int = Field(description="Everything ever put on it: the issue and every top-up.")
    balance: int
    status: GiftStatus
    expires_at: datetime | None
    is_expired: bool
    created_at: datetime
    updated_at: datetime


class IssuedBonusCardRead(BaseModel):
    card: GiftVoucherRead
    pin: str | None = Field(description="The generated PIN, shown this once; null when the PIN was given.")


class GiftMovementRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    kind: MovementKind
    amount: int = Field(description="Signed: what this movement added to (or took from) the balance.")
    balance_after: int
    redemption_id: int | None
    actor: str
    note: str | None
    created_at: datetime


class GiftRedemptionRead(BaseModel):
    id: int
    receipt_number: str
    voucher_id: int
    reward_id: int
    kind: RewardKind
    reward_name: str
    status: RedemptionStatus
    allowed_transitions: list[ChangeableStatus]
    points: int
    code: str | None = Field(description="The partner e-voucher code handed over.")
    cause_id: int | None
    recipient_name: str | None
    delivery_address: dict[str, Any] | None
    history: list[StatusEntryRead]
    created_at: datetime
    updated_at: datetime


# --- what the gift page shows -------------------------------------------------------------------


class GiftHolderRead(BaseModel):
    """The signed-in balance, as its holder sees it (no code, no full card number)."""

    voucher_id: int
    kind: GiftKind
    display_name: str
    label: str
    program_name: str
    program_timezone: str
    balance: int
    expires_at: datetime | None


class GiftCatalogueItemRead(BaseModel):
    reward_id: int
    kind: RewardKind
    name: str
    description: str | None
    image_urls: list[str]
    points_price: int
    available: int | None
    needs_address: bool


class GiftCatalogueRead(BaseModel):
    holder: GiftHolderRead
    language: str
    items: list[GiftCatalogueItemRead] = Field(description="Only rewards the balance pays for now, cheapest first.")
