from __future__ import annotations

from typing import Any

from loyalty.content import service as content_service
from loyalty.content.schemas import ContentCreate, ContentRead
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate
from loyalty.surveys import service as survey_service
from loyalty.surveys.schemas import ResponseRead, ReviewCreate, SurveyCreate, SurveyRead

# One question of each kind; the first maps to the member attribute `favourite_drink`.
QUESTIONS: list[dict[str, Any]] = [
    {"kind": "single", "prompt": "Your favourite drink?", "options": ["Coffee", "Tea", "Juice"],
     "profile_attribute": "favourite_drink"},
    {"kind": "multiple", "prompt": "When do you visit?", "options": ["Morning", "Noon", "Evening"]},
    {"kind": "scale", "prompt": "How was the service?", "scale_max": 5},
    {"kind": "nps", "prompt": "Would you recommend us?"},
    {"kind": "text", "prompt": "Anything else?", "required": False},
]


def make_survey(database: Database, program: Program, **fields: Any) -> SurveyRead:
    values: dict[str, Any] = {"title": "Our coffee", "points": 50, "status": "open", "questions": QUESTIONS}
    values.update(fields)
    with unit_of_work(database) as session:
        return survey_service.create(session=session, program=program, data=SurveyCreate.model_validate(values))


def answer(database: Database, program: Program, survey_id: int, member_id: int, answers: dict[int, Any],
           source: str = "api") -> ResponseRead:
    with unit_of_work(database) as session:
        return survey_service.submit(session=session, program=program, survey_id=survey_id, member_id=member_id,
                                     answers=answers, source=source, actor="test")


FULL_ANSWERS: dict[int, Any] = {0: 1, 1: [0, 2], 2: 4, 3: 9, 4: "Great croissants"}


def buy(database: Database, program: Program, member_id: int, sku: str, name: str = "Espresso beans") -> None:
    with unit_of_work(database) as session:
        purchases.record_purchase(session=session, program=program, actor="test", data=PurchaseCreate.model_validate({
            "member": {"id": member_id},
            "lines": [{"sku": sku, "name": name, "quantity": 1, "unit_price": 2500}]}))


def make_content(database: Database, program: Program, **fields: Any) -> ContentRead:
    values: dict[str, Any] = {"title": "Brewing guide", "body": "**Grind** fresh.", "body_format": "markdown"}
    values.update(fields)
    with unit_of_work(database) as session:
        return content_service.create(session=session, program=program, data=ContentCreate.model_validate(values))


def submit_review(database: Database, program: Program, member_id: int, sku: str, *, rating: int = 5,
                  text: str | None = None) -> int:
    with unit_of_work(database) as session:
        return survey_service.submit_review(session=session, program=program, actor="test", data=ReviewCreate(
            member_id=member_id, sku=sku, rating=rating, text=text)).id
