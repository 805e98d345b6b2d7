"""The demo's survey has answers with a realistic NPS, reviews await or passed moderation, and the
members-only content and early access are there."""

from __future__ import annotations

import pytest

from loyalty.content import service as content
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.demo.generator import generate
from loyalty.demo.loader import load
from loyalty.surveys import service as surveys
from tests.integration.demo.test_loader import NOW


@pytest.fixture(scope="module")
def program_id(database: Database) -> int:
    return load(database, generate(members=60, purchases=500, seed=14, now=NOW), batch_size=400).program_id


def test_the_demo_survey_has_answers_a_real_nps_and_reviews(database: Database, program_id: int) -> None:
    with unit_of_work(database, read_only=True) as session:
        listed = surveys.list_surveys(session=session, program_id=program_id).items
        satisfaction = next(survey for survey in listed if survey.title == "How did we do?")
        summary = surveys.summary(session=session, program_id=program_id, survey_id=satisfaction.id)
        reviews = surveys.list_reviews(session=session, program_id=program_id).items
        items = content.list_content(session=session, program_id=program_id).items

    nps = summary.questions[0].nps
    assert summary.responses == 12 and nps is not None and -100 < nps.score < 100
    assert nps.promoters > 0 and nps.detractors > 0
    assert {review.status for review in reviews} <= {"approved", "pending", "rejected"} and reviews
    assert sorted(item.kind for item in items) == ["advice", "article", "early_access"]
