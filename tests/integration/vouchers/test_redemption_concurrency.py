"""Limits under concurrent redemptions, on SQLite and PostgreSQL: each is consumed by the
statement that checks it, so no race ever gives more than the limit allows."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import Conflict
from loyalty.members import service as member_service
from loyalty.programs.models import Program
from loyalty.vouchers import service as voucher_service
from loyalty.vouchers.models import VoucherMemberUsage
from loyalty.vouchers.service import AppliedVoucher
from tests.factories.members import make_member
from tests.factories.vouchers import (
    basket,
    campaign_state,
    check,
    line,
    make_campaign,
    make_code,
    make_codes,
    redeem,
    rollback,
)

THREADS = 20


def _redeem_as_the_api_does(database: Database, program: Program, code: str, member_id: int | None,
                            order_ref: str) -> AppliedVoucher:
    """Without the SAVEPOINT: the unit of work is rolled back whole on a refusal."""
    with unit_of_work(database) as session:
        member = member_service.get_member(session=session, program_id=program.id, member_id=member_id) \
            if member_id is not None else None
        return voucher_service.redeem_codes(session=session, program=program, member=member, codes=[code],
                                            basket=basket(line(1, "A", 2000)), order_ref=order_ref, actor="test",
                                            savepoint=False)[0]


def _member_uses(database: Database, campaign_id: int, member_id: int) -> int:
    with unit_of_work(database, read_only=True) as session:
        return session.scalar(select(VoucherMemberUsage.uses).where(VoucherMemberUsage.campaign_id == campaign_id,
                                                                    VoucherMemberUsage.member_id == member_id)) or 0


def _race(database: Database, program: Program, attempts: list[tuple[str, int | None]],
          price: int = 2000, *, savepoint: bool = True) -> tuple[list[AppliedVoucher], list[str]]:
    """Redeem each (code, member) at the same time, each on its own order; successes and refusal codes."""

    def attempt(index: int) -> AppliedVoucher | str:
        code, member_id = attempts[index]
        try:
            if not savepoint:
                return _redeem_as_the_api_does(database, program, code, member_id, f"ORDER-{index}")
            return redeem(database, program, [code], basket(line(1, "A", price)), member_id=member_id,
                          order_ref=f"ORDER-{index}")[0]
        except Conflict as refused:
            return refused.code

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(attempt, range(len(attempts))))
    return ([r for r in results if isinstance(r, AppliedVoucher)], sorted(r for r in results if isinstance(r, str)))


def test_a_single_use_code_raced_by_twenty_tills_is_used_once(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, amount=500)
    code = make_code(database, program, campaign.id)

    succeeded, refused = _race(database, program, [(code, None)] * THREADS)

    assert len(succeeded) == 1 and succeeded[0].discount_minor == 500
    assert refused == ["voucher_used_up"] * (THREADS - 1)
    assert campaign_state(database, program, campaign.id) == {"uses_total": 1, "code_uses": {code: 1},
                                                               "live_redemptions": 1}


def test_a_multi_use_code_raced_past_its_limit_is_used_exactly_up_to_it(database: Database,
                                                                          program: Program) -> None:
    campaign = make_campaign(database, program, amount=500, max_uses_per_code=5)
    code = make_code(database, program, campaign.id, "SHARED-5")

    succeeded, refused = _race(database, program, [(code, None)] * THREADS)

    assert len(succeeded) == 5
    assert refused == ["voucher_used_up"] * (THREADS - 5)
    assert campaign_state(database, program, campaign.id)["code_uses"] == {"SHARED-5": 5}


@pytest.mark.parametrize("savepoint", [True, False], ids=["savepoint", "no_savepoint"])
def test_a_member_racing_many_codes_of_a_campaign_gets_only_their_allowance(database: Database, program: Program,
                                                                             savepoint: bool) -> None:
    campaign = make_campaign(database, program, amount=500, max_uses_per_member=2)
    codes = make_codes(database, program, campaign.id, count=THREADS)
    member = make_member(database, program)

    succeeded, refused = _race(database, program, [(code, member.id) for code in codes], savepoint=savepoint)

    assert len(succeeded) == 2
    assert refused == ["voucher_member_limit_reached"] * (THREADS - 2)
    assert campaign_state(database, program, campaign.id)["uses_total"] == 2
    assert sum(campaign_state(database, program, campaign.id)["code_uses"].values()) == 2
    assert _member_uses(database, campaign.id, member.id) == 2


@pytest.mark.parametrize("savepoint", [True, False], ids=["savepoint", "no_savepoint"])
def test_a_campaign_total_raced_by_different_codes_is_never_passed(database: Database, program: Program,
                                                                   savepoint: bool) -> None:
    campaign = make_campaign(database, program, amount=500, max_uses_total=3)
    codes = make_codes(database, program, campaign.id, count=THREADS)
    member = make_member(database, program)

    succeeded, refused = _race(database, program, [(code, member.id) for code in codes], savepoint=savepoint)

    assert len(succeeded) == 3
    assert refused == ["voucher_used_up"] * (THREADS - 3)
    state = campaign_state(database, program, campaign.id)
    assert (state["uses_total"], state["live_redemptions"], sum(state["code_uses"].values())) == (3, 3, 3)
    assert _member_uses(database, campaign.id, member.id) == 3


def test_a_gift_card_raced_by_many_baskets_pays_exactly_its_balance(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, kind="gift_card", amount=1000)
    code = make_code(database, program, campaign.id, "GIFT-RACE")

    succeeded, refused = _race(database, program, [(code, None)] * THREADS, price=300)

    assert sorted(applied.discount_minor for applied in succeeded) == [100, 300, 300, 300]
    assert sorted(applied.gift_card_balance_after or 0 for applied in succeeded) == [0, 100, 400, 700]
    assert refused == ["voucher_used_up"] * (THREADS - 4)


def test_concurrent_rollbacks_of_one_redemption_give_back_once(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, kind="gift_card", amount=1000, max_uses_total=10)
    code = make_code(database, program, campaign.id, "GIFT-BACK")
    applied = redeem(database, program, [code], basket(line(1, "A", 400)))[0]

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(lambda _: rollback(database, program, applied.redemption_id), range(10)))

    assert statuses == ["rolled_back"] * 10
    assert campaign_state(database, program, campaign.id) == {"uses_total": 0, "code_uses": {"GIFT-BACK": 0},
                                                               "live_redemptions": 0}
    assert check(database, program, code, basket(line(1, "A", 5000))).gift_card_balance == 1000
