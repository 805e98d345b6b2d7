"""Queries of the surveys domain (surveys, responses, answers, product reviews)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.orm import Session

from loyalty.members.models import Member
from loyalty.purchases.models import Purchase, PurchaseLine
from loyalty.surveys.models import ProductReview, Survey, SurveyAnswer, SurveyResponse


def get(session: Session, *, program_id: int, survey_id: int) -> Survey | None:
    return session.scalars(select(Survey).where(Survey.program_id == program_id, Survey.id == survey_id)).one_or_none()


def by_id(session: Session, *, survey_id: int) -> Survey | None:
    return session.get(Survey, survey_id)


def listed(session: Session, *, program_id: int, status: str | None, before_id: int | None,
           limit: int) -> Sequence[Survey]:
    query = select(Survey).where(Survey.program_id == program_id)
    if status is not None:
        query = query.where(Survey.status == status)
    if before_id is not None:
        query = query.where(Survey.id < before_id)
    return session.scalars(query.order_by(Survey.id.desc()).limit(limit + 1)).all()


def open_surveys(session: Session, *, program_id: int) -> Sequence[Survey]:
    return session.scalars(select(Survey).where(Survey.program_id == program_id, Survey.status == "open")
                           .order_by(Survey.id.desc()).limit(100)).all()


def answered_survey_ids(session: Session, *, member_id: int, survey_ids: Sequence[int]) -> set[int]:
    if not survey_ids:
        return set()
    return set(session.scalars(select(SurveyResponse.survey_id).where(
        SurveyResponse.member_id == member_id, SurveyResponse.survey_id.in_(list(survey_ids)))).all())


def response_of(session: Session, *, survey_id: int, member_id: int) -> SurveyResponse | None:
    return session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey_id,
                                                        SurveyResponse.member_id == member_id)).one_or_none()


def add(session: Session, row: Any) -> None:
    session.add(row)
    session.flush()


def add_answers(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(SurveyAnswer), rows)


def count_response(session: Session, *, survey_id: int) -> None:
    session.execute(update(Survey).where(Survey.id == survey_id)
                    .values(response_count=Survey.response_count + 1))


def choice_counts(session: Session, *, survey_id: int) -> Sequence[Any]:
    """(question, choice, count) over the choice answers."""
    return session.execute(select(SurveyAnswer.question, SurveyAnswer.choice, func.count())
                           .where(SurveyAnswer.survey_id == survey_id, SurveyAnswer.choice.is_not(None))
                           .group_by(SurveyAnswer.question, SurveyAnswer.choice)).all()


def number_counts(session: Session, *, survey_id: int) -> Sequence[Any]:
    """(question, number, count) over the scale and NPS answers."""
    return session.execute(select(SurveyAnswer.question, SurveyAnswer.number, func.count())
                           .where(SurveyAnswer.survey_id == survey_id, SurveyAnswer.number.is_not(None))
                           .group_by(SurveyAnswer.question, SurveyAnswer.number)).all()


def answered_counts(session: Session, *, survey_id: int) -> dict[int, int]:
    """Responses that answered each question (a multiple choice counts once per response)."""
    rows = session.execute(select(SurveyAnswer.question, func.count(func.distinct(SurveyAnswer.response_id)))
                           .where(SurveyAnswer.survey_id == survey_id).group_by(SurveyAnswer.question)).all()
    return {int(question): int(count) for question, count in rows}


def latest_texts(session: Session, *, survey_id: int, question: int, limit: int) -> list[str]:
    return [text for text in session.scalars(
        select(SurveyAnswer.text).where(SurveyAnswer.survey_id == survey_id, SurveyAnswer.question == question,
                                        SurveyAnswer.text.is_not(None))
        .order_by(SurveyAnswer.id.desc()).limit(limit)).all() if text is not None]


def mean_score(session: Session, *, survey_id: int) -> float | None:
    value = session.scalar(select(func.avg(SurveyResponse.score)).where(SurveyResponse.survey_id == survey_id,
                                                                        SurveyResponse.score.is_not(None)))
    return None if value is None else float(value)


# --- product reviews -----------------------------------------------------------------------------

def bought_product(session: Session, *, program_id: int, member_id: int, sku: str) -> tuple[bool, str | None]:
    """Whether the member has a receipt line of `sku` not wholly refunded, and the product's name on it."""
    row = session.execute(
        select(PurchaseLine.name).join(Purchase, Purchase.id == PurchaseLine.purchase_id)
        .where(Purchase.program_id == program_id, Purchase.member_id == member_id, PurchaseLine.sku == sku,
               PurchaseLine.refunded_quantity < PurchaseLine.quantity)
        .order_by(PurchaseLine.id.desc()).limit(1)).first()
    return (row is not None, None if row is None else row[0])


