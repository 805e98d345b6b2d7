"""Journeys I/O: a journey with its graph (JSON, see docs/journeys.md), enrolments, counts."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from loyalty.campaigns.schemas import UpliftInterval
from loyalty.input_types import InputModel

JourneyStatus = Literal["draft", "active", "paused"]


class JourneyCreate(InputModel):
    name: str = Field(min_length=1, max_length=200)
    graph: dict[str, Any] = Field(description="The journey's graph: entry, reentry, goal, start and steps "
                                              "(docs/journeys.md).")


class JourneyUpdate(InputModel):
    """A changed graph becomes a new version: members already in the journey finish on theirs."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    graph: dict[str, Any] | None = None


class JourneyStatusChange(InputModel):
    status: Literal["active", "paused"]


class EnrolRequest(InputModel):
    member_id: int = Field(ge=1)
    payload: dict[str, Any] = Field(default_factory=dict,
                                    description="Facts the journey's branches see as entry.payload.*")


class StepCount(BaseModel):
    step_id: str
    step_type: str
    label: str | None
    now_at: int = Field(description="Members standing at this step now (waiting).")
    reached: int = Field(description="Enrolments that ever reached this step.")
    exits: list[tuple[str, str | None]] = Field(description="The step's exits: [name, next step id or null].")


class JourneyCounts(BaseModel):
    entered: int
    in_progress: int
    completed: int
    exited: int
    converted: int
    revenue: int = Field(description="Conversion revenue, minor units.")


class JourneyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    status: JourneyStatus
    version: int
    graph: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    counts: JourneyCounts
    steps: list[StepCount]


class VisitRead(BaseModel):
    step_id: str
    step_type: str
    exit: str | None
    at: datetime
    result: dict[str, Any]


class EnrolmentRead(BaseModel):
    id: int
    journey_id: int
    journey_name: str
    version: int
    member_id: int
    current_step: str | None
    state: Literal["active", "waiting", "completed", "exited", "converted"]
    wait_until: datetime | None
    waiting_for: str | None
    entered_at: datetime
    finished_at: datetime | None
    exit_reason: str | None
    conversion_revenue: int | None
    steps: list[VisitRead]


class JourneyGroupResults(BaseModel):
    entered: int = Field(description="Enrolments in the group (a member entering again counts again).")
    delivered: int = Field(description="Members with a message of this journey delivered.")
    opened: int
    clicked: int
    converted: int = Field(description="Enrolments the goal converted.")
    conversion_rate: float
    revenue_minor: int = Field(description="Conversion revenue (the goal events' amounts), minor units.")
    revenue_per_member: float = Field(description="revenue_minor / entered.")
    points_cost: int = Field(description="Points the journey's award_points steps posted (0 for the control group).")
    coupons_issued: int = Field(description="Coupon codes its issue_coupon steps published.")
    cost_minor: int = Field(description="The points at the program's point value, plus the coupons' face value "
                                        "(fixed-amount and gift-card voucher campaigns), minor units.")


class JourneyResults(BaseModel):
    journey_id: int
    currency: str
    control_share: float = Field(description="The current version's holdout share.")
    window: dict[str, int] | None = Field(description="The current version's attribution window (goal.window).")
    target: JourneyGroupResults
    control: JourneyGroupResults
    uplift_per_member: UpliftInterval | None = Field(description=(
        "Revenue per entrant, target minus control, in minor units, with its 95 % confidence interval "
        "(Welch); null until both groups have two enrolments."))
    conversion_uplift: UpliftInterval | None = Field(description="Conversion rate, target minus control.")
    incremental_revenue_minor: float | None = Field(description="uplift_per_member × target entrants.")
    cost_minor: int = Field(description="What the target group was given, in money (minor units).")
    roi: float | None = Field(description="(incremental revenue − cost) / cost; null without a cost or an uplift.")
