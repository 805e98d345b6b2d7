"""Surveys and quizzes (built, opened, answered for a member, summarised with their NPS) and
product reviews (submitted for a member, moderated, the approved ones listed by SKU)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field

from loyalty.kernel.errors import Conflict, Invalid
from loyalty.members import service as members
from loyalty.members.schemas import MAX_ID
from loyalty.messaging.domain import survey_path
from loyalty.surveys import service
from loyalty.surveys.schemas import (
    PublicReviewRead,
    ResponseCreate,
    ResponseRead,
    ReviewCreate,
    ReviewModeration,
    ReviewRead,
    ReviewStatus,
    SurveyCreate,
    SurveyRead,
    SurveyStatus,
    SurveySummary,
    SurveyUpdate,
)
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared
from loyalty.web.pagination import Cursor, Limit, Page, cursor_key

router = APIRouter(tags=["surveys"])
Reader = Annotated[ApiContext, Depends(require("surveys:read"))]
Writer = Annotated[ApiContext, Depends(require("surveys:write"))]
ReviewReader = Annotated[ApiContext, Depends(require("reviews:read"))]
ReviewWriter = Annotated[ApiContext, Depends(require("reviews:write"))]
SurveyId = Annotated[int, Path(ge=1, le=MAX_ID, description="The survey's id.")]
ReviewId = Annotated[int, Path(ge=1, le=MAX_ID, description="The review's id.")]
MemberId = Annotated[int, Path(ge=1, le=MAX_ID, description="The member the link is for.")]

NOT_FOUND = "404 `survey_not_found`: no such survey in this program"
REVIEW_NOT_FOUND = "404 `review_not_found`: no such review in this program"


class SurveyPage(Page[SurveyRead]):
    """A page of surveys, newest first."""


class ReviewPage(Page[ReviewRead]):
    """A page of reviews in any state, newest first."""


class PublicReviewPage(Page[PublicReviewRead]):
    """A page of a product's approved reviews, newest first."""


class SurveyLink(BaseModel):
    survey_id: int
    member_id: int
    url: str = Field(description="The member's own answer page; put it in an e-mail. It answers this survey "
                                 "as this member and nothing else.")


@router.post("/surveys", response_model=SurveyRead, status_code=201,
             responses=declared("422 `unknown_unit`: the program has no such unit"))
def create_survey(body: SurveyCreate, context: Writer) -> SurveyRead:
    """A survey or quiz. `status` open shows it in the member app at once; draft keeps it hidden."""
    with context.write() as session:
        return service.create(session=session, program=context.program, data=body)


@router.get("/surveys", response_model=SurveyPage)
def list_surveys(context: Reader, status: SurveyStatus | None = None, cursor: Cursor = None,
                 limit: Limit = 50) -> SurveyPage:
    """The program's surveys, newest first; follow `next_cursor` until it is null."""
    with context.read() as session:
        return SurveyPage.of(service.list_surveys(session=session, program_id=context.program_id, status=status,
                                                  before_id=cursor_key(cursor), limit=limit))


@router.get("/surveys/{survey_id:int}", response_model=SurveyRead, responses=declared(NOT_FOUND))
def read_survey(survey_id: SurveyId, context: Reader) -> SurveyRead:
    """One survey with its questions (and a quiz's correct options) and how many answered."""
    with context.read() as session:
        return service.get(session=session, program_id=context.program_id, survey_id=survey_id)


@router.patch("/surveys/{survey_id:int}", response_model=SurveyRead, responses=declared(
    NOT_FOUND, "409 `survey_has_answers`: members answered it; its questions are fixed",
    "409 `invalid_transition`: a survey goes draft → open ⇄ closed",
    "422 `invalid_survey`: a quiz needs a question with correct options"))
def update_survey(survey_id: SurveyId, body: SurveyUpdate, context: Writer) -> SurveyRead:
    """Change the fields sent: open or close it, rename it, change its points (for later answers)."""
    with context.write() as session:
        return service.update(session=session, program=context.program, survey_id=survey_id, data=body)


@router.get("/surveys/{survey_id:int}/summary", response_model=SurveySummary, responses=declared(NOT_FOUND))
def survey_summary(survey_id: SurveyId, context: Reader) -> SurveySummary:
    """Answers per option, the mean of scales, the NPS of NPS questions, the latest free texts."""
    with context.read() as session:
        return service.summary(session=session, program_id=context.program_id, survey_id=survey_id)


