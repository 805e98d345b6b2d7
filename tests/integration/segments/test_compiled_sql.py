"""The compiled SQL agrees with `conditions.evaluate` over each member's facts, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel.conditions import evaluate, validate
from loyalty.members.models import Member
from loyalty.programs.models import Program
from loyalty.segments import compiler, facts
from loyalty.segments.fields import CATALOG
from tests.factories.programs import make_program
from tests.integration.segments.population import build

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)


def c(field: str, op: str, value: Any = None) -> dict[str, Any]:
    node: dict[str, Any] = {"field": field, "op": op}
    if value is not None or op != "exists":
        node["value"] = value
    return node


LEAVES = [
    c("member.enrolment_channel", "eq", "online"), c("member.enrolment_channel", "ne", "pos"),
    c("member.days_since_enrolment", "gte", 30), c("member.days_since_enrolment", "lt", 1),
    c("member.days_since_enrolment", "eq", 0), c("member.days_since_enrolment", "between", [7, 21]),
    c("member.days_since_enrolment", "in", [14, 28, 30]), c("member.days_since_enrolment", "gt", 6.5),
    c("member.age", "gte", 36), c("member.age", "lt", 36), c("member.age", "eq", 18), c("member.age", "exists"),
    c("member.age", "exists", False), c("member.age", "ne", 35), c("member.age", "not_in", [35, 18]),
    c("member.preferred_language", "starts_with", "pt"), c("member.preferred_language", "in", ["pl", "en"]),
    c("member.preferred_language", "contains", "BR"), c("member.has_email", "eq", False),
    c("member.tier", "exists"), c("member.status", "eq", "blocked"),
    c("member.points_balance", "gte", 500), c("member.points_balance", "eq", 0),
    c("member.tags", "contains", "vip"), c("member.tags", "exists"), c("member.tags", "exists", False),
    c("member.consents.email", "eq", True), c("member.consents.email", "eq", False),
    c("member.consents.email", "ne", True), c("member.consents.sms", "exists"),
    c("member.attributes.score", "gte", 5), c("member.attributes.score", "eq", 5),
    c("member.attributes.score", "eq", "5"), c("member.attributes.score", "ne", 5),
    c("member.attributes.score", "between", [5, 6]), c("member.attributes.score", "in", [5.5, "5"]),
    c("member.attributes.score", "not_in", [5]), c("member.attributes.city", "contains", "ków"),
    c("member.attributes.city", "starts_with", "K"), c("member.attributes.city", "lt", "a"),
    c("member.attributes.vip", "eq", True), c("member.attributes.vip", "ne", True),
    c("member.attributes.vip", "exists"), c("member.attributes.nested.level", "gt", 2),
    c("member.attributes.tags", "contains", "vip"),
    c("behaviour.purchase_count", "gte", 1), c("behaviour.purchase_count", "eq", 0),
    c("behaviour.purchase_count_30d", "gte", 1), c("behaviour.purchase_count_90d", "gte", 2),
    c("behaviour.purchase_count_365d", "eq", 3), c("behaviour.purchase_value", "gt", 6000),
    c("behaviour.purchase_value_90d", "between", [5000, 7000]),
    c("behaviour.purchase_count_30d", "lt", 2), c("behaviour.purchase_count_30d", "eq", 0),
    c("behaviour.purchase_count_90d", "in", [0, 3]), c("behaviour.purchase_count_365d", "gte", 3),
    c("behaviour.purchase_count_365d", "between", [4, 6]), c("behaviour.purchase_count_365d", "exists"),
    c("behaviour.purchase_value_30d", "gt", 0), c("behaviour.purchase_value_365d", "lte", 4500),
    c("behaviour.purchase_value_365d", "ne", 0), c("behaviour.purchase_value", "eq", 0),
    c("behaviour.purchase_count", "between", [3, 8]), c("behaviour.purchase_count_365d", "gt", 2.5),
    c("behaviour.purchase_count_30d", "lte", 1), c("behaviour.purchase_count_30d", "ne", 1),
    c("behaviour.purchase_count_365d", "lt", 6), c("behaviour.days_since_last_purchase", "gt", 60),
    c("behaviour.days_since_last_purchase", "gte", 30), c("behaviour.days_since_last_purchase", "lte", 29),
    c("behaviour.days_since_last_purchase", "eq", 0), c("behaviour.days_since_last_purchase", "exists"),
    c("behaviour.days_since_last_purchase", "exists", False),
    c("behaviour.categories_bought", "contains", "toys"), c("behaviour.categories_bought", "exists"),
    c("behaviour.skus_bought", "contains", "C1"), c("behaviour.channels", "contains", "online"),
    c("behaviour.stores", "contains", "S1"), c("behaviour.stores", "exists"),
    c("behaviour.event_types", "contains", "member.enrolled"),
    c("behaviour.custom_events", "contains", "order.shipped_as_gift"),
    c("behaviour.custom_events", "exists"), c("journey.in", "contains", 1),
    c("campaign.received", "exists"),
]
TREES = [
    *LEAVES,
    *({"not": leaf} for leaf in LEAVES),
    {"all": [c("behaviour.purchase_count", "gte", 1), {"not": c("member.tags", "contains", "vip")},
             c("member.age", "exists", False)]},
    {"any": [c("member.attributes.vip", "eq", True), c("behaviour.days_since_last_purchase", "gt", 60)]},
    {"all": [c("member.enrolment_channel", "eq", "online"), c("behaviour.purchase_count_365d", "gte", 3),
             c("behaviour.days_since_last_purchase", "gt", 60)]},
]


@pytest.fixture(scope="module")
def population(database: Database) -> tuple[Program, dict[int, dict[str, Any]]]:
    """The members and each one's facts as Python computes them (once per database)."""
    program = make_program(database)
    ids = build(database, program, NOW)
    with unit_of_work(database, read_only=True) as session:
        members = session.scalars(select(Member).where(Member.program_id == program.id)).all()
        by_member = {member.id: facts.member_facts(session, program_id=program.id, timezone=program.timezone,
                                                   member=member, now=NOW) for member in members}
    assert set(by_member) == set(ids)
    return program, by_member


@pytest.mark.parametrize("tree", TREES, ids=[str(index) for index in range(len(TREES))])
def test_compiled_sql_agrees_with_evaluate(database: Database,
                                           population: tuple[Program, dict[int, dict[str, Any]]],
                                           tree: dict[str, Any]) -> None:
    program, by_member = population
    validate(tree, CATALOG)
    with unit_of_work(database, read_only=True) as session:
        ctx = compiler.context(session, program_id=program.id, timezone=program.timezone, now=NOW)
        by_sql = set(session.scalars(compiler.matching_ids(tree, ctx)).all())
    by_python = {member_id for member_id, member_facts in by_member.items() if evaluate(tree, member_facts)}
    assert by_sql == by_python
