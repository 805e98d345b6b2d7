"""Campaigns on both databases: the control group, the budget, chunks run again, and results."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from loyalty.campaigns import domain, service
from loyalty.campaigns.models import Campaign, CampaignChunk
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events import service as events
from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict, Invalid
from loyalty.ledger.models import LedgerTransaction
from loyalty.members.models import Card
from loyalty.members.schemas import MemberRef
from loyalty.messaging.models import Message
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate, RefundCreate
from tests.factories import campaigns as factory
from tests.factories.ledger import balance
from tests.factories.members import make_member
from tests.factories.rewards import make_coupon_campaign


def members(database: Database, program: Program, count: int) -> list[int]:
    return [make_member(database, program).id for _ in range(count)]


def points_of(database: Database, program: Program, member_ids: list[int]) -> dict[int, int]:
    return {member_id: balance(database, program, member_id).available for member_id in member_ids}


def campaign_transactions(database: Database, program: Program, campaign_id: int) -> int:
    with unit_of_work(database, read_only=True) as session:
        return int(session.scalar(select(func.count()).select_from(LedgerTransaction).where(
            LedgerTransaction.program_id == program.id,
            LedgerTransaction.reason == f"campaign:{campaign_id}")) or 0)


def set_seed(database: Database, campaign_id: int, seed: str) -> None:
    with unit_of_work(database) as session:
        session.execute(update(Campaign).where(Campaign.id == campaign_id).values(seed=seed))


def test_control_members_are_the_seeds_share_and_get_nothing(database: Database, program: Program) -> None:
    ids = members(database, program, 60)
    campaign = factory.make_campaign(database, program, target="list", members=[{"id": i} for i in ids],
                                     control_share="0.3")
    factory.launch(database, program, campaign.id)
    factory.work_through(database, campaign.id)

    rows = factory.targeted(database, campaign.id)
    with unit_of_work(database, read_only=True) as session:
        seed = session.get(Campaign, campaign.id).seed  # type: ignore[union-attr]
    assert [row.member_id for row in rows] == ids
    assert {row.member_id: row.is_control for row in rows} == {i: domain.is_control(seed, i, 0.3) for i in ids}
    control = [row.member_id for row in rows if row.is_control]
    target = [row.member_id for row in rows if not row.is_control]
    assert 0 < len(control) < 30
    balances = points_of(database, program, ids)
    assert all(balances[i] == 0 for i in control)
    assert all(balances[i] == 100 for i in target)
    assert {row.outcome for row in rows if row.is_control} == {"control"}
    assert factory.read(database, program, campaign.id).status == "completed"


def test_budget_stops_the_campaign_exactly_when_spent(database: Database, program: Program) -> None:
    ids = members(database, program, 10)
    campaign = factory.make_campaign(database, program, target="list", members=[{"id": i} for i in ids],
                                     budget={"kind": "points", "amount": 400})
    factory.launch(database, program, campaign.id)
    factory.work_through(database, campaign.id)

    assert points_of(database, program, ids) == {i: (100 if i in ids[:4] else 0) for i in ids}
    after = factory.read(database, program, campaign.id)
    assert after.budget is not None and after.budget.spent == 400 and after.budget.exhausted_at is not None
    outcomes = [row.outcome for row in factory.targeted(database, campaign.id)]
    assert outcomes == ["reached"] * 4 + ["budget_spent"] * 6
    results = factory.results(database, program, campaign.id)
    assert (results.target.members, results.target.reached, results.target.not_reached) == (10, 4, 6)
    assert results.target.points_cost == 400


def test_a_money_budget_counts_the_coupons_value(database: Database, program: Program) -> None:
    vouchers = make_coupon_campaign(database, program, codes=5)
    ids = members(database, program, 4)
    campaign = factory.make_campaign(database, program, target="list", members=[{"id": i} for i in ids],
                                     offer={"kind": "coupon", "voucher_campaign_id": vouchers.id, "value": 300},
                                     budget={"kind": "money", "amount": 700})
    factory.launch(database, program, campaign.id)
    factory.work_through(database, campaign.id)

    rows = factory.targeted(database, campaign.id)
    assert [row.outcome for row in rows] == ["reached", "reached", "budget_spent", "budget_spent"]
    assert all(row.voucher_code_id is not None for row in rows[:2]) and rows[2].voucher_code_id is None
    assert factory.results(database, program, campaign.id).target.cost_minor == 600


def test_chunks_run_again_give_nobody_anything_twice(database: Database, program: Program,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(domain, "CHUNK_SIZE", 3)
    ids = members(database, program, 10)
    campaign = factory.make_campaign(database, program, target="list", members=[{"id": i} for i in ids],
                                     budget={"kind": "points", "amount": 100_000})
    launched = factory.launch(database, program, campaign.id)
    assert launched.chunks_total == 4

    first = factory.work_through(database, campaign.id)
    again = factory.work_through(database, campaign.id)
    factory.reopen_chunks(database, campaign.id)
    reopened = factory.work_through(database, campaign.id)

    assert sum(run.members for run in first) == 10
    assert sum(run.members for run in again) == sum(run.members for run in reopened) == 0
    assert points_of(database, program, ids) == dict.fromkeys(ids, 100)
    assert campaign_transactions(database, program, campaign.id) == 10
    assert factory.read(database, program, campaign.id).budget.spent == 1000  # type: ignore[union-attr]


def test_a_worker_killed_mid_chunk_leaves_nothing_and_the_rerun_gives_everyone_once(
        database: Database, program: Program, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = members(database, program, 5)
    campaign = factory.make_campaign(database, program, target="list", members=[{"id": i} for i in ids])
    factory.launch(database, program, campaign.id)
    [chunk_id] = factory.chunk_ids(database, campaign.id)
    real_earn = service.ledger.earn
    calls = []

    def dies_on_the_third(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs["member_id"])
        if len(calls) == 3:
            raise SystemExit("worker killed")
        return real_earn(**kwargs)

    monkeypatch.setattr(service.ledger, "earn", dies_on_the_third)
    with pytest.raises(SystemExit):
        factory.run_chunk(database, chunk_id)
    monkeypatch.setattr(service.ledger, "earn", real_earn)

    assert factory.targeted(database, campaign.id) == []
    assert points_of(database, program, ids) == dict.fromkeys(ids, 0)
    # never deferred yet: the sweep hands it out (with any other test's chunks in a shared database)
    assert chunk_id in factory.sweep(database)

    factory.run_chunk(database, chunk_id)
    assert points_of(database, program, ids) == dict.fromkeys(ids, 100)
    assert len(factory.targeted(database, campaign.id)) == 5


def test_two_workers_share_the_chunks_without_doubles(database: Database, program: Program,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(domain, "CHUNK_SIZE", 4)
    ids = members(database, program, 24)
    campaign = factory.make_campaign(database, program, target="list", members=[{"id": i} for i in ids],
                                     budget={"kind": "points", "amount": 1500})
    factory.launch(database, program, campaign.id)
    chunk_ids = factory.chunk_ids(database, campaign.id)
    runs: list[service.ChunkRun] = []
    errors: list[BaseException] = []

    def worker(order: list[int]) -> None:
        try:
            for chunk_id in order:
                runs.append(factory.run_chunk(database, chunk_id))
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(chunk_ids,)),
               threading.Thread(target=worker, args=(list(reversed(chunk_ids)),))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(run.members for run in runs) == 24
    assert sum(run.reached for run in runs) == 15
    balances = points_of(database, program, ids)
    assert sorted(balances.values()) == [0] * 9 + [100] * 15
    assert campaign_transactions(database, program, campaign.id) == 15
    assert factory.read(database, program, campaign.id).status == "completed"


def test_a_condition_picks_the_members_and_a_list_names_them_by_card_or_email(database: Database,
                                                                             program: Program) -> None:
    polish = make_member(database, program, preferred_language="pl")
    make_member(database, program, preferred_language="en")
    by_condition = factory.make_campaign(database, program, condition={
        "field": "member.preferred_language", "op": "eq", "value": "pl"})
    factory.launch(database, program, by_condition.id)
    factory.work_through(database, by_condition.id)
    assert [row.member_id for row in factory.targeted(database, by_condition.id)] == [polish.id]

    other = make_member(database, program)
    with unit_of_work(database, read_only=True) as session:
        card = session.scalar(select(Card.number).where(Card.member_id == other.id))
    listed = factory.make_campaign(database, program, target="list",
                                   members=[{"card_number": card}, {"email": polish.email}])
    assert listed.list_size == 2
    with pytest.raises(Invalid) as refused:
        factory.make_campaign(database, program, target="list", members=[{"email": "nobody@example.com"}])
    assert refused.value.code == "unknown_members" and refused.value.details["unknown"] == [
        "email nobody@example.com"]


def test_scheduled_campaigns_launch_when_due_and_not_after_their_end(database: Database, program: Program) -> None:
    members(database, program, 2)
    now = clock.now()
    due = factory.make_campaign(database, program, starts_at=(now - timedelta(minutes=1)).isoformat())
    later = factory.make_campaign(database, program, starts_at=(now + timedelta(hours=1)).isoformat())
    missed = factory.make_campaign(database, program, starts_at=(now - timedelta(hours=2)).isoformat(),
                                   ends_at=(now - timedelta(hours=1)).isoformat())
    assert due.status == "scheduled"

    to_defer = factory.sweep(database)

    assert factory.read(database, program, due.id).status == "running"
    assert factory.read(database, program, later.id).status == "scheduled"
    assert factory.read(database, program, missed.id).status == "stopped"
    assert set(factory.chunk_ids(database, due.id)) <= set(to_defer)
    # deferred just now: not handed out again at once
    assert set(factory.sweep(database)) & set(factory.chunk_ids(database, due.id)) == set()
    with pytest.raises(Conflict), unit_of_work(database) as session:
        service.update_campaign(session=session, program=program, campaign_id=due.id,
                                data=service.MarketingCampaignUpdate.model_validate({"name": "x"}), actor="test")


def test_stopped_campaigns_give_nothing_more(database: Database, program: Program,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(domain, "CHUNK_SIZE", 2)
    ids = members(database, program, 4)
    campaign = factory.make_campaign(database, program, target="list", members=[{"id": i} for i in ids])
    factory.launch(database, program, campaign.id)
    first, second = factory.chunk_ids(database, campaign.id)
    factory.run_chunk(database, first)
    with unit_of_work(database) as session:
        service.stop_campaign(session=session, program=program, campaign_id=campaign.id, actor="test")
    factory.run_chunk(database, second)
    assert points_of(database, program, ids) == {ids[0]: 100, ids[1]: 100, ids[2]: 0, ids[3]: 0}
    with unit_of_work(database, read_only=True) as session:
        assert session.scalar(select(CampaignChunk.status).where(CampaignChunk.id == second)) == "done"


def buy(database: Database, program: Program, member_id: int, total: int, **fields: object) -> int:
    with unit_of_work(database) as session:
        outcome = purchases.record_purchase(session=session, program=program, actor="test", data=PurchaseCreate(
            member=MemberRef(id=member_id), total=total, **fields))  # type: ignore[arg-type]
        return int(outcome.body["purchase_id"])


def test_results_side_by_side_on_a_hand_made_data_set(database: Database, program: Program) -> None:
    ids = members(database, program, 8)
    # Before the launch: outside the attribution window.
    before = clock.now() - timedelta(days=1)
    campaign = factory.make_campaign(database, program, target="list", members=[{"id": i} for i in ids],
                                     control_share="0.5", offer={"kind": "points", "points": 100, "value": 50},
                                     message={"channel": "email", "template_key": "spring"})
    seed = next(f"s{n}" for n in range(1000)
                if sum(domain.is_control(f"s{n}", i, 0.5) for i in ids) == 4)
    set_seed(database, campaign.id, seed)
    target = [i for i in ids if not domain.is_control(seed, i, 0.5)]
    control = [i for i in ids if domain.is_control(seed, i, 0.5)]
    buy(database, program, target[0], 9999, occurred_at=before)
    factory.launch(database, program, campaign.id)
    factory.work_through(database, campaign.id)

    buy(database, program, target[0], 1000)
    buy(database, program, target[1], 2000)
    refunded = buy(database, program, target[1], 1500)
    with unit_of_work(database) as session:
        purchases.refund_purchase(session=session, program=program, purchase_id=refunded, actor="test",
                                  data=RefundCreate(amount=500))
    buy(database, program, control[0], 500)
    with unit_of_work(database) as session:
        for member_id, kind in ((target[0], "message.delivered"), (target[0], "message.opened"),
                                (target[1], "message.delivered"), (target[0], "message.clicked")):
            link = {"link": "offer", "url": "https://shop.example/offer"} if kind == "message.clicked" else {}
            events.record(session=session, program_id=program.id, member_id=member_id, type=kind, actor="test",
                          payload={"message_id": 1, "source": f"campaign:{campaign.id}", "channel": "email",
                                   "template_key": "offer", **link})
        events.record(session=session, program_id=program.id, member_id=target[2], type="message.opened",
                      actor="test", payload={"message_id": 2, "source": "journey:1", "channel": "email",
                                             "template_key": "welcome"})

    results = factory.results(database, program, campaign.id)

    # Target revenues 1000, 3000, 0, 0 (mean 1000, variance 2,000,000); control 500, 0, 0, 0
    # (mean 125, variance 62,500): SE = sqrt(2e6/4 + 62500/4) = sqrt(515625) = 718.070...
    assert (results.target.members, results.control.members) == (4, 4)
    assert (results.target.reached, results.control.reached) == (4, 0)
    assert (results.target.delivered, results.target.opened, results.target.clicked) == (2, 1, 1)
    assert (results.control.delivered, results.control.opened) == (0, 0)
    assert (results.target.converted, results.control.converted) == (2, 1)
    assert (results.target.revenue_minor, results.control.revenue_minor) == (4000, 500)
    assert results.target.revenue_per_member == 1000 and results.control.revenue_per_member == 125
    assert (results.target.points_cost, results.target.cost_minor, results.control.cost_minor) == (400, 200, 0)
    uplift = results.uplift_per_member
    assert uplift is not None
    assert uplift.estimate == pytest.approx(875)
    assert uplift.standard_error == pytest.approx(718.0703308)
    assert (uplift.low, uplift.high) == (pytest.approx(875 - 1.959964 * 718.0703308, abs=0.01),
                                         pytest.approx(875 + 1.959964 * 718.0703308, abs=0.01))
    assert results.incremental_revenue_minor == pytest.approx(3500)
    assert results.roi == pytest.approx((3500 - 200) / 200)


def test_each_target_member_gets_one_message_and_the_control_group_none(database: Database, program: Program,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(domain, "CHUNK_SIZE", 5)
    ids = members(database, program, 12)
    campaign = factory.make_campaign(database, program, target="list", members=[{"id": i} for i in ids],
                                     control_share="0.25", offer=None,
                                     message={"channel": "email", "template_key": "spring"})
    factory.launch(database, program, campaign.id)
    factory.work_through(database, campaign.id)
    factory.reopen_chunks(database, campaign.id)
    factory.work_through(database, campaign.id)

    rows = factory.targeted(database, campaign.id)
    target = {row.member_id for row in rows if not row.is_control}
    with unit_of_work(database, read_only=True) as session:
        messages = session.execute(select(Message.member_id, Message.dedupe_key, Message.source, Message.id)
                                   .where(Message.program_id == program.id)).all()
    assert sorted(member_id for member_id, *_ in messages) == sorted(target)
    assert {(key, source) for member_id, key, source, _ in messages} == {
        (f"campaign:{campaign.id}:{member_id}", f"campaign:{campaign.id}") for member_id in target}
    assert {row.member_id: row.message_id for row in rows if not row.is_control} == {
        member_id: message_id for member_id, _, _, message_id in messages}
    assert all(row.message_id is None for row in rows if row.is_control)
