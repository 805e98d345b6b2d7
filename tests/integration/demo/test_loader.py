"""The demo loader replays a generated history through the real services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.demo.generator import DemoData, generate
from loyalty.demo.loader import DEMO_PROGRAM_NAME, LoadReport, demo_rules, load, operation_count
from loyalty.events.models import Event
from loyalty.kernel import clock
from loyalty.ledger import service as ledger
from loyalty.members.models import Member
from loyalty.programs.models import Program
from loyalty.purchases.models import Purchase, PurchaseAward
from loyalty.rules.models import EarningRule


@pytest.fixture(scope="module")
def data() -> DemoData:
    return generate(members=40, purchases=250, seed=7, now=datetime.now(UTC) - timedelta(minutes=1))


@pytest.fixture(scope="module")
def loaded(database: Database, data: DemoData) -> tuple[LoadReport, list[int]]:
    progress: list[int] = []
    report = load(database, data, batch_size=100, on_progress=progress.append)
    return report, progress


def test_everything_is_recorded_once_with_progress_reported(database: Database, data: DemoData,
                                                              loaded: tuple[LoadReport, list[int]]) -> None:
    report, progress = loaded
    with unit_of_work(database, read_only=True) as session:
        program = session.get(Program, report.program_id)
        assert program is not None and program.name == DEMO_PROGRAM_NAME
        assert (program.currency, program.timezone, program.units, program.pending_days) == (
            "PLN", "Europe/Warsaw", ["points", "stamps"], 14)
        counts = [session.scalar(select(func.count()).select_from(model).where(model.program_id == program.id))
                  for model in (Member, Purchase, EarningRule)]
        assert counts == [40, 250, len(demo_rules())]
        refunded = session.scalars(select(Purchase).where(Purchase.program_id == program.id,
                                                          Purchase.refunded_minor > 0)).all()
    assert {p.external_id: p.refunded_minor for p in refunded} == {
        r.purchase_external_id: r.amount_minor for r in data.refunds}
    assert sum(progress) == operation_count(data) and max(progress) <= 100
    assert (report.members, report.purchases, report.refunds) == (40, 250, len(data.refunds))


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


def test_rules_earn_points_stamps_and_tuesday_doubles(database: Database, data: DemoData,
                                                      loaded: tuple[LoadReport, list[int]]) -> None:
    report, _ = loaded
    with unit_of_work(database, read_only=True) as session:
        program = session.get(Program, report.program_id)
        assert program is not None
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
    assert all(b.available >= 0 for b in units)
