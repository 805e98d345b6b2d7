from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from loyalty.input_types import InputModel
from loyalty.members.schemas import MemberRef

# The most points one request may spend, adjust or transfer: a trillion, far beyond any real
# movement and millions of times below BIGINT (about 9.2 * 10**18), where balances are kept.
MAX_POINTS_PER_REQUEST = 10**12


class SpendRequest(InputModel):
    model_config = ConfigDict(extra="forbid")
    points: int = Field(ge=1, le=MAX_POINTS_PER_REQUEST)
    unit: str = "points"
    reason: str | None = Field(default=None, max_length=500)
    reference: str | None = Field(default=None, max_length=128, description="The till's or order's reference.")


class AdjustRequest(InputModel):
    model_config = ConfigDict(extra="forbid")
    points: int = Field(ge=-MAX_POINTS_PER_REQUEST, le=MAX_POINTS_PER_REQUEST,
                        description="Positive to credit, negative to debit; never zero.")
    unit: str = "points"
    reason: str = Field(min_length=1, max_length=500)


class TransferRequest(InputModel):
    model_config = ConfigDict(extra="forbid")
    to: MemberRef
    points: int = Field(ge=1, le=MAX_POINTS_PER_REQUEST)
    unit: str = "points"
    reason: str | None = Field(default=None, max_length=500)


class ExpiryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    points: int


class UnitBalanceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    available: int
    pending: int
    earned: int
    reversed: int
    spent: int
    returned: int = Field(description="Points given back by cancelled redemptions (`spent` counts them as spent).")
    expired: int
    adjusted: int
    transferred_in: int
    transferred_out: int
    is_in_debt: bool
    expiring: list[ExpiryRead]
    releasing: list[ExpiryRead]


class BalanceRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "member_id": 1042,
        "units": {"points": {
            "available": 1287, "pending": 151, "earned": 1952, "reversed": 0, "spent": 450, "returned": 0,
            "expired": 64, "adjusted": 0, "transferred_in": 0, "transferred_out": 0, "is_in_debt": False,
            "expiring": [{"at": "2026-12-31T22:59:59Z", "points": 220}],
            "releasing": [{"at": "2026-03-16T12:05:40Z", "points": 120}, {"at": "2026-03-28T09:41:07Z", "points": 31}],
        }},
        "available_value_minor": 1287, "currency": "PLN",
    }]})

    member_id: int
    units: dict[str, UnitBalanceRead]
    available_value_minor: int = Field(
        description="What the available points are worth, in the currency's minor units.")
    currency: str


class LedgerEntryRead(BaseModel):
    id: int
    transaction_id: int
    kind: str
    account: str
    unit: str
    amount: int
    occurred_at: datetime
    created_at: datetime
    purchase_id: int | None
    rule_id: int | None
    rule_version: int | None
    reason: str | None
    actor: str
    details: dict[str, Any]


class MovementRead(BaseModel):
    """A spend or an adjustment, as the API answers it (and a retry with its key replays)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"member_id": 1042, "transaction_id": 90311, "unit": "points", "points": 300, "balance_after": 987}]})

    member_id: int
    transaction_id: int
    unit: str
    points: int = Field(description="Taken (spend) or added, negative when taken (adjustment).")
    balance_after: int = Field(description="The member's available balance of the unit after it.")


class AdjustmentRead(MovementRead):
    reason: str
    actor: str = Field(description="Who made it: the API key's name.")


class TransferRead(BaseModel):
    transaction_id: int
    unit: str
    points: int
    from_member_id: int
    to_member_id: int
    sender_balance_after: int
    recipient_balance_after: int
