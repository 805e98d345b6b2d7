"""Every dashboard figure against a small hand-made program: the records go in through the
services, the sync copies them, and each KPI is compared with the same figure computed by
plain Python over the records the test itself made."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from loyalty.analytics import kpis, warehouse
from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.ledger import service as ledger
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate, RefundCreate
from tests.factories.ledger import give_points
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.rewards import make_reward, redeem


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = Settings()
    settings.analytics.path = str(tmp_path / "analytics.duckdb")
    settings.analytics.sync_overlap_seconds = 0
    return settings


def record(database: Database, program: Program, member_id: int | None, lines: list[tuple[str, int, int]], *,
           days_ago: float, channel: str = "pos", store: str | None = "WAW-01") -> dict[str, Any]:
    data = PurchaseCreate.model_validate({"member": {"id": member_id} if member_id else None, "channel": channel,
                                          "store": store, "occurred_at": clock.now() - timedelta(days=days_ago),
                                          "lines": [{"sku": f"SKU-{category}", "category": category,
                                                     "quantity": quantity, "unit_price": price}
                                                    for category, quantity, price in lines]})
    with unit_of_work(database) as session:
        outcome = purchases.record_purchase(session=session, program=program, data=data, actor="test")
    return {"id": int(outcome.body["purchase_id"]), "member": member_id, "channel": channel, "store": store,
            "days_ago": days_ago, "total": sum(q * p for _, q, p in lines), "items": sum(q for _, q, _ in lines),
            "refunded": 0}


def figures(database: Database, settings: Settings, program: Program, days: int = 30) -> dict[str, Any]:
    with warehouse.reader(settings, database) as con:
        return kpis.dashboard(con, program_id=program.id, zone=program.timezone, unit="points",
                              point_value=program.point_value, days=days, now=clock.now())


@pytest.fixture
def shop(database: Database) -> Iterator[dict[str, Any]]:
    program = make_program(database, expiry_policy={"kind": "months_after_earning", "months": 1}, point_value="0.02")
    ann = make_member(database, program, enrolled_at=(clock.now() - timedelta(days=5)).isoformat())
    ben = make_member(database, program, enrolled_at=(clock.now() - timedelta(days=40)).isoformat())
    cat = make_member(database, program, enrolled_at=(clock.now() - timedelta(days=100)).isoformat())
    receipts = [
        record(database, program, ann.id, [("coffee", 2, 1400)], days_ago=1),
        record(database, program, ann.id, [("bakery", 1, 900)], days_ago=2, channel="online", store=None),
        record(database, program, ben.id, [("coffee", 1, 5000)], days_ago=3, store="WAW-02"),
        record(database, program, ben.id, [("coffee", 2, 1000)], days_ago=35),
        record(database, program, None, [("coffee", 3, 1000)], days_ago=4),
        record(database, program, None, [("tea", 1, 700)], days_ago=33, store="WAW-02"),
    ]
    with unit_of_work(database) as session:
        purchases.refund_purchase(session=session, program=program, purchase_id=receipts[0]["id"], actor="test",
                                  data=RefundCreate(amount=500))
    receipts[0]["refunded"] = 500
    give_points(database, program, ann.id, 1000)
    give_points(database, program, ben.id, 300, occurred_at=clock.now() - timedelta(days=45))  # expires in between
    with unit_of_work(database) as session:
        ledger.run_due_jobs(session=session, program=program)
    reward = make_reward(database, program, points_price=400)
    redeem(database, program, ann.id, reward.id,
           delivery_address={"line1": "Prosta 1", "city": "Warszawa", "country": "PL"})
    yield {"program": program, "members": {"ann": ann, "ben": ben, "cat": cat}, "receipts": receipts,
           "reward": reward}


def test_every_dashboard_figure_matches_the_records(database: Database, settings: Settings,
                                                    shop: dict[str, Any]) -> None:
    program, receipts = shop["program"], shop["receipts"]
    warehouse.sync(database, settings)
    data = figures(database, settings, program)

    def period(receipt: dict[str, Any]) -> str:
        return "current" if receipt["days_ago"] < 29 else "previous"

    assert data["members_total"] == 3
    assert data["enrolments"] == {"current": 1, "previous": 1}
    got = data["receipts"]
    for key in ("current", "previous"):
        mine = [r for r in receipts if period(r) == key]
        members = [r for r in mine if r["member"]]
        anonymous = [r for r in mine if not r["member"]]
        buyers = {r["member"] for r in members}
        net = [r["total"] - r["refunded"] for r in members]
        assert got["member_receipts"][key] == len(members)
        assert got["anonymous_receipts"][key] == len(anonymous)
        assert got["active_members"][key] == len(buyers)
        assert got["revenue_minor"][key] == sum(r["total"] - r["refunded"] for r in mine)
        assert got["average_receipt_members_minor"][key] == pytest.approx(sum(net) / len(members))
        assert got["average_receipt_anonymous_minor"][key] == pytest.approx(
            sum(r["total"] for r in anonymous) / len(anonymous))
        assert got["items_per_receipt_members"][key] == pytest.approx(sum(r["items"] for r in members) / len(members))
        assert got["items_per_receipt_anonymous"][key] == pytest.approx(
            sum(r["items"] for r in anonymous) / len(anonymous))
        assert got["purchase_frequency"][key] == pytest.approx(len(members) / len(buyers))
        repeaters = [m for m in buyers if sum(1 for r in members if r["member"] == m) >= 2]
        assert got["repeat_purchase_rate"][key] == pytest.approx(len(repeaters) / len(buyers))
    # ann: 2 receipts, ben: 1 this period -> frequency 1.5, repeat rate 1/2
    assert got["purchase_frequency"]["current"] == 1.5 and got["repeat_purchase_rate"]["current"] == 0.5

    by_channel = {row["key"]: row["revenue_minor"] for row in data["revenue_by_channel"]}
    assert by_channel == {"pos": {"current": 2300 + 5000 + 3000, "previous": 2000 + 700},
                          "online": {"current": 900, "previous": 0}}
    by_store = {row["key"]: row["revenue_minor"]["current"] for row in data["revenue_by_store"]}
    assert by_store == {"WAW-01": 2300 + 3000, "WAW-02": 5000, "": 900}
    assert sum(data["daily"]["revenue_minor"]["current"]) == got["revenue_minor"]["current"]
    assert data["daily"]["revenue_minor"]["current"][-2] == 2300  # yesterday: ann's refunded receipt

    points = data["points"]
    # points count when they are posted (both grants were posted today, one back-dated)
    assert points["issued"] == {"current": 1300, "previous": 0}
    assert points["spent"]["current"] == 400 and points["expired"]["current"] == 300
    assert points["outstanding"] == 1000 - 400
    assert Decimal(points["liability"]) == Decimal("600") * Decimal("0.02")
    # breakage: of the points that left members, 300 expired and 400 were spent
    assert points["breakage_rate"] == pytest.approx(300 / 700)
    assert points["expected_breakage"] == round(600 * 300 / 700)
    assert points["redemption_rate"]["current"] == pytest.approx(400 / 1300)
    assert data["rewards"]["redemptions"] == {"current": 1, "previous": 0}
    assert [(top["reward_id"], top["redemptions"], top["points"]) for top in data["rewards"]["top"]] == [
        (shop["reward"].id, 1, 400)]

    cohorts = {row["month"]: row for row in data["cohorts"]}
    assert sum(row["members"] for row in cohorts.values()) == 3
    ann_month = (clock.now() - timedelta(days=5)).astimezone(__import__("zoneinfo").ZoneInfo(program.timezone))
    assert cohorts[ann_month.strftime("%Y-%m")]["buyers"][0] >= 1


def test_the_sync_is_incremental(database: Database, settings: Settings, shop: dict[str, Any]) -> None:
    program, ann = shop["program"], shop["members"]["ann"]
    first = warehouse.sync(database, settings)
    assert first.rebuilt and first.rows["purchases"] >= 6
    second = warehouse.sync(database, settings)
    assert not second.rebuilt and second.rows["purchases"] == 0 and second.rows["ledger_entries"] == 0
    before = figures(database, settings, program)["receipts"]["member_receipts"]["current"]

    made = record(database, program, ann.id, [("coffee", 1, 1200)], days_ago=0.1)
    assert figures(database, settings, program)["receipts"]["member_receipts"]["current"] == before  # not synced yet
    third = warehouse.sync(database, settings)
    assert third.rows["purchases"] == 1 and third.rows["purchase_lines"] == 1
    assert figures(database, settings, program)["receipts"]["member_receipts"]["current"] == before + 1

    revenue = figures(database, settings, program)["receipts"]["revenue_minor"]["current"]
    with unit_of_work(database) as session:
        purchases.refund_purchase(session=session, program=program, purchase_id=made["id"], actor="test",
                                  data=RefundCreate(amount=200))
    warehouse.sync(database, settings)
    assert figures(database, settings, program)["receipts"]["revenue_minor"]["current"] == revenue - 200


def test_one_program_never_sees_anothers_numbers(database: Database, settings: Settings,
                                                 shop: dict[str, Any]) -> None:
    other = make_program(database, name="Other shop")
    warehouse.sync(database, settings)
    data = figures(database, settings, other)
    assert data["members_total"] == 0 and data["receipts"]["revenue_minor"]["current"] == 0
    assert data["points"]["outstanding"] == 0 and data["rewards"]["top"] == []


def test_the_first_sync_makes_the_folder_of_the_copy(database: Database, tmp_path: Path,
                                                     shop: dict[str, Any]) -> None:
    # A PostgreSQL demo keeps its copy in `data_dir`, which does not exist on a fresh checkout.
    settings = Settings()
    settings.analytics.path = str(tmp_path / "not" / "yet" / "analytics.duckdb")
    report = warehouse.sync(database, settings)
    assert report.rebuilt and report.rows["purchases"] >= 6
    assert figures(database, settings, shop["program"])["members_total"] == 3
