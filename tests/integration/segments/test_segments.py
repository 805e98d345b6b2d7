"""Segments on both databases: membership kept current by events and recomputes, each change
announced once; static imports; a rule limited to a segment; programs kept apart."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, update

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.events.subscribers import PublishedEvent
from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict, Invalid, NotFound
from loyalty.members.models import Member
from loyalty.members.schemas import MemberRef
from loyalty.programs.models import Program
from loyalty.purchases import activity
from loyalty.purchases import service as purchases
from loyalty.purchases.models import MemberActivity
from loyalty.purchases.schemas import PurchaseClaim, PurchaseCreate, RefundCreate
from loyalty.segment_membership.lookup import member_segment_ids
from loyalty.segments import service
from loyalty.segments.schemas import SegmentCreate
from loyalty.worker import tasks_segments
from tests.factories import campaigns, journeys, vouchers
from tests.factories.ledger import balance, give_points
from tests.factories.members import make_cards, make_member
from tests.factories.programs import make_program
from tests.factories.rewards import make_reward, redeem
from tests.factories.rules import make_rule

BIG_SPENDERS = {"field": "behaviour.purchase_value_30d", "op": "gte", "value": 10000}
ADDRESS = {"line1": "Długa 1", "city": "Gdańsk", "postal_code": "80-001", "country": "PL"}
VIP = {"field": "member.attributes.vip", "op": "eq", "value": True}


def create(database: Database, program: Program, **fields: Any) -> int:
    with unit_of_work(database) as session:
        return service.create(session=session, program=program, data=SegmentCreate.model_validate(
            {"name": f"segment {clock.now().timestamp()}", **fields}), actor="test").id


def buy(database: Database, program: Program, member_id: int, total: int) -> None:
    with unit_of_work(database) as session:
        purchases.record_purchase(session=session, program=program, actor="test", data=PurchaseCreate(
            member=MemberRef(id=member_id), total=total))  # type: ignore[call-arg]


def membership_events(database: Database, program: Program, member_id: int) -> list[tuple[str, int]]:
    with unit_of_work(database, read_only=True) as session:
        rows = session.execute(select(Event.type, Event.payload).where(
            Event.program_id == program.id, Event.member_id == member_id,
            Event.type.in_(("segment.entered", "segment.left"))).order_by(Event.id)).all()
    return [(type_, payload["segment_id"]) for type_, payload in rows]


def deliver(database: Database, program: Program, member_id: int, event_type: str = "purchase.recorded") -> None:
    event = PublishedEvent(id=1, program_id=program.id, member_id=member_id, type=event_type,
                           occurred_at=clock.now(), recorded_at=clock.now(), actor="test", payload={})
    with unit_of_work(database) as session:
        tasks_segments.handle(session, event)


def in_segments(database: Database, program: Program, member_id: int) -> list[int]:
    with unit_of_work(database, read_only=True) as session:
        return member_segment_ids(session, program_id=program.id, member_id=member_id)


def test_a_purchase_enters_the_member_once_even_when_the_event_comes_twice(database: Database,
                                                                          program: Program) -> None:
    member = make_member(database, program)
    segment_id = create(database, program, condition=BIG_SPENDERS)
    assert in_segments(database, program, member.id) == []

    buy(database, program, member.id, 12000)
    deliver(database, program, member.id)
    deliver(database, program, member.id)  # redelivered

    assert in_segments(database, program, member.id) == [segment_id]
    assert membership_events(database, program, member.id) == [("segment.entered", segment_id)]
    with unit_of_work(database, read_only=True) as session:
        assert service.get(session=session, program=program, segment_id=segment_id).size == 1


def test_the_count_preview_counts_without_writing(database: Database, program: Program) -> None:
    spenders = [make_member(database, program).id for _ in range(3)]
    make_member(database, program)
    for member_id in spenders[:2]:
        buy(database, program, member_id, 15000)
    with unit_of_work(database) as session:  # before the worker: the members' summaries know nothing yet
        assert service.count(session=session, program=program, condition=BIG_SPENDERS).size == 0
    for member_id in spenders[:2]:
        deliver(database, program, member_id)
    with unit_of_work(database) as session:
        assert service.count(session=session, program=program, condition=BIG_SPENDERS).size == 2
        assert service.count(session=session, program=program, condition={"not": BIG_SPENDERS}).size == 2
    with pytest.raises(Invalid) as refused, unit_of_work(database) as session:
        service.count(session=session, program=program,
                      condition={"all": [BIG_SPENDERS, {"field": "behaviour.purchase_valu", "op": "gt", "value": 1}]})
    assert refused.value.field == "condition.all[1].field"
    assert "behaviour.purchase_value" in refused.value.message


def test_a_recompute_records_who_left(database: Database, program: Program) -> None:
    ids = [make_member(database, program, attributes={"vip": True}).id for _ in range(3)]
    segment_id = create(database, program, condition=VIP)
    with unit_of_work(database) as session:
        session.execute(update(Member).where(Member.id == ids[1]).values(attributes={"vip": False}))
    with unit_of_work(database) as session:
        result = service.recompute(session=session, program=program, segment_id=segment_id)
    assert (result.entered, result.left, result.size) == (0, 1, 2)
    assert membership_events(database, program, ids[1]) == [("segment.entered", segment_id),
                                                            ("segment.left", segment_id)]
    assert membership_events(database, program, ids[0]) == [("segment.entered", segment_id)]
    with unit_of_work(database) as session:
        again = service.recompute(session=session, program=program, segment_id=segment_id)
        sizes = service.sizes(session=session, program=program, segment_id=segment_id)
    assert (again.entered, again.left) == (0, 0)
    assert [item.size for item in sizes.items] == [2]


def test_a_static_import_checks_the_whole_file_first(database: Database, program: Program) -> None:
    first = make_member(database, program, email="anna@example.com")
    card = make_cards(database, program)[0]
    second = make_member(database, program, card_number=card)
    segment_id = create(database, program, kind="static")
    bad = f"member\n{first.id}\nnobody@example.com\nnot a member!\n".encode()
    with pytest.raises(Invalid) as refused, unit_of_work(database) as session:
        service.import_static(session=session, program=program, segment_id=segment_id, data=bad, actor="test")
    assert refused.value.code == "import_refused"
    assert [(item["line"], item["field"]) for item in refused.value.details["rejected"]] == [(3, "member"),
                                                                                              (4, "member")]
    assert in_segments(database, program, first.id) == []

    with unit_of_work(database) as session:
        result = service.import_static(session=session, program=program, segment_id=segment_id, actor="test",
                                       data=f"ANNA@example.com\n{card}\n".encode())
    assert (result.members, result.entered) == (2, 2)
    assert in_segments(database, program, second.id) == [segment_id]


def test_a_rule_limited_to_a_segment_earns_only_for_its_members(database: Database, program: Program) -> None:
    vip = make_member(database, program, attributes={"vip": True})
    other = make_member(database, program)
    segment_id = create(database, program, condition=VIP)
    make_rule(database, program, name="VIP bonus",
              condition={"field": "member.segments", "op": "contains", "value": segment_id},
              effect={"kind": "fixed", "points": 50})
    buy(database, program, vip.id, 1000)
    buy(database, program, other.id, 1000)
    assert balance(database, program, vip.id).available == 50
    assert balance(database, program, other.id).available == 0


def test_programs_are_kept_apart(database: Database, program: Program) -> None:
    other_program = make_program(database)
    make_member(database, other_program, attributes={"vip": True})
    mine = make_member(database, program, attributes={"vip": True})
    segment_id = create(database, program, condition=VIP)
    with unit_of_work(database) as session:
        assert service.count(session=session, program=program, condition=VIP).size == 1
        assert [item.member_id for item in service.members(session=session, program=program,
                                                           segment_id=segment_id).items] == [mine.id]
    with pytest.raises(NotFound), unit_of_work(database) as session:
        service.members(session=session, program=other_program, segment_id=segment_id)
    with pytest.raises(Invalid), unit_of_work(database) as session:
        service.count(session=session, program=other_program,
                      condition={"field": "member.segments", "op": "contains", "value": segment_id})


def test_rules_vouchers_and_campaigns_cannot_name_another_programs_segment(database: Database,
                                                                           program: Program) -> None:
    theirs = create(database, make_program(database), condition=VIP)
    mine = create(database, program, condition=VIP)
    foreign = {"all": [{"field": "member.segments", "op": "contains", "value": mine},
                       {"field": "member.segments", "op": "contains", "value": theirs}]}
    makers = {
        "rule": lambda condition: make_rule(database, program, condition=condition,
                                            effect={"kind": "fixed", "points": 5}),
        "voucher campaign": lambda condition: vouchers.make_campaign(database, program, condition=condition),
        "campaign": lambda condition: campaigns.make_campaign(database, program, target="condition",
                                                              condition=condition),
    }
    for what, make in makers.items():
        with pytest.raises(Invalid) as refused:
            make(foreign)
        assert (refused.value.code, str(theirs) in refused.value.message) == ("unknown_segment", True), what
        make({"field": "member.segments", "op": "contains", "value": mine})  # its own program's: saved


def test_a_campaign_to_a_segment_reaches_only_its_members(database: Database, program: Program) -> None:
    vip = make_member(database, program, attributes={"vip": True})
    other = make_member(database, program)
    segment_id = create(database, program, condition=VIP)
    campaign = campaigns.make_campaign(database, program, target="condition",
                                       condition={"field": "member.segments", "op": "contains", "value": segment_id})
    campaigns.launch(database, program, campaign.id)
    campaigns.work_through(database, campaign.id)
    assert [row.member_id for row in campaigns.targeted(database, campaign.id)] == [vip.id]
    assert balance(database, program, vip.id).available == 100
    assert balance(database, program, other.id).available == 0


def test_a_reward_limited_to_a_segment_refuses_the_others(database: Database, program: Program) -> None:
    vip = make_member(database, program, attributes={"vip": True})
    other = make_member(database, program)
    for member_id in (vip.id, other.id):
        give_points(database, program, member_id, 500)
    segment_id = create(database, program, condition=VIP)
    reward = make_reward(database, program, segment_id=segment_id)

    with pytest.raises(Conflict) as refused:
        redeem(database, program, other.id, reward.id, delivery_address=ADDRESS)
    redeem(database, program, vip.id, reward.id, delivery_address=ADDRESS)

    assert refused.value.code == "segment_not_eligible"
    assert balance(database, program, vip.id).available == 400
    assert balance(database, program, other.id).available == 500
    with pytest.raises(Invalid) as unknown:
        make_reward(database, make_program(database), segment_id=segment_id)
    assert unknown.value.code == "unknown_segment"


def test_a_journey_starts_on_entering_a_segment(database: Database, program: Program) -> None:
    member = make_member(database, program, attributes={"vip": True})
    other = make_member(database, program)
    segment_id = create(database, program, condition=VIP)
    journeys.make_journey(database, program, {
        "entry": {"type": "event", "event_type": "segment.entered",
                  "condition": {"field": "event.payload.segment_id", "op": "eq", "value": segment_id}},
        "start": "points", "steps": [{"id": "points", "type": "award_points", "points": 25}]})
    with unit_of_work(database, read_only=True) as session:
        entered = session.execute(select(Event.id, Event.member_id, Event.payload).where(
            Event.program_id == program.id, Event.type == "segment.entered")).all()
    assert [row.member_id for row in entered] == [member.id]
    for row in entered:
        journeys.happen(database, program, row.member_id, "segment.entered", row.payload, event_id=row.id)
    journeys.happen(database, program, other.id, "segment.entered",
                    {"segment_id": segment_id + 1000, "segment_name": "x", "reason": "event"})
    assert balance(database, program, member.id).available == 25
    assert balance(database, program, other.id).available == 0


def purchase_events(database: Database, program: Program) -> list[PublishedEvent]:
    """The program's purchase events not yet handed over, as the worker would read them."""
    with unit_of_work(database, read_only=True) as session:
        rows = session.scalars(select(Event).where(Event.program_id == program.id, Event.type.in_(
            tasks_segments.PURCHASE_TYPES)).order_by(Event.id)).all()
    return [PublishedEvent(id=row.id, program_id=row.program_id, member_id=row.member_id, type=row.type,
                           occurred_at=row.occurred_at, recorded_at=row.recorded_at, actor=row.actor,
                           payload=row.payload) for row in rows]


