"""refresh_program on both databases: lists stored ranked, offers chosen, replaced per run, read by rank."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.recommendations import domain, repository, service
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.recommendations import add_baskets
from tests.factories.rewards import make_coupon_campaign, make_reward
from tests.factories.vouchers import make_codes, publish

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
TEA, HONEY, MILK = ("TEA-01", "tea"), ("HON-01", "pantry"), ("MLK-01", "dairy")
COFFEE, CROISSANT, RAZOR = ("COF-01", "coffee"), ("BAK-CRO", "bakery"), ("RAZ-01", "care")


def _shop(database: Database, program: Program) -> dict[str, int]:
    """Tea drinkers buy honey, coffee drinkers croissants; `tea_newcomer` has tea and milk only,
    `just_razor` just bought a razor (nobody buys one twice), `nothing` never bought."""
    ids: dict[str, int] = {}
    baskets = []
    for number in range(4):
        tea = ids[f"tea{number}"] = make_member(database, program).id
        coffee = ids[f"coffee{number}"] = make_member(database, program).id
        for week in range(3):
            day = NOW - timedelta(days=30 + 7 * week + number)
            baskets += [(tea, day, [TEA, HONEY, MILK]), (coffee, day, [COFFEE, CROISSANT, MILK])]
        baskets.append((coffee, NOW - timedelta(days=90 + number), [RAZOR]))
    ids["tea_newcomer"] = make_member(database, program).id
    baskets += [(ids["tea_newcomer"], NOW - timedelta(days=3), [TEA, MILK])]
    ids["just_razor"] = make_member(database, program).id
    baskets += [(ids["just_razor"], NOW - timedelta(days=1), [RAZOR, COFFEE]),
                (ids["just_razor"], NOW - timedelta(days=20), [COFFEE])]
    ids["nothing"] = make_member(database, program).id
    baskets.append((ids["tea_newcomer"], NOW + timedelta(days=1), [CROISSANT]))  # after the run's moment: unseen
    add_baskets(database, program.id, baskets)
    return ids


def _products(database: Database, program: Program, member_id: int) -> list[str]:
    with unit_of_work(database, read_only=True) as session:
        page = service.member_recommendations(session=session, program_id=program.id, member_id=member_id, limit=50)
    return [item.ref for item in page.items]


def test_lists_are_stored_ranked_and_follow_look_alike_customers(database: Database, program: Program) -> None:
    ids = _shop(database, program)
    with unit_of_work(database) as session:
        run = service.refresh_program(session, program.id, NOW)
    assert run.members == 10 and run.members_personal >= 2
    newcomer = _products(database, program, ids["tea_newcomer"])
    assert newcomer[0] == HONEY[0]
    assert _products(database, program, ids["just_razor"])[0] == CROISSANT[0]
    assert RAZOR[0] not in _products(database, program, ids["just_razor"])     # bought, never bought again
    assert COFFEE[0] in _products(database, program, ids["coffee0"])           # coffee comes back
    assert _products(database, program, ids["nothing"]) == []
    with unit_of_work(database, read_only=True) as session:
        first = service.member_recommendations(session=session, program_id=program.id,
                                               member_id=ids["tea_newcomer"], limit=2)
        second = service.member_recommendations(session=session, program_id=program.id,
                                                member_id=ids["tea_newcomer"], after_rank=first.next_key, limit=50)
        batch = service.products_for_members(session=session, program_id=program.id,
                                             member_ids=[ids["tea_newcomer"], ids["nothing"]], limit=1)
    assert [item.rank for item in first.items] == [1, 2] and second.items[0].rank == 3
    assert [item.ref for item in first.items + second.items] == newcomer
    assert first.items[0].name == f"Product {HONEY[0]}" and first.items[0].category == HONEY[1]
    assert [item.ref for item in batch[ids["tea_newcomer"]]] == [HONEY[0]] and batch[ids["nothing"]] == []


def test_the_history_carries_each_products_latest_receipt_and_the_same_before_the_validation_weeks(
        database: Database, program: Program) -> None:
    ids = _shop(database, program)
    with unit_of_work(database, read_only=True) as session:
        rows = {(row.member_id, row.sku): row
                for row in repository.purchase_history(session, program.id, NOW, NOW - timedelta(days=35))}
    tea = rows[(ids["tea0"], TEA[0])]                 # on receipts 30, 37 and 44 days ago
    assert (tea.receipts, tea.last_at, tea.receipts_before, tea.last_before) == \
        (3, NOW - timedelta(days=30), 2, NOW - timedelta(days=37))
    coffee = rows[(ids["just_razor"], COFFEE[0])]     # 20 days and 1 day ago: none before the cut-off
    assert (coffee.receipts, coffee.last_at, coffee.receipts_before, coffee.last_before) == \
        (2, NOW - timedelta(days=1), 0, None)


def test_a_product_many_took_up_this_week_leads_the_lists_when_the_blend_is_on(database: Database,
                                                                              program: Program) -> None:
    ids = _shop(database, program)
    seasonal = ("SEA-01", "seasonal")
    add_baskets(database, program.id, [(make_member(database, program).id, NOW - timedelta(days=day), [seasonal])
                                       for day in range(1, 6)])
    with unit_of_work(database) as session:
        service.refresh_program(session, program.id, NOW)   # too few members to judge a blend on: none
    assert _products(database, program, ids["tea_newcomer"])[0] == HONEY[0]
    blended = domain.Settings(trending_weights=(), trending_weight=0.8)
    with unit_of_work(database) as session:
        service.refresh_program(session, program.id, NOW, settings=blended)
    with unit_of_work(database, read_only=True) as session:
        page = service.member_recommendations(session=session, program_id=program.id,
                                              member_id=ids["tea_newcomer"], limit=50)
    found = [(item.ref, item.source) for item in page.items]
    assert found[0] == (seasonal[0], "popular") and (HONEY[0], "similar") in found


def test_offers_rank_coupons_the_member_holds_and_rewards_about_what_they_like(database: Database,
                                                                               program: Program) -> None:
    ids = _shop(database, program)
    campaign = make_coupon_campaign(database, program, codes=0, sku=CROISSANT[0])
    croissant_reward = make_reward(database, program, kind="coupon", voucher_campaign_id=campaign.id,
                                   names={program.locale: "Free croissant"}, points_price=300)
    mug = make_reward(database, program, names={program.locale: "Mug"})
    held = make_coupon_campaign(database, program, codes=0, sku=HONEY[0])
    make_codes(database, program, held.id, count=1)
    publish(database, program, held.id, [ids["tea_newcomer"]])
    with unit_of_work(database) as session:
        service.refresh_program(session, program.id, NOW)
        tea = service.member_recommendations(session=session, program_id=program.id, member_id=ids["tea_newcomer"],
                                             shelf="offers", limit=10).items
        coffee = service.member_recommendations(session=session, program_id=program.id, member_id=ids["coffee1"],
                                                shelf="offers", limit=10).items
        till = service.offer_to_mention(session=session, program_id=program.id, member_id=ids["coffee1"])
    assert (tea[0].kind, tea[0].ref) == ("coupon", str(held.id))              # honey: what tea drinkers buy
    assert [(item.kind, item.ref) for item in coffee] == [("reward", str(croissant_reward.id)),
                                                          ("reward", str(mug.id))]  # not the coupon they lack
    assert till is not None and till.name == "Free croissant" and till.source == "similar"


def test_a_new_run_replaces_the_lists_and_leaves_other_programs_alone(database: Database, program: Program) -> None:
    other = make_program(database)
    ids = _shop(database, program)
    stranger = make_member(database, other).id
    add_baskets(database, other.id, [(stranger, NOW - timedelta(days=2), [TEA]),
                                     (stranger, NOW - timedelta(days=1), [TEA, MILK])])
    with unit_of_work(database) as session:
        service.refresh_program(session, other.id, NOW)
        service.refresh_program(session, program.id, NOW)
    before = _products(database, program, ids["tea0"])
    add_baskets(database, program.id, [(ids["tea0"], NOW + timedelta(hours=1), [CROISSANT, COFFEE])])
    with unit_of_work(database) as session:
        service.refresh_program(session, program.id, NOW + timedelta(days=1))
        run = service.latest_run(session=session, program_id=program.id)
    after = _products(database, program, ids["tea0"])
    assert after != before and len(after) == len(set(after))
    assert run is not None and run.computed_at == NOW + timedelta(days=1)
    assert _products(database, other, stranger) != []
    assert _products(database, program, stranger) == []


def test_a_tier_reward_is_offered_only_to_members_of_its_tiers(database: Database, program: Program) -> None:
    from tests.factories.tiers import assign, make_levels

    make_levels(database, program)
    ids = _shop(database, program)
    assign(database, program, ids["coffee2"], tier_code="gold")
    lounge = make_reward(database, program, names={program.locale: "Gold lounge"}, eligible_tiers=["gold"])
    base = make_reward(database, program, names={program.locale: "For the base level"}, eligible_tiers=["member"])
    with unit_of_work(database) as session:
        service.refresh_program(session, program.id, NOW)
        offers = {name: {item.ref for item in service.member_recommendations(
            session=session, program_id=program.id, member_id=ids[name], shelf="offers", limit=10).items}
            for name in ("coffee2", "coffee1")}
    assert str(lounge.id) in offers["coffee2"] and str(lounge.id) not in offers["coffee1"]
    assert str(base.id) in offers["coffee1"] and str(base.id) not in offers["coffee2"]  # no row: the base level


def test_an_open_challenge_about_what_a_member_likes_is_among_their_offers(database: Database,
                                                                          program: Program) -> None:
    from loyalty.gamification import service as gamification
    from loyalty.worker.tasks_recommendations import refresh_program
    from tests.factories.gamification import make_challenge

    ids = _shop(database, program)
    window = {"starts_at": (NOW - timedelta(days=1)).isoformat(),
              "ends_at": (clock.now() + timedelta(days=30)).isoformat()}
    coffee = {"any_line": {"field": "line.category", "op": "eq", "value": "coffee"}}
    tea = {"any_line": {"field": "line.category", "op": "in", "value": ["tea"]}}
    coffee_week = make_challenge(database, program, name="Coffee week", measure="purchase_count", goal=3,
                                 condition=coffee, **window)
    tea_time = make_challenge(database, program, name="Tea time", measure="purchase_count", goal=3,
                              condition=tea, **window)
    with unit_of_work(database) as session:
        refresh_program(session, program.id, NOW)
        for_coffee = service.member_recommendations(session=session, program_id=program.id,
                                                    member_id=ids["coffee1"], shelf="offers", limit=10,
                                                    open_challenges=gamification.challenges_open_to).items
        for_tea = service.member_recommendations(session=session, program_id=program.id, member_id=ids["tea1"],
                                                 shelf="offers", limit=10,
                                                 open_challenges=gamification.challenges_open_to).items
    assert (for_coffee[0].kind, for_coffee[0].ref, for_coffee[0].source) == ("challenge", str(coffee_week.id),
                                                                             "similar")
    assert (for_tea[0].kind, for_tea[0].ref, for_tea[0].source) == ("challenge", str(tea_time.id), "similar")
