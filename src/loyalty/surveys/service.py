"""Surveys, quizzes and product reviews.

Every function works in the caller's session and never commits. Completing a survey is one
unit of work: the response row (unique per survey and member), its answers, the completion
points (`ledger.earn`), the profile attributes (only with the member's `profiling` consent) and
`survey.answered`. A second completion loses on the unique constraint under a SAVEPOINT and is
refused as `survey_already_answered`, so points are paid once however often a form is sent.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from loyalty.events import service as events
from loyalty.kernel import clock, paging
from loyalty.kernel.errors import Conflict, Invalid, NotFound
from loyalty.kernel.paging import Slice
from loyalty.ledger import service as ledger
from loyalty.ledger.service import EarnAward
from loyalty.members import service as members
from loyalty.members.schemas import MemberUpdate
from loyalty.messaging import domain as signing
from loyalty.programs.models import Program
from loyalty.surveys import domain, repository
from loyalty.surveys.models import ProductReview, Survey, SurveyResponse
from loyalty.surveys.schemas import (
    NpsRead,
    OptionCount,
    PublicReviewRead,
    QuestionSummary,
    ResponseRead,
    ReviewCreate,
    ReviewRead,
    SurveyCreate,
    SurveyRead,
    SurveySummary,
    SurveyUpdate,
    check_quiz,
)

LATEST_TEXTS = 10
# Status changes a survey may make: a closed survey may be opened again; nothing goes back to draft.
TRANSITIONS = {"draft": {"open", "closed"}, "open": {"closed"}, "closed": {"open"}}


def survey_read(survey: Survey) -> SurveyRead:
    return SurveyRead.model_validate(survey)


def _survey(session: Session, program_id: int, survey_id: int) -> Survey:
    survey = repository.get(session, program_id=program_id, survey_id=survey_id)
    if survey is None:
        raise NotFound(f"Survey {survey_id} does not exist.", code="survey_not_found")
    return survey


def _check_unit(program: Program, unit: str) -> None:
    if unit not in (program.units or ["points"]):
        raise Invalid(f"The program has no unit {unit!r}.", code="unknown_unit", field="unit")


def create(*, session: Session, program: Program, data: SurveyCreate) -> SurveyRead:
    _check_unit(program, data.unit)
    now = clock.now()
    survey = Survey(program_id=program.id, kind=data.kind, title=data.title.strip(), description=data.description,
                    status=data.status, points=data.points, unit=data.unit,
                    questions=[question.model_dump(mode="json") for question in data.questions],
                    closes_at=data.closes_at, response_count=0, created_at=now, updated_at=now)
    repository.add(session, survey)
    return survey_read(survey)


def update(*, session: Session, program: Program, survey_id: int, data: SurveyUpdate) -> SurveyRead:
    """Change the fields sent. Questions are fixed once someone answered (`survey_has_answers`):
    an answer names its question by position."""
    survey = _survey(session, program.id, survey_id)
    sent = data.model_fields_set
    if "questions" in sent and data.questions is not None:
        if survey.response_count:
            raise Conflict("Members have answered this survey: its questions can no longer change.",
                           code="survey_has_answers", field="questions")
        try:
            check_quiz(survey.kind, data.questions)
        except ValueError as error:
            raise Invalid(str(error), code="invalid_survey", field="questions") from None
        survey.questions = [question.model_dump(mode="json") for question in data.questions]
    if "status" in sent and data.status is not None and data.status != survey.status:
        if data.status not in TRANSITIONS[survey.status]:
            raise Conflict(f"A {survey.status} survey cannot become {data.status}.", code="invalid_transition",
                           field="status")
        survey.status = data.status
    for name in ("title", "description", "points", "closes_at"):
        if name in sent and (name not in ("title", "points") or getattr(data, name) is not None):
            setattr(survey, name, getattr(data, name))
    survey.updated_at = clock.now()
    session.flush()
    return survey_read(survey)


def get(*, session: Session, program_id: int, survey_id: int) -> SurveyRead:
    return survey_read(_survey(session, program_id, survey_id))


def list_surveys(*, session: Session, program_id: int, status: str | None = None, before_id: int | None = None,
                 limit: int = 50) -> Slice[SurveyRead]:
    """Newest first, paged by id."""
    paging.check_limit(limit)
    rows = repository.listed(session, program_id=program_id, status=status, before_id=before_id, limit=limit)
    return paging.slice_of(rows, limit, key=lambda row: row.id).map(survey_read)


def is_open(survey: SurveyRead | Survey, now: datetime | None = None) -> bool:
    return survey.status == "open" and (survey.closes_at is None or survey.closes_at > (now or clock.now()))


def member_surveys(*, session: Session, program_id: int, member_id: int) -> list[tuple[SurveyRead, bool]]:
    """The open surveys a member may answer, each with whether they already did."""
    now = clock.now()
    found = [survey for survey in repository.open_surveys(session, program_id=program_id) if is_open(survey, now)]
    answered = repository.answered_survey_ids(session, member_id=member_id, survey_ids=[s.id for s in found])
    return [(survey_read(survey), survey.id in answered) for survey in found]


def member_response(*, session: Session, program_id: int, survey_id: int, member_id: int) -> ResponseRead | None:
    _survey(session, program_id, survey_id)
    row = repository.response_of(session, survey_id=survey_id, member_id=member_id)
    return None if row is None else ResponseRead.model_validate(row)


def _has_profiling_consent(session: Session, member_id: int) -> bool:
    state = members.current_consents(session=session, member_ids=[member_id]).get(member_id, {})
    decision = state.get("profiling")
    return decision is not None and decision.granted


def submit(*, session: Session, program: Program, survey_id: int, member_id: int, answers: dict[int, Any],
           source: str, actor: str) -> ResponseRead:
    """Store a member's completed survey and pay its points, once. Refusals: `survey_not_found`,
    `survey_closed` (409), `member_not_found`, `member_blocked`, `invalid_answer` (422, the question in
    `field`), `survey_already_answered` (409: the member has answered; nothing is stored or paid again).
    Answers mapped to profile attributes are copied only when the member's `profiling` consent in
    force grants it."""
    survey = _survey(session, program.id, survey_id)
    now = clock.now()
    if not is_open(survey, now):
        raise Conflict("This survey is not open for answers.", code="survey_closed")
    member = members.get_member(session=session, program_id=program.id, member_id=member_id)
    members.ensure_active(member)
    if repository.response_of(session, survey_id=survey.id, member_id=member.id) is not None:
        raise _already_answered()
    try:
        checked = domain.check_answers(survey.questions, answers, is_quiz=survey.kind == "quiz")
    except domain.AnswerProblem as problem:
        field = "answers" if problem.question is None else f"answers.{problem.question}"
        raise Invalid(problem.message, code="invalid_answer", field=field) from None
    response = SurveyResponse(program_id=program.id, survey_id=survey.id, member_id=member.id, source=source,
                              score=checked.score, max_score=checked.max_score, points_awarded=survey.points,
                              profile_updated=False, submitted_at=now)
    try:
        with session.begin_nested():  # the unique (survey, member) decides a race: the loser pays nothing
            repository.add(session, response)
    except IntegrityError:
        raise _already_answered() from None
    repository.add_answers(session, [{"program_id": program.id, "survey_id": survey.id, "response_id": response.id,
                                      "question": row.question, "choice": row.choice, "number": row.number,
                                      "text": row.text} for row in checked.rows])
    repository.count_response(session, survey_id=survey.id)
    if survey.points > 0:
        ledger.earn(session=session, program=program, member_id=member.id,
                    awards=[EarnAward(unit=survey.unit, points=survey.points, rule_id=None, rule_version=None)],
                    occurred_at=now, actor=actor, reason=f"survey {survey.id}: {survey.title}"[:500])
    if checked.attributes and _has_profiling_consent(session, member.id):
        members.update_member(session=session, program=program, member_id=member.id,
                              data=MemberUpdate(attributes=checked.attributes), actor=actor)
        response.profile_updated = True
        session.flush()
    events.record(session=session, program_id=program.id, member_id=member.id, type="survey.answered", actor=actor,
                  payload={"survey_id": survey.id, "kind": survey.kind, "score": checked.score,
                           "max_score": checked.max_score, "points": survey.points, "source": source},
                  occurred_at=now)
    return ResponseRead.model_validate(response)


def _already_answered() -> Conflict:
    return Conflict("This member has already answered this survey.", code="survey_already_answered")


def summary(*, session: Session, program_id: int, survey_id: int) -> SurveySummary:
    """Counts per option, the mean of scales, the NPS of NPS questions and the latest free texts:
    a few GROUP BYs over the answers."""
    survey = _survey(session, program_id, survey_id)
    choices: dict[int, dict[int, int]] = defaultdict(dict)
    for question, choice, count in repository.choice_counts(session, survey_id=survey.id):
        choices[int(question)][int(choice)] = int(count)
    numbers: dict[int, dict[int, int]] = defaultdict(dict)
    for question, number, count in repository.number_counts(session, survey_id=survey.id):
        numbers[int(question)][int(number)] = int(count)
    answered = repository.answered_counts(session, survey_id=survey.id)
    questions: list[QuestionSummary] = []
    for position, question in enumerate(survey.questions):
        kind = question["kind"]
        correct = set(question.get("correct") or [])
        options = [OptionCount(option=index, label=label, count=choices[position].get(index, 0),
                               is_correct=(index in correct) if correct else None)
                   for index, label in enumerate(question.get("options") or [])]
        counts = numbers[position]
        total = sum(counts.values())
        mean = round(sum(value * count for value, count in counts.items()) / total, 2) if total else None
        score = domain.nps(counts) if kind == "nps" else None
        questions.append(QuestionSummary(
            question=position, kind=kind, prompt=question["prompt"], answered=answered.get(position, 0),
            options=options, mean=mean if kind in ("scale", "nps") else None,
            nps=None if score is None else NpsRead(score=score.score, promoters=score.promoters,
                                                   passives=score.passives, detractors=score.detractors),
            latest_texts=repository.latest_texts(session, survey_id=survey.id, question=position,
                                                 limit=LATEST_TEXTS) if kind == "text" else []))
    mean_score = repository.mean_score(session, survey_id=survey.id) if survey.kind == "quiz" else None
    return SurveySummary(survey_id=survey.id, responses=survey.response_count,
                         mean_score=None if mean_score is None else round(mean_score, 2), questions=questions)


# --- signed links ------------------------------------------------------------------------------

def _answer_data(questions: list[dict[str, Any]], question: int, choice: int | None, number: int | None,
                 text: str | None) -> dict[str, Any]:
    asked = questions[question] if 0 <= question < len(questions) else {}
    options = asked.get("options") or []
    return {"question": question, "prompt": asked.get("prompt"), "choice": choice,
            "option": options[choice] if choice is not None and 0 <= choice < len(options) else None,
            "number": number, "text": text}


def member_data(*, session: Session, program: Program, member_id: int) -> dict[str, object]:
    """What surveys keep about the member (their data export): each response with its answers (the
    question and option as the member saw them), and their product reviews with the moderation's
    state. Three statements."""
    responses = repository.member_responses(session, program_id=program.id, member_id=member_id)
    answers: dict[int, list[dict[str, Any]]] = defaultdict(list)
    questions = {response.id: survey.questions for response, survey in responses}
    for row in repository.answers_of(session, response_ids=[response.id for response, _survey in responses]):
        answers[row.response_id].append(_answer_data(questions[row.response_id], row.question, row.choice,
                                                     row.number, row.text))
    return {
        "survey_responses": [{
            "survey_id": survey.id, "survey": survey.title, "kind": survey.kind, "source": response.source,
            "submitted_at": clock.as_utc(response.submitted_at).isoformat(), "score": response.score,
            "max_score": response.max_score, "points_awarded": response.points_awarded,
            "copied_to_profile": response.profile_updated, "answers": answers[response.id]}
            for response, survey in responses],
        "product_reviews": [{
            "id": review.id, "sku": review.sku, "product_name": review.product_name, "rating": review.rating,
            "text": review.text, "status": review.status,
            "submitted_at": clock.as_utc(review.submitted_at).isoformat(),
            "moderated_at": None if review.moderated_at is None else clock.as_utc(review.moderated_at).isoformat()}
            for review in repository.member_reviews(session, program_id=program.id, member_id=member_id)],
    }


def link_token(*, secret_key: str, survey_id: int, member_id: int) -> str:
    """A token for one member and one survey, to put in a message: whoever holds it may answer that
    survey as that member (once, like in the app), and nothing else. Messaging signs the same
    token for a message whose context names the survey (`{{ survey_url }}` in its template)."""
    return signing.survey_token(secret_key, survey_id, member_id)


def member_of_link(*, secret_key: str, survey_id: int, token: str) -> int | None:
    return signing.survey_link_member(secret_key, survey_id, token)


# --- product reviews ---------------------------------------------------------------------------

def _review_payload(review: ProductReview) -> dict[str, Any]:
    return {"review_id": review.id, "sku": review.sku, "rating": review.rating}


def submit_review(*, session: Session, program: Program, data: ReviewCreate, actor: str) -> ReviewRead:
    """A member's review of a product they bought (a receipt line of the SKU, not wholly refunded),
    pending moderation. One review per member and product: `review_exists` (409); a product the
    member never bought is `product_not_bought` (422)."""
    member = members.get_member(session=session, program_id=program.id, member_id=data.member_id)
    members.ensure_active(member)
    sku = data.sku.strip()
    bought, name = repository.bought_product(session, program_id=program.id, member_id=member.id, sku=sku)
    if not bought:
        raise Invalid("The member has not bought this product.", code="product_not_bought", field="sku")
    if repository.review_of(session, program_id=program.id, member_id=member.id, sku=sku) is not None:
        raise _review_exists()
    text = (data.text or "").strip() or None
    review = ProductReview(program_id=program.id, member_id=member.id, sku=sku, product_name=name,
                           rating=data.rating, text=text, status="pending", submitted_at=clock.now())
    try:
        with session.begin_nested():
            repository.add(session, review)
    except IntegrityError:
        raise _review_exists() from None
    events.record(session=session, program_id=program.id, member_id=member.id, type="review.submitted",
                  actor=actor, payload=_review_payload(review))
    return ReviewRead.model_validate(review)


def _review_exists() -> Conflict:
    return Conflict("This member has already reviewed this product.", code="review_exists", field="sku")


def moderate_review(*, session: Session, program: Program, review_id: int, status: str, actor: str) -> ReviewRead:
    """Approve or reject; idempotent (a second identical decision changes and announces nothing)."""
    review = repository.review(session, program_id=program.id, review_id=review_id)
    if review is None:
        raise NotFound(f"Review {review_id} does not exist.", code="review_not_found")
    now = clock.now()
    if repository.moderate(session, review_id=review.id, status=status,
                           values={"moderated_at": now, "moderated_by": actor}):
        session.refresh(review)
        events.record(session=session, program_id=program.id, member_id=review.member_id,
                      type=f"review.{status}", actor=actor, payload=_review_payload(review))
    return ReviewRead.model_validate(review)


def list_reviews(*, session: Session, program_id: int, sku: str | None = None, status: str | None = None,
                 member_id: int | None = None, before_id: int | None = None, limit: int = 50) -> Slice[ReviewRead]:
    paging.check_limit(limit)
    rows = repository.reviews(session, program_id=program_id, sku=sku, status=status, member_id=member_id,
                              before_id=before_id, limit=limit)
    return paging.slice_of(rows, limit, key=lambda row: row.id).map(ReviewRead.model_validate)


def approved_reviews(*, session: Session, program_id: int, sku: str | None, before_id: int | None = None,
                     limit: int = 50) -> Slice[PublicReviewRead]:
    """Approved reviews of a product, newest first, signed with the author's first name only."""
    paging.check_limit(limit)
    rows = repository.approved_with_authors(session, program_id=program_id, sku=sku, before_id=before_id,
                                            limit=limit)
    return paging.slice_of(rows, limit, key=lambda row: row[0].id).map(lambda row: PublicReviewRead(
        id=row[0].id, sku=row[0].sku, rating=row[0].rating, text=row[0].text, author=row[1] or "—",
        submitted_at=row[0].submitted_at))


def reviewable_products(*, session: Session, program_id: int, member_id: int, limit: int = 20
                        ) -> list[tuple[str, str | None, ReviewRead | None]]:
    """The member's bought products (newest first) with their review, if any: the app's review screen."""
    products = repository.bought_skus(session, program_id=program_id, member_id=member_id, limit=limit)
    mine = {review.sku: review for review in repository.reviews(session, program_id=program_id, sku=None,
                                                                status=None, member_id=member_id,
                                                                before_id=None, limit=200)}
    return [(sku, name, ReviewRead.model_validate(mine[sku]) if sku in mine else None)
            for sku, name, _last in products]


def survey_by_id(*, session: Session, survey_id: int) -> tuple[SurveyRead, int] | None:
    """A survey and its program, whatever the program: for a signed link, which names the survey only."""
    survey = repository.by_id(session, survey_id=survey_id)
    return None if survey is None else (survey_read(survey), survey.program_id)
