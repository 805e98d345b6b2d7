"""A leaderboard ranked by a challenge's progress, on both databases: its standings follow the
participants' progress as the gamification subscriber keeps it, ties share a rank, members appear
under their public names only, and another program's challenge is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.gamification import service as gamification
from loyalty.gamification.schemas import ChallengeUpdate
from loyalty.kernel import clock
from loyalty.kernel.errors import Invalid
from loyalty.leaderboards import service
from loyalty.leaderboards.schemas import LeaderboardCreate, PublicNameUpdate
from loyalty.programs.models import Program
from loyalty.worker import tasks_gamification
from tests.factories.engagement_boards import catch_up, make_board, standings, start
from tests.factories.gamification import buy, make_challenge
from tests.factories.members import make_member
from tests.factories.programs import make_program

GAMIFICATION = tasks_gamification.subscriber


def _challenge(database: Database, program: Program, name: str = "Ten visits") -> int:
    now = clock.now()
    return make_challenge(database, program, name=name, measure="purchase_count", goal=10,
                          starts_at=now - timedelta(days=2), ends_at=now + timedelta(days=12)).id


def _join(database: Database, program: Program, member_id: int, challenge_id: int) -> None:
    with unit_of_work(database) as session:
        gamification.join_challenge(session=session, program=program, member_id=member_id,
                                    challenge_id=challenge_id, actor="test")


def test_standings_follow_the_challenge_progress_after_the_subscriber_runs(database: Database,
                                                                         program: Program) -> None:
    start(database, GAMIFICATION)
    challenge_id = _challenge(database, program)
    board = make_board(database, program, measure="challenge", challenge_id=challenge_id, period="week")
    anna = make_member(database, program, first_name="Anna", last_name="Nowak")
    piotr = make_member(database, program, first_name="Piotr", last_name="Kowalski")
    ewa = make_member(database, program, first_name="Ewa", last_name="Lis")
    for member in (anna, piotr, ewa):
        _join(database, program, member.id, challenge_id)
    for member, visits in ((anna, 2), (piotr, 3), (ewa, 2)):
        for _ in range(visits):
            buy(database, program, member.id)

    assert standings(database, program, board.id).items == []                  # the worker has not run yet
    catch_up(database, GAMIFICATION)

    found = standings(database, program, board.id)
    assert [(row.rank, row.score) for row in found.items] == [(1, 3), (2, 2), (2, 2)]
    names = [row.name for row in found.items]
    assert all(name.startswith("Member #") and "——" not in name for name in names)
    assert len(set(names)) == 3
    for member in (anna, piotr, ewa):
        assert not any(str(member.email) in name or (member.first_name or "?") in name
                       or (member.last_name or "?") in name for name in names)
    # the board's period is the challenge's window, whatever period was asked for
    assert board.period == "season" and board.challenge_id == challenge_id
    assert (found.period_start, found.period_end) == (board.starts_on, board.ends_on)

    buy(database, program, anna.id)
    buy(database, program, anna.id)
    catch_up(database, GAMIFICATION)
    with unit_of_work(database, read_only=True) as session:
        mine = service.my_standing(session=session, program=program, leaderboard_id=board.id, member_id=anna.id)
        ewas = service.my_standing(session=session, program=program, leaderboard_id=board.id, member_id=ewa.id)
    assert (mine.rank, mine.score) == (1, 4)
    assert (ewas.rank, ewas.score) == (3, 2)
    with unit_of_work(database) as session:
        service.set_public_name(session=session, program=program, member_id=anna.id,
                                data=PublicNameUpdate(display_name="Runner", shows_name=True))
    assert standings(database, program, board.id).items[0].name == "Runner"


def test_a_member_outside_the_challenge_has_no_rank(database: Database, program: Program) -> None:
    challenge_id = _challenge(database, program)
    board = make_board(database, program, measure="challenge", challenge_id=challenge_id)
    outsider = make_member(database, program)
    buy(database, program, outsider.id)
    with unit_of_work(database, read_only=True) as session:
        mine = service.my_standing(session=session, program=program, leaderboard_id=board.id,
                                   member_id=outsider.id)
    assert (mine.rank, mine.score) == (None, 0)


def test_another_programs_challenge_or_an_unknown_one_is_refused(database: Database, program: Program) -> None:
    other = make_program(database, name="Other shop")
    foreign = _challenge(database, other, name="Their challenge")
    for challenge_id in (foreign, foreign + 1000):
        with pytest.raises(Invalid) as refused:
            make_board(database, program, measure="challenge", challenge_id=challenge_id)
        assert refused.value.code == "unknown_challenge"


def test_a_challenge_board_names_its_challenge_and_nothing_else(database: Database, program: Program) -> None:
    with pytest.raises(ValidationError):
        LeaderboardCreate.model_validate({"name": "B", "measure": "challenge"})
    with pytest.raises(ValidationError):
        LeaderboardCreate.model_validate({"name": "B", "measure": "points", "period": "week", "challenge_id": 1})
    with pytest.raises(ValidationError):
        LeaderboardCreate.model_validate({"name": "B", "measure": "challenge", "challenge_id": 1,
                                          "scope": "store", "store_code": "S1"})
    with pytest.raises(ValidationError):
        LeaderboardCreate.model_validate({"name": "B", "measure": "points"})  # others still need a period


def test_the_boards_period_follows_the_challenges_window_when_its_end_moves(database: Database,
                                                                           program: Program) -> None:
    challenge_id = _challenge(database, program)
    board = make_board(database, program, measure="challenge", challenge_id=challenge_id)
    later = clock.now() + timedelta(days=40)
    with unit_of_work(database) as session:
        gamification.update_challenge(session=session, program=program, challenge_id=challenge_id,
                                      data=ChallengeUpdate(ends_at=later), actor="test")
    with unit_of_work(database, read_only=True) as session:
        read = service.get(session=session, program=program, leaderboard_id=board.id)
    assert read.ends_on == clock.local_date(later, program.timezone) != board.ends_on
    assert standings(database, program, board.id).period_end == read.ends_on
