"""The demo loader replays a generated history through the real services."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.demo import journeys as demo_journeys
from loyalty.demo import programme
from loyalty.demo.generator import DemoData, generate
from loyalty.demo.loader import (
    DEMO_LOADED,
    DEMO_PROGRAM_NAME,
    LoadReport,
    codes_needed,
    demo_rules,
    is_loaded,
    load,
    operation_count,
)
from loyalty.events.models import Event
from loyalty.journeys import service as journeys
from loyalty.kernel import clock
from loyalty.ledger import service as ledger
from loyalty.members.models import Member
from loyalty.messaging import service as messaging
from loyalty.programs.models import Program
from loyalty.purchases.models import Purchase, PurchaseAward
from loyalty.referrals.models import Referral
from loyalty.rewards import service as rewards
from loyalty.rewards.models import Redemption
from loyalty.rules.models import EarningRule
from loyalty.tiers import service as tiers
from loyalty.vouchers import service as vouchers
from loyalty.vouchers.models import VoucherRedemption
from tests.conftest import BACKENDS, fresh_database

MEMBERS = 70
PURCHASES = 800
# A fixed "now" makes the history, and so every count below, the same on every run.
NOW = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture(scope="module")
def data() -> DemoData:
    return generate(members=MEMBERS, purchases=PURCHASES, seed=38, now=NOW)


@pytest.fixture(scope="module")
def loaded(database: Database, data: DemoData) -> tuple[LoadReport, list[int]]:
    progress: list[int] = []
    report = load(database, data, batch_size=400, on_progress=progress.append)
    return report, progress


@pytest.fixture
def program(database: Database, loaded: tuple[LoadReport, list[int]]) -> Program:
    with unit_of_work(database, read_only=True) as session:
        found = session.get(Program, loaded[0].program_id)
        assert found is not None
        session.expunge(found)
        return found


def test_everything_is_recorded_once_with_progress_reported(database: Database, data: DemoData,
                                                              loaded: tuple[LoadReport, list[int]]) -> None:
    report, progress = loaded
    with unit_of_work(database, read_only=True) as session:
        program = session.get(Program, report.program_id)
        assert program is not None and program.name == DEMO_PROGRAM_NAME
        assert (program.currency, program.timezone, program.units, program.pending_days) == (
            "PLN", "Europe/Warsaw", ["points", "stamps", "cashback"], 14)
        counts = [session.scalar(select(func.count()).select_from(model).where(model.program_id == program.id))
                  for model in (Member, Purchase, EarningRule)]
        assert counts == [MEMBERS, PURCHASES, len(demo_rules())]
        refunded = session.scalars(select(Purchase).where(Purchase.program_id == program.id,
                                                          Purchase.refunded_minor > 0)).all()
    assert {p.external_id: p.refunded_minor for p in refunded} == {
        r.purchase_external_id: r.amount_minor for r in data.refunds}
    assert sum(progress) == operation_count(data) and max(progress) <= 400
    assert (report.members, report.purchases, report.refunds) == (MEMBERS, PURCHASES, len(data.refunds))


def test_history_happens_at_its_own_time_and_the_clock_comes_back(database: Database, data: DemoData,
                                                                  loaded: tuple[LoadReport, list[int]]) -> None:
    report, _ = loaded
    first = data.members[0]
    with unit_of_work(database, read_only=True) as session:
        member_id = session.scalar(select(Member.id).where(Member.program_id == report.program_id,
                                                          Member.external_id == first.external_id))
        enrolled = session.scalars(select(Event).where(Event.member_id == member_id,
                                                       Event.type == "member.enrolled")).one()
    assert enrolled.occurred_at == enrolled.recorded_at == first.enrolled_at
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)


def test_rules_earn_points_stamps_and_tuesday_doubles(database: Database, program: Program) -> None:
    with unit_of_work(database, read_only=True) as session:
        rule_ids = {rule.name: rule.id for rule in session.scalars(
            select(EarningRule).where(EarningRule.program_id == program.id))}
        awarded_rules = set(session.scalars(select(PurchaseAward.rule_id).where(
            PurchaseAward.program_id == program.id).distinct()))
        member_ids = session.scalars(select(Member.id).where(Member.program_id == program.id)).all()
        units = [b for m in member_ids for b in ledger.balances(session=session, program=program, member_id=m)]
    assert {rule_ids["1 point per 1 PLN"], rule_ids["A stamp per coffee"],
            rule_ids["Double points on Tuesdays"]} <= awarded_rules
    assert sum(b.earned for b in units if b.unit == "stamps") > 0
    # Welcome bonuses from more than a year ago have expired; the last two weeks are still pending.
    assert sum(b.expired for b in units if b.unit == "points") > 0
    assert sum(b.pending for b in units if b.unit == "points") > 0
    # Cashback is credited at once (earned, never pending nor adjusted); points and stamps may
    # owe after a refund of what earned them, cashback never does.
    cashback = [b for b in units if b.unit == "cashback"]
    assert sum(b.earned for b in cashback) == sum(b.available for b in cashback) > 0
    assert sum(b.adjusted + b.pending for b in cashback) == 0
    assert all(b.available >= 0 for b in cashback)


def test_the_generator_estimates_the_points_of_every_receipt_as_the_rules_give_them(
        database: Database, program: Program) -> None:
    with unit_of_work(database, read_only=True) as session:
        rule_points = dict(session.execute(
            select(PurchaseAward.purchase_id, func.sum(PurchaseAward.points)).where(
                PurchaseAward.program_id == program.id, PurchaseAward.unit == "points",
                PurchaseAward.source == "rule").group_by(PurchaseAward.purchase_id)).all())
        receipts = session.execute(select(Purchase.id, Purchase.total_minor, Purchase.occurred_at).where(
            Purchase.program_id == program.id, Purchase.member_id.is_not(None))).all()
    assert len(receipts) > PURCHASES // 2
    for purchase_id, total, occurred in receipts:
        assert rule_points.get(purchase_id, 0) == programme.rule_points(total, occurred.astimezone(WARSAW).isoweekday())


def test_the_catalogue_has_rewards_of_every_kind_one_cinema_code_pool_and_two_causes(
        database: Database, program: Program, data: DemoData) -> None:
    with unit_of_work(database, read_only=True) as session:
        catalogue = rewards.list_rewards(session=session, program_id=program.id).items
        reads = rewards.reward_reads(session=session, program=program, rewards=catalogue)
        (pool,) = [rewards.code_pool_read(p)
                   for p in rewards.list_code_pools(session=session, program_id=program.id).items]
        causes = rewards.list_causes(session=session, program_id=program.id).items
    by_name = {reward.names["en"]: reward for reward in reads}

    assert len(reads) >= 12
    assert {reward.kind for reward in reads} == {"physical", "e_voucher", "coupon", "cashback", "donation",
                                                 "stamp_card"}
    assert all(set(reward.names) == set(reward.descriptions) == {"pl", "en"} for reward in reads)
    assert by_name["Pour-over brewing kit"].eligible_tiers == ["platinum"]
    assert by_name["Hand coffee grinder"].stock is not None and by_name["Hand coffee grinder"].stock <= 5
    assert by_name["Hand coffee grinder"].money_price == 4900
    assert by_name["Cinema ticket"].code_pool_id == pool.id
    assert (by_name["Every 10th coffee free"].points_price, by_name["Every 10th coffee free"].unit) == (10, "stamps")
    assert by_name["Cashback"].cashback_rate == 1
    assert (pool.name, pool.codes_total, pool.low_threshold) == ("Cinema City tickets", 200, 20)
    assert pool.codes_used == by_name["Cinema ticket"].redeemed_count
    assert sorted(cause.name for cause in causes) == ["Sadzimy drzewa / Plant trees",
                                                      "Schronisko dla zwierząt / Animal shelter"]
    assert sum(cause.points_total for cause in causes) == sum(
        r.points for r in rewards_redeemed(database, program) if r.kind == "donation")


def rewards_redeemed(database: Database, program: Program) -> list[Redemption]:
    with unit_of_work(database, read_only=True) as session:
        found = list(session.scalars(select(Redemption).where(Redemption.program_id == program.id)))
        session.expunge_all()
        return found


def test_voucher_campaigns_hold_codes_and_the_christmas_codes_were_mailed_and_used(
        database: Database, program: Program, data: DemoData, loaded: tuple[LoadReport, list[int]]) -> None:
    report, _ = loaded
    (mailing,) = data.mailings
    with unit_of_work(database, read_only=True) as session:
        campaigns = {c.name: c for c in vouchers.campaign_reads(
            session=session, program=program, campaigns=vouchers.list_campaigns(session=session,
                                                                                program_id=program.id).items)}
        used = Counter(session.scalars(select(VoucherRedemption.campaign_id).where(
            VoucherRedemption.program_id == program.id, VoucherRedemption.status == "redeemed")))
    xmas = campaigns["Christmas: 15% off baskets over 100 PLN"]

    assert len(campaigns) == 5 + len(demo_journeys.CAMPAIGNS)  # the journeys' accessories and birthday coupons
    assert (xmas.kind, xmas.percent, xmas.max_discount) == ("percent", 15, 5000)
    assert xmas.starts_at is not None and xmas.starts_at.astimezone(WARSAW).strftime("%m-%d %H:%M") == "12-01 00:00"
    assert (xmas.codes, xmas.codes_published) == (codes_needed(data, "xmas"), len(mailing.member_indexes))
    assert used[xmas.id] == sum(1 for p in data.purchases if p.vouchers) > 0
    assert all(campaign.codes >= campaign.codes_published for campaign in campaigns.values())
    stamp_card = campaigns["Stamp card: a free cappuccino"]
    assert stamp_card.codes_published == report.stamp_cards_filled > 0
    assert used[stamp_card.id] > 0
    assert report.coupons_used == sum(used.values())


def test_members_spread_over_the_base_and_three_tiers_about_as_planned(database: Database, program: Program,
                                                                       data: DemoData) -> None:
    with unit_of_work(database, read_only=True) as session:
        levels = tiers.list_levels(session=session, program_id=program.id).items
        policy = tiers.get_policy(session=session, program_id=program.id)
        buyers = session.scalars(select(Member.id).join(Purchase, Purchase.member_id == Member.id)
                                 .where(Purchase.program_id == program.id).distinct()).all()
        placed = Counter(tiers.member_tier_code(session=session, program_id=program.id, member_id=member_id)
                         for member_id in buyers)
    shares = [placed[level.code] / len(buyers) for level in levels]

    assert [(level.code, level.threshold, str(level.benefits.earn_multiplier)) for level in levels] == [
        ("member", 0, "1"), ("silver", data.tier_thresholds[0], "1.1"), ("gold", data.tier_thresholds[1], "1.25"),
        ("platinum", data.tier_thresholds[2], "1.5")]
    assert (policy.measure, policy.window.kind, policy.grace_days) == ("points_earned", "rolling", 30)
    assert all(placed[level.code] > 0 for level in levels)
    # About 60/25/10/5%: fifty-odd buyers leave some room either way.
    assert shares == pytest.approx([0.60, 0.25, 0.10, 0.05], abs=0.08)


def test_friends_joined_with_referral_codes_and_those_who_bought_enough_soon_were_rewarded(
        database: Database, program: Program, data: DemoData, loaded: tuple[LoadReport, list[int]]) -> None:
    report, _ = loaded
    with unit_of_work(database, read_only=True) as session:
        referrals = list(session.scalars(select(Referral).where(Referral.program_id == program.id)))
        external_ids = dict(session.execute(select(Member.id, Member.external_id).where(
            Member.program_id == program.id)).all())
    invited = {member.external_id: data.members[member.referrer_index].external_id
               for member in data.members if member.referrer_index is not None}
    rewarded = [r for r in referrals if r.status == "rewarded"]

    assert report.referrals_linked == len(referrals) == len(invited) > 0
    assert {external_ids[r.referee_id]: external_ids[r.referrer_id] for r in referrals} == invited
    assert rewarded and all((r.referrer_points, r.referee_points) == (500, 250) for r in rewarded)
    assert all(r.qualifying_total_minor is not None and r.qualifying_total_minor >= 5000 for r in rewarded)


def test_members_redeemed_rewards_and_parcels_went_through_their_statuses(
        database: Database, program: Program, data: DemoData, loaded: tuple[LoadReport, list[int]]) -> None:
    report, _ = loaded
    redeemed = rewards_redeemed(database, program)
    by_hand = [r for r in redeemed if r.kind != "stamp_card"]
    with unit_of_work(database, read_only=True) as session:
        member_ids = dict(session.execute(select(Member.external_id, Member.id).where(
            Member.program_id == program.id)).all())
    last_step = {step.redemption_external_id: step.status for step in data.fulfilments}
    by_moment = {(r.member_id, r.created_at): r for r in by_hand}
    parcels = [(found, spec) for spec in data.redemptions
               if (found := by_moment.get((member_ids[data.members[spec.member_index].external_id], spec.occurred_at)))
               is not None and found.kind == "physical"]
    planned = [(last_step.get(spec.external_id, "requested"), spec.delivery_address.city if spec.delivery_address
                else None) for _, spec in parcels]

    assert report.redemptions == len(by_hand) > 0
    assert {r.kind for r in by_hand} == {"physical", "e_voucher", "coupon", "cashback", "donation"}
    assert report.redemptions_refused <= max(2, len(data.redemptions) // 10)
    assert [(found.status, (found.delivery_address or {}).get("city")) for found, _ in parcels] == planned
    # A cancelled parcel gave its points back; the warehouse cancelled at least one.
    assert [found.return_transaction_id is not None for found, _ in parcels] == [
        status == "cancelled" for status, _ in planned]
    assert "cancelled" in {status for status, _ in planned}
    assert report.status_changes == sum(len(r.status_history) - 1 for r in by_hand)


def test_the_ledger_proves_its_invariants_after_loading(database: Database,
                                                        loaded: tuple[LoadReport, list[int]]) -> None:
    with unit_of_work(database, read_only=True) as session:
        verified = ledger.verify(session=session)

    assert verified.problems == [] and verified.transactions_checked > 0


def test_the_finished_load_is_marked_by_its_last_event(database: Database, data: DemoData,
                                                       loaded: tuple[LoadReport, list[int]]) -> None:
    report, _ = loaded
    with unit_of_work(database, read_only=True) as session:
        last = session.scalars(select(Event).where(Event.program_id == report.program_id)
                               .order_by(Event.id.desc()).limit(1)).one()
        marked = is_loaded(session, program_id=report.program_id)

    assert marked
    assert (last.type, last.member_id, last.actor) == (DEMO_LOADED, None, "demo")
    assert {name: last.payload[name] for name in ("members", "purchases", "refunds", "reviews")} == {
        "members": MEMBERS, "purchases": PURCHASES, "refunds": len(data.refunds), "reviews": len(data.reviews)}


class Stopped(Exception):
    """Stands for whatever ends a load part way: Ctrl+C, SIGTERM, an error."""


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_load_stopped_part_way_is_not_marked_loaded(backend: str, data: DemoData,
                                                      tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> None:
    def stop_after_the_first_batch(_done: int) -> None:
        raise Stopped

    with fresh_database(backend, tmp_path_factory, worker_id, label="demo_stopped") as stopped:
        with pytest.raises(Stopped):
            load(stopped, data, batch_size=400, on_progress=stop_after_the_first_batch)

        with unit_of_work(stopped, read_only=True) as session:
            program = session.scalars(select(Program)).one()
            enrolled = session.scalar(select(func.count()).select_from(Member).where(Member.program_id == program.id))
            marked = is_loaded(session, program_id=program.id)

    assert enrolled and not marked


def test_the_demo_journeys_are_active_with_their_templates(database: Database, program: Program,
                                                           loaded: tuple[LoadReport, list[int]]) -> None:
    with unit_of_work(database, read_only=True) as session:
        listed = journeys.journey_reads(session=session, journeys=journeys.list_journeys(
            session=session, program_id=program.id).items)
        templates = {template.key for template in messaging.list_templates(session=session,
                                                                           program_id=program.id).items}
    assert {journey.name: journey.status for journey in listed} == {
        name: "active" for name in demo_journeys.journey_graphs({"accessories": 1, "birthday": 2})}
    used = {step["template_key"] for journey in listed for step in journey.graph["steps"] if "template_key" in step}
    assert used <= templates


def test_the_demo_segments_are_computed_over_the_history(database: Database, program: Program) -> None:
    from loyalty.demo.segments import SEGMENTS
    from loyalty.segments import service as segments

    with unit_of_work(database) as session:
        found = {item.name: item for item in segments.list_segments(session=session, program=program).items}
        assert set(found) == {name for name, _description, _condition in SEGMENTS}
        for item in found.values():
            assert item.condition is not None
            assert segments.count(session=session, program=program, condition=item.condition).size == item.size
    assert found["Buying for themselves"].size > 0
    assert found["Gift buyers"].size == 0  # the history posts no gift orders: the live ones will fill it
def test_the_demo_shop_has_visits_that_make_a_funnel(database: Database, program: Program) -> None:
    from loyalty.browsing import service as browsing

    with unit_of_work(database, read_only=True) as session:
        funnel = browsing.funnel(session=session, program_id=program.id, by="source",
                                 start=NOW - timedelta(days=45), end=NOW)
        sources = {row.key for row in funnel.rows}
    # Members who bought online viewed their products first; anonymous visitors only browsed.
    assert sources == {"newsletter", "google", "instagram", "(direct)"}
    assert funnel.totals.viewers > funnel.totals.carted > funnel.totals.purchasers > 0


def test_the_demo_has_badges_earned_and_a_running_challenge_with_participants(database: Database,
                                                                              program: Program) -> None:
    from loyalty.gamification import service as gamification

    with unit_of_work(database, read_only=True) as session:
        badges = gamification.list_badges(session=session, program=program).items
        challenges = {item.name: item for item in gamification.list_challenges(session=session, program=program).items}
        visits = challenges["Three visits this month"]
        stats = gamification.challenge_stats(session=session, program=program, challenge_id=visits.id)
    assert len(badges) == 4 and sum(badge.earned for badge in badges) > 0
    assert visits.starts_at < NOW < visits.ends_at
    assert stats.participants > 0 and 0 <= stats.completed <= stats.participants
    assert "VIP month in the e-shop" in challenges


def test_every_demo_member_with_history_has_personal_offers(database: Database, program: Program) -> None:
    from loyalty.recommendations.models import MemberRecommendation

    with unit_of_work(database, read_only=True) as session:
        buyers = set(session.scalars(select(Purchase.member_id).where(
            Purchase.program_id == program.id, Purchase.member_id.is_not(None)).distinct()))
        listed = {shelf: set(session.scalars(select(MemberRecommendation.member_id).where(
            MemberRecommendation.program_id == program.id, MemberRecommendation.shelf == shelf).distinct()))
            for shelf in ("products", "offers")}
        sources = set(session.scalars(select(MemberRecommendation.source).where(
            MemberRecommendation.program_id == program.id, MemberRecommendation.shelf == "products").distinct()))
    assert buyers and listed["products"] == buyers and listed["offers"] == buyers
    assert sources == {"similar", "popular"}


def test_the_member_the_demo_offers_to_sign_in_as_has_a_history_to_show(database: Database,
                                                                        program: Program) -> None:
    from loyalty.demo.staff import demo_member_email
    from loyalty.recommendations.models import MemberRecommendation

    with unit_of_work(database, read_only=True) as session:
        email = demo_member_email(session, program_id=program.id)
        member = session.scalars(select(Member).where(Member.program_id == program.id, Member.email == email)).one()
        receipts = session.scalar(select(func.count()).select_from(Purchase).where(Purchase.member_id == member.id))
        most = session.scalar(select(func.count()).select_from(Purchase).where(
            Purchase.program_id == program.id, Purchase.member_id.is_not(None)).group_by(Purchase.member_id)
            .order_by(func.count().desc()).limit(1))
        offers = session.scalar(select(func.count()).select_from(MemberRecommendation).where(
            MemberRecommendation.member_id == member.id))
    assert member.status == "active" and receipts is not None and receipts == most and receipts >= 10 and offers


def test_the_demo_has_a_monthly_leaderboard_and_an_open_contest_with_entries(database: Database,
                                                                              program: Program) -> None:
    from loyalty.contests import service as contests
    from loyalty.leaderboards import service as leaderboards

    with unit_of_work(database, read_only=True) as session:
        board = leaderboards.list_boards(session=session, program=program).items[0]
        standings = leaderboards.standings(session=session, program=program, leaderboard_id=board.id,
                                           day=NOW.astimezone(WARSAW).date())
        contest = contests.list_contests(session=session, program=program).items[0]
        entries = contests.entries(session=session, program=program, contest_id=contest.id, limit=200).items
    assert (board.name, board.period, board.measure) == ("Points this month", "month", "points")
    assert len(standings.items) >= 3 and standings.items[0].score >= standings.items[-1].score > 0
    names = [row.name for row in standings.items]
    assert any(not name.startswith("Member #") for name in names) and any(name.startswith("Member #") for name in names)
    assert contest.closes_at > NOW and len(entries) > 5
    with unit_of_work(database, read_only=True) as session:
        [race] = [item for item in leaderboards.list_boards(session=session, program=program).items
                  if item.measure == "challenge"]
        raced = leaderboards.standings(session=session, program=program, leaderboard_id=race.id)
    assert race.name == "Three visits: the race" and race.challenge_id is not None
    assert raced.items and all(row.name.startswith("Member #") or "@" not in row.name for row in raced.items)
    assert [row.score for row in raced.items] == sorted((row.score for row in raced.items), reverse=True)
    assert all(entry.entries <= contest.max_entries_per_member for entry in entries)
