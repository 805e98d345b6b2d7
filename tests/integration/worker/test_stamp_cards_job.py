"""Stamps the release job makes available fill a stamp card at once, in the same job run."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.kernel import clock
from loyalty.members.schemas import MemberRef
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate, PurchaseLineIn
from loyalty.vouchers import service as vouchers
from loyalty.worker.scheduled import run_program_jobs
from tests.factories import rewards as reward_factories
from tests.factories import vouchers as voucher_factories
from tests.factories.ledger import balance, verify_ok
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.rules import make_rule

CARD_SIZE = 10


def coffee_stamp_card_program(database: Database, *, codes: int) -> tuple[Program, int]:
    """Every coffee bought earns a stamp, pending for the 14-day return window; ten fill a card
    worth a free coffee. The program and the card's voucher campaign."""
    program = make_program(database, units=["points", "stamps"], pending_days=14)
    make_rule(database, program, unit="stamps",
              effect={"kind": "per_item", "points": 1,
                      "line_condition": {"field": "line.category", "op": "eq", "value": "coffee"}})
    campaign = reward_factories.make_coupon_campaign(database, program, codes=codes)
    reward_factories.make_reward(database, program, kind="stamp_card", voucher_campaign_id=campaign.id,
                                 points_price=CARD_SIZE)
    return program, campaign.id


def buy_coffees(database: Database, program: Program, member_id: int, count: int) -> None:
    receipt = PurchaseCreate(member=MemberRef(id=member_id),
                             lines=[PurchaseLineIn(sku="CAP", category="coffee", quantity=count, unit_price=1200)])
    with unit_of_work(database) as session:
        purchases.record_purchase(session=session, program=program, actor="test", data=receipt)


def coupons_of(database: Database, program: Program, member_id: int) -> list[str]:
    with unit_of_work(database, read_only=True) as session:
        return [v.code
                for v in vouchers.member_vouchers(session=session, program=program, member_id=member_id).items]


def test_stamps_the_job_releases_fill_the_card_in_the_same_run_and_only_once(database: Database) -> None:
    program, _ = coffee_stamp_card_program(database, codes=3)
    filling, short = make_member(database, program), make_member(database, program)
    now = clock.now()
    clock.set_clock(lambda: now - timedelta(days=20))  # bought back then: pending until six days ago
    buy_coffees(database, program, filling.id, CARD_SIZE)
    buy_coffees(database, program, short.id, 4)
    clock.set_clock(None)
    assert coupons_of(database, program, filling.id) == []

    first = run_program_jobs(database, program.id)
    again = run_program_jobs(database, program.id)

    assert (first["points_released"], first["stamp_cards_filled"]) == (2, 1)
    assert (again["points_released"], again["stamp_cards_filled"]) == (0, 0)
    [coupon] = coupons_of(database, program, filling.id)
    assert coupon.startswith("FREE-")
    stamps = balance(database, program, filling.id, unit="stamps")
    assert (stamps.available, stamps.pending, stamps.spent) == (0, 0, CARD_SIZE)
    assert balance(database, program, short.id, unit="stamps").available == 4
    assert coupons_of(database, program, short.id) == []
    with unit_of_work(database, read_only=True) as session:
        redeemed = session.scalars(select(Event).where(Event.program_id == program.id,
                                                       Event.type == "reward.redeemed")).all()
    assert [(event.member_id, event.actor, event.payload["kind"]) for event in redeemed] == [
        (filling.id, "job:stamp_cards", "stamp_card")]
    assert verify_ok(database) == []


def test_the_job_looks_only_at_members_whose_stamps_it_released(database: Database) -> None:
    program, campaign_id = coffee_stamp_card_program(database, codes=0)
    waiting, filling = make_member(database, program), make_member(database, program)
    now = clock.now()
    clock.set_clock(lambda: now - timedelta(days=40))
    buy_coffees(database, program, waiting.id, CARD_SIZE)
    clock.set_clock(lambda: now - timedelta(days=20))
    assert run_program_jobs(database, program.id)["stamp_cards_filled"] == 0  # the campaign had no codes then
    buy_coffees(database, program, filling.id, CARD_SIZE)
    clock.set_clock(None)
    voucher_factories.make_codes(database, program, campaign_id, count=5, pattern="FREE-##########")

    counts = run_program_jobs(database, program.id)

    assert (counts["points_released"], counts["stamp_cards_filled"]) == (1, 1)
    assert len(coupons_of(database, program, filling.id)) == 1
    # Their stamps were released by an earlier run: their card waits for their next purchase.
    assert balance(database, program, waiting.id, unit="stamps").available == CARD_SIZE
    assert coupons_of(database, program, waiting.id) == []


def test_two_job_runs_racing_issue_one_coupon(database: Database) -> None:
    program, _ = coffee_stamp_card_program(database, codes=3)
    members = [make_member(database, program) for _ in range(3)]
    now = clock.now()
    clock.set_clock(lambda: now - timedelta(days=20))
    for member in members:
        buy_coffees(database, program, member.id, CARD_SIZE + 2)
    clock.set_clock(None)

    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = list(pool.map(lambda _: run_program_jobs(database, program.id), range(4)))

    assert sum(run["points_released"] for run in runs) == 3
    assert sum(run["stamp_cards_filled"] for run in runs) == 3
    for member in members:
        assert len(coupons_of(database, program, member.id)) == 1
        stamps = balance(database, program, member.id, unit="stamps")
        assert (stamps.available, stamps.spent) == (2, CARD_SIZE)
    assert verify_ok(database) == []
