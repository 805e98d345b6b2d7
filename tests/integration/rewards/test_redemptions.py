"""Each kind of reward's effect on the ledger, the stock, codes and causes; limits; cancelling."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict, Invalid, NotFound
from loyalty.programs.models import Program
from loyalty.rewards import service
from loyalty.rewards.schemas import CatalogueItemRead, RewardUpdate
from loyalty.vouchers import service as voucher_service
from tests.factories import rewards as f
from tests.factories import vouchers as voucher_factories
from tests.factories.ledger import balance, give_points, verify_ok
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.tiers import assign, make_levels


def refusal(error: pytest.ExceptionInfo[Conflict]) -> tuple[str, str]:
    return error.value.code, error.value.message


def catalogue_item(database: Database, program: Program, member_id: int, reward_id: int) -> CatalogueItemRead:
    """The reward as the member's catalogue shows it."""
    with unit_of_work(database, read_only=True) as session:
        seen = service.catalogue(session=session, program=program, member_id=member_id)
    return next(item for item in seen.items if item.reward_id == reward_id)


def reasons_of(item: CatalogueItemRead) -> list[tuple[str, str]]:
    return [(reason.code, reason.message) for reason in item.reasons]


def stop_campaign(database: Database, program: Program, campaign_id: int) -> None:
    with unit_of_work(database) as session:
        voucher_service.set_campaign_active(session=session, program=program, campaign_id=campaign_id,
                                            is_active=False, actor="test")


def vouchers_of(database: Database, program: Program, member_id: int) -> list[str]:
    with unit_of_work(database, read_only=True) as session:
        return [v.code for v in voucher_service.member_vouchers(session=session, program=program,
                                                                member_id=member_id).items]


def events_of(database: Database, program: Program, type_: str) -> list[dict[str, Any]]:
    with unit_of_work(database, read_only=True) as session:
        rows = session.scalars(select(Event).where(Event.program_id == program.id, Event.type == type_)
                               .order_by(Event.id)).all()
        return [dict(row.payload, member_id=row.member_id) for row in rows]


# --- physical items ---------------------------------------------------------------------------


def test_a_physical_item_takes_points_and_stock_and_waits_for_fulfilment(database: Database,
                                                                         program: Program) -> None:
    member = make_member(database, program, address=f.HOME)
    give_points(database, program, member.id, 1000)
    mug = f.make_reward(database, program, names={"en": "Mug", "pl": "Kubek"}, points_price=300, money_price=499,
                        stock=5)

    redemption = f.redeem(database, program, member.id, mug.id, language="pl")

    assert (redemption.status, redemption.points, redemption.money_minor, redemption.reward_name) == \
        ("requested", 300, 499, "Kubek")
    assert redemption.delivery_address == f.HOME
    assert balance(database, program, member.id).available == 700
    assert balance(database, program, member.id).spent == 300
    assert (f.reward(database, program, mug.id).stock, f.reward(database, program, mug.id).redeemed_count) == (4, 1)
    assert verify_ok(database) == []


def test_a_physical_item_needs_an_address_from_the_request_or_the_member(database: Database,
                                                                         program: Program) -> None:
    member = make_member(database, program)
    give_points(database, program, member.id, 1000)
    mug = f.make_reward(database, program)
    with pytest.raises(Invalid) as refused:
        f.redeem(database, program, member.id, mug.id)
    assert (refused.value.code, refused.value.field) == ("delivery_address_required", "delivery_address")
    redemption = f.redeem(database, program, member.id, mug.id, delivery_address=f.HOME)
    assert redemption.delivery_address == f.HOME
    assert balance(database, program, member.id).available == 900


def test_fulfilment_moves_forward_only(database: Database, program: Program) -> None:
    member = make_member(database, program, address=f.HOME)
    give_points(database, program, member.id, 100)
    redemption = f.redeem(database, program, member.id, f.make_reward(database, program).id)
    for status in ("confirmed", "shipped", "delivered"):
        assert f.set_status(database, program, redemption.id, status).status == status
    with pytest.raises(Conflict) as refused:
        f.set_status(database, program, redemption.id, "cancelled")
    assert refused.value.code == "transition_not_allowed"
    with unit_of_work(database, read_only=True) as session:
        read = service.redemption_read(service.get_redemption(session=session, program_id=program.id,
                                                              redemption_id=redemption.id))
    assert [entry.status for entry in read.history] == ["requested", "confirmed", "shipped", "delivered"]
    assert read.allowed_transitions == []
    assert [e["to"] for e in events_of(database, program, "redemption.shipped")] == ["shipped"]


