"""Stored offers the member can no longer use are left out when read, on both databases: the
nightly list may be a day old, a reader never shows a used coupon or a completed challenge."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import event, update
from sqlalchemy.orm import Session

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.gamification import service as gamification
from loyalty.gamification.models import Challenge, ChallengeParticipant
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.recommendations import repository, service
from loyalty.rewards.models import Reward
from loyalty.vouchers.models import VoucherCampaign, VoucherCode
from tests.factories.gamification import make_challenge
from tests.factories.members import make_member
from tests.factories.rewards import make_reward
from tests.factories.vouchers import make_campaign, make_codes, publish


def _store_lists(database: Database, program: Program, offers: dict[int, list[tuple[str, int]]]) -> None:
    """The members' offers shelves as a nightly run would have left them, best first."""
    now = clock.now()
    with unit_of_work(database) as session:
        repository.replace_lists(session, program.id, [
            (program.id, member_id, "offers", rank, kind, str(ref), f"{kind} {ref}", None, 1.0 - rank / 100,
             "similar", now) for member_id, shelf in offers.items() for rank, (kind, ref) in enumerate(shelf, 1)])


def _store_offers(database: Database, program: Program, member_id: int, offers: list[tuple[str, int]]) -> None:
    _store_lists(database, program, {member_id: offers})


def _set(database: Database, model: Any, row_id: int, **values: Any) -> None:
    with unit_of_work(database) as session:
        session.execute(update(model).where(model.id == row_id).values(**values))


def _challenge(database: Database, program: Program, name: str, **fields: Any) -> int:
    now = clock.now()
    values: dict[str, Any] = {"measure": "purchase_count", "goal": 3, "starts_at": now - timedelta(days=1),
                              "ends_at": now + timedelta(days=30), **fields}
    return make_challenge(database, program, name=name, **values).id


def _complete(database: Database, program: Program, challenge_id: int, member_id: int) -> None:
    now = clock.now()
    with unit_of_work(database) as session:
        session.add(ChallengeParticipant(program_id=program.id, challenge_id=challenge_id, member_id=member_id,
                                         joined_at=now - timedelta(hours=2), source="joined", progress=3,
                                         completed_at=now - timedelta(hours=1)))


def _held_coupon(database: Database, program: Program, member_id: int, name: str) -> tuple[int, str]:
    campaign = make_campaign(database, program, name=name)
    make_codes(database, program, campaign.id, count=1)
    code, = publish(database, program, campaign.id, [member_id])
    return campaign.id, code


def _offers(database: Database, program: Program, member_id: int, *, limit: int = 10,
            after_rank: int | None = None) -> tuple[list[tuple[str, int]], int | None]:
    with unit_of_work(database, read_only=True) as session:
        page = service.member_recommendations(session=session, program_id=program.id, member_id=member_id,
                                              shelf="offers", limit=limit, after_rank=after_rank,
                                              open_challenges=gamification.challenges_open_to)
    return [(item.kind, int(item.ref)) for item in page.items], page.next_key


def test_offers_the_member_can_no_longer_use_are_left_out_in_rank_order(database: Database,
                                                                        program: Program) -> None:
    now = clock.now()
    anna, olga = make_member(database, program).id, make_member(database, program).id
    reward = make_reward(database, program).id
    withdrawn, sold_out = make_reward(database, program).id, make_reward(database, program).id
    over, not_yet = make_reward(database, program).id, make_reward(database, program).id
    coupon, _ = _held_coupon(database, program, anna, "Held")
    used, used_code = _held_coupon(database, program, anna, "Used")
    expired, _ = _held_coupon(database, program, anna, "Expired")
    voided, _ = _held_coupon(database, program, anna, "Voided")
    olgas, _ = _held_coupon(database, program, olga, "Olga's")
    challenge = _challenge(database, program, "Open")
    done_by_olga = _challenge(database, program, "Done by Olga")
    done = _challenge(database, program, "Done")
    ended, switched_off = _challenge(database, program, "Ended"), _challenge(database, program, "Switched off")
    stored = [("reward", withdrawn), ("coupon", used), ("challenge", done), ("reward", reward),
              ("coupon", expired), ("reward", sold_out), ("challenge", ended), ("coupon", coupon),
              ("reward", over), ("coupon", voided), ("challenge", challenge), ("reward", not_yet),
              ("challenge", switched_off), ("coupon", olgas), ("challenge", done_by_olga)]
    _store_offers(database, program, anna, stored)
    assert _offers(database, program, anna, limit=50)[0] == [offer for offer in stored if offer != ("coupon", olgas)]

    _set(database, Reward, withdrawn, is_active=False)                                       # when they go stale
    _set(database, Reward, sold_out, stock=0)
    _set(database, Reward, over, ends_at=now - timedelta(minutes=1))
    _set(database, Reward, not_yet, starts_at=now + timedelta(days=1))
    with unit_of_work(database) as session:
        session.execute(update(VoucherCode).where(VoucherCode.code == used_code).values(uses=1))
    _set(database, VoucherCampaign, expired, ends_at=now - timedelta(minutes=1))
    _set(database, VoucherCampaign, voided, is_active=False)
    _complete(database, program, done, anna)
    _complete(database, program, done_by_olga, olga)
    _set(database, Challenge, ended, ends_at=now - timedelta(minutes=1))
    _set(database, Challenge, switched_off, is_active=False)

    offers, _ = _offers(database, program, anna)

    assert offers == [("reward", reward), ("coupon", coupon), ("challenge", challenge),
                      ("challenge", done_by_olga)]


