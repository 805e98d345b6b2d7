"""Surveys with their questions, members' responses and answers, and product reviews."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class Survey(Base):
    """A survey or a quiz. Its questions are a JSON list (surveys/schemas.py `Question`), fixed once
    the first answer arrives: an answer names its question by position."""

    __tablename__ = "surveys"
    __table_args__ = (Index("ix_surveys_program_status", "program_id", "status", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    kind: Mapped[str] = mapped_column(String(16))  # survey | quiz
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000), default=None)
    status: Mapped[str] = mapped_column(String(16))  # draft | open | closed
    points: Mapped[int] = mapped_column(default=0)
    unit: Mapped[str] = mapped_column(String(32), default="points")
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)
    closes_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    response_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SurveyResponse(Base):
    """A member's one response to a survey. The unique (survey, member) pair is what makes the
    completion points payable once: the ledger posting is in the same unit of work."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        UniqueConstraint("survey_id", "member_id"),
        Index("ix_survey_responses_member", "program_id", "member_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    source: Mapped[str] = mapped_column(String(16))  # app | link | api
    score: Mapped[int | None] = mapped_column(default=None)
    max_score: Mapped[int | None] = mapped_column(default=None)
    points_awarded: Mapped[int] = mapped_column(default=0)
    profile_updated: Mapped[bool] = mapped_column(default=False)
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SurveyAnswer(Base):
    """One answer to one question (a multiple choice gives one row per option ticked): the panel's
    summaries are GROUP BYs over these rows, not a scan of JSON documents."""

    __tablename__ = "survey_answers"
    __table_args__ = (Index("ix_survey_answers_survey_question", "survey_id", "question", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"))
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id"))
    question: Mapped[int]  # position in the survey's list, from 0
    choice: Mapped[int | None] = mapped_column(default=None)  # option index (single, multiple)
    number: Mapped[int | None] = mapped_column(default=None)  # scale, NPS
    text: Mapped[str | None] = mapped_column(Text, default=None)  # free text


class ProductReview(Base):
    """A member's rating and text for a product they bought; shown only once approved."""

    __tablename__ = "product_reviews"
    __table_args__ = (
        UniqueConstraint("program_id", "member_id", "sku"),
        Index("ix_product_reviews_sku", "program_id", "sku", "status", "id"),
        Index("ix_product_reviews_status", "program_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    sku: Mapped[str] = mapped_column(String(64))
    product_name: Mapped[str | None] = mapped_column(String(200), default=None)
    rating: Mapped[int]
    text: Mapped[str | None] = mapped_column(String(4000), default=None)
    status: Mapped[str] = mapped_column(String(16))  # pending | approved | rejected
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    moderated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    moderated_by: Mapped[str | None] = mapped_column(String(200), default=None)