def test_cancelling_returns_the_points_the_stock_and_the_allowance(database: Database, program: Program) -> None:
    member = make_member(database, program, address=f.HOME)
    give_points(database, program, member.id, 500)
    mug = f.make_reward(database, program, points_price=500, stock=1, limit_per_member=1)
    redemption = f.redeem(database, program, member.id, mug.id)
    f.set_status(database, program, redemption.id, "confirmed")

    cancelled = f.set_status(database, program, redemption.id, "cancelled")

    assert cancelled.status == "cancelled" and cancelled.return_transaction_id is not None
    assert balance(database, program, member.id).available == 500
    assert (f.reward(database, program, mug.id).stock, f.reward(database, program, mug.id).redeemed_count) == (1, 0)
    assert [e["points_returned"] for e in events_of(database, program, "redemption.cancelled")] == [500]
    # The member may redeem it again: the allowance came back with the item.
    assert f.redeem(database, program, member.id, mug.id).status == "requested"
    assert verify_ok(database) == []


# --- e-vouchers from a code pool ----------------------------------------------------------------


def test_an_e_voucher_hands_out_the_next_code_and_the_pool_warns_once_when_low(database: Database,
                                                                              program: Program) -> None:
    pool = f.make_code_pool(database, program, codes=["P-1", "P-2", "P-3", "P-4"], low_threshold=3)
    voucher = f.make_reward(database, program, kind="e_voucher", code_pool_id=pool.id, points_price=50)
    member = make_member(database, program)
    give_points(database, program, member.id, 1000)

    handed = [f.redeem(database, program, member.id, voucher.id) for _ in range(4)]

    assert [r.code for r in handed] == ["P-1", "P-2", "P-3", "P-4"]
    assert {r.status for r in handed} == {"completed"}
    low = events_of(database, program, "code_pool.low")
    assert low == [{"pool_id": pool.id, "codes_available": 2, "low_threshold": 3, "member_id": None}]
    with unit_of_work(database, read_only=True) as session:
        read = service.code_pool_read(service.get_code_pool(session=session, program_id=program.id,
                                                            pool_id=pool.id))
    assert (read.codes_available, read.codes_used, read.is_low) == (0, 4, True)
    with pytest.raises(Conflict) as refused:
        f.redeem(database, program, member.id, voucher.id)
    assert refused.value.code == "out_of_stock"
    assert balance(database, program, member.id).available == 800
    assert verify_ok(database) == []


def test_refilling_a_pool_lets_it_warn_again(database: Database, program: Program) -> None:
    pool = f.make_code_pool(database, program, codes=["A", "B"], low_threshold=2)
    voucher = f.make_reward(database, program, kind="e_voucher", code_pool_id=pool.id, points_price=1)
    member = make_member(database, program)
    give_points(database, program, member.id, 10)
    f.redeem(database, program, member.id, voucher.id)
    with unit_of_work(database) as session:
        imported = service.import_codes(session=session, program=program, pool_id=pool.id, csv_text="C\nD\nE\n",
                                        actor="test")
    assert (imported.imported, imported.codes_available, imported.is_low) == (3, 4, False)
    assert f.code_pool(database, program, pool.id).low_warned_at is None
    f.redeem(database, program, member.id, voucher.id)
    f.redeem(database, program, member.id, voucher.id)
    f.redeem(database, program, member.id, voucher.id)
    assert [e["codes_available"] for e in events_of(database, program, "code_pool.low")] == [1, 1]


def test_codes_already_in_the_pool_are_refused_by_line(database: Database, program: Program) -> None:
    pool = f.make_code_pool(database, program, codes=["A", "B"])
    with unit_of_work(database) as session, pytest.raises(Invalid) as refused:
        service.import_codes(session=session, program=program, pool_id=pool.id, csv_text="code\nC\nB\nD\nA\n",
                             actor="test")
    assert refused.value.message == "Line 3: code 'B' is already in this pool (and 1 more problems). " \
                                    "Nothing was imported."
    assert f.code_pool(database, program, pool.id).codes_total == 2


# --- coupons and stamp cards ------------------------------------------------------------------


