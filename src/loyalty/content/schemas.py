"""Members-only content and early-access I/O."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from loyalty.input_types import DateTimeIn, InputModel

ContentKind = Literal["article", "advice", "offer", "early_access"]
BodyFormat = Literal["plain", "markdown"]
MAX_AUDIENCE = 50
MAX_WINDOWS = 10


class AccessWindow(InputModel):
    """From `opens_at`, members of one of `tiers` (codes) or `segments` (ids) may buy; a window naming
    neither is everyone's."""

    model_config = ConfigDict(extra="forbid")

    opens_at: DateTimeIn
    tiers: list[str] = Field(default_factory=list, max_length=MAX_AUDIENCE)
    segments: list[int] = Field(default_factory=list, max_length=MAX_AUDIENCE)


class ContentCreate(InputModel):
    model_config = ConfigDict(extra="forbid")

    kind: ContentKind = "article"
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(default="", max_length=50_000)
    body_format: BodyFormat = "plain"
    image_url: str | None = Field(default=None, max_length=2000, pattern=r"^https?://\S+$")
    tiers: list[str] = Field(default_factory=list, max_length=MAX_AUDIENCE, description=(
        "Tier codes whose members see it; with `segments` empty too, every member does."))
    segments: list[int] = Field(default_factory=list, max_length=MAX_AUDIENCE)
    item_ref: str | None = Field(default=None, min_length=1, max_length=64, description=(
        "Early access: the product SKU or sale code the e-shop asks about."))
    windows: list[AccessWindow] = Field(default_factory=list, max_length=MAX_WINDOWS, description=(
        "Early access: when it opens for whom (the best tiers first, then the next, then everyone)."))

    @model_validator(mode="after")
    def _early_access(self) -> ContentCreate:
        if self.kind == "early_access":
            if not self.item_ref or not self.windows:
                raise ValueError("early access needs item_ref and at least one window")
        elif self.item_ref or self.windows:
            raise ValueError("only early access takes item_ref and windows")
        return self


class ContentUpdate(InputModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=200)
    body: str | None = Field(default=None, max_length=50_000)
    body_format: BodyFormat | None = None
    image_url: str | None = Field(default=None, max_length=2000, pattern=r"^https?://\S+$")
    tiers: list[str] | None = Field(default=None, max_length=MAX_AUDIENCE)
    segments: list[int] | None = Field(default=None, max_length=MAX_AUDIENCE)
    windows: list[AccessWindow] | None = Field(default=None, max_length=MAX_WINDOWS)
    status: Literal["published", "archived"] | None = None


class AccessWindowRead(BaseModel):
    opens_at: datetime
    tiers: list[str]
    segments: list[int]


class ContentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: ContentKind
    title: str
    body: str
    body_format: BodyFormat
    image_url: str | None
    tiers: list[str]
    segments: list[int]
    item_ref: str | None
    windows: list[AccessWindowRead]
    status: Literal["published", "archived"]
    created_at: datetime
    updated_at: datetime


class MemberContentRead(BaseModel):
    """An item as one member sees it: the body as safe HTML, and for early access when it opens
    for this member."""

    id: int
    kind: ContentKind
    title: str
    body_html: str = Field(description="The body as HTML: markdown rendered without raw HTML, or escaped text.")
    image_url: str | None
    item_ref: str | None
    opens_at: datetime | None = Field(description="Early access: when this member may buy (null for other kinds).")
    is_open: bool = Field(description="Whether the member may use it now (always true for articles).")


class MemberContentList(BaseModel):
    """Everything targeted at the member, newest first (a short list: not paged)."""

    items: list[MemberContentRead]


class EarlyAccessRead(BaseModel):
    item_ref: str
    member_id: int
    may_buy_now: bool
    opens_at: datetime | None = Field(description="When this member may buy; null when no window is theirs.")
