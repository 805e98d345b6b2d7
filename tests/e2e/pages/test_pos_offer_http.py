"""The POS screen names the identified member's best personal offer, for the cashier to mention."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.recommendations import service as recommendations
from loyalty.rewards.models import Reward
from tests.e2e.pages.test_pos_http import Till, text_of, till  # noqa: F401 - `till` is a fixture
from tests.factories.members import make_member
from tests.factories.recommendations import add_baskets
from tests.factories.rewards import make_coupon_campaign, make_reward


def test_the_cashier_sees_an_offer_to_mention_for_the_member_found(till: Till, database: Database,  # noqa: F811
                                                                   program: Program) -> None:
    now = clock.now()
    coffee, croissant = ("COF-1", "coffee"), ("CRO-1", "bakery")
    regulars = [make_member(database, program).id for _ in range(3)]
    add_baskets(database, program.id, [(member_id, now - timedelta(days=days), [coffee, croissant])
                                       for member_id in regulars for days in (3, 9)])
    ola = make_member(database, program, email="ola.pos@example.com", first_name="Ola")
    add_baskets(database, program.id, [(ola.id, now - timedelta(days=1), [coffee]),
                                       (ola.id, now - timedelta(days=8), [coffee, ("MLK-1", "dairy")])])
    make_member(database, program, email="new.pos@example.com", first_name="Nowy")
    campaign = make_coupon_campaign(database, program, codes=0, sku=croissant[0])
    croissant_on_us = make_reward(database, program, kind="coupon", voucher_campaign_id=campaign.id,
                                  names={program.locale: "Croissant on us"}, points_price=300)
    make_reward(database, program, names={program.locale: "Mug"})
    with unit_of_work(database) as session:
        recommendations.refresh_program(session, program.id, now)

    found = text_of(till.find("ola.pos@example.com").text)
    unknown = text_of(till.find("new.pos@example.com").text)

    assert "Mention: Croissant on us (a reward)" in found
    assert "Mention:" not in unknown                        # no purchase yet: no list, nothing to mention

    with unit_of_work(database) as session:                 # withdrawn before the next nightly run
        session.execute(update(Reward).where(Reward.id == croissant_on_us.id).values(is_active=False))
    assert "Mention: Mug (a reward)" in text_of(till.find("ola.pos@example.com").text)