def test_a_coupon_reward_publishes_a_voucher_code_to_the_member(database: Database, program: Program) -> None:
    campaign = f.make_coupon_campaign(database, program, codes=3)
    coupon = f.make_reward(database, program, kind="coupon", voucher_campaign_id=campaign.id, points_price=200)
    member = make_member(database, program)
    give_points(database, program, member.id, 500)

    redemption = f.redeem(database, program, member.id, coupon.id)

    assert redemption.code is not None and redemption.code.startswith("FREE-")
    with unit_of_work(database, read_only=True) as session:
        vouchers = voucher_service.member_vouchers(session=session, program=program, member_id=member.id).items
    assert [(v.code, v.campaign_id) for v in vouchers] == [(redemption.code, campaign.id)]
    assert balance(database, program, member.id).available == 300


def test_a_coupon_whose_campaign_has_no_codes_left_is_out_of_stock_and_keeps_the_points(
        database: Database, program: Program) -> None:
    campaign = f.make_coupon_campaign(database, program, codes=1)
    coupon = f.make_reward(database, program, kind="coupon", voucher_campaign_id=campaign.id, points_price=200)
    first, second = make_member(database, program), make_member(database, program)
    for member in (first, second):
        give_points(database, program, member.id, 500)
    assert catalogue_item(database, program, first.id, coupon.id).available == 1
    f.redeem(database, program, first.id, coupon.id)  # the campaign's last code

    item = catalogue_item(database, program, second.id, coupon.id)
    with pytest.raises(Conflict) as refused:
        f.redeem(database, program, second.id, coupon.id)

    assert (item.available, item.can_redeem, reasons_of(item)) == (0, False, [("out_of_stock", "Out of stock.")])
    assert refusal(refused) == ("out_of_stock", "Out of stock.")
    assert refused.value.details == {"reasons": [{"code": "out_of_stock", "message": "Out of stock."}]}
    assert balance(database, program, second.id).available == 500
    assert vouchers_of(database, program, second.id) == []
    assert f.reward(database, program, coupon.id).redeemed_count == 1
    with unit_of_work(database, read_only=True) as session:
        read = service.reward_reads(session=session, program=program,
                                    rewards=[service.get_reward(session=session, program_id=program.id,
                                                                reward_id=coupon.id)])[0]
    assert (read.stock, read.available) == (None, 0)


def test_a_coupon_reward_of_a_stopped_campaign_cannot_be_redeemed(database: Database, program: Program) -> None:
    campaign = f.make_coupon_campaign(database, program, codes=3)
    coupon = f.make_reward(database, program, kind="coupon", voucher_campaign_id=campaign.id, points_price=200)
    member = make_member(database, program)
    give_points(database, program, member.id, 500)
    stop_campaign(database, program, campaign.id)

    item = catalogue_item(database, program, member.id, coupon.id)
    with pytest.raises(Conflict) as refused:
        f.redeem(database, program, member.id, coupon.id)

    stopped = ("coupon_unavailable", "This coupon is no longer offered.")
    assert (item.can_redeem, reasons_of(item)) == (False, [stopped])
    assert refusal(refused) == stopped
    assert refused.value.details == {"reasons": [{"code": stopped[0], "message": stopped[1]}]}
    assert balance(database, program, member.id).available == 500
    assert vouchers_of(database, program, member.id) == []
    assert f.reward(database, program, coupon.id).redeemed_count == 0


def test_a_coupon_reward_of_an_ended_campaign_cannot_be_redeemed(database: Database, program: Program) -> None:
    now = clock.now()
    ends_at = now + timedelta(days=1)
    campaign = voucher_factories.make_campaign(database, program, kind="free_product", sku="COFFEE", ends_at=ends_at)
    voucher_factories.make_codes(database, program, campaign.id, count=3, pattern="FREE-##########")
    coupon = f.make_reward(database, program, kind="coupon", voucher_campaign_id=campaign.id, points_price=200)
    member = make_member(database, program)
    give_points(database, program, member.id, 500)
    assert catalogue_item(database, program, member.id, coupon.id).can_redeem
    clock.set_clock(lambda: now + timedelta(days=2))

    item = catalogue_item(database, program, member.id, coupon.id)
    with pytest.raises(Conflict) as refused:
        f.redeem(database, program, member.id, coupon.id)

    ended = ("coupon_unavailable",
             f"This coupon was offered until {clock.local_date(ends_at, program.timezone).isoformat()}.")
    assert (item.can_redeem, reasons_of(item)) == (False, [ended])
    assert refusal(refused) == ended
    assert balance(database, program, member.id).available == 500
    assert vouchers_of(database, program, member.id) == []


