""""Download my data" holds what the engagement domains keep about the member (badges, challenges,
surveys, reviews, contests, public name, stored recommendations) and nothing of another member's,
on both databases."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from loyalty.contests import service as contests
from loyalty.contests.models import ContestWinner
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.gamification import service as gamification
from loyalty.kernel import clock
from loyalty.leaderboards import service as leaderboards
from loyalty.leaderboards.schemas import PublicNameUpdate
from loyalty.programs.models import Program
from loyalty.recommendations import repository as recommendation_lists
from loyalty.surveys import service as surveys
from loyalty.web.member_app.my_data import member_export
from tests.factories import gamification as playing
from tests.factories import surveys as asking
from tests.factories.engagement_boards import make_contest
from tests.factories.gamification import make_badge, make_challenge
from tests.factories.members import make_member


def _engaged(database: Database, program: Program, member_id: int, *, name: str, purchases: int, sku: str,
             words: str, challenge_id: int, contest_id: int, survey_id: int) -> int:
    """The member joins the challenge, buys `purchases` times, answers the survey, reviews `sku`,
    enters the contest and picks a public name; their review's id."""
    with unit_of_work(database) as session:
        gamification.join_challenge(session=session, program=program, member_id=member_id,
                                    challenge_id=challenge_id, actor="test")
    for _ in range(purchases):
        playing.buy(database, program, member_id)
    playing.evaluate(database, program, member_id)
    asking.answer(database, program, survey_id, member_id, {**asking.FULL_ANSWERS, 4: words})
    asking.buy(database, program, member_id, sku, name=f"{name}'s beans")
    review_id = asking.submit_review(database, program, member_id, sku, rating=4, text=f"{words} (review)")
    with unit_of_work(database) as session:
        contests.enter(session=session, program=program, contest_id=contest_id, member_id=member_id,
                       source=f"test:{name}", entries=2)
        leaderboards.set_public_name(session=session, program=program, member_id=member_id,
                                     data=PublicNameUpdate(display_name=f"{name} the Quick", shows_name=True))
    return review_id


def _export(database: Database, program: Program, member_id: int) -> dict[str, Any]:
    with unit_of_work(database, read_only=True) as session:
        return member_export(session=session, program=program, member_id=member_id)


def test_the_export_holds_the_members_engagement_and_none_of_anothers(database: Database,
                                                                      program: Program) -> None:
    now = clock.now()
    make_badge(database, program, name="Regular", measure="purchase_count",
               levels=[{"name": "Bronze", "threshold": 1}, {"name": "Silver", "threshold": 2},
                       {"name": "Gold", "threshold": 10}])
    challenge = make_challenge(database, program, name="Two visits", measure="purchase_count", goal=2,
                   starts_at=(now - timedelta(days=1)).isoformat(), ends_at=(now + timedelta(days=30)).isoformat())
    contest = make_contest(database, program, name="Spring draw")
    survey = asking.make_survey(database, program, title="Our coffee")
    anna, olga = make_member(database, program).id, make_member(database, program).id
    annas_review = _engaged(database, program, anna, name="Anna", purchases=2, sku="BEANS-A", words="Anna's note",
                            challenge_id=challenge.id, contest_id=contest.id, survey_id=survey.id)
    _engaged(database, program, olga, name="Olga", purchases=1, sku="BEANS-O", words="Olga's note",
             challenge_id=challenge.id, contest_id=contest.id, survey_id=survey.id)
    with unit_of_work(database) as session:
        surveys.moderate_review(session=session, program=program, review_id=annas_review, status="approved",
                                actor="test")
        session.add(ContestWinner(contest_id=contest.id, position=1, member_id=anna, program_id=program.id))
        recommendation_lists.replace_lists(session, program.id, [
            (program.id, anna, "products", 1, "product", "TEA-ANNA", "Tea", "tea", 0.9, "similar", now),
            (program.id, olga, "products", 1, "product", "TEA-OLGA", "Tea", "tea", 0.9, "similar", now)])

    exported = _export(database, program, anna)

    assert [(badge["badge"], badge["level_name"]) for badge in exported["badges_earned"]] == [
        ("Regular", "Bronze"), ("Regular", "Silver")]
    progress, = exported["badge_progress"]  # three purchases: the review's beans count too
    assert (progress["value"], progress["next_threshold"], progress["earned_level"]) == (3, 10, "Silver")
    joined, = exported["challenges"]
    assert (joined["challenge"], joined["progress"]) == ("Two visits", 2) and joined["completed_at"]
    response, = exported["survey_responses"]
    assert response["survey"] == "Our coffee"
    assert [(answer["question"], answer["option"]) for answer in response["answers"] if answer["option"]] == [
        (0, "Tea"), (1, "Morning"), (1, "Evening")]
    assert response["answers"][-1]["text"] == "Anna's note"
    review, = exported["product_reviews"]
    assert (review["sku"], review["status"], review["text"]) == ("BEANS-A", "approved", "Anna's note (review)")
    assert [entry["entries"] for entry in exported["contest_entries"]] == [2]
    assert [(win["contest"], win["position"]) for win in exported["contest_wins"]] == [("Spring draw", 1)]
    assert exported["leaderboards"]["public_name"]["display_name"] == "Anna the Quick"
    assert [item["ref"] for item in exported["recommendations"]["products"]] == ["TEA-ANNA"]
    assert "Olga" not in json.dumps(exported) and "BEANS-O" not in json.dumps(exported)

    olgas = _export(database, program, olga)
    assert [badge["level_name"] for badge in olgas["badges_earned"]] == ["Bronze"]
    assert olgas["challenges"][0]["completed_at"] is None and olgas["contest_wins"] == []
    assert [review["status"] for review in olgas["product_reviews"]] == ["pending"]
    assert "Anna" not in json.dumps(olgas) and "TEA-ANNA" not in json.dumps(olgas)
