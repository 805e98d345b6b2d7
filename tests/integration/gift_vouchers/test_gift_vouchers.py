"""Gift vouchers and bonus cards on both databases: issuing, signing in, the catalogue a gift
sees, redeeming (idempotent, refused when expired), fulfilment, cards, movements and verify."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.gift_vouchers import domain as gift_domain
from loyalty.gift_vouchers import service
from loyalty.gift_vouchers.domain import SignInRefused
from loyalty.gift_vouchers.models import GiftMovement, GiftVoucher
from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict, IdempotencyMismatch, Invalid, NotFound
from loyalty.programs.models import Program
from tests.factories import gift_vouchers as g
from tests.factories import rewards as r
from tests.factories.programs import make_program
from tests.factories.tiers import make_levels
from tests.pdf import pdf_text


def sign_in(database: Database, secret: str, pin: str | None = None) -> int:
    with unit_of_work(database, read_only=True) as session:
        return service.sign_in(session=session, secret=secret, pin=pin)


def catalogue_names(database: Database, voucher_id: int) -> list[str]:
    with unit_of_work(database, read_only=True) as session:
        return [item.name for item in service.catalogue(session=session, voucher_id=voucher_id).items]


def event_types(database: Database, program: Program) -> list[str]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(Event.type).where(Event.program_id == program.id).order_by(Event.id)))


# --- issuing and signing in ---------------------------------------------------------------------


def test_a_batch_shows_its_codes_once_and_keeps_only_their_hashes(database: Database, program: Program) -> None:
    issued = g.issue_vouchers(database, program, count=3, value=500, label="ACME Christmas")

    assert len({voucher.code for voucher in issued}) == 3
    assert all(gift_domain.normalize_code(voucher.code) == voucher.code for voucher in issued)
    with unit_of_work(database, read_only=True) as session:
        rows = session.scalars(select(GiftVoucher).where(GiftVoucher.id.in_([v.id for v in issued]))
                               .order_by(GiftVoucher.id)).all()
        stored = [value for row in rows for value in (row.code_hash, row.code_prefix, row.label)]
    assert [row.code_hash for row in rows] == [gift_domain.code_hash(v.code) for v in issued]
    assert not any(voucher.code in str(value) for voucher in issued for value in stored)
    assert [(row.balance, row.funded_total, row.status, row.code_prefix) for row in rows] == [
        (500, 500, "active", voucher.code[:9]) for voucher in issued]
    assert [(m.kind, m.amount, m.balance_after) for m in g.movements(database, program, issued[0].id)] == [
        ("issue", 500, 500)]
    assert event_types(database, program)[-1] == "gift_voucher_batch.issued"


def test_a_code_signs_in_however_it_is_typed(database: Database, program: Program) -> None:
    issued = g.issue_voucher(database, program)
    sloppy = issued.code.lower().replace("-", " ").removeprefix("gift ")

    assert sign_in(database, issued.code) == issued.id
    assert sign_in(database, sloppy) == issued.id


@pytest.mark.parametrize("case", ["unknown", "expired", "cancelled", "garbage"])
def test_a_wrong_code_and_an_expired_one_get_the_same_answer(database: Database, program: Program,
                                                               case: str) -> None:
    issued = g.issue_voucher(database, program, expires_at=clock.now() + timedelta(days=1))
    secret = issued.code
    if case == "unknown":
        secret = gift_domain.generate_code()
    elif case == "expired":
        later = clock.now() + timedelta(days=2)
        clock.set_clock(lambda: later)
    elif case == "cancelled":
        g.cancel(database, program, issued.id)
    else:
        secret = "not a code at all"

    with pytest.raises(SignInRefused) as refused:
        sign_in(database, secret)

    assert (refused.value.code, refused.value.message) == ("gift_sign_in_failed",
                                                           "This code is not valid, or it has expired.")


def test_a_bonus_card_signs_in_with_its_number_and_pin_only(database: Database, program: Program) -> None:
    card = g.make_bonus_card(database, program, pin="482913")
    number = card.card.card_number or ""
    spaced = " ".join(number[i:i + 4] for i in range(0, 16, 4))

    assert sign_in(database, spaced, "482913") == card.card.id
    for wrong_pin in ("482914", "", None):
        with pytest.raises(SignInRefused) as refused:
            sign_in(database, number, wrong_pin)
        assert refused.value.message == gift_domain.CARD_REFUSED
    unknown = gift_domain.generate_card_number(program.card_prefix)
    with pytest.raises(SignInRefused) as refused:
        sign_in(database, unknown, "482913")
    assert refused.value.message == gift_domain.CARD_REFUSED


def test_a_card_is_created_with_a_luhn_number_and_a_generated_pin_shown_once(database: Database,
                                                                            program: Program) -> None:
    card = g.make_bonus_card(database, program, value=2500, pin=None, number_prefix="8123")
    number = card.card.card_number or ""

    assert (len(number), number[:4], gift_domain.normalize_card_number(number)) == (16, "8123", number)
    assert card.pin is not None and len(card.pin) == 6
    assert (card.card.balance, card.card.funded_total, card.card.status) == (2500, 2500, "active")
    assert sign_in(database, number, card.pin) == card.card.id
    with unit_of_work(database, read_only=True) as session:
        pin_hash = session.scalar(select(GiftVoucher.pin_hash).where(GiftVoucher.id == card.card.id)) or ""
    assert pin_hash.startswith("$argon2id$") and card.pin not in pin_hash
    given = g.make_bonus_card(database, program, pin="1234")
    assert given.pin is None


def test_cards_are_topped_up_blocked_and_unblocked_with_events(database: Database, program: Program) -> None:
    card = g.make_bonus_card(database, program, value=1000, pin="4321")
    number = card.card.card_number or ""

    g.top_up(database, program, card.card.id, 250)
    with unit_of_work(database) as session:
        service.set_card_blocked(session=session, program=program, card_id=card.card.id, blocked=True, actor="t")
    with pytest.raises(SignInRefused):
        sign_in(database, number, "4321")
    g.top_up(database, program, card.card.id, 50)  # blocking stops spending, not funding
    with unit_of_work(database) as session:
        service.set_card_blocked(session=session, program=program, card_id=card.card.id, blocked=False, actor="t")

    assert sign_in(database, number, "4321") == card.card.id
    fresh = g.voucher(database, program, card.card.id, kind="bonus_card")
    assert (fresh.balance, fresh.funded_total, fresh.status) == (1300, 1300, "active")
    assert [(m.kind, m.amount, m.balance_after) for m in g.movements(database, program, card.card.id,
                                                                     kind="bonus_card")] == [
        ("issue", 1000, 1000), ("top_up", 250, 1250), ("top_up", 50, 1300)]
    assert event_types(database, program)[-5:] == ["bonus_card.created", "bonus_card.topped_up", "bonus_card.blocked",
                                                   "bonus_card.topped_up", "bonus_card.unblocked"]


# --- the gift's catalogue -----------------------------------------------------------------------


def test_the_catalogue_shows_only_what_the_gift_can_take_now(database: Database, program: Program) -> None:
    issued = g.issue_voucher(database, program, value=300)
    r.make_reward(database, program, names={"en": "Mug"}, points_price=300)
    r.make_reward(database, program, names={"en": "Pen"}, points_price=50, stock=3)
    r.make_reward(database, program, names={"en": "Too dear"}, points_price=301)
    r.make_reward(database, program, names={"en": "Sold out"}, points_price=10, stock=0)
    r.make_reward(database, program, names={"en": "Withdrawn"}, points_price=10, is_active=False)
    r.make_reward(database, program, names={"en": "Not yet"}, points_price=10,
                  starts_at=(clock.now() + timedelta(days=3)).isoformat())
    make_levels(database, program)
    r.make_reward(database, program, names={"en": "Gold only"}, points_price=10, eligible_tiers=["gold"])
    r.make_reward(database, program, names={"en": "With money"}, points_price=10, money_price=500)
    campaign = r.make_coupon_campaign(database, program, codes=2)
    r.make_reward(database, program, names={"en": "Coupon"}, kind="coupon", voucher_campaign_id=campaign.id,
                  points_price=10)
    pool = r.make_code_pool(database, program, codes=["CINEMA-1"])
    r.make_reward(database, program, names={"en": "Cinema"}, kind="e_voucher", code_pool_id=pool.id, points_price=100)
    empty_pool = r.make_code_pool(database, program)
    r.make_reward(database, program, names={"en": "No codes"}, kind="e_voucher", code_pool_id=empty_pool.id,
                  points_price=100)
    r.make_reward(database, program, names={"en": "Trees"}, kind="donation",
                  cause_id=r.make_cause(database, program).id, points_price=20)
    other = make_program(database, name="Other shop")
    r.make_reward(database, other, names={"en": "Other's mug"}, points_price=10)

    assert catalogue_names(database, issued.id) == ["Trees", "Pen", "Cinema", "Mug"]


def test_a_gift_with_a_per_person_limit_sees_the_reward_until_it_reaches_it(database: Database,
                                                                           program: Program) -> None:
    issued = g.issue_voucher(database, program, value=1000)
    once = r.make_reward(database, program, names={"en": "Once"}, points_price=100, limit_per_member=1)

    g.gift_redeem(database, issued.id, once.id, **g.physical())

    assert catalogue_names(database, issued.id) == []
    with pytest.raises(Conflict) as refused:
        g.gift_redeem(database, issued.id, once.id, **g.physical())
    assert refused.value.code == "member_limit_reached"


# --- redeeming ----------------------------------------------------------------------------------


def test_a_voucher_is_spent_over_several_redemptions_until_its_value_is_used(database: Database,
                                                                            program: Program) -> None:
    issued = g.issue_voucher(database, program, value=500)
    mug = r.make_reward(database, program, names={"en": "Mug"}, points_price=300, stock=5)
    pen = r.make_reward(database, program, names={"en": "Pen"}, points_price=200)

    first = g.gift_redeem(database, issued.id, mug.id, **g.physical())
    second = g.gift_redeem(database, issued.id, pen.id, **g.physical())
    with pytest.raises(Conflict) as refused:
        g.gift_redeem(database, issued.id, pen.id, **g.physical())

    assert refused.value.code == "insufficient_points"
    assert refused.value.message == "Needs 200 points; this gift has 0 left."
    assert (first.status, first.points, first.recipient_name, first.delivery_address) == (
        "requested", 300, "Ola Nowak", g.ADDRESS)
    assert second.points == 200
    assert g.voucher(database, program, issued.id).balance == 0
    assert r.reward(database, program, mug.id).stock == 4
    assert [(m.kind, m.amount, m.balance_after, m.redemption_id) for m in g.movements(database, program, issued.id)] \
        == [("issue", 500, 500, None), ("spend", -300, 200, first.id), ("spend", -200, 0, second.id)]
    assert sum(m.amount for m in g.movements(database, program, issued.id)) == 0
    assert g.gift_problems(database) == []


def test_the_same_form_token_never_pays_twice(database: Database, program: Program) -> None:
    issued = g.issue_voucher(database, program, value=500)
    mug = r.make_reward(database, program, points_price=100, stock=10)

    first = g.gift_redeem(database, issued.id, mug.id, request_key="form-token-0001", **g.physical())
    again = g.gift_redeem(database, issued.id, mug.id, request_key="form-token-0001", **g.physical())

    assert again.id == first.id
    assert g.voucher(database, program, issued.id).balance == 400
    assert r.reward(database, program, mug.id).stock == 9
    with pytest.raises(IdempotencyMismatch):
        g.gift_redeem(database, issued.id, r.make_reward(database, program, points_price=1).id,
                      request_key="form-token-0001", **g.physical())


def test_an_expired_voucher_is_refused_and_keeps_its_balance(database: Database, program: Program) -> None:
    issued = g.issue_voucher(database, program, value=500, expires_at=clock.now() + timedelta(hours=1))
    mug = r.make_reward(database, program, points_price=100, stock=3)
    later = clock.now() + timedelta(hours=2)
    clock.set_clock(lambda: later)

    with pytest.raises(Conflict) as refused:
        g.gift_redeem(database, issued.id, mug.id, **g.physical())

    assert (refused.value.code, refused.value.message) == ("gift_expired", "This gift has expired.")
    assert g.voucher(database, program, issued.id).balance == 500
    assert r.reward(database, program, mug.id).stock == 3
    with pytest.raises(SignInRefused), unit_of_work(database, read_only=True) as session:
        service.catalogue(session=session, voucher_id=issued.id)


def test_a_physical_gift_needs_a_recipient_and_an_address_and_others_take_none(database: Database,
                                                                               program: Program) -> None:
    issued = g.issue_voucher(database, program, value=500)
    mug = r.make_reward(database, program, points_price=100)
    trees = r.make_reward(database, program, kind="donation", cause_id=r.make_cause(database, program).id,
                          points_price=100)

    with pytest.raises(Invalid) as no_name:
        g.gift_redeem(database, issued.id, mug.id, delivery_address=g.ADDRESS)
    with pytest.raises(Invalid) as no_city:
        g.gift_redeem(database, issued.id, mug.id, recipient_name="Ola",
                      delivery_address={"line1": "ul. Długa 1", "country": "PL"})
    with pytest.raises(Invalid) as address_for_a_donation:
        g.gift_redeem(database, issued.id, trees.id, delivery_address=g.ADDRESS)

    assert (no_name.value.code, no_name.value.field) == ("recipient_name_required", "recipient_name")
    assert (no_city.value.code, no_city.value.field) == ("delivery_address_required", "delivery_address.city")
    assert (address_for_a_donation.value.code, address_for_a_donation.value.field) == (
        "not_applicable", "delivery_address")
    assert g.voucher(database, program, issued.id).balance == 500


def test_an_e_voucher_hands_over_the_next_partner_code_and_a_donation_counts_for_its_cause(
        database: Database, program: Program) -> None:
    issued = g.issue_voucher(database, program, value=500)
    pool = r.make_code_pool(database, program, codes=["CINEMA-1", "CINEMA-2"])
    cinema = r.make_reward(database, program, kind="e_voucher", code_pool_id=pool.id, points_price=100)
    cause = r.make_cause(database, program)
    trees = r.make_reward(database, program, kind="donation", cause_id=cause.id, points_price=150)

    ticket = g.gift_redeem(database, issued.id, cinema.id)
    donation = g.gift_redeem(database, issued.id, trees.id)

    assert (ticket.code, ticket.status) == ("CINEMA-1", "completed")
    assert r.code_pool(database, program, pool.id).codes_used == 1
    assert (donation.status, donation.cause_id) == ("completed", cause.id)
    assert r.cause(database, program, cause.id).points_total == 150
    assert g.voucher(database, program, issued.id).balance == 250


def test_member_only_rewards_are_refused_to_a_gift(database: Database, program: Program) -> None:
    issued = g.issue_voucher(database, program, value=500)
    make_levels(database, program)
    gold = r.make_reward(database, program, points_price=10, eligible_tiers=["gold"])
    coupon = r.make_reward(database, program, kind="coupon", points_price=10,
                           voucher_campaign_id=r.make_coupon_campaign(database, program, codes=1).id)

    for reward_id in (gold.id, coupon.id):
        with pytest.raises(Conflict) as refused:
            g.gift_redeem(database, issued.id, reward_id)
        assert refused.value.code == "reward_not_for_gifts"
    other = make_program(database, name="Other shop")
    with pytest.raises(NotFound):
        g.gift_redeem(database, issued.id, r.make_reward(database, other, points_price=10).id, **g.physical())
    assert g.voucher(database, program, issued.id).balance == 500


# --- after the fact -----------------------------------------------------------------------------


def test_cancelling_a_physical_gift_gives_back_the_points_and_the_stock(database: Database,
                                                                        program: Program) -> None:
    issued = g.issue_voucher(database, program, value=500)
    mug = r.make_reward(database, program, points_price=300, stock=1)
    redemption = g.gift_redeem(database, issued.id, mug.id, **g.physical())

    cancelled = g.set_status(database, program, redemption.id, "cancelled")

    assert cancelled.status == "cancelled"
    assert g.voucher(database, program, issued.id).balance == 500
    assert (r.reward(database, program, mug.id).stock, r.reward(database, program, mug.id).redeemed_count) == (1, 0)
    assert [(m.kind, m.amount, m.balance_after) for m in g.movements(database, program, issued.id)] == [
        ("issue", 500, 500), ("spend", -300, 200), ("return", 300, 500)]
    with pytest.raises(Conflict) as again:
        g.set_status(database, program, redemption.id, "cancelled")
    assert again.value.code == "transition_not_allowed"
    assert g.gift_problems(database) == []


def test_a_cancelled_voucher_writes_off_its_balance_and_keeps_it_off(database: Database, program: Program) -> None:
    issued = g.issue_voucher(database, program, value=500)
    mug = r.make_reward(database, program, points_price=200, stock=1)
    redemption = g.gift_redeem(database, issued.id, mug.id, **g.physical())

    g.cancel(database, program, issued.id)
    g.cancel(database, program, issued.id)  # a retry changes nothing
    g.set_status(database, program, redemption.id, "cancelled")

    assert (g.voucher(database, program, issued.id).balance, g.voucher(database, program, issued.id).status) == (
        0, "cancelled")
    assert r.reward(database, program, mug.id).stock == 1
    assert [(m.kind, m.amount, m.balance_after) for m in g.movements(database, program, issued.id)] == [
        ("issue", 500, 500), ("spend", -200, 300), ("cancel", -300, 0)]
    assert event_types(database, program).count("gift_voucher.cancelled") == 1
    assert g.gift_problems(database) == []


def test_the_receipt_is_a_pdf_naming_the_gift_not_its_code(database: Database, program: Program) -> None:
    issued = g.issue_voucher(database, program, value=500, label="ACME Christmas")
    other = g.issue_voucher(database, program)
    mug = r.make_reward(database, program, names={"en": "Coffee mug"}, points_price=300)
    redemption = g.gift_redeem(database, issued.id, mug.id, **g.physical())

    with unit_of_work(database, read_only=True) as session:
        number, pdf = service.holder_receipt_pdf(session=session, voucher_id=issued.id, redemption_id=redemption.id)
        with pytest.raises(NotFound):
            service.holder_receipt_pdf(session=session, voucher_id=other.id, redemption_id=redemption.id)

    assert number == f"G-{redemption.created_at:%Y%m%d}-{redemption.id:06d}"
    text = pdf_text(pdf)
    for expected in (number, "Coffee mug", "ACME Christmas", f"Gift voucher {issued.code_prefix}-…",
                     "Balance left", "200 points", "Ola Nowak", "ul. Piotrkowska 1", "90-001 Łódź"):
        assert expected in text, expected
    assert issued.code not in text


def test_movements_cannot_be_changed_or_deleted(database: Database, program: Program) -> None:
    issued = g.issue_voucher(database, program)

    for statement in ("UPDATE gift_movements SET amount = 1 WHERE voucher_id = :id",
                      "DELETE FROM gift_movements WHERE voucher_id = :id"):
        with pytest.raises(DBAPIError), unit_of_work(database) as session:
            session.execute(text(statement), {"id": issued.id})
    with unit_of_work(database, read_only=True) as session:
        assert session.scalar(select(func.count()).select_from(GiftMovement)
                              .where(GiftMovement.voucher_id == issued.id)) == 1


def test_verify_names_a_balance_that_is_not_the_sum_of_its_movements(database: Database, program: Program) -> None:
    issued = g.issue_voucher(database, program, value=500)
    with unit_of_work(database) as session:
        session.execute(text("UPDATE gift_vouchers SET balance = 499 WHERE id = :id"), {"id": issued.id})

    try:
        problems = g.gift_problems(database)
        assert f"gift voucher {issued.id} (program {program.id}) holds 499 but its movements sum to 500" in problems
    finally:
        with unit_of_work(database) as session:
            session.execute(text("UPDATE gift_vouchers SET balance = 500 WHERE id = :id"), {"id": issued.id})
    assert g.gift_problems(database) == []
