"""db.bulk_insert: many rows in one INSERT … ON CONFLICT DO NOTHING RETURNING, on both databases,
stored exactly as given (text byte for byte, JSON documents, UTC datetimes, Python defaults)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import BigInteger, Boolean, Column, Integer, MetaData, String, Table, Text, UniqueConstraint, select

from loyalty.db.base import JsonDoc, UtcDateTime
from loyalty.db.bulk_insert import insert_ignoring_conflicts
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work

_metadata = MetaData()
_parcels = Table(
    "test_bulk_parcels", _metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("sender", Integer, nullable=False),
    Column("label", String(40), nullable=False),
    Column("sequence", Integer, nullable=False, default=0),  # a keyword as a column name
    Column("body", Text, nullable=False),
    Column("details", JsonDoc, nullable=False, default=dict),
    Column("fragile", Boolean, nullable=False, default=False),
    Column("sent_at", UtcDateTime, nullable=True),
    UniqueConstraint("sender", "label", "sequence"),
)


@pytest.fixture
def parcels(database: Database) -> Iterator[Table]:
    _metadata.create_all(database.engine)
    try:
        yield _parcels
    finally:
        _metadata.drop_all(database.engine)


def stored(database: Database) -> list[tuple[object, ...]]:
    with unit_of_work(database, read_only=True) as session:
        return [tuple(row) for row in session.execute(select(
            _parcels.c.sender, _parcels.c.label, _parcels.c.sequence, _parcels.c.body, _parcels.c.details,
            _parcels.c.fragile, _parcels.c.sent_at).order_by(_parcels.c.id))]


def test_rows_are_stored_as_given_and_conflicting_ones_left_out(database: Database, parcels: Table) -> None:
    warsaw = timezone(timedelta(hours=1))
    body = '{"note": "Łódź \\"quoted\\"\\n", "emoji": "☕", "n": 1}'  # a signed body: kept byte for byte
    with unit_of_work(database) as session:
        first = insert_ignoring_conflicts(session, parcels, [
            {"sender": 1, "label": "a", "body": body, "details": {"lines": [1, 2], "city": "Kraków"},
             "sent_at": datetime(2026, 12, 7, 9, 30, tzinfo=warsaw)},
        ], conflict=("sender", "label", "sequence"), returning=("id", "label"))
    with unit_of_work(database) as session:
        second = insert_ignoring_conflicts(session, parcels, [
            {"sender": 1, "label": "a", "sequence": 0, "body": "again", "fragile": True},  # there already
            {"sender": 1, "label": "b", "sequence": 0, "body": "new", "fragile": True},
            {"sender": 1, "label": "b", "sequence": 0, "body": "repeated in the batch", "fragile": True},
            {"sender": 1, "label": "b", "sequence": 1, "body": "a second of b", "fragile": False},
        ], conflict=("sender", "label", "sequence"), returning=("label", "sequence"))
    assert [label for _, label in first] == ["a"] and isinstance(first[0][0], int)
    assert sorted(second) == [("b", 0), ("b", 1)]
    assert stored(database) == [
        (1, "a", 0, body, {"lines": [1, 2], "city": "Kraków"}, False, datetime(2026, 12, 7, 8, 30, tzinfo=UTC)),
        (1, "b", 0, "new", {}, True, None),
        (1, "b", 1, "a second of b", {}, False, None),
    ]


def test_rows_naming_different_columns_are_refused_before_anything_is_written(database: Database,
                                                                              parcels: Table) -> None:
    with pytest.raises(ValueError, match="must name the same columns"), unit_of_work(database) as session:
        insert_ignoring_conflicts(session, parcels, [
            {"sender": 1, "label": "a", "body": "x"}, {"sender": 1, "label": "b", "body": "y", "fragile": True},
        ], conflict=("sender", "label", "sequence"), returning=("id",))
    assert stored(database) == []


def test_no_rows_is_no_statement(database: Database, parcels: Table) -> None:
    with unit_of_work(database) as session:
        assert insert_ignoring_conflicts(session, parcels, [], conflict=("sender",), returning=("id",)) == []