def test_a_stamp_card_of_a_stopped_campaign_keeps_the_stamps(database: Database) -> None:
    program = make_program(database, units=["points", "stamps"])
    campaign = f.make_coupon_campaign(database, program, codes=3)
    f.make_reward(database, program, kind="stamp_card", voucher_campaign_id=campaign.id, points_price=5)
    member = make_member(database, program)
    stop_campaign(database, program, campaign.id)
    give_points(database, program, member.id, 6, unit="stamps")

    with unit_of_work(database) as session:
        issued = service.check_stamp_cards(session=session, program=program, member_id=member.id, actor="test").issued

    assert issued == []
    assert balance(database, program, member.id, unit="stamps").available == 6
    assert vouchers_of(database, program, member.id) == []


def test_a_full_stamp_card_issues_the_coupon_at_once_and_spends_the_stamps(database: Database) -> None:
    program = make_program(database, units=["points", "stamps"])
    campaign = f.make_coupon_campaign(database, program, codes=5)
    card = f.make_reward(database, program, kind="stamp_card", voucher_campaign_id=campaign.id, points_price=10,
                         names={"en": "Every 10th coffee free"})
    member = make_member(database, program)
    give_points(database, program, member.id, 9, unit="stamps")
    with unit_of_work(database) as session:
        short = service.check_stamp_cards(session=session, program=program, member_id=member.id, actor="test")
    assert short.issued == [] and short.wallet is not None and short.wallet["stamps"]["available"] == 9

    give_points(database, program, member.id, 14, unit="stamps")  # 23 stamps: two full cards
    with unit_of_work(database) as session:
        checked = service.check_stamp_cards(session=session, program=program, member_id=member.id, actor="test")
        issued = checked.issued
        codes = [(r.kind, r.points, r.unit, r.status, r.reward_id) for r in issued]
        assert all(r.code and r.code.startswith("FREE-") for r in issued)
    assert checked.wallet is None  # stamps were spent: what it read is out of date

    assert codes == [("stamp_card", 10, "stamps", "completed", card.id)] * 2
    assert balance(database, program, member.id, unit="stamps").available == 3
    assert balance(database, program, member.id, unit="stamps").spent == 20
    with unit_of_work(database, read_only=True) as session:
        assert len(voucher_service.member_vouchers(session=session, program=program, member_id=member.id).items) == 2
        progress = service.stamp_cards(session=session, program=program, member_id=member.id).items
    assert [(p.card_size, p.stamps, p.stamps_to_go) for p in progress] == [(10, 3, 7)]
    with unit_of_work(database) as session:
        assert service.check_stamp_cards(session=session, program=program, member_id=member.id,
                                         actor="test").issued == []
    assert verify_ok(database) == []


def test_a_stamp_card_that_cannot_be_filled_leaves_the_stamps(database: Database) -> None:
    program = make_program(database, units=["points", "stamps"])
    campaign = f.make_coupon_campaign(database, program, codes=1)
    f.make_reward(database, program, kind="stamp_card", voucher_campaign_id=campaign.id, points_price=5)
    member = make_member(database, program)
    give_points(database, program, member.id, 12, unit="stamps")
    with unit_of_work(database) as session:
        issued = service.check_stamp_cards(session=session, program=program, member_id=member.id, actor="test").issued
        assert len(issued) == 1  # the campaign had one code: the second card waits, stamps kept
    assert balance(database, program, member.id, unit="stamps").available == 7
    assert verify_ok(database) == []


def test_stamp_cards_cannot_be_redeemed_by_hand(database: Database) -> None:
    program = make_program(database, units=["points", "stamps"])
    campaign = f.make_coupon_campaign(database, program, codes=1)
    card = f.make_reward(database, program, kind="stamp_card", voucher_campaign_id=campaign.id, points_price=5)
    member = make_member(database, program)
    with pytest.raises(Conflict) as refused:
        f.redeem(database, program, member.id, card.id)
    assert refused.value.code == "reward_not_redeemable"


# --- cashback and donations ------------------------------------------------------------------


