from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Shelf = Literal["products", "offers"]


class RecommendationRead(BaseModel):
    """One entry of a member's ranked list."""

    model_config = ConfigDict(from_attributes=True)

    rank: int = Field(description="1 is the best.")
    kind: Literal["product", "reward", "coupon", "challenge"]
    ref: str = Field(description="The product's SKU, or the reward's, voucher campaign's or challenge's id.")
    name: str | None
    category: str | None = Field(description="The product's category (products only).")
    score: float = Field(description="0 to 1, comparable within one member's list only.")
    source: Literal["similar", "popular"] = Field(description=(
        "`similar`: chosen from what customers who buy like the member bought; `popular`: the "
        "popularity fallback (a member with little history, or to fill the list)."))
    computed_at: datetime


class RecommendationRunRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    computed_at: datetime
    members: int
    members_personal: int
    products: int
    offers: int
