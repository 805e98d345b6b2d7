"""The member access service: codes kept only as hashes, and the app's redemption key holding
when taps race each other (each thread its own unit of work, committed for real)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.member_access import service
from loyalty.member_access.models import SignInCode
from loyalty.programs.models import Program
from tests.factories import rewards as f
from tests.factories.ledger import balance, give_points, verify_ok
from tests.factories.members import make_member


def test_the_database_keeps_no_code_or_link_in_plain_text(database: Database, program: Program) -> None:
    member = make_member(database, program, email="hash@example.com")
    with unit_of_work(database) as session:
        issued = service.request_code(session=session, program=program, email="HASH@example.com ")
    assert issued is not None and issued.member_id == member.id and len(issued.code) == 6
    with unit_of_work(database, read_only=True) as session:
        row = session.scalars(select(SignInCode).where(SignInCode.member_id == member.id)).one()
        stored = f"{row.code_hash} {row.link_hash}"
    assert issued.code not in stored and issued.link_token not in stored
    assert (row.expires_at - row.created_at).total_seconds() == 15 * 60


def test_ten_taps_with_one_key_redeem_once(database: Database, program: Program) -> None:
    pool = f.make_code_pool(database, program, codes=[f"CODE-{n}" for n in range(10)])
    reward = f.make_reward(database, program, kind="e_voucher", code_pool_id=pool.id, points_price=100)
    member = make_member(database, program)
    give_points(database, program, member.id, 1000)

    def tap(_: int) -> tuple[int, str | None]:
        with unit_of_work(database) as session:
            redemption = service.redeem_once(session=session, program=program, member_id=member.id,
                                             reward_id=reward.id, request_key="one-tap", language=None,
                                             actor=f"member:{member.id}")
            return redemption.id, redemption.code

    with ThreadPoolExecutor(max_workers=10) as threads:
        results = list(threads.map(tap, range(10)))

    assert len(set(results)) == 1
    assert balance(database, program, member.id).available == 900
    assert verify_ok(database) == []
