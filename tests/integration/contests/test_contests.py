"""Contests on both databases: entries earned by purchases and custom events, once per event,
never beyond the rules (however many at once); a draw that is recorded with its inputs, gives
the same winners from the same inputs, happens once, and names winners only by public name."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from loyalty.contests import domain, service
from loyalty.contests.models import Contest
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict, NotFound
from loyalty.programs.models import Program
from loyalty.worker import tasks_contests
from loyalty.worker.consumer import published
from tests.factories.engagement_boards import buy, catch_up, custom_event, make_contest, refund, start
from tests.factories.members import make_member
from tests.factories.programs import make_program

CONTESTS = tasks_contests.subscriber


def entries_of(database: Database, program: Program, contest_id: int, member_id: int) -> int:
    with unit_of_work(database, read_only=True) as session:
        return service.my_entries(session=session, program=program, contest_id=contest_id, member_id=member_id).entries


def close(database: Database, contest_id: int) -> None:
    with unit_of_work(database) as session:
        session.execute(update(Contest).where(Contest.id == contest_id)
                        .values(closes_at=clock.now() - timedelta(seconds=1)))


def test_purchases_earn_entries_once_each_up_to_the_maximum(database: Database, program: Program) -> None:
    start(database, CONTESTS)
    contest = make_contest(database, program, amount_per_entry=1000, max_entries_per_member=5)
    member = make_member(database, program)
    buy(database, program, member.id, 2500)                                            # 2 entries
    buy(database, program, member.id, 999)                                             # none
    buy(database, program, member.id, 4000)                                            # 4, cut to 3

    catch_up(database, CONTESTS)
    with unit_of_work(database, read_only=True) as session:
        first = session.scalars(select(Event).where(Event.program_id == program.id, Event.member_id == member.id,
                                                    Event.type == "purchase.recorded").order_by(Event.id)).first()
    assert first is not None
    with unit_of_work(database) as session:                                            # redelivered
        tasks_contests.handle(session, published(first))

    assert entries_of(database, program, contest.id, member.id) == 5
    with unit_of_work(database, read_only=True) as session:
        rows = service.entries(session=session, program=program, contest_id=contest.id).items
        entered = session.scalars(select(Event.payload).where(Event.member_id == member.id,
                                                             Event.type == "contest.entered")).all()
    assert [row.entries for row in rows] == [2, 3]
    assert [payload["total"] for payload in entered] == [2, 5]


def test_a_custom_event_of_the_named_type_earns_entries(database: Database, program: Program) -> None:
    start(database, CONTESTS)
    contest = make_contest(database, program, entry_action="custom_event", custom_event_type="review_posted",
                           entries_per_action=2)
    member = make_member(database, program)
    custom_event(database, program, member.id, "review_posted")
    custom_event(database, program, member.id, "survey_answered")
    buy(database, program, member.id, 5000)

    catch_up(database, CONTESTS)

    assert entries_of(database, program, contest.id, member.id) == 2


def test_twenty_entries_at_once_never_pass_the_maximum(database: Database, program: Program) -> None:
    contest = make_contest(database, program, max_entries_per_member=5)
    member = make_member(database, program)

    def enter(n: int) -> int:
        with unit_of_work(database) as session:
            return service.enter(session=session, program=program, contest_id=contest.id, member_id=member.id,
                                 source=f"test:{n}", entries=1)

    with ThreadPoolExecutor(8) as pool:
        given = list(pool.map(enter, range(20)))

    assert sum(given) == 5 and sorted(given) == [0] * 15 + [1] * 5
    assert entries_of(database, program, contest.id, member.id) == 5


def test_the_draw_is_recorded_and_the_same_inputs_give_the_same_winners(database: Database,
                                                                        program: Program) -> None:
    contest = make_contest(database, program, winners_count=3, max_entries_per_member=10)
    members = [make_member(database, program, email=f"entrant{n}.{clock.now().timestamp()}@example.com",
                           first_name="Zofia") for n in range(6)]
    with unit_of_work(database) as session:
        for n, member in enumerate(members):
            service.enter(session=session, program=program, contest_id=contest.id, member_id=member.id,
                          source=f"test:{n}", entries=n + 1)
    with pytest.raises(Conflict) as early, unit_of_work(database) as session:
        service.draw(session=session, program=program, contest_id=contest.id, actor="staff:1")
    assert early.value.code == "contest_not_closed"
    close(database, contest.id)

    with unit_of_work(database) as session:                                              # when drawn
        drawn = service.draw(session=session, program=program, contest_id=contest.id, actor="staff:1")
    with pytest.raises(Conflict) as again, unit_of_work(database) as session:
        service.draw(session=session, program=program, contest_id=contest.id, actor="staff:1")

    assert again.value.code == "contest_already_drawn"                                  # then once
    assert len(drawn.winners) == 3 and len({winner.name for winner in drawn.winners}) == 3
    assert all(winner.name.startswith("Member #") for winner in drawn.winners)
    assert (drawn.entrants, drawn.entries_total, drawn.algorithm) == (6, 21, domain.ALGORITHM)
    assert len(bytes.fromhex(drawn.seed_hex)) == 32 and drawn.verified
    holdings = [domain.Holding(member.id, n + 1) for n, member in enumerate(members)]
    assert domain.entries_digest(holdings) == drawn.entries_digest
    with unit_of_work(database, read_only=True) as session:
        record = service.draw_record(session=session, program=program, contest_id=contest.id)
        winners = service.winners(session=session, program=program, contest_id=contest.id)
        won = session.scalar(select(Event.payload).where(Event.program_id == program.id,
                                                         Event.type == "contest.drawn"))
    assert record == drawn and winners.items == drawn.winners
    assert won is not None
    repeated = domain.draw(bytes.fromhex(record.seed_hex), holdings, record.winners_count)
    assert repeated == won["winner_member_ids"]
    assert "Zofia" not in repr(winners) and "example.com" not in repr(record)


def test_the_worker_draws_closed_contests_and_a_contest_with_no_entries_has_no_winners(
        database: Database, program: Program) -> None:
    contest = make_contest(database, program)
    staff_only = make_contest(database, program, draws_automatically=False)
    close(database, contest.id)
    close(database, staff_only.id)

    tasks_contests.draw_due(database)

    with unit_of_work(database, read_only=True) as session:
        record = service.draw_record(session=session, program=program, contest_id=contest.id)
        with pytest.raises(NotFound):
            service.draw_record(session=session, program=program, contest_id=staff_only.id)
        assert service.get(session=session, program=program, contest_id=contest.id).status == "drawn"
    assert (record.drawn_by, record.winners, record.entrants) == ("worker", [], 0)


def test_entries_outside_the_contests_dates_and_other_programs_contests_count_nothing(
        database: Database, program: Program) -> None:
    start(database, CONTESTS)
    later = make_contest(database, program, opens_at=clock.now() + timedelta(days=1),
                         closes_at=clock.now() + timedelta(days=2))
    other = make_program(database, name="Other")
    theirs = make_contest(database, other)
    member = make_member(database, program)
    buy(database, program, member.id, 3000)
    catch_up(database, CONTESTS)

    assert entries_of(database, program, later.id, member.id) == 0
    assert entries_of(database, other, theirs.id, member.id) == 0
    with pytest.raises(NotFound), unit_of_work(database, read_only=True) as session:
        service.get(session=session, program=program, contest_id=theirs.id)


def test_a_contest_made_with_past_events_enters_each_event_once(database: Database, program: Program) -> None:
    start(database, CONTESTS)
    member = make_member(database, program)
    buy(database, program, member.id, 1000)                                            # before the contest
    contest = make_contest(database, program, count_past_events=True)
    buy(database, program, member.id, 1000)                                            # after it

    catch_up(database, CONTESTS)

    assert entries_of(database, program, contest.id, member.id) == 2


def test_a_best_score_contest_is_won_by_the_boards_leaders_ties_broken_by_the_seed(
        database: Database, program: Program) -> None:
    from loyalty.worker import tasks_leaderboards
    from tests.factories.engagement_boards import make_board, standings
    from tests.factories.ledger import give_points

    start(database, tasks_leaderboards.subscriber)
    board = make_board(database, program, period="season", starts_on=clock.now().date() - timedelta(days=30),
                       ends_on=clock.now().date() + timedelta(days=30))
    contest = make_contest(database, program, entry_action="best_score", leaderboard_id=board.id,
                           max_entries_per_member=None, winners_count=2)
    first, tied_a, tied_b, last = (make_member(database, program) for _ in range(4))
    for member, points in ((first, 900), (tied_a, 500), (tied_b, 500), (last, 100)):
        give_points(database, program, member.id, points)
    catch_up(database, tasks_leaderboards.subscriber, CONTESTS)
    close(database, contest.id)
    seed = bytes(range(32))

    with unit_of_work(database) as session:
        drawn = service.draw(session=session, program=program, contest_id=contest.id, actor="staff:1", seed=seed)
    give_points(database, program, last.id, 5000)                                      # the board moves on
    catch_up(database, tasks_leaderboards.subscriber)

    holdings = [domain.Holding(first.id, 900), domain.Holding(tied_a.id, 500), domain.Holding(tied_b.id, 500)]
    expected = domain.best_scores(seed, holdings, 2)
    assert expected[0] == first.id and expected[1] in (tied_a.id, tied_b.id)
    assert (drawn.algorithm, drawn.entrants, drawn.entries_total) == (domain.BEST_SCORE_ALGORITHM, 3, 1900)
    with unit_of_work(database, read_only=True) as session:
        record = service.draw_record(session=session, program=program, contest_id=contest.id)
        won = session.scalar(select(Event.payload).where(Event.program_id == program.id,
                                                         Event.type == "contest.drawn",
                                                         Event.payload["contest_id"].as_integer() == contest.id))
    assert record.verified and won is not None and won["winner_member_ids"] == expected
    assert standings(database, program, board.id).items[0].score == 5100


def test_an_answered_survey_earns_entries_when_the_contest_names_that_action(database: Database,
                                                                            program: Program) -> None:
    from tests.factories.surveys import FULL_ANSWERS, answer, make_survey

    start(database, CONTESTS)
    contest = make_contest(database, program, entry_action="custom_event", custom_event_type="survey.answered",
                           entries_per_action=3)
    member, other = make_member(database, program), make_member(database, program)
    survey = make_survey(database, program, points=0)
    answer(database, program, survey.id, member.id, FULL_ANSWERS)
    custom_event(database, program, other.id, "survey_answered")  # a shop's custom type is another thing

    catch_up(database, CONTESTS)

    assert (entries_of(database, program, contest.id, member.id), entries_of(database, program, contest.id,
                                                                             other.id)) == (3, 0)


def _refund_events(database: Database, program: Program, member_id: int) -> list[Event]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(Event).where(Event.program_id == program.id, Event.member_id == member_id,
                                                        Event.type == "purchase.refunded").order_by(Event.id)))


def test_a_purchase_refunded_in_full_withdraws_its_entries_once_before_the_draw(database: Database,
                                                                                program: Program) -> None:
    start(database, CONTESTS)
    contest = make_contest(database, program, amount_per_entry=1000, max_entries_per_member=10)
    member = make_member(database, program)
    kept = buy(database, program, member.id, 2000)                                     # 2 entries
    returned = buy(database, program, member.id, 3000)                                 # 3 entries
    catch_up(database, CONTESTS)
    refund(database, program, kept, 500)                                               # partial: entries stay
    refund(database, program, returned, 3000)                                          # in full: 3 withdrawn

    catch_up(database, CONTESTS)
    for event in _refund_events(database, program, member.id):                         # redelivered
        with unit_of_work(database) as session:
            tasks_contests.handle(session, published(event))

    assert entries_of(database, program, contest.id, member.id) == 2
    with unit_of_work(database, read_only=True) as session:
        rows = service.entries(session=session, program=program, contest_id=contest.id).items
        withdrawn = session.scalars(select(Event.payload).where(Event.member_id == member.id,
                                                               Event.type == "contest.entry_withdrawn")).all()
    assert [(row.entries, row.withdrawn_at is not None) for row in rows] == [(2, False), (3, True)]
    assert [(payload["entries"], payload["total"], payload["purchase_id"]) for payload in withdrawn] == [
        (3, 2, returned)]
    buy(database, program, member.id, 4000)                                            # room again below the max
    catch_up(database, CONTESTS)
    assert entries_of(database, program, contest.id, member.id) == 6
    close(database, contest.id)
    with unit_of_work(database) as session:
        drawn = service.draw(session=session, program=program, contest_id=contest.id, actor="staff:1")
    assert (drawn.entrants, drawn.entries_total) == (1, 6) and drawn.verified


def test_a_drawn_contest_keeps_the_entries_of_a_purchase_refunded_after_the_draw(database: Database,
                                                                                program: Program) -> None:
    start(database, CONTESTS)
    contest = make_contest(database, program, entries_per_action=2)
    member = make_member(database, program)
    purchase_id = buy(database, program, member.id, 5000)
    catch_up(database, CONTESTS)
    close(database, contest.id)
    with unit_of_work(database) as session:
        service.draw(session=session, program=program, contest_id=contest.id, actor="staff:1")

    refund(database, program, purchase_id, 5000)
    catch_up(database, CONTESTS)

    assert entries_of(database, program, contest.id, member.id) == 2
    with unit_of_work(database, read_only=True) as session:
        record = service.draw_record(session=session, program=program, contest_id=contest.id)
        withdrawn = session.scalars(select(Event.id).where(Event.member_id == member.id,
                                                          Event.type == "contest.entry_withdrawn")).all()
    assert record.verified and record.entries_total == 2 and withdrawn == []


def test_a_purchase_event_handled_after_its_full_refund_enters_nothing(database: Database, program: Program) -> None:
    start(database, CONTESTS)
    contest = make_contest(database, program)
    member = make_member(database, program)
    purchase_id = buy(database, program, member.id, 5000)
    refund(database, program, purchase_id, 5000)

    catch_up(database, CONTESTS)                                                       # the purchase comes late

    assert entries_of(database, program, contest.id, member.id) == 0


def test_a_best_score_contest_measures_a_spend_board_after_refunds(database: Database, program: Program) -> None:
    from loyalty.worker import tasks_leaderboards
    from tests.factories.engagement_boards import make_board

    start(database, tasks_leaderboards.subscriber)
    board = make_board(database, program, measure="spend", period="season",
                       starts_on=clock.now().date() - timedelta(days=30),
                       ends_on=clock.now().date() + timedelta(days=30))
    contest = make_contest(database, program, entry_action="best_score", leaderboard_id=board.id,
                           max_entries_per_member=None, winners_count=1)
    big_spender, steady = make_member(database, program), make_member(database, program)
    returned = buy(database, program, big_spender.id, 90000)
    buy(database, program, steady.id, 20000)
    refund(database, program, returned, 90000)                                         # bought to win, returned
    catch_up(database, tasks_leaderboards.subscriber, CONTESTS)
    close(database, contest.id)

    with unit_of_work(database) as session:
        drawn = service.draw(session=session, program=program, contest_id=contest.id, actor="staff:1")
    with unit_of_work(database, read_only=True) as session:
        winner_ids = session.scalar(select(Event.payload).where(
            Event.program_id == program.id, Event.type == "contest.drawn",
            Event.payload["contest_id"].as_integer() == contest.id))

    assert drawn.entries_total == 20000 and winner_ids is not None
    assert winner_ids["winner_member_ids"] == [steady.id]


def test_twenty_deliveries_of_one_refund_at_once_withdraw_its_entries_once(database: Database,
                                                                          program: Program) -> None:
    start(database, CONTESTS)
    contest = make_contest(database, program, entries_per_action=3, max_entries_per_member=10)
    member = make_member(database, program)
    buy(database, program, member.id, 1000)
    returned = buy(database, program, member.id, 1000)
    catch_up(database, CONTESTS)
    refund(database, program, returned, 1000)
    [refunded] = _refund_events(database, program, member.id)

    def deliver(_: int) -> int:
        with unit_of_work(database) as session:
            return service.withdraw_refunded(session=session, program=program, event=published(refunded))

    with ThreadPoolExecutor(8) as pool:
        withdrawn = list(pool.map(deliver, range(20)))

    assert sorted(withdrawn) == [0] * 19 + [3]
    assert entries_of(database, program, contest.id, member.id) == 3


def recorded(database: Database, program: Program, event_type: str) -> list[Event]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(Event).where(Event.program_id == program.id, Event.type == event_type)
                                    .order_by(Event.id)))


def test_a_redelivered_batch_enters_nobody_twice(database: Database, program: Program) -> None:
    start(database, CONTESTS)
    contest = make_contest(database, program, amount_per_entry=1000, max_entries_per_member=10)
    first, second = make_member(database, program), make_member(database, program)
    buy(database, program, first.id, 2000)
    buy(database, program, second.id, 3000)
    buy(database, program, first.id, 1000)
    catch_up(database, CONTESTS)                                                       # one batch
    purchases = [published(event) for event in recorded(database, program, "purchase.recorded")]

    with unit_of_work(database) as session:                                            # redelivered whole
        tasks_contests.handle_batch(session, purchases)
    with unit_of_work(database) as session:                                            # and twice in one
        tasks_contests.handle_batch(session, purchases + purchases)

    assert entries_of(database, program, contest.id, first.id) == 3
    assert entries_of(database, program, contest.id, second.id) == 3
    assert [(event.member_id, event.payload["entries"], event.payload["total"])
            for event in recorded(database, program, "contest.entered")] == [(first.id, 2, 2), (second.id, 3, 3),
                                                                            (first.id, 1, 3)]


def test_a_batch_of_one_members_many_events_stops_at_the_maximum(database: Database, program: Program) -> None:
    start(database, CONTESTS)
    contest = make_contest(database, program, entries_per_action=2, max_entries_per_member=7)
    member, other = make_member(database, program), make_member(database, program)
    with unit_of_work(database) as session:                                            # holds 2 already
        service.enter(session=session, program=program, contest_id=contest.id, member_id=member.id,
                      source="test:earlier", entries=2)
    for _ in range(6):
        buy(database, program, member.id, 500)
    buy(database, program, other.id, 500)

    catch_up(database, CONTESTS)                                                       # one batch

    assert entries_of(database, program, contest.id, member.id) == 7
    assert entries_of(database, program, contest.id, other.id) == 2
    with unit_of_work(database, read_only=True) as session:
        rows = service.entries(session=session, program=program, contest_id=contest.id, member_id=member.id).items
    assert [row.entries for row in rows] == [2, 2, 2, 1]
    assert sum(row.entries for row in rows) == 7
    assert [event.payload["total"] for event in recorded(database, program, "contest.entered")
            if event.member_id == member.id and event.payload["source"] != "test:earlier"] == [4, 6, 7]