def test_cashback_turns_points_into_money_credit_at_the_reward_rate(database: Database) -> None:
    program = make_program(database, units=["points", "cashback"])
    cashback = f.make_reward(database, program, kind="cashback", cashback_rate=Decimal("0.5"), points_price=1000)
    member = make_member(database, program)
    give_points(database, program, member.id, 3000)

    minimum = f.redeem(database, program, member.id, cashback.id)
    chosen = f.redeem(database, program, member.id, cashback.id, points=1501)

    assert [(r.points, r.cashback_minor, r.status) for r in (minimum, chosen)] == \
        [(1000, 500, "completed"), (1501, 750, "completed")]
    assert balance(database, program, member.id).available == 499
    credit = balance(database, program, member.id, unit="cashback")
    # Credited at once, and shown as cashback earned rather than as a manual adjustment.
    assert (credit.available, credit.pending, credit.earned, credit.adjusted) == (1250, 0, 1250, 0)
    with unit_of_work(database, read_only=True) as session:
        credited = session.scalars(select(Event).where(Event.member_id == member.id,
                                                       Event.type == "cashback.credited").order_by(Event.id)).all()
    assert [(e.payload["points"], e.payload["reward_id"]) for e in credited] == [(500, cashback.id), (750, cashback.id)]
    with pytest.raises(Invalid) as refused:
        f.redeem(database, program, member.id, cashback.id, points=999)
    assert (refused.value.code, refused.value.field) == ("points_too_few", "points")
    assert verify_ok(database) == []


def test_donations_keep_a_running_total_per_cause(database: Database, program: Program) -> None:
    shelter = f.make_cause(database, program, name="Animal shelter")
    donation = f.make_reward(database, program, kind="donation", cause_id=shelter.id, points_price=100)
    alice, bob = make_member(database, program), make_member(database, program)
    give_points(database, program, alice.id, 1000)
    give_points(database, program, bob.id, 1000)

    f.redeem(database, program, alice.id, donation.id, points=250)
    f.redeem(database, program, bob.id, donation.id)

    assert (f.cause(database, program, shelter.id).points_total,
            f.cause(database, program, shelter.id).donations_count) == (350, 2)
    assert balance(database, program, alice.id).available == 750
    assert balance(database, program, bob.id).available == 900
    assert verify_ok(database) == []


def test_a_closed_cause_takes_no_more_donations(database: Database, program: Program) -> None:
    shelter = f.make_cause(database, program, is_active=False)
    donation = f.make_reward(database, program, kind="donation", cause_id=shelter.id, points_price=100)
    member = make_member(database, program)
    give_points(database, program, member.id, 1000)
    with pytest.raises(Conflict) as refused:
        f.redeem(database, program, member.id, donation.id)
    assert refused.value.code == "cause_inactive"
    with unit_of_work(database, read_only=True) as session:
        assert service.catalogue(session=session, program=program, member_id=member.id).items == []


# --- who may redeem ---------------------------------------------------------------------------


def test_limits_per_member_and_in_total(database: Database, program: Program) -> None:
    once = f.make_reward(database, program, kind="donation", cause_id=f.make_cause(database, program).id,
                         points_price=10, limit_per_member=1, limit_total=2)
    alice, bob, carol = (make_member(database, program) for _ in range(3))
    for member in (alice, bob, carol):
        give_points(database, program, member.id, 100)
    f.redeem(database, program, alice.id, once.id)
    with pytest.raises(Conflict) as again:
        f.redeem(database, program, alice.id, once.id)
    assert refusal(again) == ("member_limit_reached",
                              "A member may redeem this reward once; this member already has.")
    f.redeem(database, program, bob.id, once.id)
    with pytest.raises(Conflict) as third:
        f.redeem(database, program, carol.id, once.id)
    assert refusal(third) == ("total_limit_reached", "All 2 redemptions this reward allows have been made.")
    assert balance(database, program, carol.id).available == 100


def test_not_enough_points_is_refused_with_every_reason(database: Database, program: Program) -> None:
    member = make_member(database, program, address=f.HOME)
    give_points(database, program, member.id, 50)
    mug = f.make_reward(database, program, points_price=300, stock=0)
    with pytest.raises(Conflict) as refused:
        f.redeem(database, program, member.id, mug.id)
    assert refused.value.code == "out_of_stock"
    assert refused.value.details["reasons"] == [
        {"code": "out_of_stock", "message": "Out of stock."},
        {"code": "insufficient_points", "message": "Needs 300 points; the member has 50."},
    ]


def test_tier_only_rewards_check_the_member_tier(database: Database, program: Program) -> None:
    make_levels(database, program)
    gold_only = f.make_reward(database, program, kind="donation", cause_id=f.make_cause(database, program).id,
                              points_price=10, eligible_tiers=["gold", "platinum"])
    member = make_member(database, program)
    give_points(database, program, member.id, 100)
    with pytest.raises(Conflict) as refused:
        f.redeem(database, program, member.id, gold_only.id)
    assert refusal(refused) == ("tier_not_eligible", "Only for members of tier gold, platinum.")
    assign(database, program, member.id, tier_code="gold")
    assert f.redeem(database, program, member.id, gold_only.id).points == 10


