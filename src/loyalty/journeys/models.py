from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class Journey(Base):
    """A journey and the version new members enter; older versions keep their members in flight."""

    __tablename__ = "journeys"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))  # draft | active | paused
    current_version: Mapped[int]
    # Copied from the current version's graph so the worker finds the journeys an event concerns
    # without parsing every graph: the entry kind, the entry event type and the goal event type.
    entry_kind: Mapped[str] = mapped_column(String(16))  # event | schedule | api
    entry_event_type: Mapped[str | None] = mapped_column(String(100), default=None)
    goal_event_type: Mapped[str | None] = mapped_column(String(100), default=None)
    # A schedule entry's progress: the local day it last ran for, and the member it got to.
    schedule_ran_on: Mapped[date | None] = mapped_column(Date, default=None)
    schedule_before_member_id: Mapped[int | None] = mapped_column(BigId, default=None)
    # The control group's seed (graph `holdout`): drawn once, never changed, so a member's group
    # stays what it was across versions and re-entries.
    holdout_seed: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class JourneyVersion(Base):
    __tablename__ = "journey_versions"
    __table_args__ = (UniqueConstraint("journey_id", "version"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id"))
    version: Mapped[int]
    graph: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(200))


class JourneyEnrolment(Base):
    """One member's passage through one version of a journey.

    `open_key` enforces the re-entry policy in the database: "open" while the enrolment is
    active or waiting (cleared when it ends), so a member is never twice in a journey at once;
    "once" for ever under the policy `never`, so a member enters such a journey one time only.
    NULLs never collide, so finished enrolments do not count.
    """

    __tablename__ = "journey_enrolments"
    __table_args__ = (
        UniqueConstraint("journey_id", "member_id", "open_key"),
        Index("ix_journey_enrolments_member", "member_id", "journey_id"),
        Index("ix_journey_enrolments_due", "state", "wait_until"),
        Index("ix_journey_enrolments_waiting_for", "program_id", "waiting_for", "member_id"),
        Index("ix_journey_enrolments_step", "journey_id", "state", "current_step"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id"))
    version: Mapped[int]
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    current_step: Mapped[str | None] = mapped_column(String(40), default=None)
    state: Mapped[str] = mapped_column(String(16))  # active | waiting | completed | exited | converted
    open_key: Mapped[str | None] = mapped_column(String(8), default=None)
    wait_until: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    waiting_for: Mapped[str | None] = mapped_column(String(100), default=None)
    entry_event_id: Mapped[int | None] = mapped_column(BigId, default=None)
    entry_payload: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    entered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    exit_reason: Mapped[str | None] = mapped_column(String(100), default=None)
    conversion_revenue: Mapped[int | None] = mapped_column(default=None)  # minor units
    # Held out (the control group): the journey did nothing to this member; it waits, with no
    # step, until its attribution window ends, and its goal still converts it.
    is_control: Mapped[bool] = mapped_column(default=False)
    # The end of the attribution window (graph goal.window); None: only an open enrolment converts.
    convert_until: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class JourneyStepVisit(Base):
    """An enrolment's history: each step it passed, the exit it took, what the step did.

    Unique per enrolment and step (a graph has no cycles): the step's action ran once.
    """

    __tablename__ = "journey_step_visits"
    __table_args__ = (UniqueConstraint("enrolment_id", "step_id"),
                      Index("ix_journey_step_visits_journey", "journey_id", "step_id"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id"))
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("journey_enrolments.id"))
    step_id: Mapped[str] = mapped_column(String(40))
    step_type: Mapped[str] = mapped_column(String(20))
    exit: Mapped[str | None] = mapped_column(String(16), default=None)
    result: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