def review(session: Session, *, program_id: int, review_id: int) -> ProductReview | None:
    return session.scalars(select(ProductReview).where(ProductReview.program_id == program_id,
                                                       ProductReview.id == review_id)).one_or_none()


def member_responses(session: Session, *, program_id: int, member_id: int
                     ) -> Sequence[tuple[SurveyResponse, Survey]]:
    """The member's responses with their surveys, oldest first (`ix_survey_responses_member`)."""
    rows = session.execute(select(SurveyResponse, Survey).join(Survey, Survey.id == SurveyResponse.survey_id).where(
        SurveyResponse.program_id == program_id, SurveyResponse.member_id == member_id)
        .order_by(SurveyResponse.submitted_at, SurveyResponse.id)).all()
    return [(response, survey) for response, survey in rows]


def answers_of(session: Session, *, response_ids: Sequence[int]) -> Sequence[SurveyAnswer]:
    """The answers of these responses, in question order: one statement."""
    if not response_ids:
        return []
    return session.scalars(select(SurveyAnswer).where(SurveyAnswer.response_id.in_(list(response_ids)))
                           .order_by(SurveyAnswer.response_id, SurveyAnswer.question, SurveyAnswer.id)).all()


def member_reviews(session: Session, *, program_id: int, member_id: int) -> Sequence[ProductReview]:
    return session.scalars(select(ProductReview).where(
        ProductReview.program_id == program_id, ProductReview.member_id == member_id)
        .order_by(ProductReview.id)).all()


def review_of(session: Session, *, program_id: int, member_id: int, sku: str) -> ProductReview | None:
    return session.scalars(select(ProductReview).where(
        ProductReview.program_id == program_id, ProductReview.member_id == member_id,
        ProductReview.sku == sku)).one_or_none()


def reviews(session: Session, *, program_id: int, sku: str | None, status: str | None, member_id: int | None,
            before_id: int | None, limit: int) -> Sequence[ProductReview]:
    query = select(ProductReview).where(ProductReview.program_id == program_id)
    if sku is not None:
        query = query.where(ProductReview.sku == sku)
    if status is not None:
        query = query.where(ProductReview.status == status)
    if member_id is not None:
        query = query.where(ProductReview.member_id == member_id)
    if before_id is not None:
        query = query.where(ProductReview.id < before_id)
    return session.scalars(query.order_by(ProductReview.id.desc()).limit(limit + 1)).all()


def approved_with_authors(session: Session, *, program_id: int, sku: str | None, before_id: int | None,
                          limit: int) -> Sequence[Any]:
    query = (select(ProductReview, Member.first_name).join(Member, Member.id == ProductReview.member_id)
             .where(and_(ProductReview.program_id == program_id, ProductReview.status == "approved")))
    if sku is not None:
        query = query.where(ProductReview.sku == sku)
    if before_id is not None:
        query = query.where(ProductReview.id < before_id)
    return session.execute(query.order_by(ProductReview.id.desc()).limit(limit + 1)).all()


def moderate(session: Session, *, review_id: int, status: str, values: dict[str, Any]) -> bool:
    """Pending -> approved/rejected, or approved <-> rejected; False when it already has `status`
    (so a repeated moderation announces nothing twice)."""
    result = session.execute(update(ProductReview).where(ProductReview.id == review_id,
                                                         ProductReview.status != status)
                             .values(status=status, **values))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def bought_skus(session: Session, *, program_id: int, member_id: int, limit: int) -> Sequence[Any]:
    """(sku, name) of the member's products, most recently bought first."""
    return session.execute(
        select(PurchaseLine.sku, func.max(PurchaseLine.name), func.max(PurchaseLine.id).label("last"))
        .join(Purchase, Purchase.id == PurchaseLine.purchase_id)
        .where(Purchase.program_id == program_id, Purchase.member_id == member_id,
               PurchaseLine.refunded_quantity < PurchaseLine.quantity)
        .group_by(PurchaseLine.sku).order_by(func.max(PurchaseLine.id).desc()).limit(limit)).all()