def test_a_reward_naming_a_tier_the_program_does_not_have_is_refused(database: Database, program: Program) -> None:
    with pytest.raises(Invalid) as before_tiers:
        f.make_reward(database, program, eligible_tiers=["gold"])
    make_levels(database, program)
    with pytest.raises(Invalid) as typo:
        f.make_reward(database, program, eligible_tiers=["gold", "platnum"])
    gold_only = f.make_reward(database, program, eligible_tiers=["gold"])
    with unit_of_work(database) as session, pytest.raises(Invalid) as changed_to_typo:
        service.update_reward(session=session, program=program, reward_id=gold_only.id, actor="test",
                              data=RewardUpdate(eligible_tiers=["gld"]))

    assert (before_tiers.value.code, before_tiers.value.field, before_tiers.value.message) == (
        "unknown_tier", "eligible_tiers.0", "Unknown tier code 'gold' in eligible_tiers; the program has no tiers yet.")
    assert (typo.value.code, typo.value.field, typo.value.message, typo.value.details) == (
        "unknown_tier", "eligible_tiers.1",
        "Unknown tier code 'platnum' in eligible_tiers; the program's tiers are member, silver, gold, platinum.",
        {"unknown": ["platnum"], "known": ["member", "silver", "gold", "platinum"]})
    assert (changed_to_typo.value.code, changed_to_typo.value.field) == ("unknown_tier", "eligible_tiers.0")
    assert f.reward(database, program, gold_only.id).eligible_tiers == ["gold"]


def test_the_catalogue_says_why_each_reward_cannot_be_redeemed(database: Database, program: Program) -> None:
    make_levels(database, program)
    member = make_member(database, program, preferred_language="pl")
    give_points(database, program, member.id, 400)
    cause = f.make_cause(database, program)
    now = clock.now()
    affordable = f.make_reward(database, program, names={"en": "Pen", "pl": "Długopis"}, points_price=100,
                               descriptions={"en": "Blue ink"})
    expensive = f.make_reward(database, program, points_price=1000)
    sold_out = f.make_reward(database, program, points_price=150, stock=0)
    once = f.make_reward(database, program, kind="donation", cause_id=cause.id, points_price=10, limit_per_member=1)
    gold = f.make_reward(database, program, points_price=120, eligible_tiers=["gold"])
    later = f.make_reward(database, program, points_price=130, starts_at=now + timedelta(days=3))
    f.make_reward(database, program, points_price=5, is_active=False)
    f.redeem(database, program, member.id, once.id)

    with unit_of_work(database, read_only=True) as session:
        seen = service.catalogue(session=session, program=program, member_id=member.id)

    assert (seen.member_id, seen.language, seen.tier, seen.balances) == (member.id, "pl", "member", {"points": 390})
    by_id = {item.reward_id: item for item in seen.items}
    assert [item.reward_id for item in seen.items] == [once.id, affordable.id, gold.id, later.id, sold_out.id,
                                                       expensive.id]
    assert (by_id[affordable.id].name, by_id[affordable.id].description) == ("Długopis", "Blue ink")
    assert by_id[affordable.id].can_redeem and by_id[affordable.id].reasons == []
    reasons = {item.reward_id: [r.code for r in item.reasons] for item in seen.items}
    assert reasons == {affordable.id: [], expensive.id: ["insufficient_points"], sold_out.id: ["out_of_stock"],
                       once.id: ["member_limit_reached"], gold.id: ["tier_not_eligible"],
                       later.id: ["outside_validity"]}
    assert by_id[once.id].redeemed_by_member == 1
    assert by_id[sold_out.id].available == 0 and by_id[expensive.id].available is None


def test_another_program_cannot_see_or_redeem(database: Database, program: Program) -> None:
    other = make_program(database, name="Other shop")
    mine = make_member(database, program, address=f.HOME)
    give_points(database, program, mine.id, 1000)
    reward = f.make_reward(database, program)
    redemption = f.redeem(database, program, mine.id, reward.id)
    theirs = make_member(database, other, address=f.HOME)
    give_points(database, other, theirs.id, 1000)
    with pytest.raises(NotFound):
        f.redeem(database, other, theirs.id, reward.id)
    with pytest.raises(NotFound):
        f.set_status(database, other, redemption.id, "confirmed")
    with unit_of_work(database, read_only=True) as session, pytest.raises(NotFound):
        service.receipt_pdf(session=session, program=other, member_id=mine.id, redemption_id=redemption.id)
