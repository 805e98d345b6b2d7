"""Campaigns and their codes: generating, importing, publishing, exporting, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict, Invalid
from loyalty.programs.models import Program
from loyalty.vouchers import domain
from loyalty.vouchers import service as vouchers
from loyalty.vouchers.schemas import CampaignUpdate
from tests.factories.members import make_member
from tests.factories.vouchers import (
    basket,
    campaign_codes,
    check,
    line,
    make_campaign,
    make_code,
    make_codes,
    publish,
    redeem,
)


def generate(database: Database, program: Program, campaign_id: int, count: int, pattern: str,
             charset: str = "unambiguous") -> vouchers.GeneratedBatch:
    with unit_of_work(database) as session:
        return vouchers.generate_codes(session=session, program=program, campaign_id=campaign_id, count=count,
                                       pattern=domain.build_pattern(pattern=pattern, charset=charset), actor="test")


def import_csv(database: Database, program: Program, campaign_id: int, text: str) -> int:
    with unit_of_work(database) as session:
        return vouchers.import_codes(session=session, program=program, campaign_id=campaign_id, csv_text=text,
                                     actor="test").size


def test_a_batch_has_its_count_of_distinct_codes_of_the_pattern(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program)

    generated = generate(database, program, campaign.id, 2500, "XMAS-####-####")
    codes = campaign_codes(database, program, campaign.id)

    assert generated.batch.size == 2500 and generated.guesses_per_hit == 31**8 // 2500
    assert len(codes) == len(set(codes)) == 2500
    assert all(re.fullmatch(r"XMAS-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", code) for code in codes)


def test_two_campaigns_generating_at_once_cannot_both_squeeze_into_the_code_space(
        database: Database, program: Program) -> None:
    first, second = make_campaign(database, program), make_campaign(database, program)
    start = threading.Barrier(2)

    def batch(campaign_id: int) -> str:
        start.wait()
        try:
            generate(database, program, campaign_id, 60, "DUO-########", charset="numeric")
        except Invalid as refused:
            return refused.code
        return "generated"

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(batch, (first.id, second.id)))

    # 60 alone keeps a guess at 1 in 1,666,666; both (120) would make it 1 in 833,333.
    assert outcomes == ["code_space_too_small", "generated"]
    codes = campaign_codes(database, program, first.id) + campaign_codes(database, program, second.id)
    assert len(codes) == 60


def test_a_batch_that_would_make_guessing_easy_is_refused_with_the_odds(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program)
    generate(database, program, campaign.id, 90, "SALE-########", charset="numeric")

    with pytest.raises(Invalid) as refused:
        generate(database, program, campaign.id, 20, "SALE-########", charset="numeric")

    assert refused.value.code == "code_space_too_small"
    assert refused.value.message == (
        "With 110 valid codes (90 already issued) of pattern SALE-######## over 10 characters (100,000,000 "
        "possible codes), a random guess would hit a valid code once in 909,090 tries; at least 1,000,000 are "
        "required. Use a longer pattern, a larger charset or a smaller batch.")
    assert len(campaign_codes(database, program, campaign.id)) == 90


def test_gift_card_codes_start_with_the_campaigns_balance_or_their_own(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, kind="gift_card", amount=2500)
    import_csv(database, program, campaign.id, "code,balance\nGIFT-A,10000\nGIFT-B,\n")
    [generated] = make_codes(database, program, campaign.id)

    balances = {code: check(database, program, code, basket(line(1, "A", 1))).gift_card_balance
                for code in ("GIFT-A", "GIFT-B", generated)}
    assert balances == {"GIFT-A": 10000, "GIFT-B": 2500, generated: 2500}


def test_an_import_names_every_line_at_fault_and_adds_nothing(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program)
    make_code(database, program, make_campaign(database, program).id, "TAKEN-1")

    with pytest.raises(Invalid) as refused:
        import_csv(database, program, campaign.id, "code\nNEW-1\ntaken-1\nNEW-2\n")

    assert refused.value.message == "line 3: code 'TAKEN-1' already exists in this program."
    assert refused.value.details["errors"] == [{"line": 3, "message": "code 'TAKEN-1' already exists in this program"}]
    assert campaign_codes(database, program, campaign.id) == []


def test_imported_codes_are_found_however_they_are_typed(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, max_uses_per_code=None)
    assert import_csv(database, program, campaign.id, "code\nsummer-10\n") == 1

    assert check(database, program, " Summer-10 ", basket(line(1, "A", 1000))).is_valid
    assert check(database, program, "sum mer-10", basket(line(1, "A", 1000))).code == "SUMMER-10"


def test_publishing_gives_each_member_their_own_unused_code(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program)
    codes = make_codes(database, program, campaign.id, count=3)
    first, second = make_member(database, program), make_member(database, program)

    published = publish(database, program, campaign.id, [first.id, second.id])

    assert published == codes[:2]
    with unit_of_work(database, read_only=True) as session:
        mine = vouchers.member_vouchers(session=session, program=program, member_id=first.id).items
    assert [(v.code, v.status, v.kind, v.amount, v.uses, v.max_uses) for v in mine] == [
        (codes[0], "available", "fixed_amount", 500, 0, 1)]


def test_publishing_to_more_members_than_codes_is_refused_whole(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program)
    make_codes(database, program, campaign.id, count=1)
    members = [make_member(database, program).id for _ in range(2)]

    with pytest.raises(Conflict) as refused:
        publish(database, program, campaign.id, members)

    assert refused.value.code == "not_enough_codes"
    assert refused.value.message == "The campaign has 1 unpublished code(s) for 2 member(s); generate or import more."
    assert publish(database, program, campaign.id, members[:1]) == campaign_codes(database, program, campaign.id)


def test_a_stopped_or_ended_campaign_publishes_nothing(database: Database, program: Program) -> None:
    stopped = make_campaign(database, program)
    make_codes(database, program, stopped.id, count=2)
    now = clock.now()
    ended = make_campaign(database, program, starts_at=now - timedelta(days=30), ends_at=now - timedelta(days=1))
    make_codes(database, program, ended.id, count=2)
    member = make_member(database, program)
    with unit_of_work(database) as session:
        vouchers.set_campaign_active(session=session, program=program, campaign_id=stopped.id, is_active=False,
                                     actor="test")

    with pytest.raises(Conflict) as inactive:
        publish(database, program, stopped.id, [member.id])
    with pytest.raises(Conflict) as over:
        publish(database, program, ended.id, [member.id])

    assert (inactive.value.code, inactive.value.message) == (
        "voucher_campaign_inactive",
        "The campaign is stopped, so its codes cannot be used; activate it before publishing.")
    assert over.value.code == "voucher_campaign_ended"
    assert over.value.message.startswith("The campaign ended at ")
    with unit_of_work(database, read_only=True) as session:
        assert vouchers.member_vouchers(session=session, program=program, member_id=member.id).items == []
        states = vouchers.publishing_states(session=session, program_id=program.id,
                                            campaign_ids=[stopped.id, ended.id], count_up_to=None)
    assert [(s.is_active, s.codes_to_publish) for s in (states[stopped.id], states[ended.id])] == [(False, 2),
                                                                                                 (True, 2)]


def test_a_named_code_is_published_once(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program)
    code = make_code(database, program, campaign.id, "VIP-ANNA")
    anna, bob = make_member(database, program), make_member(database, program)

    with unit_of_work(database) as session:
        vouchers.publish_codes(session=session, program=program, campaign_id=campaign.id, member_ids=[anna.id],
                               code="vip-anna", actor="test")
    with unit_of_work(database) as session, pytest.raises(Conflict) as refused:
        vouchers.publish_codes(session=session, program=program, campaign_id=campaign.id, member_ids=[bob.id],
                               code=code, actor="test")
    assert refused.value.code == "voucher_already_published"


def test_a_members_vouchers_say_which_can_be_used(database: Database, program: Program) -> None:
    member = make_member(database, program)
    now = clock.now()
    fresh = make_campaign(database, program, name="Fresh")
    used = make_campaign(database, program, name="Used")
    ending = make_campaign(database, program, name="Ending", ends_at=now + timedelta(hours=1))
    for campaign in (fresh, used, ending):
        make_codes(database, program, campaign.id)
        publish(database, program, campaign.id, [member.id])
    [used_code] = campaign_codes(database, program, used.id)
    redeem(database, program, [used_code], basket(line(1, "A", 1000)), member_id=member.id)
    clock.set_clock(lambda: now + timedelta(hours=2))

    with unit_of_work(database, read_only=True) as session:
        statuses = {v.name: v.status for v in vouchers.member_vouchers(session=session, program=program,
                                                                         member_id=member.id).items}
    assert statuses == {"Fresh": "available", "Used": "used_up", "Ending": "expired"}


def test_a_new_per_code_limit_applies_to_existing_codes(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, max_uses_per_code=1)
    code = make_code(database, program, campaign.id)
    redeem(database, program, [code], basket(line(1, "A", 1000)))

    with unit_of_work(database) as session:
        vouchers.update_campaign(session=session, program=program, campaign_id=campaign.id, actor="test",
                                 data=CampaignUpdate(max_uses_per_code=3))

    assert check(database, program, code, basket(line(1, "A", 1000))).is_valid


def test_an_update_that_does_not_fit_the_kind_is_refused(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, kind="percent", percent="10")

    with unit_of_work(database) as session, pytest.raises(Invalid) as refused:
        vouchers.update_campaign(session=session, program=program, campaign_id=campaign.id, actor="test",
                                 data=CampaignUpdate.model_validate({"percent": None}))
    assert (refused.value.field, refused.value.message) == ("percent", "A percent voucher needs 'percent'.")