def test_a_page_stays_full_from_further_down_the_list_and_pages_on_by_rank(database: Database,
                                                                         program: Program) -> None:
    member = make_member(database, program).id
    rewards = [make_reward(database, program).id for _ in range(10)]
    _store_offers(database, program, member, [("reward", reward) for reward in rewards])
    for stale in rewards[:2] + rewards[4:8]:
        _set(database, Reward, stale, is_active=False)

    first, after = _offers(database, program, member, limit=3)
    rest, last = _offers(database, program, member, limit=3, after_rank=after)

    assert first == [("reward", reward) for reward in rewards[2:4] + rewards[8:9]]
    assert rest == [("reward", rewards[9])] and last is None


def test_without_gamifications_answer_challenges_are_left_out(database: Database, program: Program) -> None:
    member = make_member(database, program).id
    reward, challenge = make_reward(database, program).id, _challenge(database, program, "Open")
    _store_offers(database, program, member, [("challenge", challenge), ("reward", reward)])

    with unit_of_work(database, read_only=True) as session:
        page = service.member_recommendations(session=session, program_id=program.id, member_id=member,
                                              shelf="offers")
        mentioned = service.offer_to_mention(session=session, program_id=program.id, member_id=member,
                                             open_challenges=gamification.challenges_open_to)

    assert [(item.kind, int(item.ref)) for item in page.items] == [("reward", reward)]
    assert mentioned is not None and (mentioned.kind, int(mentioned.ref)) == ("challenge", challenge)


def test_a_segments_challenge_stays_for_its_members_and_participants_only(database: Database,
                                                                        program: Program) -> None:
    from loyalty.segments import service as segments
    from loyalty.segments.schemas import SegmentCreate

    enrolled, newcomer, outsider = (make_member(database, program).id for _ in range(3))
    with unit_of_work(database) as session:
        segment = segments.create(session=session, program=program, actor="test",
                                  data=SegmentCreate(name="VIP", kind="static"))
        segments.import_static(session=session, program=program, segment_id=segment.id, actor="test",
                               data=f"{enrolled}\n".encode())
    vip_week = _challenge(database, program, "VIP week", segment_id=segment.id)  # enrols the segment's members
    with unit_of_work(database) as session:  # the enrolled member leaves the segment, the newcomer enters it
        segments.import_static(session=session, program=program, segment_id=segment.id, actor="test",
                               data=f"{newcomer}\n".encode())
    _store_lists(database, program, {member: [("challenge", vip_week)] for member in (enrolled, newcomer, outsider)})

    assert _offers(database, program, enrolled)[0] == [("challenge", vip_week)]   # in it: still theirs to finish
    assert _offers(database, program, newcomer)[0] == [("challenge", vip_week)]   # theirs to take up
    assert _offers(database, program, outsider)[0] == []                           # neither


@contextmanager
def _statements(session: Session) -> Iterator[list[str]]:
    seen: list[str] = []
    connection = session.connection()

    def remember(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(statement)

    event.listen(connection, "before_cursor_execute", remember)
    try:
        yield seen
    finally:
        event.remove(connection, "before_cursor_execute", remember)


def test_the_read_is_one_statement_per_kind_of_offer_however_many_are_stale(database: Database,
                                                                           program: Program) -> None:
    member = make_member(database, program).id
    rewards = [make_reward(database, program).id for _ in range(4)]
    coupons = [_held_coupon(database, program, member, f"Coupon {number}")[0] for number in range(3)]
    challenges = [_challenge(database, program, f"Challenge {number}") for number in range(3)]
    _store_offers(database, program, member, [("reward", rewards[0]), ("coupon", coupons[0]),
                                              ("challenge", challenges[0]), ("reward", rewards[1]),
                                              ("coupon", coupons[1]), ("challenge", challenges[1]),
                                              ("reward", rewards[2]), ("coupon", coupons[2]),
                                              ("challenge", challenges[2]), ("reward", rewards[3])])
    for stale in rewards[:3]:
        _set(database, Reward, stale, is_active=False)
    for stale in challenges[:2]:
        _complete(database, program, stale, member)

    with unit_of_work(database, read_only=True) as session:
        session.connection()  # the unit's own setup statements are not the read's
        with _statements(session) as seen:
            page = service.member_recommendations(session=session, program_id=program.id, member_id=member,
                                                  shelf="offers", limit=4,
                                                  open_challenges=gamification.challenges_open_to)

    assert [item.kind for item in page.items] == ["coupon", "coupon", "coupon", "challenge"]
    assert len(seen) == 4  # the shelf, then its rewards, its coupons, its challenges
