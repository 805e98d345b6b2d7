"""Refunding a purchase in full gives back the vouchers it was paid with: a single-use code is
usable again, the campaign's counts drop, a gift card gets back what it paid. A partial refund
keeps them used."""

from __future__ import annotations

from typing import Any

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.members.schemas import MemberRef
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate, PurchaseLineIn, RefundCreate
from tests.factories import vouchers as voucher_factories
from tests.factories.ledger import verify_ok
from tests.factories.members import make_member
from tests.factories.rules import make_rule

PER_PLN = {"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"}


def buy_with(database: Database, program: Program, codes: list[str], *, external_id: str | None,
             member_id: int | None = None) -> dict[str, Any]:
    data = PurchaseCreate(member=MemberRef(id=member_id) if member_id else None, external_id=external_id,
                          coupons=codes, lines=[PurchaseLineIn(sku="A", quantity=1, unit_price=6000),
                                                PurchaseLineIn(sku="B", quantity=1, unit_price=4000)])
    with unit_of_work(database) as session:
        return purchases.record_purchase(session=session, program=program, actor="test", data=data).body


def refund(database: Database, program: Program, purchase_id: int, **fields: Any) -> dict[str, Any]:
    with unit_of_work(database) as session:
        return purchases.refund_purchase(session=session, program=program, purchase_id=purchase_id, actor="test",
                                         data=RefundCreate.model_validate(fields)).body


def test_a_full_refund_gives_a_single_use_code_back_and_a_partial_one_does_not(
        database: Database, program: Program) -> None:
    make_rule(database, program, effect=PER_PLN)
    campaign = voucher_factories.make_campaign(database, program, kind="fixed_amount", amount=1000)
    code = voucher_factories.make_code(database, program, campaign.id, "ONCE-1")
    member = make_member(database, program)
    body = buy_with(database, program, [code], external_id="POS-7-1", member_id=member.id)
    assert body["total"] == 9000

    part = refund(database, program, body["purchase_id"], lines=[{"line_no": 2}])
    assert part["vouchers_rolled_back"] == []
    assert voucher_factories.campaign_state(database, program, campaign.id) == {
        "uses_total": 1, "code_uses": {"ONCE-1": 1}, "live_redemptions": 1}

    rest = refund(database, program, body["purchase_id"], lines=[{"line_no": 1}])
    assert rest["vouchers_rolled_back"] == [{"code": "ONCE-1", "redemption_id": body["vouchers"][0]["redemption_id"],
                                             "kind": "fixed_amount", "gift_card_returned": 0}]
    assert voucher_factories.campaign_state(database, program, campaign.id) == {
        "uses_total": 0, "code_uses": {"ONCE-1": 0}, "live_redemptions": 0}
    again = buy_with(database, program, [code], external_id="POS-7-2", member_id=member.id)
    assert again["vouchers"][0]["code"] == "ONCE-1" and again["vouchers"][0]["discount"] == 1000
    assert verify_ok(database) == []


def test_a_full_refund_of_a_guest_receipt_returns_what_a_gift_card_paid(database: Database, program: Program) -> None:
    campaign = voucher_factories.make_campaign(database, program, kind="gift_card", amount=3000)
    card = voucher_factories.make_code(database, program, campaign.id, "GIFT-1")
    body = buy_with(database, program, [card], external_id=None)  # the order is "purchase:<id>"
    assert body["vouchers"][0]["gift_card_paid"] == 3000 and body["vouchers"][0]["gift_card_balance_after"] == 0

    refunded = refund(database, program, body["purchase_id"], amount=10000)
    assert [(v["code"], v["gift_card_returned"]) for v in refunded["vouchers_rolled_back"]] == [("GIFT-1", 3000)]
    balance = voucher_factories.check(database, program, card, voucher_factories.basket(
        voucher_factories.line(1, "A", 5000))).gift_card_balance
    assert balance == 3000


def test_a_full_refund_leaves_another_orders_vouchers_alone(database: Database, program: Program) -> None:
    campaign = voucher_factories.make_campaign(database, program, kind="fixed_amount", amount=500)
    mine, theirs = (voucher_factories.make_code(database, program, campaign.id, code) for code in ("MINE", "THEIRS"))
    body = buy_with(database, program, [mine], external_id="POS-8-1")
    voucher_factories.redeem(database, program, [theirs], voucher_factories.basket(
        voucher_factories.line(1, "A", 5000)), order_ref="POS-8-2")

    refunded = refund(database, program, body["purchase_id"], amount=body["total"])
    assert [v["code"] for v in refunded["vouchers_rolled_back"]] == ["MINE"]
    assert voucher_factories.campaign_state(database, program, campaign.id)["code_uses"] == {"MINE": 0, "THEIRS": 1}


def test_a_full_refund_leaves_what_someone_else_redeemed_on_the_same_order_id(
        database: Database, program: Program) -> None:
    campaign = voucher_factories.make_campaign(database, program, kind="fixed_amount", amount=500)
    mine, theirs = (voucher_factories.make_code(database, program, campaign.id, code) for code in ("OWN", "OTHER"))
    someone = make_member(database, program)
    body = buy_with(database, program, [mine], external_id="POS-9-1")
    # Another till reused the order id for a code the purchase never recorded.
    voucher_factories.redeem(database, program, [theirs], voucher_factories.basket(
        voucher_factories.line(1, "A", 5000)), member_id=someone.id, order_ref="POS-9-1")

    refunded = refund(database, program, body["purchase_id"], amount=body["total"])

    assert [v["code"] for v in refunded["vouchers_rolled_back"]] == ["OWN"]
    assert voucher_factories.campaign_state(database, program, campaign.id)["code_uses"] == {"OWN": 0, "OTHER": 1}