def activity_rows(database: Database, program: Program) -> dict[int, tuple[int, int, Any, Any]]:
    with unit_of_work(database, read_only=True) as session:
        rows = session.scalars(select(MemberActivity).where(MemberActivity.program_id == program.id)).all()
    return {row.member_id: (row.purchase_count, row.purchase_value, row.first_purchase_at, row.last_purchase_at)
            for row in rows}


def test_the_members_activity_follows_purchases_claims_and_refunds_and_equals_a_rebuild(
        database: Database, program: Program) -> None:
    buyer, claimer, idle = (make_member(database, program) for _ in range(3))
    elsewhere = make_program(database)
    stranger = make_member(database, elsewhere)
    with unit_of_work(database) as session:
        first = purchases.record_purchase(session=session, program=program, actor="test", data=PurchaseCreate(
            member=MemberRef(id=buyer.id), total=4000)).body  # type: ignore[call-arg]
        purchases.record_purchase(session=session, program=program, actor="test", data=PurchaseCreate(
            member=MemberRef(id=buyer.id), total=2500))  # type: ignore[call-arg]
        purchases.record_purchase(session=session, program=program, actor="test", data=PurchaseCreate(
            total=1200, external_id="guest-1"))  # type: ignore[call-arg]
        purchases.record_purchase(session=session, program=elsewhere, actor="test", data=PurchaseCreate(
            member=MemberRef(id=stranger.id), total=9999))  # type: ignore[call-arg]
    with unit_of_work(database) as session:
        purchases.refund_purchase(session=session, program=program, purchase_id=first["purchase_id"],
                                  data=RefundCreate(amount=1000), actor="test")
        purchases.claim_purchase(session=session, program=program, actor="test", data=PurchaseClaim(
            member=MemberRef(id=claimer.id), external_id="guest-1"))
    events = purchase_events(database, program)
    assert [event.type for event in events] == ["purchase.recorded"] * 3 + ["purchase.refunded", "purchase.claimed"]

    with unit_of_work(database) as session:  # a batch, then the same batch redelivered, then one by one
        tasks_segments.handle_batch(session, events)
    handled = activity_rows(database, program)
    with unit_of_work(database) as session:
        tasks_segments.handle_batch(session, events)
    for event in events:
        with unit_of_work(database) as session:
            tasks_segments.handle(session, event)

    assert activity_rows(database, program) == handled
    assert {member_id: row[:2] for member_id, row in handled.items()} == {buyer.id: (2, 5500), claimer.id: (1, 1200)}
    assert idle.id not in handled and stranger.id not in handled  # another program's purchase is not counted here
    with unit_of_work(database) as session:
        activity.rebuild(session, program_id=program.id)
    assert activity_rows(database, program) == handled
    with unit_of_work(database) as session:
        counted = {field: service.count(session=session, program=program, condition={
            "field": field, "op": "gte", "value": 1}).size
            for field in ("behaviour.purchase_count", "behaviour.purchase_count_30d", "behaviour.purchase_value_90d")}
    assert counted == {"behaviour.purchase_count": 2, "behaviour.purchase_count_30d": 2,
                       "behaviour.purchase_value_90d": 2}
