"""Limits under concurrent redemptions, on SQLite and PostgreSQL: each is consumed by the
statement that checks it, so no race ever gives more than the limit allows."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import Conflict
from loyalty.programs.models import Program
from loyalty.vouchers import service as vouchers
from loyalty.vouchers.service import AppliedVoucher
from tests.factories.members import make_member
from tests.factories.vouchers import basket, campaign_state, line, make_campaign, make_code, make_codes, redeem, rollback

THREADS = 20


def _race(database: Database, program: Program, attempts: list[tuple[str, int | None]],
          price: int = 2000) -> tuple[list[AppliedVoucher], list[str]]:
    """Redeem each (code, member) at the same time, each on its own order; successes and refusal codes."""

    def attempt(index: int) -> AppliedVoucher | str:
        code, member_id = attempts[index]
        try:
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
