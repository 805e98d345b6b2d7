from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs.models import Program
from loyalty.rewards import service as reward_service
from loyalty.rewards.models import Cause, CodePool, Redemption, Reward
from loyalty.rewards.schemas import CauseCreate, CodePoolCreate, RedemptionCreate, RewardCreate, StatusChange
from loyalty.vouchers.models import VoucherCampaign
from tests.factories.vouchers import make_campaign, make_codes

_sequence = itertools.count(1)


def make_reward(database: Database, program: Program, **fields: Any) -> Reward:
    """A committed, active reward. Defaults: a physical item for 100 points named in the
    program's locale; any RewardCreate field may be given (`kind`, `stock`, limits, …)."""
    fields.setdefault("kind", "physical")
    fields.setdefault("names", {program.locale: f"Reward {next(_sequence)}"})
    fields.setdefault("points_price", 100)
    with unit_of_work(database) as session:
        return reward_service.create_reward(session=session, program=program,
                                            data=RewardCreate.model_validate(fields), actor="test")


def make_code_pool(database: Database, program: Program, *, codes: Sequence[str] = (), low_threshold: int = 0,
                   name: str | None = None) -> CodePool:
    """A committed code pool holding `codes` (imported as one CSV)."""
    with unit_of_work(database) as session:
        pool = reward_service.create_code_pool(
            session=session, program=program, actor="test",
            data=CodePoolCreate(name=name or f"Pool {next(_sequence)}", low_threshold=low_threshold))
        if codes:
            reward_service.import_codes(session=session, program=program, pool_id=pool.id,
                                        csv_text="\n".join(codes) + "\n", actor="test")
        return reward_service.get_code_pool(session=session, program_id=program.id, pool_id=pool.id)


def make_cause(database: Database, program: Program, **fields: Any) -> Cause:
    fields.setdefault("name", f"Cause {next(_sequence)}")
    with unit_of_work(database) as session:
        return reward_service.create_cause(session=session, program=program, data=CauseCreate.model_validate(fields),
                                           actor="test")


def make_coupon_campaign(database: Database, program: Program, *, codes: int = 10,
                         sku: str = "COFFEE") -> VoucherCampaign:
    """A committed free-product voucher campaign with `codes` unpublished codes for coupon rewards."""
    campaign = make_campaign(database, program, name=f"Free {sku}", kind="free_product", sku=sku)
    if codes:
        make_codes(database, program, campaign.id, count=codes, pattern="FREE-##########")
    return campaign


def redeem(database: Database, program: Program, member_id: int, reward_id: int, **fields: Any) -> Redemption:
    """A committed redemption; any RedemptionCreate field may be given (`points`, `delivery_address`, …)."""
    with unit_of_work(database) as session:
        return reward_service.redeem(session=session, program=program, member_id=member_id, actor="test",
                                     data=RedemptionCreate.model_validate({"reward_id": reward_id, **fields}))


def set_status(database: Database, program: Program, redemption_id: int, status: str) -> Redemption:
    with unit_of_work(database) as session:
        return reward_service.change_status(session=session, program=program, redemption_id=redemption_id,
                                            data=StatusChange.model_validate({"status": status}), actor="test")


def reward(database: Database, program: Program, reward_id: int) -> Reward:
    with unit_of_work(database, read_only=True) as session:
        return reward_service.get_reward(session=session, program_id=program.id, reward_id=reward_id)


def code_pool(database: Database, program: Program, pool_id: int) -> CodePool:
    with unit_of_work(database, read_only=True) as session:
        return reward_service.get_code_pool(session=session, program_id=program.id, pool_id=pool_id)


def cause(database: Database, program: Program, cause_id: int) -> Cause:
    with unit_of_work(database, read_only=True) as session:
        return reward_service.get_cause(session=session, program_id=program.id, cause_id=cause_id)


HOME = {"line1": "ul. Piotrkowska 1", "city": "Łódź", "postal_code": "90-001", "country": "PL"}
