"""Leaderboard I/O."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from loyalty.input_types import DateIn, InputModel

Measure = Literal["points", "purchases", "spend", "challenge"]
PeriodKind = Literal["week", "month", "season"]
Scope = Literal["program", "store", "segment"]


class LeaderboardCreate(InputModel):
    name: str = Field(min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=1000)
    measure: Measure = Field(description="points: points earned less reversals; purchases: receipts; "
                                         "spend: money spent less refunds (minor units); challenge: the "
                                         "progress of challenge_id's participants.")
    period: PeriodKind | None = Field(default=None, description=(
        "week or month: calendar periods in the program's time zone, each its own standings; season: from "
        "starts_on to ends_on. Required, except for a challenge board: its period is the challenge's window "
        "(stored as a season) and a period given is ignored."))
    starts_on: DateIn | None = Field(default=None, description="A season's first day.")
    ends_on: DateIn | None = Field(default=None, description="A season's last day.")
    scope: Scope = Field(default="program", description="program: every member; store: one store's receipts; "
                                                        "segment: the segment's members.")
    store_code: str | None = Field(default=None, min_length=1, max_length=64)
    segment_id: int | None = Field(default=None, ge=1, le=2**63 - 1)
    challenge_id: int | None = Field(default=None, ge=1, le=2**63 - 1, description=(
        "The challenge a `challenge` board ranks by (a challenge of the same program)."))
    count_past_events: bool = Field(default=False, description=(
        "Also count the events of the current period recorded before the board was made (once, now); "
        "otherwise the board starts empty and counts what comes from now on."))

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (self.measure == "challenge") != (self.challenge_id is not None):
            raise ValueError("a challenge board, and only a challenge board, names challenge_id")
        if self.measure == "challenge":
            if self.scope != "program":
                raise ValueError("a challenge board ranks the challenge's participants: its scope is program")
            if self.count_past_events:
                raise ValueError("a challenge board reads the challenge's progress: it has no past events to count")
            self.period, self.starts_on, self.ends_on = None, None, None  # the challenge's window
            return self
        if self.period is None:
            raise ValueError("a period is required")
        if self.period == "season":
            if self.starts_on is None or self.ends_on is None:
                raise ValueError("a season needs starts_on and ends_on")
            if self.ends_on < self.starts_on:
                raise ValueError("ends_on is before starts_on")
        elif self.starts_on is not None or self.ends_on is not None:
            raise ValueError("only a season takes starts_on and ends_on")
        if (self.scope == "store") != (self.store_code is not None):
            raise ValueError("a store board, and only a store board, names store_code")
        if (self.scope == "segment") != (self.segment_id is not None):
            raise ValueError("a segment board, and only a segment board, names segment_id")
        return self


class LeaderboardUpdate(InputModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=1000)
    is_active: bool | None = Field(default=None, description="An inactive board counts nothing and is hidden "
                                                             "from members.")


class LeaderboardRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str | None
    measure: Measure
    period: PeriodKind
    starts_on: date | None
    ends_on: date | None
    scope: Scope
    store_code: str | None
    segment_id: int | None
    challenge_id: int | None
    is_active: bool
    created_at: datetime
    updated_at: datetime


class StandingRead(BaseModel):
    rank: int = Field(description="Competition rank: equal scores share a rank (1, 2, 2, 4).")
    name: str = Field(description="The member's chosen display name, or a pseudonym such as `Member #A3F2C1D4`.")
    score: int
    is_me: bool = Field(default=False, description="The signed-in member's own row (member app only).")


class StandingsRead(BaseModel):
    period_start: date
    period_end: date
    items: list[StandingRead]
    next_position: int | None = Field(description="Where the next page starts (0-based); null on the last page.")


class MyStandingRead(BaseModel):
    rank: int | None = Field(description="Null: no score yet in this period.")
    score: int
    name: str


class PublicNameRead(BaseModel):
    name: str
    display_name: str | None
    shows_name: bool


class PublicNameUpdate(InputModel):
    display_name: str | None = Field(default=None, max_length=40)
    shows_name: bool = False
