"""Badges' and challenges' I/O."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from loyalty.input_types import DateTimeIn, InputModel
from loyalty.vouchers.schemas import ConditionTree

BadgeMeasure = Literal["purchase_count", "spend", "distinct_categories", "week_streak", "event_count"]
ChallengeMeasure = Literal["purchase_count", "spend", "new_categories", "event_count"]
Channel = Literal["pos", "online", "partner"]

MEASURE_HELP = ("purchase_count: purchases not refunded in full; spend: their totals less refunds (minor units); "
                "distinct_categories / new_categories: categories bought (new: never bought before the window); "
                "week_streak: the longest run of consecutive weeks with a purchase; event_count: custom events "
                "of `event_type`.")
CONDITION_HELP = ("Optional: only what passes counts. Purchase measures: purchase.total, purchase.channel, "
                  "purchase.store, purchase.categories and line.* inside any_line/all_lines; event_count: "
                  "event.type and event.payload.<key>.")


class BadgeLevelIn(InputModel):
    name: str = Field(min_length=1, max_length=100, description="Bronze, Silver, Gold; or the badge's name.")
    threshold: int = Field(ge=1, le=10**12, description="The measure's value that earns this level.")
    points: int = Field(default=0, ge=0, le=10**9, description="Points given when earned (0: none).")
    unit: str | None = Field(default=None, max_length=16, description="The points' unit; the program's first.")
    voucher_campaign_id: int | None = Field(default=None, ge=1, description=(
        "A voucher campaign whose next unpublished code is given when earned."))


class BadgeLevelRead(BaseModel):
    level: int
    name: str
    threshold: int
    points: int
    unit: str | None
    voucher_campaign_id: int | None


class BadgeCreate(InputModel):
    name: str = Field(min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=1000)
    measure: BadgeMeasure = Field(description=MEASURE_HELP)
    event_type: str | None = Field(default=None, min_length=1, max_length=100, description=(
        "event_count: the custom event's type (as posted to /api/v1/events), e.g. review_submitted."))
    condition: ConditionTree | None = Field(default=None, description=CONDITION_HELP)
    levels: list[BadgeLevelIn] = Field(min_length=1, max_length=10, description=(
        "One level (earned once) or several with rising thresholds (bronze 5, silver 10, gold 25)."))
    is_active: bool = True
    award_existing: bool = Field(default=False, description=(
        "Also give the badge to the members who already qualify: the worker measures every member in "
        "batches (see `backfill`), each paid once. Otherwise members earn it at their next event."))


class BadgeBackfillRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    members_measured: int = Field(description="Members measured so far.")
    awarded: int = Field(description="Levels the back-fill awarded (each paid once).")
    requested_at: datetime
    finished_at: datetime | None = Field(description="When every member had been measured (null: still running).")


class BadgeUpdate(InputModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=1000)
    condition: ConditionTree | None = None
    levels: list[BadgeLevelIn] | None = Field(default=None, min_length=1, max_length=10)
    is_active: bool | None = None


class BadgeRead(BaseModel):
    id: int
    name: str
    description: str | None
    measure: BadgeMeasure
    event_type: str | None
    condition: dict[str, Any] | None
    levels: list[BadgeLevelRead]
    is_active: bool
    earned: int = Field(description="Awards of any level held now.")
    backfill: BadgeBackfillRead | None = Field(default=None, description=(
        "The back-fill asked for with award_existing, and how far it is (null: none was asked for)."))
    created_at: datetime
    updated_at: datetime


class MemberBadgeLevel(BaseModel):
    level: int
    name: str
    threshold: int
    earned_at: datetime | None


class MemberBadgeRead(BaseModel):
    badge_id: int
    name: str
    description: str | None
    measure: BadgeMeasure
    value: int = Field(description="The measure's value for the member now.")
    levels: list[MemberBadgeLevel]
    earned_level: str | None = Field(description="The highest level earned, null when none yet.")
    next_threshold: int | None = Field(description="The next level's threshold; null when every level is earned.")
    percent: int = Field(description="Progress toward the next level (100 when all are earned).")


class MemberBadgeList(BaseModel):
    items: list[MemberBadgeRead]


class ChallengeCreate(InputModel):
    name: str = Field(min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=1000)
    measure: ChallengeMeasure = Field(description=MEASURE_HELP)
    goal: int = Field(ge=1, le=10**12, description="The value that completes the challenge.")
    channel: Channel | None = Field(default=None, description="Count only purchases of this channel.")
    event_type: str | None = Field(default=None, min_length=1, max_length=100)
    condition: ConditionTree | None = Field(default=None, description=CONDITION_HELP)
    starts_at: DateTimeIn
    ends_at: DateTimeIn
    segment_id: int | None = Field(default=None, ge=1, description=(
        "Assign to a segment: its members are enrolled (and members who enter it later); others cannot join."))
    reward_points: int = Field(default=0, ge=0, le=10**9)
    reward_unit: str | None = Field(default=None, max_length=16)
    voucher_campaign_id: int | None = Field(default=None, ge=1)
    is_active: bool = True


class ChallengeUpdate(InputModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=1000)
    goal: int | None = Field(default=None, ge=1, le=10**12)
    ends_at: DateTimeIn | None = None
    reward_points: int | None = Field(default=None, ge=0, le=10**9)
    is_active: bool | None = None


class ChallengeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str | None
    measure: ChallengeMeasure
    goal: int
    channel: Channel | None
    event_type: str | None
    condition: dict[str, Any] | None
    starts_at: datetime
    ends_at: datetime
    segment_id: int | None
    reward_points: int
    reward_unit: str | None
    voucher_campaign_id: int | None
    is_active: bool
    created_at: datetime
    updated_at: datetime


class ChallengeStats(BaseModel):
    participants: int
    completed: int
    average_percent: int = Field(description="Mean progress of the participants, 0 to 100.")
    points_given: int


class MemberChallengeRead(BaseModel):
    challenge_id: int
    name: str
    description: str | None
    measure: ChallengeMeasure
    goal: int
    starts_at: datetime
    ends_at: datetime
    reward_points: int
    has_coupon: bool
    joined: bool
    joined_at: datetime | None
    progress: int
    percent: int
    completed_at: datetime | None
    can_join: bool


class MemberChallengeList(BaseModel):
    items: list[MemberChallengeRead]

