"""A coupon reward is limited by its campaign's codes still to publish: what the member's
catalogue and the staff's reads say of them, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import Conflict
from loyalty.programs.models import Program
from loyalty.rewards import service
from loyalty.rewards.schemas import CatalogueItemRead, RewardRead
from tests.factories import rewards as f
from tests.factories import vouchers as voucher_factories
from tests.factories.ledger import balance, give_points
from tests.factories.members import make_member


def catalogue_item(database: Database, program: Program, member_id: int, reward_id: int) -> CatalogueItemRead:
    with unit_of_work(database, read_only=True) as session:
        seen = service.catalogue(session=session, program=program, member_id=member_id)
    return next(item for item in seen.items if item.reward_id == reward_id)


def staff_read(database: Database, program: Program, reward_id: int) -> RewardRead:
    with unit_of_work(database, read_only=True) as session:
        reward = service.get_reward(session=session, program_id=program.id, reward_id=reward_id)
        return service.reward_reads(session=session, program=program, rewards=[reward])[0]


def test_a_coupon_whose_only_code_was_used_at_a_till_is_out_of_stock(database: Database, program: Program) -> None:
    campaign = f.make_coupon_campaign(database, program, codes=1)
    coupon = f.make_reward(database, program, kind="coupon", voucher_campaign_id=campaign.id, points_price=200)
    member = make_member(database, program)
    give_points(database, program, member.id, 500)
    [code] = voucher_factories.campaign_codes(database, program, campaign.id)
    voucher_factories.redeem(database, program, [code], voucher_factories.basket(
        voucher_factories.line(1, "COFFEE", 300)))  # never published, used anyway

    item = catalogue_item(database, program, member.id, coupon.id)
    with pytest.raises(Conflict) as refused:
        f.redeem(database, program, member.id, coupon.id)

    assert (item.available, item.can_redeem, [(r.code, r.message) for r in item.reasons]) == \
        (0, False, [("out_of_stock", "Out of stock.")])
    assert (refused.value.code, refused.value.message) == ("out_of_stock", "Out of stock.")
    assert balance(database, program, member.id).available == 500
    assert staff_read(database, program, coupon.id).available == 0


def test_the_catalogue_counts_a_campaigns_codes_only_so_far_and_the_staff_see_them_all(
        database: Database, program: Program) -> None:
    codes = service.CATALOGUE_CODES_COUNTED + 2
    campaign = f.make_coupon_campaign(database, program, codes=codes)
    coupon = f.make_reward(database, program, kind="coupon", voucher_campaign_id=campaign.id, points_price=200)
    with_stock = f.make_reward(database, program, kind="coupon", voucher_campaign_id=campaign.id,
                               points_price=200, stock=3)
    member = make_member(database, program)
    give_points(database, program, member.id, 500)

    item, stocked = (catalogue_item(database, program, member.id, reward.id) for reward in (coupon, with_stock))
    redemption = f.redeem(database, program, member.id, coupon.id)

    assert (item.available, item.can_redeem) == (service.CATALOGUE_CODES_COUNTED, True)
    assert (stocked.available, stocked.can_redeem) == (3, True)
    assert redemption.code is not None
    assert staff_read(database, program, coupon.id).available == codes - 1
    assert staff_read(database, program, with_stock.id).available == 3
