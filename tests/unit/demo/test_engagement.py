"""What demo members do besides buying: referrals, the Christmas coupon, redemptions, tiers."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from loyalty.demo import engagement, programme
from loyalty.demo.generator import DemoData, generate

NOW = datetime(2026, 6, 15, 10, 30, tzinfo=UTC)
WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return generate(members=2000, purchases=30000, seed=42, now=NOW)


def test_about_8_percent_join_with_the_code_of_a_member_who_joined_before_them(demo: DemoData) -> None:
    referred = [(index, member) for index, member in enumerate(demo.members) if member.referrer_index is not None]

    assert len(referred) == 160
    for index, member in referred:
        assert member.referrer_index is not None
        referrer = demo.members[member.referrer_index]
        assert member.referrer_index != index
        assert referrer.enrolled_at <= member.enrolled_at - timedelta(days=1)
        assert referrer.lapsed_at is None or referrer.lapsed_at > member.enrolled_at
    # Invited friends shop soon: a good share of them would qualify the referral.
    qualifying = [member for index, member in referred if any(
        p.member_index == index and member.enrolled_at < p.occurred_at <= member.enrolled_at + timedelta(days=30)
        and p.total_minor >= 5000 for p in demo.purchases)]
    assert 0.3 <= len(qualifying) / len(referred) <= 0.7


def test_christmas_codes_are_mailed_before_december_and_used_once_on_a_big_december_basket(demo: DemoData) -> None:
    (mailing,) = demo.mailings
    starts, ends = engagement.christmas_window(NOW)
    used = [p for p in demo.purchases if p.vouchers]

    assert (starts.astimezone(WARSAW).date().isoformat(), ends.astimezone(WARSAW).date().isoformat()) == (
        "2025-12-01", "2026-01-01")
    assert mailing.campaign == "xmas" and mailing.occurred_at == datetime(2025, 11, 26, 9, 0, tzinfo=UTC)
    assert len(set(mailing.member_indexes)) == len(mailing.member_indexes) > 300
    assert all(demo.members[i].email_consent and demo.members[i].enrolled_at < mailing.occurred_at
               for i in mailing.member_indexes)
    assert 40 <= len(used) <= 150
    assert all(p.vouchers == ("xmas",) and starts <= p.occurred_at < ends and p.total_minor > 10_000
               and p.refund is None and p.member_index in mailing.member_indexes for p in used)
    assert len({p.member_index for p in used}) == len(used)


@pytest.mark.parametrize(("local_now", "december"), [
    (datetime(2026, 12, 20, 12, 0), 2026),  # this December, under way
    (datetime(2026, 12, 10, 12, 0), 2025),  # too young: last year's
    (datetime(2026, 3, 1, 12, 0), 2025),
])
def test_the_christmas_campaign_runs_in_the_last_december_at_least_two_weeks_old(local_now: datetime,
                                                                                   december: int) -> None:
    starts, ends = engagement.christmas_window(local_now.replace(tzinfo=WARSAW))

    assert starts == datetime(december, 12, 1, tzinfo=WARSAW)
    assert ends == datetime(december + 1, 1, 1, tzinfo=WARSAW)


def test_tier_thresholds_put_about_60_25_10_5_percent_of_buyers_in_the_levels(demo: DemoData) -> None:
    measured = engagement.measures(demo.purchases, demo.tier_thresholds)
    ranks = Counter(sum(1 for threshold in demo.tier_thresholds if value >= threshold) for value in measured.values())
    shares = [ranks[rank] / len(measured) for rank in range(4)]

    assert demo.tier_thresholds == (360, 1700, 4400)
    assert shares == pytest.approx([0.60, 0.25, 0.10, 0.05], abs=0.01)


def test_thresholds_rise_strictly_even_on_tiny_or_empty_data() -> None:
    tiny = generate(members=5, purchases=8, seed=3, now=NOW)
    nobody = generate(members=0, purchases=10, seed=3, now=NOW)

    assert len(tiny.tier_thresholds) == 3
    assert 0 < tiny.tier_thresholds[0] < tiny.tier_thresholds[1] < tiny.tier_thresholds[2]
    assert nobody.tier_thresholds == engagement.DEFAULT_THRESHOLDS
    assert nobody.redemptions == () and nobody.mailings == ()


def test_a_few_hundred_redemptions_of_every_kind_a_member_can_ask_for(demo: DemoData) -> None:
    redemptions = demo.redemptions
    wanted = Counter(programme.REWARDS_BY_KEY[r.wishes[0].reward].kind for r in redemptions)

    assert 300 <= len(redemptions) <= 700
    assert set(wanted) == {"physical", "e_voucher", "coupon", "cashback", "donation"}
    assert [r.occurred_at for r in redemptions] == sorted(r.occurred_at for r in redemptions)
    assert all(r.occurred_at < NOW for r in redemptions)
    for redemption in redemptions:
        kinds = [programme.REWARDS_BY_KEY[wish.reward].kind for wish in redemption.wishes]
        assert (redemption.delivery_address is not None) == ("physical" in kinds)
        assert len({wish.reward for wish in redemption.wishes}) == len(redemption.wishes)
        for wish, kind in zip(redemption.wishes, kinds, strict=True):
            offer = programme.REWARDS_BY_KEY[wish.reward]
            if kind in ("cashback", "donation"):
                assert wish.points is not None and wish.points >= offer.points_price
            else:
                assert wish.points is None


def test_members_ask_only_for_what_is_left_and_allowed(demo: DemoData) -> None:
    cancelled = {f.redemption_external_id for f in demo.fulfilments if f.status == "cancelled"}
    kept = [r for r in demo.redemptions if r.external_id not in cancelled]
    grinders = [r for r in kept if r.wishes[0].reward == "coffee_grinder"]
    per_member = Counter((r.member_index, r.wishes[0].reward) for r in kept)

    assert 1 <= len(grinders) <= 5
    assert all(count <= (programme.REWARDS_BY_KEY[key].limit_per_member or count)
               for (_, key), count in per_member.items())
    assert sum(1 for r in demo.redemptions if r.wishes[0].reward == "cinema_ticket") <= 200


def test_physical_items_are_confirmed_shipped_and_delivered_in_order_and_a_few_cancelled(demo: DemoData) -> None:
    by_redemption: dict[str, list[str]] = {}
    redeemed_at = {r.external_id: r.occurred_at for r in demo.redemptions}
    for step in demo.fulfilments:
        assert redeemed_at[step.redemption_external_id] < step.occurred_at < NOW
        by_redemption.setdefault(step.redemption_external_id, []).append(step.status)
    paths = Counter(tuple(statuses) for statuses in by_redemption.values())

    assert set(paths) <= {("confirmed",), ("confirmed", "shipped"), ("confirmed", "shipped", "delivered"),
                          ("cancelled",), ("confirmed", "cancelled")}
    assert paths[("confirmed", "shipped", "delivered")] > 50
    assert 1 <= paths[("cancelled",)] + paths[("confirmed", "cancelled")] <= 25
    assert all(note.startswith("InPost ") for f in demo.fulfilments if f.status == "shipped"
               for note in [f.note or ""])


def test_the_cinema_sends_200_distinct_codes(demo: DemoData) -> None:
    assert len(demo.partner_codes) == len(set(demo.partner_codes)) == 200
    assert all(re.fullmatch(r"CINEMA-[A-Z2-9]{4}-[A-Z2-9]{4}", code) for code in demo.partner_codes)


def test_rule_points_mirror_the_demo_rules() -> None:
    assert programme.rule_points(4_599, local_weekday=1) == 45
    assert programme.rule_points(4_599, local_weekday=2) == 90  # double on Tuesdays
    assert programme.rule_points(15_001, local_weekday=3) == 150 + 50  # over 150 PLN
    assert programme.rule_points(15_000, local_weekday=2) == 300


def test_tier_levels_need_one_threshold_per_level_above_the_base() -> None:
    levels = programme.tier_levels((300, 1500, 4000))

    assert [(level["code"], level["rank"], level["threshold"], level["benefits"]["earn_multiplier"])
            for level in levels] == [("member", 0, 0, "1"), ("silver", 1, 300, "1.1"), ("gold", 2, 1500, "1.25"),
                                     ("platinum", 3, 4000, "1.5")]
    with pytest.raises(ValueError, match="3 thresholds are needed"):
        programme.tier_levels((300, 1500))
