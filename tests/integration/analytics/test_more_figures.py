"""The dashboard's remaining figures against small hand-made programs, on both databases: tier
distribution and movement, the referral funnel, voucher use, cohort retention cell by cell, and
the campaign results the dashboard page shows (the campaigns domain's own computation)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from loyalty.analytics import kpis, warehouse
from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.journeys import service as journeys
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate
from tests.factories import campaigns as campaign_factory
from tests.factories import journeys as journey_factory
from tests.factories.clock import at
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.referrals import buy, make_referee, refund, set_referral_program
from tests.factories.staff import make_staff_user, page_client, page_settings, sign_in_staff
from tests.factories.tiers import assign, make_levels, tier_of
from tests.factories.vouchers import basket, make_campaign, make_codes, redeem, rollback


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = page_settings()
    settings.analytics.path = str(tmp_path / "analytics.duckdb")
    settings.analytics.sync_overlap_seconds = 0
    return settings


def figures(database: Database, settings: Settings, program: Program, *, now: datetime | None = None,
            days: int = 30) -> dict[str, Any]:
    warehouse.sync(database, settings)
    with warehouse.reader(settings, database) as con:
        return kpis.dashboard(con, program_id=program.id, zone=program.timezone, unit="points",
                              point_value=program.point_value, days=days, now=now or clock.now())


def ago(days: float) -> datetime:
    return clock.now() - timedelta(days=days)


def test_tier_distribution_and_movement(database: Database, settings: Settings) -> None:
    program = make_program(database)
    make_levels(database, program)  # member 0, silver 1, gold 2, platinum 3
    ann, ben, cat, dan = (make_member(database, program) for _ in range(4))
    moves: list[tuple[int, str, datetime]] = [  # who, to which tier, when: the test's own record
        (ann.id, "silver", ago(100)), (ben.id, "gold", ago(100)), (cat.id, "gold", ago(100)),
        (cat.id, "silver", ago(40)),                                  # previous period: down
        (ann.id, "gold", ago(3)), (ben.id, "silver", ago(2)),          # this period: up, down
        (dan.id, "silver", ago(20)), (dan.id, "platinum", ago(1)),     # this period: two ups, the last counts
    ]
    for member_id, code, when in moves:
        with at(when):
            assign(database, program, member_id, tier_code=code)

    data = figures(database, settings, program)["tiers"]

    members = (ann, ben, cat, dan)
    held = Counter(tier_of(database, program, member.id) for member in members)
    assert {row["code"]: row["members"] for row in data["distribution"]} == {
        code: held.get(code, 0) for code in ("member", "silver", "gold", "platinum")}
    assert [row["code"] for row in data["distribution"]] == ["member", "silver", "gold", "platinum"]
    rank = {"member": 0, "silver": 1, "gold": 2, "platinum": 3}
    # each member's latest move, and the tier before it, from the list above
    latest: dict[int, tuple[str, str, datetime]] = {}
    before: dict[int, str] = {}
    for member_id, code, when in moves:
        if member_id in before:
            latest[member_id] = (before[member_id], code, when)
        before[member_id] = code
    start = clock.now() - timedelta(days=29)  # about the period's first day (no move near the edges)
    expected = {"upgrades": {"current": 0, "previous": 0}, "downgrades": {"current": 0, "previous": 0}}
    for old, new, when in latest.values():
        if when < start - timedelta(days=30):
            continue
        kind = "upgrades" if rank[new] > rank[old] else "downgrades"
        expected[kind]["current" if when >= start else "previous"] += 1
    assert {"upgrades": data["upgrades"], "downgrades": data["downgrades"]} == expected
    assert expected == {"upgrades": {"current": 2, "previous": 0}, "downgrades": {"current": 1, "previous": 1}}


def test_the_referral_funnel(database: Database, settings: Settings) -> None:
    program = make_program(database)
    set_referral_program(database, program, min_total=5000)
    referrer = make_member(database, program)
    code = referrer.referral_code
    # (signed up days ago, bought enough?, refunded after?)
    story = [(2, True, False), (3, False, False), (5, True, True), (40, True, False), (45, False, False),
             (70, True, False)]  # the last: before both periods
    for days, qualifies, refunded in story:
        with at(ago(days)):
            referee = make_referee(database, program, code=code)
            if qualifies:
                purchase = buy(database, program, referee.id, 6000)
                if refunded:
                    refund(database, program, purchase, 6000)

    funnel = figures(database, settings, program)["referrals"]

    def count(period: str, test: Any) -> int:
        return sum(1 for days, qualifies, refunded in story
                   if (days < 29 if period == "current" else 30 <= days < 59) and test(qualifies, refunded))
    for period in ("current", "previous"):
        assert funnel["signed_up"][period] == count(period, lambda q, r: True)
        assert funnel["qualified"][period] == count(period, lambda q, r: q)
        assert funnel["rewarded"][period] == count(period, lambda q, r: q)
        assert funnel["reversed"][period] == count(period, lambda q, r: r)
    assert (funnel["signed_up"]["current"], funnel["qualified"]["current"], funnel["reversed"]["current"]) == (3, 2, 1)


def test_voucher_use_by_campaign(database: Database, settings: Settings) -> None:
    program = make_program(database)
    fixed = make_campaign(database, program, name="Five off", amount=500)
    percent = make_campaign(database, program, name="Tenth off", kind="percent", percent="10")
    fixed_codes = make_codes(database, program, fixed.id, count=4)
    percent_codes = make_codes(database, program, percent.id, count=2)
    used: list[tuple[int, int, float, bool]] = []  # campaign, discount, days ago, rolled back
    plan = [(fixed_codes[0], 3000, 1, False), (fixed_codes[1], 4000, 2, True), (fixed_codes[2], 2000, 40, False),
            (percent_codes[0], 8000, 3, False), (percent_codes[1], 12000, 4, False)]
    for number, (code, total, days, undo) in enumerate(plan):
        with at(ago(days)):
            applied = redeem(database, program, [code], basket(total=total), order_ref=f"O-{number}")[0]
            if undo:
                rollback(database, program, applied.redemption_id)
        used.append((applied.campaign_id, applied.discount_minor, days, undo))

    data = figures(database, settings, program)["vouchers"]

    kept = [row for row in used if not row[3]]
    current = [row for row in kept if row[2] < 29]
    previous = [row for row in kept if 30 <= row[2] < 59]
    assert data["redemptions"] == {"current": len(current), "previous": len(previous)}
    assert data["discount_minor"] == {"current": sum(r[1] for r in current), "previous": sum(r[1] for r in previous)}
    by_campaign = Counter(r[0] for r in current)
    assert [(top["campaign_id"], top["redemptions"], top["discount_minor"]) for top in data["top"]] == [
        (cid, n, sum(r[1] for r in current if r[0] == cid)) for cid, n in sorted(by_campaign.items(),
                                                                                key=lambda item: (-item[1], item[0]))]
    assert data["discount_minor"]["current"] == 500 + 800 + 1200 and data["top"][0]["name"] == "Tenth off"


def sell(database: Database, program: Program, member_id: int, when: datetime) -> None:
    data = PurchaseCreate.model_validate({"member": {"id": member_id}, "occurred_at": when, "total": 1000})
    with unit_of_work(database) as session:
        purchases.record_purchase(session=session, program=program, data=data, actor="test")


def test_cohort_retention_cell_by_cell(database: Database, settings: Settings) -> None:
    program = make_program(database, timezone="UTC")
    now = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)  # the dashboard's today; every record lies before it

    def day(month: int, dom: int) -> datetime:
        return datetime(2026, month, dom, 10, 0, tzinfo=UTC)
    enrolled = {"ann": day(4, 10), "ben": day(4, 20), "cat": day(4, 28), "dan": day(5, 5), "eve": day(5, 30),
                "fay": day(6, 2)}
    bought = {"ann": [day(4, 11), day(4, 12), day(5, 1)], "ben": [day(6, 1)], "cat": [],
              "dan": [day(5, 6), day(6, 10)], "eve": [], "fay": [day(6, 3)]}
    ids = {name: make_member(database, program, enrolled_at=when.isoformat()).id for name, when in enrolled.items()}
    for name, moments in bought.items():
        for moment in moments:
            sell(database, program, ids[name], moment)

    rows = {row["month"]: row for row in figures(database, settings, program, now=now)["cohorts"]}

    # by hand: of each month's new members, who bought in that month (M0) and each month after
    assert rows == {
        "2026-04": {"month": "2026-04", "members": 3, "buyers": [1, 1, 1], "retention": [1 / 3, 1 / 3, 1 / 3]},
        "2026-05": {"month": "2026-05", "members": 2, "buyers": [1, 1], "retention": [1 / 2, 1 / 2]},
        "2026-06": {"month": "2026-06", "members": 1, "buyers": [1], "retention": [1.0]},
    }


def test_the_dashboard_shows_the_campaigns_measured_results(database: Database, settings: Settings) -> None:
    program = make_program(database)
    members = [make_member(database, program) for _ in range(6)]
    campaign = campaign_factory.make_campaign(database, program, name="Spring bonus", target="list",
                                              members=[{"id": m.id} for m in members])
    campaign_factory.launch(database, program, campaign.id)
    campaign_factory.work_through(database, campaign.id)
    for member in members[:3]:
        buy(database, program, member.id, 2500)
    expected = campaign_factory.results(database, program, campaign.id)
    browser: TestClient = page_client(database, settings)
    sign_in_staff(browser, make_staff_user(database, program, "analyst"))
    warehouse.sync(database, settings)

    page = browser.get("/admin")

    assert page.status_code == 200
    row = re.search(rf'<tr id="a-campaign-{campaign.id}">(.*?)</tr>', page.text, re.S)
    assert row is not None, "the campaign's results are not on the dashboard"
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row[1], re.S)]
    target, control = expected.target, expected.control
    assert cells[0] == "Spring bonus"
    assert cells[1] == f"{target.members} / {control.members}"
    assert cells[2] == f"{target.conversion_rate * 100:.1f} % / {control.conversion_rate * 100:.1f} %"
    assert target.members + control.members == 6 and target.converted + control.converted == 3


def test_the_dashboard_shows_the_journeys_measured_results(database: Database, settings: Settings) -> None:
    program = make_program(database)
    journey = journey_factory.make_journey(database, program, {
        "entry": {"type": "api"}, "goal": {"event_type": "purchase.recorded", "window": {"days": 14}},
        "holdout": {"share": 0.5}, "start": "tag", "steps": [{"id": "tag", "type": "tag", "tag": "welcomed"}]},
        name="Welcome back")
    members = [make_member(database, program) for _ in range(8)]
    with unit_of_work(database) as session:
        for member in members:
            journeys.enrol(session=session, program=program, journey_id=journey.id, member_id=member.id,
                           payload={}, actor="test")
    for number, member in enumerate(members[:4], start=1):
        journey_factory.happen(database, program, member.id, "purchase.recorded",
                               {"purchase_id": number, "total": 2000 * number})
    with unit_of_work(database, read_only=True) as session:
        expected = journeys.results(session=session, program=program, journey_id=journey.id)
    browser: TestClient = page_client(database, settings)
    sign_in_staff(browser, make_staff_user(database, program, "analyst"))
    warehouse.sync(database, settings)

    page = browser.get("/admin")

    assert page.status_code == 200
    row = re.search(rf'<tr id="a-journey-{journey.id}">(.*?)</tr>', page.text, re.S)
    assert row is not None, "the journey's results are not on the dashboard"
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row[1], re.S)]
    target, control = expected.target, expected.control
    assert target.entered + control.entered == 8 and target.converted + control.converted == 4
    assert cells[0] == "Welcome back"
    assert cells[1] == f"{target.entered} / {control.entered}"
    assert cells[2] == f"{target.conversion_rate * 100:.1f} % / {control.conversion_rate * 100:.1f} %"
    assert len(cells) == 8
