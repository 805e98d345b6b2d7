"""Contest I/O."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from loyalty.input_types import DateTimeIn, InputModel

EntryAction = Literal["purchase", "custom_event", "best_score"]
Status = Literal["upcoming", "open", "closed", "drawn"]


class ContestCreate(InputModel):
    name: str = Field(min_length=1, max_length=100)
    prize: str = Field(min_length=1, max_length=200)
    rules_text: str = Field(min_length=1, max_length=10000, description="The rules, shown to members as written.")
    entry_action: EntryAction = Field(description=(
        "purchase: a receipt earns entries; custom_event: a custom event of custom_event_type (a review, an "
        "answered survey) does; best_score: no entries, the best scores of leaderboard_id at closing win."))
    entries_per_action: int = Field(default=1, ge=1, le=1000)
    amount_per_entry: int | None = Field(default=None, ge=1, le=1_000_000_000, description=(
        "purchase: one entry per this much spent (minor units) instead of entries_per_action."))
    custom_event_type: str | None = Field(default=None, min_length=1, max_length=100)
    leaderboard_id: int | None = Field(default=None, ge=1, le=2**63 - 1, description=(
        "best_score: the board whose standings in the period holding closes_at decide."))
    max_entries_per_member: int | None = Field(default=None, ge=1, le=10000, description=(
        "Required for purchase and custom_event contests."))
    winners_count: int = Field(ge=1, le=1000)
    opens_at: DateTimeIn
    closes_at: DateTimeIn
    draws_automatically: bool = Field(default=True, description="The worker draws soon after closing; "
                                                                "otherwise staff draw.")
    count_past_events: bool = Field(default=False, description=(
        "Also give the entries of the qualifying events that occurred since opens_at, before the contest was "
        "made (each event still enters once)."))

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.opens_at.tzinfo is None or self.closes_at.tzinfo is None:
            raise ValueError("opens_at and closes_at need a UTC offset")
        if self.closes_at <= self.opens_at:
            raise ValueError("closes_at must be after opens_at")
        if (self.entry_action == "custom_event") != (self.custom_event_type is not None):
            raise ValueError("a custom_event contest, and only one, names custom_event_type")
        if self.amount_per_entry is not None and self.entry_action != "purchase":
            raise ValueError("amount_per_entry is for purchase contests")
        if (self.entry_action == "best_score") != (self.leaderboard_id is not None):
            raise ValueError("a best_score contest, and only one, names leaderboard_id")
        if self.entry_action != "best_score" and self.max_entries_per_member is None:
            raise ValueError("max_entries_per_member is required")
        return self


class ContestRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prize: str
    rules_text: str
    entry_action: EntryAction
    entries_per_action: int
    amount_per_entry: int | None
    custom_event_type: str | None
    leaderboard_id: int | None
    max_entries_per_member: int = Field(description="0 for a best_score contest (no entries).")
    winners_count: int
    opens_at: datetime
    closes_at: datetime
    draws_automatically: bool
    drawn_at: datetime | None
    status: Status
    created_at: datetime


class EntryRead(BaseModel):
    id: int
    member_id: int
    entries: int
    source: str = Field(description="What earned them: `event:<id>`.")
    created_at: datetime
    withdrawn_at: datetime | None = Field(default=None, description=(
        "When they were withdrawn (the purchase that earned them was refunded in full before the draw); "
        "withdrawn entries do not count."))


class MyEntriesRead(BaseModel):
    entries: int
    maximum: int


class WinnerRead(BaseModel):
    position: int
    name: str = Field(description="The winner's chosen display name, or a pseudonym; never a real name or e-mail.")


class WinnersRead(BaseModel):
    items: list[WinnerRead]


class DrawRead(BaseModel):
    """The draw's record: enough to repeat it (`seed_hex`, the ordered entries' digest, the number of
    winners, the algorithm) and whether repeating it now gives the same result."""

    contest_id: int
    seed_hex: str
    entries_digest: str
    entrants: int
    entries_total: int
    winners_count: int
    algorithm: str
    drawn_by: str
    drawn_at: datetime
    winners: list[WinnerRead]
    verified: bool = Field(description="Repeating the draw from today's entries gives the same digest and winners.")
