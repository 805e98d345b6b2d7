"""Codes still to publish (nobody holds them, nobody used them): which they are, how far they are
counted, and that PostgreSQL finds them through their own index, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs.models import Program
from loyalty.vouchers import repository
from loyalty.vouchers import service as vouchers
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.vouchers import basket, line, make_campaign, make_codes, publish, redeem

INDEX = "ix_voucher_codes_unpublished"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")  # psycopg's named parameters


def codes_to_publish(database: Database, program: Program, campaign_ids: list[int],
                     count_up_to: int | None) -> dict[int, int]:
    with unit_of_work(database, read_only=True) as session:
        states = vouchers.publishing_states(session=session, program_id=program.id, campaign_ids=campaign_ids,
                                            count_up_to=count_up_to)
    return {campaign_id: state.codes_to_publish for campaign_id, state in states.items()}


def test_a_code_held_or_used_is_no_longer_to_publish(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program)
    codes = make_codes(database, program, campaign.id, count=5)
    redeem(database, program, [codes[0]], basket(line(1, "A", 1000)))  # used at a till, never published
    member = make_member(database, program)

    published = publish(database, program, campaign.id, [member.id])

    assert published == [codes[1]]
    assert codes_to_publish(database, program, [campaign.id], count_up_to=None) == {campaign.id: 3}


def test_a_bounded_count_stops_at_its_bound_and_an_empty_campaign_counts_none(
        database: Database, program: Program) -> None:
    full, empty = make_campaign(database, program), make_campaign(database, program)
    make_codes(database, program, full.id, count=5)
    other_program_campaign = make_campaign(database, make_program(database))

    assert codes_to_publish(database, program, [full.id, empty.id], count_up_to=None) == {full.id: 5, empty.id: 0}
    assert codes_to_publish(database, program, [full.id, empty.id], count_up_to=2) == {full.id: 2, empty.id: 0}
    assert codes_to_publish(database, program, [full.id], count_up_to=1) == {full.id: 1}
    assert codes_to_publish(database, program, [full.id], count_up_to=6) == {full.id: 5}
    assert codes_to_publish(database, program, [other_program_campaign.id], count_up_to=None) == {}


@contextmanager
def statements_run(session: Session) -> Iterator[list[tuple[str, Any]]]:
    """The SQL (and its parameters) sent on the session's connection meanwhile."""
    seen: list[tuple[str, Any]] = []
    connection = session.connection()

    def remember(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
                 _executemany: bool) -> None:
        seen.append((statement, parameters))

    event.listen(connection, "before_cursor_execute", remember)
    try:
        yield seen
    finally:
        event.remove(connection, "before_cursor_execute", remember)


def test_postgresql_finds_the_codes_to_publish_through_their_index_in_a_plan_for_any_campaign(
        database: Database, program: Program) -> None:
    if database.dialect != "postgresql":
        pytest.skip("the plans asked about are PostgreSQL's")
    campaign = make_campaign(database, program)
    make_codes(database, program, campaign.id, count=50)
    with unit_of_work(database) as session:
        session.execute(text("ANALYZE voucher_codes"))

    with unit_of_work(database) as session:  # a transaction, for SET LOCAL
        with statements_run(session) as seen:
            repository.publishing_states(session, program_id=program.id, campaign_ids=[campaign.id], count_up_to=1)
            repository.publishing_states(session, program_id=program.id, campaign_ids=[campaign.id],
                                         count_up_to=None)
            repository.unpublished_codes(session, campaign_id=campaign.id, limit=1)
        session.execute(text("SET LOCAL plan_cache_mode = force_generic_plan"))
        session.execute(text("SET LOCAL enable_seqscan = off"))
        plans = [generic_plan(session, f"probe_{number}", sql, params)
                 for number, (sql, params) in enumerate(seen)]

    assert len(plans) == 3
    assert all(INDEX in plan for plan in plans), plans


def generic_plan(session: Session, name: str, sql: str, params: dict[str, Any]) -> str:
    """The plan PostgreSQL makes once for any parameters, as it may for a statement psycopg has
    prepared after a few runs: the index's condition (no holder, no use) must then follow from
    the statement's text alone."""
    order: list[str] = []

    def numbered(found: re.Match[str]) -> str:
        if found[1] not in order:
            order.append(found[1])
        return f"${order.index(found[1]) + 1}"

    connection = session.connection()
    connection.exec_driver_sql(f"PREPARE {name} AS {PLACEHOLDER.sub(numbered, sql)}")
    assert all(isinstance(params[key], int) for key in order)  # EXECUTE takes values, not parameters
    arguments = ", ".join(str(params[key]) for key in order)
    rows = connection.exec_driver_sql(f"EXPLAIN EXECUTE {name}({arguments})")
    plan = "\n".join(row[0] for row in rows)
    connection.exec_driver_sql(f"DEALLOCATE {name}")
    return plan
