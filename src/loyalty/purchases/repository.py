from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, exists, insert, literal_column, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from loyalty.db import deferred
from loyalty.db.base import core_table
from loyalty.db.dialects import for_update, insert_ignoring_conflict
from loyalty.db.direct import DirectStatement, JsonRowsStatement, as_json
from loyalty.programs import config_cache
from loyalty.programs.models import Program
from loyalty.purchases.models import Purchase, PurchaseAward, PurchaseLine, Refund

_purchases = core_table(Purchase)
_lines = core_table(PurchaseLine)
# Built once: the hot path runs them on every purchase, and building costs more than running.
_PURCHASE_COLUMNS = ["program_id", "member_id", "external_id", "receipt_number", "channel", "store_code",
                     "occurred_at", "recorded_at", "currency", "total_minor", "refunded_minor", "request_hash",
                     "result"]
# The program's configuration version comes back with the new id: the unit's rules, tiers and
# stamp cards are checked against it (config_cache), one round trip fewer per purchase.
_programs = core_table(Program)
_RETURNING = (_purchases.c.id, select(_programs.c.config_version)
              .where(_programs.c.id == literal_column("purchases.program_id")).scalar_subquery()
              .label("config_version"))
_INSERT_PURCHASE = DirectStatement(insert(_purchases).returning(*_RETURNING), columns=_PURCHASE_COLUMNS)
_INSERT_PURCHASE_ONCE = {
    name: DirectStatement(module.insert(_purchases).on_conflict_do_nothing(
        index_elements=["program_id", "external_id"]).returning(*_RETURNING), columns=_PURCHASE_COLUMNS)
    for name, module in (("postgresql", postgresql), ("sqlite", sqlite))
}
_SET_OUTCOME = update(_purchases).where(_purchases.c.id == bindparam("purchase_id")).values(
    member_id=bindparam("member_id"), result=bindparam("result"))
_SET_OUTCOME_DIRECT = DirectStatement(_SET_OUTCOME)
_SET_OUTCOME_AND_TOTAL = DirectStatement(_SET_OUTCOME.values(total_minor=bindparam("total_minor")))
_INSERT_LINES = insert(_lines).returning(_lines.c.id, sort_by_parameter_order=True)
# PostgreSQL: a receipt's lines in one statement (read from one JSON parameter: the C encoder
# costs far less than the driver adapting an array per column); each id comes back with its line number.
# A receipt's lines read from a JSON parameter, written for a purchase id: the one SQL of both
# statements that write lines (the template's blanks are filled with constant SQL only).
_LINES_INSERT = """
INSERT INTO purchase_lines (program_id, purchase_id, line_no, sku, name, category, quantity, unit_price_minor,
                            amount_minor, refunded_quantity, refunded_minor)
SELECT :program_id, {purchase_id}, l.line_no, l.sku, l.name, l.category, l.quantity, l.unit_price_minor,
       l.amount_minor, 0, 0
FROM {source} json_to_recordset(CAST({lines} AS json))
    AS l(line_no integer, sku varchar, name varchar, category varchar, quantity integer, unit_price_minor bigint,
         amount_minor bigint)
RETURNING line_no, id
"""
_INSERT_LINES_POSTGRESQL = JsonRowsStatement(text(_LINES_INSERT.format(purchase_id=":purchase_id", source="",
                                                                      lines=":rows")))
_LINE_FIELDS = ("line_no", "sku", "name", "category", "quantity", "unit_price_minor", "amount_minor")
_INSERT_AWARDS = DirectStatement(insert(core_table(PurchaseAward)), for_many=True, columns=[
    "program_id", "purchase_id", "unit", "line_id", "rule_id", "rule_version", "points", "source"])


def insert_purchase_once(session: Session, values: dict[str, Any]) -> int | None:
    """The new purchase's id, or None when the shop's external id was already recorded.

    On PostgreSQL a concurrent insert of the same external id waits for the other transaction
    and then yields None, so the caller can read the committed purchase.
    """
    statement = _INSERT_PURCHASE if values.get("external_id") is None \
        else _INSERT_PURCHASE_ONCE[session.get_bind().dialect.name]
    found = statement.row(session, values)
    if found is None:
        return None
    config_cache.version_read_along(session, values["program_id"], int(found[1]))
    return int(found[0])