@router.post("/surveys/{survey_id:int}/responses", response_model=ResponseRead, status_code=201, responses=declared(
    NOT_FOUND, "404 `member_not_found`: no such member", "409 `survey_closed`: the survey takes no answers",
    "409 `survey_already_answered`: the member answered it already (nothing stored or paid again)",
    "409 `member_blocked`: the member is blocked",
    "422 `invalid_answer`: an answer does not fit its question (`field` names it: answers.<n>)"))
def submit_response(survey_id: SurveyId, body: ResponseCreate, context: Writer) -> ResponseRead:
    """A member's answers, e.g. from the shop's own form. The survey's points are paid once; answers
    mapped to profile attributes are copied only with the member's `profiling` consent."""
    answers: dict[int, Any] = {}
    for answer in body.answers:
        if answer.question in answers:
            raise Invalid(f"Question {answer.question + 1} is answered twice.", code="invalid_answer",
                          field=f"answers.{answer.question}")
        answers[answer.question] = answer.value
    with context.write() as session:
        return service.submit(session=session, program=context.program, survey_id=survey_id,
                              member_id=body.member_id, answers=answers, source="api", actor=context.actor)


@router.get("/surveys/{survey_id:int}/links/{member_id:int}", response_model=SurveyLink, responses=declared(
    NOT_FOUND, "404 `member_not_found`: no such member",
    "409 `no_secret_key`: the server has no secret key to sign links with"))
def survey_link(survey_id: SurveyId, member_id: MemberId, context: Writer, request: Request) -> SurveyLink:
    """A member's signed answer link, for an e-mail sent by another system."""
    with context.read() as session:
        service.get(session=session, program_id=context.program_id, survey_id=survey_id)
        members.get_member(session=session, program_id=context.program_id, member_id=member_id)
    settings = request.app.state.settings
    if settings.security.secret_key is None:
        raise Conflict("The server has no secret key to sign links with.", code="no_secret_key")
    token = service.link_token(secret_key=settings.security.secret_key.get_secret_value(), survey_id=survey_id,
                               member_id=member_id)
    return SurveyLink(survey_id=survey_id, member_id=member_id,
                      url=settings.public_url + survey_path(survey_id, token))


@router.get("/reviews", response_model=ReviewPage)
def list_reviews(context: ReviewReader, sku: Annotated[str | None, Query(max_length=64)] = None,
                 status: ReviewStatus | None = None,
                 member_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
                 cursor: Cursor = None, limit: Limit = 50) -> ReviewPage:
    """Reviews in any state (moderation's queue: `status=pending`), newest first."""
    with context.read() as session:
        return ReviewPage.of(service.list_reviews(session=session, program_id=context.program_id, sku=sku,
                                                  status=status, member_id=member_id,
                                                  before_id=cursor_key(cursor), limit=limit))


@router.post("/reviews", response_model=ReviewRead, status_code=201, responses=declared(
    "404 `member_not_found`: no such member", "409 `member_blocked`: the member is blocked",
    "409 `review_exists`: the member reviewed this product already",
    "422 `product_not_bought`: the member has no purchase of this SKU"))
def submit_review(body: ReviewCreate, context: ReviewWriter) -> ReviewRead:
    """A member's review of a product they bought; it waits for moderation (`review.submitted`)."""
    with context.write() as session:
        return service.submit_review(session=session, program=context.program, data=body, actor=context.actor)


@router.post("/reviews/{review_id:int}/moderation", response_model=ReviewRead,
             responses=declared(REVIEW_NOT_FOUND))
def moderate_review(review_id: ReviewId, body: ReviewModeration, context: ReviewWriter) -> ReviewRead:
    """Approve (shown from now on, `review.approved`) or reject it; the same decision twice changes nothing."""
    with context.write() as session:
        return service.moderate_review(session=session, program=context.program, review_id=review_id,
                                       status=body.status, actor=context.actor)


@router.get("/product-reviews", response_model=PublicReviewPage)
def product_reviews(context: ReviewReader, sku: Annotated[str | None, Query(
                        min_length=1, max_length=64, description="The product's SKU; left out: every product.")] = None,
                    cursor: Cursor = None, limit: Limit = 50) -> PublicReviewPage:
    """Approved reviews (of one product with `sku`), newest first, signed with the author's first name:
    what the shop's product page shows."""
    with context.read() as session:
        return PublicReviewPage.of(service.approved_reviews(session=session, program_id=context.program_id, sku=sku,
                                                            before_id=cursor_key(cursor), limit=limit))
