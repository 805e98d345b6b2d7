"""Web behaviour's inputs (the script's batches, the shop's server-side identify) and read models."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from loyalty.input_types import DateTimeIn, InputModel

EventType = Literal["page_view", "product_view", "cart_add", "cart_remove", "identify"]
PRODUCT_EVENTS = ("product_view", "cart_add", "cart_remove")
MAX_BATCH = 50
VISITOR_ID_PATTERN = r"^[A-Za-z0-9_-]{8,64}$"
# `<member id>.<expiry>.<hex HMAC>`, ASCII only; the signature is checked in the service (a
# malformed token is the same 403 `invalid_identity_token` as a forged one).
IDENTITY_PATTERN = r"^[!-~]{1,100}$"


class ProductIn(InputModel):
    sku: str = Field(min_length=1, max_length=64)
    name: str | None = Field(None, max_length=200)
    category: str | None = Field(None, max_length=100)
    price: int | None = Field(None, ge=0, le=10**12, description="Unit price in the currency's minor unit (cents)")


class TrackEventIn(InputModel):
    """One event the script saw."""

    id: str = Field(min_length=8, max_length=64, pattern=VISITOR_ID_PATTERN,
                    description="The script's id for the event: a retried batch records it once")
    type: EventType
    visitor_id: str = Field(pattern=VISITOR_ID_PATTERN, description="The browser's first-party visitor id")
    occurred_at: DateTimeIn
    url: str | None = Field(None, max_length=2000)
    referrer: str | None = Field(None, max_length=2000)
    utm_source: str | None = Field(None, max_length=200)
    utm_medium: str | None = Field(None, max_length=200)
    utm_campaign: str | None = Field(None, max_length=200)
    product: ProductIn | None = None
    quantity: int | None = Field(None, ge=1, le=10_000)
    identity: str | None = Field(None, max_length=100, pattern=IDENTITY_PATTERN, description=(
        "identify only: the token the shop's server signed for the signed-in customer and this "
        "visitor (`<member id>.<expiry>.<HMAC>`, docs/browsing.md)"))

    @model_validator(mode="after")
    def _needs(self) -> TrackEventIn:
        if self.type in PRODUCT_EVENTS and self.product is None:
            raise ValueError(f"a {self.type} event needs a product")
        if self.type == "identify" and not self.identity:
            raise ValueError("an identify event needs an identity token")
        if self.occurred_at.tzinfo is None:
            raise ValueError("occurred_at needs a timezone (e.g. 2026-05-01T10:00:00Z)")
        return self


class TrackBatch(InputModel):
    """What the tracking script sends."""

    key: str = Field(min_length=8, max_length=40, description="The program's publishable tracking key")
    events: list[TrackEventIn] = Field(min_length=1, max_length=MAX_BATCH)


class TrackResult(BaseModel):
    recorded: int = Field(description="Events written now (a retried event is not written again)")
    duplicates: int
    identified: bool = Field(description="Whether an identify event of the batch joined the visitor to a member")


class VisitorLink(InputModel):
    visitor_id: str = Field(pattern=VISITOR_ID_PATTERN)


class VisitorRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    visitor_id: str
    member_id: int | None
    first_seen_at: dt.datetime
    last_seen_at: dt.datetime
    first_source: str
    first_medium: str
    first_campaign: str | None
    identified_at: dt.datetime | None
    events_joined: int = 0


class TrackingSettingsRead(BaseModel):
    public_key: str
    allowed_origins: list[str]
    is_enabled: bool


class FunnelRow(BaseModel):
    key: str = Field(description="The product's SKU, the category or the source")
    label: str | None = Field(None, description="The product's name, when known")
    viewers: int = Field(description="Visitors who viewed (members and anonymous)")
    carted: int = Field(description="Visitors who added to the cart")
    purchasers: int = Field(description="Members who bought within the attribution window after a view")
    view_to_cart: float | None
    view_to_purchase: float | None


class Funnel(BaseModel):
    by: Literal["product", "category", "source"]
    start: dt.datetime
    end: dt.datetime
    window_days: int
    rows: list[FunnelRow]
    totals: FunnelRow


class BroughtBackRow(BaseModel):
    campaign: str = Field(description="The visit's utm_campaign")
    campaign_id: int | None = Field(None, description="The campaign it names (`campaign-<id>`), if any")
    campaign_name: str | None = None
    template_key: str | None = Field(None, description="The message template it names, if any")
    visitors: int = Field(description="Visitors who came through it (members and anonymous)")
    members: int = Field(description="Members who came back through it")
    buyers: int = Field(description="Of them, members whose purchase it was the last visit before")
    revenue: int = Field(description="Those purchases' totals, in the currency's minor unit")


class SourceRow(BaseModel):
    source: str
    medium: str
    visitors: int
    events: int


class SourcesReport(BaseModel):
    start: dt.datetime
    end: dt.datetime
    rows: list[SourceRow] = Field(description="At most 10, the most visitors first")


class BroughtBackReport(BaseModel):
    start: dt.datetime
    end: dt.datetime
    window_days: int
    rows: list[BroughtBackRow] = Field(description="Per utm_campaign, the most revenue first")


class WebVisit(BaseModel):
    """A member's web event, as the single customer view lists it."""

    type: str
    occurred_at: dt.datetime
    path: str | None
    sku: str | None
    product_name: str | None
    source: str
    medium: str
    campaign: str | None
