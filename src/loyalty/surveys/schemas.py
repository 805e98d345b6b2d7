"""Survey, answer and review I/O: what the panel, the member app and the API send and get back."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from loyalty.input_types import DateTimeIn, InputModel

SurveyKind = Literal["survey", "quiz"]
SurveyStatus = Literal["draft", "open", "closed"]
QuestionKind = Literal["single", "multiple", "scale", "nps", "text"]
ReviewStatus = Literal["pending", "approved", "rejected"]
MAX_QUESTIONS = 50
MAX_OPTIONS = 20
MAX_TEXT_ANSWER = 2000
ATTRIBUTE_KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


class Question(InputModel):
    """One question. Choices name their options by index from 0; a scale runs from 1 to
    `scale_max` (5 or 10); an NPS question from 0 to 10 ("how likely are you to recommend us")."""

    model_config = ConfigDict(extra="forbid")

    kind: QuestionKind
    prompt: str = Field(min_length=1, max_length=500)
    options: list[str] = Field(default_factory=list, max_length=MAX_OPTIONS,
                               description="The choices of a single or multiple choice question (2 to 20).")
    scale_max: Literal[5, 10] | None = Field(default=None, description="A scale's top (5 or 10); it starts at 1.")
    correct: list[int] | None = Field(default=None, description=(
        "A quiz's right option(s) by index: one for a single choice, the exact set for a multiple choice."))
    profile_attribute: str | None = Field(default=None, max_length=64, description=(
        "A member attribute the answer is copied to, only for members who gave the `profiling` consent."))
    required: bool = True

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        self.prompt = self.prompt.strip()
        if not self.prompt:
            raise ValueError("a question needs a prompt")
        if self.kind in ("single", "multiple"):
            self.options = [option.strip() for option in self.options]
            if len(self.options) < 2 or any(not option or len(option) > 200 for option in self.options):
                raise ValueError("a choice question needs 2 to 20 options of 1 to 200 characters")
            if self.correct is not None:
                if not self.correct or any(not 0 <= index < len(self.options) for index in self.correct) \
                        or len(set(self.correct)) != len(self.correct):
                    raise ValueError("correct options must be distinct indexes of the options")
                if self.kind == "single" and len(self.correct) != 1:
                    raise ValueError("a single choice has exactly one correct option")
        else:
            if self.options:
                raise ValueError(f"a {self.kind} question takes no options")
            if self.correct is not None:
                raise ValueError("only choice questions have correct options")
        if self.kind == "scale" and self.scale_max is None:
            self.scale_max = 5
        if self.kind != "scale" and self.scale_max is not None:
            raise ValueError("only a scale question has scale_max")
        if self.profile_attribute is not None:
            self.profile_attribute = self.profile_attribute.strip() or None
            if self.profile_attribute is not None and not ATTRIBUTE_KEY.fullmatch(self.profile_attribute):
                raise ValueError("profile_attribute is lower-case letters, digits and _ (starting with a letter)")
        return self


class SurveyCreate(InputModel):
    model_config = ConfigDict(extra="forbid")

    kind: SurveyKind = "survey"
    title: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    points: int = Field(default=0, ge=0, le=1_000_000, description="Paid once per member on completing it.")
    unit: str = Field(default="points", min_length=1, max_length=32)
    questions: list[Question] = Field(min_length=1, max_length=MAX_QUESTIONS)
    status: Literal["draft", "open"] = "draft"
    closes_at: DateTimeIn | None = None

    @model_validator(mode="after")
    def _quiz_has_answers(self) -> SurveyCreate:
        check_quiz(self.kind, self.questions)
        return self


class SurveyUpdate(InputModel):
    """The fields sent change; questions only while nobody has answered."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    points: int | None = Field(default=None, ge=0, le=1_000_000)
    questions: list[Question] | None = Field(default=None, min_length=1, max_length=MAX_QUESTIONS)
    status: SurveyStatus | None = None
    closes_at: DateTimeIn | None = None


def check_quiz(kind: str, questions: list[Question]) -> None:
    if kind == "quiz" and not any(question.correct for question in questions):
        raise ValueError("a quiz needs at least one question with correct options")


class QuestionRead(BaseModel):
    kind: QuestionKind
    prompt: str
    options: list[str]
    scale_max: int | None
    correct: list[int] | None
    profile_attribute: str | None
    required: bool


class SurveyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: SurveyKind
    title: str
    description: str | None
    status: SurveyStatus
    points: int
    unit: str
    questions: list[QuestionRead]
    closes_at: datetime | None
    response_count: int
    created_at: datetime
    updated_at: datetime


class AnswerIn(InputModel):
    """The answer to the question at `question` (from 0): an option index (single), a list of
    them (multiple), a number (scale, NPS) or text."""

    model_config = ConfigDict(extra="forbid")

    question: int = Field(ge=0, lt=MAX_QUESTIONS)
    value: int | list[int] | str


class ResponseCreate(InputModel):
    model_config = ConfigDict(extra="forbid")

    member_id: int = Field(ge=1, le=2**63 - 1)
    answers: list[AnswerIn] = Field(max_length=MAX_QUESTIONS)


class ResponseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    survey_id: int
    member_id: int
    source: str
    score: int | None = Field(description="A quiz's right answers (null for a survey).")
    max_score: int | None
    points_awarded: int
    profile_updated: bool = Field(description="Whether answers were copied to the member's profile "
                                              "(only with the member's `profiling` consent).")
    submitted_at: datetime


class OptionCount(BaseModel):
    option: int
    label: str
    count: int
    is_correct: bool | None


class NpsRead(BaseModel):
    score: int = Field(description="Promoters (9–10) minus detractors (0–6), in % of the answers: −100 to 100.")
    promoters: int
    passives: int
    detractors: int


class QuestionSummary(BaseModel):
    question: int
    kind: QuestionKind
    prompt: str
    answered: int
    options: list[OptionCount]
    mean: float | None
    nps: NpsRead | None
    latest_texts: list[str]


class SurveySummary(BaseModel):
    survey_id: int
    responses: int
    mean_score: float | None = Field(description="A quiz's mean right answers per response.")
    questions: list[QuestionSummary]


class ReviewCreate(InputModel):
    model_config = ConfigDict(extra="forbid")

    member_id: int = Field(ge=1, le=2**63 - 1)
    sku: str = Field(min_length=1, max_length=64)
    rating: int = Field(ge=1, le=5)
    text: str | None = Field(default=None, max_length=4000)


class ReviewModeration(InputModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["approved", "rejected"]


class ReviewRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    member_id: int
    sku: str
    product_name: str | None
    rating: int
    text: str | None
    status: ReviewStatus
    submitted_at: datetime
    moderated_at: datetime | None


class PublicReviewRead(BaseModel):
    """An approved review as a shop shows it: the author by first name only."""

    id: int
    sku: str
    rating: int
    text: str | None
    author: str
    submitted_at: datetime
