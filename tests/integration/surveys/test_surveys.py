"""Surveys on both databases: answers stored, points paid once, the profile written only with consent."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.kernel.errors import Conflict, Invalid
from loyalty.members import service as members
from loyalty.programs.models import Program
from loyalty.surveys import service
from tests.factories.ledger import balance
from tests.factories.members import make_member
from tests.factories.surveys import FULL_ANSWERS, answer, make_survey

GRANTED = {"profiling": {"granted": True, "source": "signup_form"}}
REFUSED = {"profiling": {"granted": False, "source": "signup_form"}}


def _attributes(database: Database, program: Program, member_id: int) -> dict[str, object]:
    with unit_of_work(database, read_only=True) as session:
        return dict(members.get_member(session=session, program_id=program.id, member_id=member_id).attributes or {})


def _events(database: Database, member_id: int, type_: str) -> list[dict[str, object]]:
    from sqlalchemy import select
    with unit_of_work(database, read_only=True) as session:
        return [row.payload for row in session.scalars(select(Event).where(Event.member_id == member_id,
                                                                           Event.type == type_))]


def test_an_answer_lands_in_the_profile_with_the_profiling_consent(database: Database, program: Program) -> None:
    survey = make_survey(database, program)
    member = make_member(database, program, consents=GRANTED)                       # given consent

    response = answer(database, program, survey.id, member.id, FULL_ANSWERS)        # when answered

    assert response.profile_updated is True                                         # then in the profile
    assert _attributes(database, program, member.id) == {"favourite_drink": "Tea"}


@pytest.mark.parametrize("consents", [REFUSED, None], ids=["refused", "never-asked"])
def test_an_answer_stays_out_of_the_profile_without_consent(database: Database, program: Program,
                                                           consents: dict[str, object] | None) -> None:
    survey = make_survey(database, program)
    member = make_member(database, program, consents=consents)                      # given no consent

    response = answer(database, program, survey.id, member.id, FULL_ANSWERS)        # when answered

    assert response.profile_updated is False                                        # then the profile is untouched
    assert _attributes(database, program, member.id) == {}
    with unit_of_work(database, read_only=True) as session:                          # but the answer is stored
        assert service.summary(session=session, program_id=program.id,
                               survey_id=survey.id).questions[0].options[1].count == 1


def test_points_are_paid_once_and_a_second_answer_is_refused(database: Database, program: Program) -> None:
    survey = make_survey(database, program, points=50)
    member = make_member(database, program)

    first = answer(database, program, survey.id, member.id, FULL_ANSWERS)           # when answered twice
    with pytest.raises(Conflict) as refused:
        answer(database, program, survey.id, member.id, FULL_ANSWERS)

    assert first.points_awarded == 50 and refused.value.code == "survey_already_answered"
    assert balance(database, program, member.id).available == 50                     # then paid once
    assert _events(database, member.id, "survey.answered") == [
        {"survey_id": survey.id, "kind": "survey", "score": None, "max_score": None, "points": 50, "source": "api"}]


def test_concurrent_answers_of_one_member_pay_once(database: Database, program: Program) -> None:
    survey = make_survey(database, program, points=30)
    member = make_member(database, program)

    def attempt(_: int) -> str:
        try:
            answer(database, program, survey.id, member.id, FULL_ANSWERS)
            return "paid"
        except Conflict as error:
            return error.code

    with ThreadPoolExecutor(max_workers=8) as pool:                                   # when 8 at once
        outcomes = list(pool.map(attempt, range(8)))

    assert sorted(outcomes) == ["paid"] + ["survey_already_answered"] * 7             # then one wins
    assert balance(database, program, member.id).available == 30


def test_a_wrong_answer_is_refused_naming_the_question(database: Database, program: Program) -> None:
    survey = make_survey(database, program)
    member = make_member(database, program)

    with pytest.raises(Invalid) as refused:
        answer(database, program, survey.id, member.id, {**FULL_ANSWERS, 3: 11})    # NPS beyond 10

    assert (refused.value.code, refused.value.field) == ("invalid_answer", "answers.3")
    assert balance(database, program, member.id).available == 0


def test_a_quiz_scores_and_the_summary_counts_nps_means_and_texts(database: Database, program: Program) -> None:
    quiz = make_survey(database, program, kind="quiz", points=0, questions=[
        {"kind": "single", "prompt": "Arabica grows at?", "options": ["Sea level", "Altitude"], "correct": [1]},
        {"kind": "nps", "prompt": "Recommend?"},
        {"kind": "text", "prompt": "Why?", "required": False}])
    for nps_value, pick, why in [(10, 1, "tasty"), (9, 1, None), (7, 0, None), (3, 0, "slow")]:
        member = make_member(database, program)
        answer(database, program, quiz.id, member.id, {0: pick, 1: nps_value, **({2: why} if why else {})})

    with unit_of_work(database, read_only=True) as session:
        summary = service.summary(session=session, program_id=program.id, survey_id=quiz.id)

    assert summary.responses == 4 and summary.mean_score == 0.5
    assert [(o.label, o.count, o.is_correct) for o in summary.questions[0].options] == [
        ("Sea level", 2, False), ("Altitude", 2, True)]
    nps = summary.questions[1].nps
    assert nps is not None and (nps.score, nps.promoters, nps.passives, nps.detractors) == (25, 2, 1, 1)
    assert summary.questions[1].mean == 7.25 and summary.questions[2].latest_texts == ["slow", "tasty"]


def test_a_closed_survey_takes_no_answers(database: Database, program: Program) -> None:
    survey = make_survey(database, program, status="draft")
    member = make_member(database, program)

    with pytest.raises(Conflict) as refused:
        answer(database, program, survey.id, member.id, FULL_ANSWERS)

    assert refused.value.code == "survey_closed"


def test_a_signed_link_names_one_member_for_one_survey() -> None:
    token = service.link_token(secret_key="k" * 32, survey_id=7, member_id=42)

    assert service.member_of_link(secret_key="k" * 32, survey_id=7, token=token) == 42
    assert service.member_of_link(secret_key="k" * 32, survey_id=8, token=token) is None
    assert service.member_of_link(secret_key="k" * 32, survey_id=7, token=token.replace("42.", "43.")) is None