# PostgreSQL: a purchase without vouchers and its lines in one statement. No row when the
# shop's external id was already recorded (nothing written); else one row per line (or one
# with no line), each with the purchase's id and the program's configuration version.
_PURCHASE_WITH_LINES_SQL = """
WITH purchase AS (
    INSERT INTO purchases (program_id, member_id, external_id, receipt_number, channel, store_code, occurred_at,
                           recorded_at, currency, total_minor, refunded_minor, request_hash, result)
    VALUES (:program_id, NULL, :external_id, :receipt_number, :channel, :store_code, :occurred_at, :recorded_at,
            :currency, :total_minor, 0, :request_hash, CAST('{}' AS jsonb))
    ON CONFLICT (program_id, external_id) DO NOTHING
    RETURNING id, (SELECT config_version FROM programs WHERE programs.id = purchases.program_id)
), line AS (%s)
SELECT purchase.id, purchase.config_version, line.line_no, line.id FROM purchase LEFT JOIN line ON true
""" % _LINES_INSERT.format(purchase_id="purchase.id", source="purchase CROSS JOIN", lines=":lines")  # noqa: S608, UP031
_INSERT_PURCHASE_WITH_LINES = DirectStatement(text(_PURCHASE_WITH_LINES_SQL))


def insert_purchase_with_lines_once(session: Session, values: dict[str, Any],
                                    lines: list[dict[str, Any]]) -> tuple[int, list[int]] | None:
    """As `insert_purchase_once`, with the purchase's `lines` (purchase_lines rows without their
    program and purchase); the purchase's id and the lines' ids in their order, or None."""
    if session.get_bind().dialect.name != "postgresql":
        purchase_id = insert_purchase_once(session, values)
        if purchase_id is None:
            return None
        ids = add_lines(session, [{"program_id": values["program_id"], "purchase_id": purchase_id,
                                   "refunded_quantity": 0, "refunded_minor": 0, **line} for line in lines])
        return purchase_id, ids
    cursor = _INSERT_PURCHASE_WITH_LINES.execute(session, {
        **{name: values[name] for name in ("program_id", "external_id", "receipt_number", "channel", "store_code",
                                           "occurred_at", "recorded_at", "currency", "total_minor", "request_hash")},
        "lines": as_json(lines)})
    rows = cursor.fetchall()
    cursor.close()
    if not rows:
        return None
    config_cache.version_read_along(session, values["program_id"], int(rows[0][1]))
    by_line_no = {line_no: line_id for _, _, line_no, line_id in rows if line_no is not None}
    return int(rows[0][0]), [by_line_no[line["line_no"]] for line in lines]


def by_external_id(session: Session, program_id: int, external_id: str) -> Purchase | None:
    return session.scalars(select(Purchase).where(Purchase.program_id == program_id,
                                                  Purchase.external_id == external_id)).one_or_none()


def get(session: Session, program_id: int, purchase_id: int, *, lock: bool = False) -> Purchase | None:
    """The purchase; with `lock`, locked and read afresh (what the session held may be older)."""
    query = select(Purchase).where(Purchase.program_id == program_id, Purchase.id == purchase_id)
    if lock:
        query = for_update(query, session).execution_options(populate_existing=True)
    return session.scalars(query).one_or_none()


def unclaimed_by_receipt(session: Session, program_id: int, receipt_number: str,
                         total_minor: int) -> Sequence[Purchase]:
    return session.scalars(select(Purchase).where(
        Purchase.program_id == program_id, Purchase.receipt_number == receipt_number,
        Purchase.total_minor == total_minor,
    ).order_by(Purchase.occurred_at.desc())).all()


# PostgreSQL: the awards behind a purchase's points go with its outcome, in one statement.
_SET_OUTCOME_WITH_AWARDS = DirectStatement(text("""
WITH award AS (
    INSERT INTO purchase_awards (program_id, purchase_id, unit, line_id, rule_id, rule_version, points, source,
                                 reversed)
    SELECT a.program_id, a.purchase_id, a.unit, a.line_id, a.rule_id, a.rule_version, a.points, a.source, 0
    FROM jsonb_to_recordset(CAST(:awards AS jsonb)) AS a(program_id bigint, purchase_id bigint, unit varchar,
                                                         line_id bigint, rule_id bigint, rule_version integer,
                                                         points bigint, source varchar)
)
UPDATE purchases SET member_id = CAST(:member_id AS bigint), result = CAST(:result AS jsonb),
                     total_minor = COALESCE(CAST(:total_minor AS bigint), total_minor)
WHERE id = :purchase_id
"""), for_many=True)


def set_outcome(session: Session, purchase_id: int, *, member_id: int | None, result: dict[str, Any],
                total_minor: int | None = None, awards: list[dict[str, Any]] | None = None) -> None:
    """Store the member, the result given (for retries) and the `awards` rows behind its
    points; written with the unit's next statement or its COMMIT (db.deferred)."""
    if awards and session.get_bind().dialect.name == "postgresql":
        deferred.write_later(session, _SET_OUTCOME_WITH_AWARDS, [{
            "purchase_id": purchase_id, "member_id": member_id, "total_minor": total_minor,
            "result": as_json(result), "awards": as_json(awards)}])
        return
    if awards:
        deferred.write_later(session, _INSERT_AWARDS, awards)
    if total_minor is None:
        deferred.write_later(session, _SET_OUTCOME_DIRECT, [
            {"purchase_id": purchase_id, "member_id": member_id, "result": result}])
    else:
        deferred.write_later(session, _SET_OUTCOME_AND_TOTAL, [
            {"purchase_id": purchase_id, "member_id": member_id, "result": result, "total_minor": total_minor}])


