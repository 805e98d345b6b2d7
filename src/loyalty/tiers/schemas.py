"""Tier levels, the tier policy, manual assignments and progress, in and out of the API."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from loyalty.input_types import DateTimeIn, DecimalIn, InputModel
from loyalty.members.domain import normalize_language

Measure = Literal["points_earned", "amount_spent", "purchase_count"]
CODE_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,31}$"
MAX_RANK = 100
MAX_THRESHOLD = 10**15
MAX_WINDOW_DAYS = 3650
# Upcoming drops of a rolling window's measure shown with the next tier (NextTier.leaving).
LEAVING_SHOWN = 5


class Benefits(InputModel):
    model_config = ConfigDict(extra="forbid")

    earn_multiplier: DecimalIn = Field(
        default=Decimal("1"), ge=1, le=10, max_digits=8, decimal_places=4,
        description='Points earned on purchases are multiplied by this, e.g. "1.25"; at least 1.')
    free_shipping: bool = Field(default=False, description="Shown to the shop, which waives shipping.")
    exclusive_rewards: bool = Field(default=False, description=(
        "A flag for the shop and the member app (e.g. a members-only badge); a reward is reserved for levels "
        "by its own `eligible_tiers`."))


class Translation(InputModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=1000)


def _normalized_translations(value: dict[str, Translation] | None) -> dict[str, Translation] | None:
    if value is None:
        return None
    normalized: dict[str, Translation] = {}
    for language, translation in value.items():
        normalized[normalize_language(language)] = translation
    return normalized


class TierCreate(InputModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=CODE_PATTERN, description="Stable id used by conditions (`member.tier`), e.g. gold.")
    name: str = Field(min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=1000)
    rank: int = Field(ge=0, le=MAX_RANK, description="Order of the levels; 0 is the base level every member is in.")
    threshold: int = Field(ge=0, le=MAX_THRESHOLD,
                           description="The measure needed in the window (points, minor units or purchases).")
    benefits: Benefits = Field(default_factory=Benefits)
    translations: dict[str, Translation] = Field(default_factory=dict,
                                                 description='Per language: {"pl": {"name": "Złoty"}}.')

    _languages = field_validator("translations")(_normalized_translations)


class TierUpdate(InputModel):
    """Only the fields sent change. The code never changes: conditions refer to it."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=1000)
    rank: int | None = Field(default=None, ge=0, le=MAX_RANK)
    threshold: int | None = Field(default=None, ge=0, le=MAX_THRESHOLD)
    benefits: Benefits | None = None
    translations: dict[str, Translation] | None = None

    _languages = field_validator("translations")(_normalized_translations)


class BenefitsRead(BaseModel):
    earn_multiplier: Decimal
    free_shipping: bool
    exclusive_rewards: bool


class TierRead(BaseModel):
    id: int
    code: str
    name: str
    description: str | None
    rank: int
    threshold: int
    is_base: bool
    benefits: BenefitsRead
    translations: dict[str, Translation]
    created_at: datetime
    updated_at: datetime


class RollingWindow(InputModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["rolling"]
    days: int = Field(ge=1, le=MAX_WINDOW_DAYS, description="The last N days, up to now.")


class CalendarYearWindow(InputModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["calendar_year"]


Window = Annotated[RollingWindow | CalendarYearWindow, Field(discriminator="kind")]


class TierPolicyWrite(InputModel):
    model_config = ConfigDict(extra="forbid")

    measure: Measure = "points_earned"
    window: Window = Field(default_factory=lambda: CalendarYearWindow(kind="calendar_year"))
    review_every_days: int | None = Field(
        default=None, ge=1, le=MAX_WINDOW_DAYS,
        description="Rolling windows: days between reviews after a tier is reached (default: the window's days). "
                    "Calendar-year windows are reviewed at each year's end.")
    grace_days: int = Field(default=0, ge=0, le=MAX_WINDOW_DAYS,
                            description="Days a member keeps a tier after failing a review, to requalify.")
    one_level_at_a_time: bool = Field(default=True, description="A review never takes a member down more than "
                                                                "one level.")


class TierPolicyRead(BaseModel):
    measure: Measure
    window: Window
    review_every_days: int | None
    grace_days: int
    one_level_at_a_time: bool
    updated_at: datetime | None = Field(description="null while the program has neither levels nor a policy.")


class TierAssign(InputModel):
    model_config = ConfigDict(extra="forbid")

    tier_code: str = Field(pattern=CODE_PATTERN)
    reason: str = Field(min_length=1, max_length=500, description="Why, for the audit trail (mandatory).")
    review_at: DateTimeIn | None = Field(
        default=None, description="When the review first looks at the member (default: the policy's schedule).")

    @field_validator("reason")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("give a reason")
        return value.strip()


class WindowRead(BaseModel):
    kind: Literal["rolling", "calendar_year"]
    days: int | None
    starts_at: datetime
    ends_at: datetime | None = Field(description="The calendar year's end; null for a rolling window.")


class LeavingActivity(BaseModel):
    at: datetime = Field(description="The last moment this activity counts: its date plus the window's days. "
                                     "From then on the measure is lower by `value`.")
    value: int = Field(description="How much of the measure leaves then, in the policy's measure: the purchases "
                                   "dated at that very moment net of their refunds (a refund is dated like its "
                                   "purchase).")


class NextTier(BaseModel):
    tier: TierRead
    threshold: int
    needed: int = Field(description="How much more of the measure reaches it now.")
    by: datetime | None = Field(description=(
        "Until when `needed` is enough. Calendar year: the year's end. Rolling window: when the earliest activity "
        "still counted leaves the window (`leaving[0].at`), after which more is needed; null while the window "
        "holds no activity (nothing can leave it)."))
    leaving: list[LeavingActivity] = Field(description=(
        "Rolling window: the next moments the measure drops as old activity leaves the window, earliest first, "
        f"at most {LEAVING_SHOWN}: after each `at` the measure is lower by its `value`, and `needed` higher "
        "accordingly unless new activity makes up for it. Empty for a calendar year, whose activity all counts "
        "until `by`."))


class KeepTier(BaseModel):
    threshold: int
    value: int = Field(description="The measure counted so far in the window the review will judge.")
    needed: int = Field(description="How much more of the measure keeps the tier at the review.")
    by: datetime = Field(description="The review date (the end of the grace period while in grace).")
    grace_until: datetime | None


class TierProgress(BaseModel):
    member_id: int
    tier: TierRead
    since: datetime | None = Field(description="null for a member who has always been at the base level.")
    manually_assigned: bool
    measure: Measure
    window: WindowRead
    value: int = Field(description="The measure in the current window.")
    next: NextTier | None = Field(description="null at the top level.")
    keep: KeepTier | None = Field(description="null at the base level (nothing to keep).")


class TierMemberRead(BaseModel):
    member_id: int
    since: datetime | None
    review_at: datetime | None
    grace_until: datetime | None
    manually_assigned: bool
