"""Rules are data with versions: updates add versions, old ones never change, awards name theirs."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event, select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.kernel.errors import Invalid, NotFound
from loyalty.ledger.models import LedgerEntry
from loyalty.members import service as members
from loyalty.programs.models import Program
from loyalty.rules import service as rules
from loyalty.rules.schemas import RuleCreate, RuleUpdate
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.rules import change_rule, make_rule, set_active

REVIEW = {"name": "Product review", "trigger": "custom_event", "event_type": "review_posted",
          "effect": {"kind": "fixed", "points": 50}}


def versions(database: Database, program: Program, rule_id: int) -> list[dict[str, Any]]:
    with unit_of_work(database, read_only=True) as session:
        return [{column: getattr(row, column) for column in ("version", "name", "effect", "priority", "condition",
                                                            "created_at", "created_by")}
                for row in rules.rule_versions(session=session, program_id=program.id, rule_id=rule_id)]


def rule_events(database: Database, program: Program) -> list[tuple[str, dict[str, Any]]]:
    with unit_of_work(database, read_only=True) as session:
        rows = session.scalars(select(Event).where(Event.program_id == program.id, Event.type.like("rule.%"))
                               .order_by(Event.id)).all()
        return [(row.type, row.payload) for row in rows]


def post_review(database: Database, program: Program, member_id: int, **payload: Any) -> list[rules.Award]:
    with unit_of_work(database) as session:
        member = members.get_member(session=session, program_id=program.id, member_id=member_id)
        return rules.record_custom_event(session=session, program=program, member=member, event_type="review_posted",
                                         occurred_at=None, payload=payload, actor="test").awards


def test_an_update_adds_a_version_and_never_changes_the_old_one(database: Database, program: Program) -> None:
    rule = make_rule(database, program, **REVIEW)
    [first] = versions(database, program, rule.id)
    updated = change_rule(database, program, rule.id, effect={"kind": "fixed", "points": 80}, priority=5)
    assert (updated.current_version, updated.name) == (2, "Product review")
    old, new = versions(database, program, rule.id)
    assert old == first
    assert (old["effect"], old["priority"]) == ({"kind": "fixed", "points": 50}, 100)
    assert (new["version"], new["effect"], new["priority"]) == (2, {"kind": "fixed", "points": 80}, 5)
    assert rule_events(database, program) == [
        ("rule.created", {"rule_id": rule.id, "version": 1, "name": "Product review", "trigger": "custom_event"}),
        ("rule.updated", {"rule_id": rule.id, "version": 2, "changed": ["effect", "priority"]}),
    ]


def test_awards_name_the_version_in_force(database: Database, program: Program) -> None:
    rule = make_rule(database, program, **REVIEW)
    member = make_member(database, program)
    before = post_review(database, program, member.id)
    change_rule(database, program, rule.id, effect={"kind": "fixed", "points": 80})
    after = post_review(database, program, member.id)
    assert [(a.rule_id, a.rule_version, a.points) for a in before + after] == [(rule.id, 1, 50), (rule.id, 2, 80)]
    with unit_of_work(database, read_only=True) as session:
        credited = session.execute(select(LedgerEntry.rule_id, LedgerEntry.rule_version, LedgerEntry.amount)
                                   .where(LedgerEntry.member_id == member.id).order_by(LedgerEntry.id)).all()
    assert [tuple(row) for row in credited] == [(rule.id, 1, 50), (rule.id, 2, 80)]


def test_an_update_that_changes_nothing_writes_no_version(database: Database, program: Program) -> None:
    rule = make_rule(database, program, **REVIEW)
    same = change_rule(database, program, rule.id, name="Product review", effect={"kind": "fixed", "points": 50})
    assert same.current_version == 1
    assert len(versions(database, program, rule.id)) == 1


def test_null_clears_an_optional_field_in_the_new_version(database: Database, program: Program) -> None:
    rule = make_rule(database, program, condition={"field": "purchase.total", "op": "gte", "value": 100},
                     cap_total=500)
    change_rule(database, program, rule.id, condition=None, cap_total=None)
    with unit_of_work(database, read_only=True) as session:
        read = rules.rule_read(session=session, rule=rules.get_rule(session=session, program_id=program.id,
                                                                    rule_id=rule.id))
    assert (read.current_version, read.condition, read.cap_total) == (2, None, None)


def test_an_update_is_checked_as_a_whole(database: Database, program: Program) -> None:
    rule = make_rule(database, program, **REVIEW)
    with pytest.raises(Invalid) as caught:
        change_rule(database, program, rule.id, trigger="purchase")
    assert (caught.value.field, caught.value.message) == (
        "event_type", "event_type is only for custom_event rules, not 'purchase'.")
    with pytest.raises(Invalid) as caught:
        change_rule(database, program, rule.id, condition={"field": "event.payload.stars", "op": "gtt", "value": 4})
    assert (caught.value.field, caught.value.message) == ("condition.op", "unknown operator 'gtt' (did you mean 'gt'?)")
    assert len(versions(database, program, rule.id)) == 1


def test_deactivated_rules_give_nothing_and_switching_is_idempotent(database: Database, program: Program) -> None:
    rule = make_rule(database, program, **REVIEW)
    member = make_member(database, program)
    set_active(database, program, rule.id, False)
    set_active(database, program, rule.id, False)
    assert post_review(database, program, member.id) == []
    set_active(database, program, rule.id, True)
    assert [a.points for a in post_review(database, program, member.id)] == [50]
    assert [kind for kind, _ in rule_events(database, program)] == ["rule.created", "rule.deactivated",
                                                                    "rule.activated"]


def _active_specs_counting_selects(database: Database, program: Program) -> tuple[list[Any], list[str]]:
    with unit_of_work(database, read_only=True) as session:
        statements: list[str] = []

        def count(*args: Any) -> None:
            statements.append(str(args[2]))

        event.listen(session.get_bind(), "before_cursor_execute", count)
        try:
            specs = rules.active_specs(session=session, program_id=program.id, trigger="custom_event",
                                       event_type="review_posted")
        finally:
            event.remove(session.get_bind(), "before_cursor_execute", count)
    # (The program's config version is read on the driver's cursor, which these events do not see.)
    tables = ["rules" for s in statements if s.lstrip().upper().startswith("SELECT")]
    return specs, tables


def test_active_specs_read_current_versions_once_then_from_memory_until_a_rule_changes(
        database: Database, program: Program) -> None:
    first = make_rule(database, program, **REVIEW)
    make_rule(database, program, **{**REVIEW, "event_type": "checked_in"})
    make_rule(database, program, name="Base", effect={"kind": "fixed", "points": 1})
    change_rule(database, program, first.id, priority=7)
    # when: read twice, then after another change
    specs, first_read = _active_specs_counting_selects(database, program)
    again, second_read = _active_specs_counting_selects(database, program)
    change_rule(database, program, first.id, priority=3)
    changed, third_read = _active_specs_counting_selects(database, program)
    # then: one query of the current versions, then none until the program's config version moves
    assert first_read == ["rules"]
    assert [(spec.rule_id, spec.version, spec.priority) for spec in specs] == [(first.id, 2, 7)]
    assert second_read == [] and again == specs
    assert third_read == ["rules"]
    assert [(spec.rule_id, spec.version, spec.priority) for spec in changed] == [(first.id, 3, 3)]


def test_a_rule_change_that_rolls_back_never_reaches_the_rules_in_memory(database: Database,
                                                                         program: Program) -> None:
    rule = make_rule(database, program, **REVIEW)
    _active_specs_counting_selects(database, program)  # now in memory
    # when: a change is seen inside its own unit of work, which then fails
    with pytest.raises(RuntimeError), unit_of_work(database) as session:
        rules.update_rule(session=session, program=program, rule_id=rule.id,
                          data=RuleUpdate.model_validate({"priority": 1}), actor="test")
        inside = rules.active_specs(session=session, program_id=program.id, trigger="custom_event",
                                    event_type="review_posted")
        raise RuntimeError("the request failed")
    after, _ = _active_specs_counting_selects(database, program)
    # then
    assert [(spec.version, spec.priority) for spec in inside] == [(2, 1)]
    assert [(spec.version, spec.priority) for spec in after] == [(1, 100)]


def test_rules_of_another_program_are_invisible(database: Database, program: Program) -> None:
    rule = make_rule(database, program, **REVIEW)
    other = make_program(database, name="Other shop")
    with unit_of_work(database) as session, pytest.raises(NotFound) as caught:
        rules.update_rule(session=session, program=other, rule_id=rule.id, data=RuleUpdate(priority=1), actor="x")
    assert caught.value.code == "rule_not_found"
    with unit_of_work(database, read_only=True) as session:
        assert rules.list_rules(session=session, program_id=other.id).items == []


def test_unit_must_be_one_of_the_programs(database: Database) -> None:
    program = make_program(database, units=["points", "stamps"])
    make_rule(database, program, unit="stamps", effect={"kind": "per_item", "points": 1, "line_condition": None})
    with unit_of_work(database) as session, pytest.raises(Invalid) as caught:
        rules.create_rule(session=session, program=program, actor="test", data=RuleCreate.model_validate(
            {"name": "Cashback", "trigger": "purchase", "unit": "cashback",
             "effect": {"kind": "percent", "percent": "2"}}))
    assert (caught.value.code, caught.value.field) == ("unknown_unit", "unit")


def test_windows_are_kept_in_utc(database: Database, program: Program) -> None:
    rule = make_rule(database, program, starts_at="2026-06-01T00:00:00+02:00", ends_at="2026-07-01T00:00:00")
    [version] = versions(database, program, rule.id)
    with unit_of_work(database, read_only=True) as session:
        [spec] = rules.active_specs(session=session, program_id=program.id, trigger="purchase")
    assert spec.starts_at == datetime(2026, 5, 31, 22, tzinfo=UTC)
    assert spec.ends_at == datetime(2026, 7, 1, tzinfo=UTC)
    assert version["created_by"] == "test"


def test_concurrent_updates_each_write_their_own_version(database: Database, program: Program) -> None:
    rule = make_rule(database, program, **REVIEW)
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda points: change_rule(database, program, rule.id,
                                                 effect={"kind": "fixed", "points": points}), range(1, 7)))
    history = versions(database, program, rule.id)
    assert [v["version"] for v in history] == [1, 2, 3, 4, 5, 6, 7]
    assert sorted(v["effect"]["points"] for v in history[1:]) == [1, 2, 3, 4, 5, 6]