def claim(session: Session, purchase_id: int, member_id: int, at: datetime) -> bool:
    """Attach an anonymous purchase to a member; False when someone claimed it first."""
    result = session.execute(update(Purchase).where(Purchase.id == purchase_id, Purchase.member_id.is_(None))
                             .values(member_id=member_id, claimed_at=at))
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def add_lines(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert one new receipt's lines (nothing refunded yet); their ids, in the rows' order."""
    if not rows:
        return []
    if session.get_bind().dialect.name == "postgresql":
        cursor = _INSERT_LINES_POSTGRESQL.execute(
            session, [{name: row[name] for name in _LINE_FIELDS} for row in rows],
            program_id=rows[0]["program_id"], purchase_id=rows[0]["purchase_id"])
        ids = dict(cursor.fetchall())
        cursor.close()
        return [ids[row["line_no"]] for row in rows]
    return list(session.scalars(_INSERT_LINES, rows))


def lines_of(session: Session, purchase_id: int) -> Sequence[PurchaseLine]:
    return session.scalars(select(PurchaseLine).where(PurchaseLine.purchase_id == purchase_id)
                           .order_by(PurchaseLine.line_no)).all()


def awards_of(session: Session, purchase_id: int) -> Sequence[PurchaseAward]:
    return session.scalars(select(PurchaseAward).where(PurchaseAward.purchase_id == purchase_id)
                           .order_by(PurchaseAward.id)).all()


def has_earlier_purchase(session: Session, program_id: int, member_id: int, purchase_id: int) -> bool:
    return bool(session.scalar(select(exists().where(
        Purchase.program_id == program_id, Purchase.member_id == member_id, Purchase.id != purchase_id))))


def insert_refund_once(session: Session, values: dict[str, Any]) -> int | None:
    if values.get("external_id") is None:
        return int(session.execute(insert(Refund).values(**values).returning(Refund.id)).scalar_one())
    return insert_ignoring_conflict(session, Refund, values, ["program_id", "external_id"])


def refund_by_external_id(session: Session, program_id: int, external_id: str) -> Refund | None:
    return session.scalars(select(Refund).where(Refund.program_id == program_id,
                                                Refund.external_id == external_id)).one_or_none()



def refunds_of(session: Session, purchase_id: int) -> Sequence[Refund]:
    return session.scalars(select(Refund).where(Refund.purchase_id == purchase_id).order_by(Refund.id)).all()


def member_purchases(session: Session, program_id: int, member_id: int, before_id: int | None,
                     limit: int) -> Sequence[Purchase]:
    query = select(Purchase).where(Purchase.program_id == program_id, Purchase.member_id == member_id)
    if before_id is not None:
        query = query.where(Purchase.id < before_id)
    return session.scalars(query.order_by(Purchase.id.desc()).limit(limit)).all()


def set_refund(session: Session, refund_id: int, *, amount_minor: int, result: dict[str, Any]) -> None:
    session.execute(update(Refund).where(Refund.id == refund_id).values(amount_minor=amount_minor, result=result))


# Receipts of the past, many at once (imports). SQLite: one executemany for the purchases, their
# ids read back by external id, then one for their lines (not INSERT ... RETURNING: to keep the
# rows' order SQLAlchemy would send one statement per row, having no sentinel column to sort by).
# PostgreSQL: each as one statement reading its rows from one JSON parameter (psycopg would
# otherwise send one INSERT per row, pipelined: ten times slower).
_INSERT_HISTORY = insert(_purchases)
_INSERT_HISTORY_LINES = insert(_lines)
_INSERT_HISTORY_POSTGRESQL = JsonRowsStatement(text("""
INSERT INTO purchases (program_id, member_id, external_id, receipt_number, channel, store_code, occurred_at,
                       recorded_at, currency, total_minor, refunded_minor, request_hash, result)
SELECT r.program_id, r.member_id, r.external_id, r.receipt_number, r.channel, r.store_code, r.occurred_at,
       r.recorded_at, r.currency, r.total_minor, 0, r.request_hash, CAST('{}' AS jsonb)
FROM json_to_recordset(CAST(:rows AS json))
    AS r(program_id bigint, member_id bigint, external_id varchar, receipt_number varchar, channel varchar,
         store_code varchar, occurred_at timestamptz, recorded_at timestamptz, currency varchar,
         total_minor bigint, request_hash varchar)
RETURNING external_id, id
"""))
_INSERT_HISTORY_LINES_POSTGRESQL = JsonRowsStatement(text("""
INSERT INTO purchase_lines (program_id, purchase_id, line_no, sku, name, category, quantity, unit_price_minor,
                            amount_minor, refunded_quantity, refunded_minor)
SELECT l.program_id, l.purchase_id, l.line_no, l.sku, l.name, l.category, l.quantity, l.unit_price_minor,
       l.amount_minor, 0, 0
FROM json_to_recordset(CAST(:rows AS json))
    AS l(program_id bigint, purchase_id bigint, line_no integer, sku varchar, name varchar, category varchar,
         quantity integer, unit_price_minor bigint, amount_minor bigint)
"""))


def insert_history(session: Session, purchases: list[dict[str, Any]], lines: list[list[dict[str, Any]]]) -> list[int]:
    """Insert purchases (every column of `_PURCHASE_COLUMNS`, each with its external id, an empty
    result, nothing refunded) and each one's lines (rows without their program and purchase);
    the purchases' ids in order. A taken external id raises the unique violation: the caller
    checked them first, so that is a concurrent writer."""
    if not purchases:
        return []
    program_id = purchases[0]["program_id"]
    external_ids = [purchase["external_id"] for purchase in purchases]
    by_external_id: dict[str, int] = {}
    is_postgresql = session.get_bind().dialect.name == "postgresql"
    if is_postgresql:
        deferred.write_pending(session)
        cursor = _INSERT_HISTORY_POSTGRESQL.execute(session, [
            {name: purchase[name] for name in _PURCHASE_COLUMNS if name not in ("refunded_minor", "result")}
            for purchase in purchases])
        by_external_id.update((external_id, purchase_id) for external_id, purchase_id in cursor.fetchall())
        cursor.close()
    else:
        connection = deferred.connection(session)
        connection.execute(_INSERT_HISTORY, purchases)
        for start in range(0, len(external_ids), 500):
            found = connection.execute(select(_purchases.c.external_id, _purchases.c.id).where(
                _purchases.c.program_id == program_id,
                _purchases.c.external_id.in_(external_ids[start:start + 500])))
            by_external_id.update((external_id, purchase_id) for external_id, purchase_id in found)
    ids = [by_external_id[external_id] for external_id in external_ids]
    line_rows = [{"program_id": program_id, "purchase_id": purchase_id, "refunded_quantity": 0,
                  "refunded_minor": 0, **line}
                 for purchase_id, receipt_lines in zip(ids, lines, strict=True) for line in receipt_lines]
    if not line_rows:
        return ids
    if is_postgresql:
        _INSERT_HISTORY_LINES_POSTGRESQL.execute_many(session, [
            {name: row[name] for name in ("program_id", "purchase_id", *_LINE_FIELDS)} for row in line_rows])
    else:
        deferred.connection(session).execute(_INSERT_HISTORY_LINES, line_rows)
    return ids


def taken_external_ids(session: Session, program_id: int, external_ids: Sequence[str]) -> set[str]:
    """Which of `external_ids` the program's purchases already have."""
    taken: set[str] = set()
    for start in range(0, len(external_ids), 500):
        chunk = external_ids[start:start + 500]
        taken.update(external_id for external_id in session.scalars(select(Purchase.external_id).where(
            Purchase.program_id == program_id, Purchase.external_id.in_(chunk))).all() if external_id is not None)
    return taken


# --- the member's data export ------------------------------------------------------------------


def member_line_rows(session: Session, *, program_id: int, member_id: int) -> Sequence[PurchaseLine]:
    """The lines of every purchase of the member, by purchase and line; one statement."""
    return session.scalars(select(PurchaseLine).join(Purchase, Purchase.id == PurchaseLine.purchase_id).where(
        Purchase.program_id == program_id, Purchase.member_id == member_id)
        .order_by(PurchaseLine.purchase_id, PurchaseLine.line_no)).all()


def member_refund_rows(session: Session, *, program_id: int, member_id: int) -> Sequence[Refund]:
    return session.scalars(select(Refund).join(Purchase, Purchase.id == Refund.purchase_id).where(
        Purchase.program_id == program_id, Purchase.member_id == member_id)
        .order_by(Refund.created_at, Refund.id)).all()


def member_award_rows(session: Session, *, program_id: int, member_id: int
                      ) -> list[tuple[PurchaseAward, int | None]]:
    """The points each source gave for the member's purchases, with the line number (None: the whole receipt)."""
    return [(award, line_no) for award, line_no in session.execute(
        select(PurchaseAward, PurchaseLine.line_no).join(Purchase, Purchase.id == PurchaseAward.purchase_id)
        .outerjoin(PurchaseLine, PurchaseLine.id == PurchaseAward.line_id)
        .where(Purchase.program_id == program_id, Purchase.member_id == member_id)
        .order_by(PurchaseAward.purchase_id, PurchaseAward.id)).all()]
