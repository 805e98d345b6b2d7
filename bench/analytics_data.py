"""A program at analytics scale, generated and bulk-loaded on PostgreSQL with set-based statements.

    python bench/analytics_data.py                       # 1,000,000 members, ~20,000,000 lines
    python bench/analytics_data.py --members 100000      # a tenth, for a quick look
    LOYALTY_BENCH_ANALYTICS_DATABASE=other python bench/analytics_data.py   # under another database name

Nothing goes through the API: each table is filled by one `INSERT … SELECT` over generate_series
(members, their point accounts, purchases, purchase lines, the earning, spending and expiry ledger
transactions with their entries), then account balances are set from the entries and the tables
are analysed. Each step prints its rows and rows per second. The data is deterministic (integer
hashing of ids, no random()): the same arguments give the same program.

What it looks like, so the models have something to find:
- members enrolled over the three years before NOW, in six channels, 40 % with a birth date;
- purchases per member: 12 % none, then a long tail (mean ≈ 4.8, a few with 30), spread evenly
  from enrolment to the member's "last active" moment: 55 % are still active at NOW, the others
  stopped somewhere between 10 % and 85 % of their time (churned: what BG/NBD's P(alive) and the
  churn model look for);
- 1–7 lines a purchase (mean ≈ 4.2) over 2,000 SKUs in 20 categories, 12 stores, pos / online;
- one point per euro earned on each purchase; a spend on every fifth purchase's member of half
  what they had earned, and an expiry of a tenth on every ninth.

The analytics benchmark (bench/analytics_scale.py) runs on the database this leaves; this script
alone is the "generated and bulk-loaded … print the load rate" part of issue 13.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from loyalty.config import DatabaseSettings
from loyalty.db.engine import Database, create_database
from loyalty.db.uow import unit_of_work
from loyalty.migrate import upgrade
from loyalty.programs import service as programs
from loyalty.programs.schemas import ProgramCreate
from loyalty.purchases import activity

ADMIN_URL = os.environ.get("LOYALTY_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
# Another name keeps a second copy apart (a helper's own, or one at another size).
NAME = os.environ.get("LOYALTY_BENCH_ANALYTICS_DATABASE", "loyalty_bench_analytics")
PROGRAM_NAME = "Analytics bench"
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
ENROLMENT_DAYS = 3 * 365

# h(x) below: a cheap integer hash (Knuth's multiplicative constant), mod 2^31, so every choice
# is a function of ids and the data is the same on every run.
MEMBERS_SQL = """
INSERT INTO members (program_id, email, first_name, birth_date, birth_month_day, attributes, status,
                     enrolment_channel, enrolled_at, updated_at, referral_code, preferred_language)
SELECT :program_id, 'm' || i || '@bench.example', 'Member ' || i,
       CASE WHEN h % 10 < 4 THEN d END, CASE WHEN h % 10 < 4 THEN to_char(d, 'MM-DD') END,
       '{}'::jsonb, 'active',
       (ARRAY['pos', 'online', 'app', 'import', 'partner', 'referral'])[1 + (h / 7) % 6],
       e, e, 'A' || i, (ARRAY['en', 'pl', 'ru'])[1 + (h / 11) % 3]
FROM generate_series(CAST(1 AS bigint), :members) AS i,
     LATERAL (SELECT (i * 2654435761) % 2147483648 AS h) hash,
     LATERAL (SELECT date '1950-01-01' + CAST(h % 20000 AS int) AS d,
                     CAST(:now AS timestamptz) - make_interval(days => CAST(1 + (h / 3) % :enrolment_days AS int),
                                                               secs => CAST(h % 86400 AS int)) AS e) x
"""

ACCOUNTS_SQL = """
INSERT INTO accounts (program_id, member_id, kind, unit, balance)
SELECT :program_id, m.id, k.kind, 'points', 0
FROM members m CROSS JOIN (VALUES ('pending'), ('wallet')) AS k(kind)
WHERE m.program_id = :program_id
"""

# Lines of purchase p: 1 + (p*h) % 7 of them; SKU, quantity and price are functions of (p, line), so
# the purchase's total is computed from the same formula when the purchase is inserted.
LINE_VALUES = """generate_series(1, CAST(1 + (p.id * 2654435761) % 2147483648 % 7 AS int)) AS k,
     LATERAL (SELECT CAST(((p.id * 31 + k * 977) * 2654435761) % 2147483648 % 2000 AS int) AS sku) s,
     LATERAL (SELECT 1 + (p.id + k) % 3 AS qty, 199 + (s.sku * 37) % 4800 AS price) v"""

# The member's purchase count n (long tail), and the share of their time they stayed active.
# Purchase k of n falls at enrolled + span * (k + jitter) / n, span = active share × time enrolled.
PURCHASES_SQL = """
INSERT INTO purchases (id, program_id, member_id, external_id, receipt_number, channel, store_code,
                       occurred_at, recorded_at, currency, total_minor, refunded_minor, request_hash, result)
SELECT id, :program_id, member_id, NULL, 'R' || id, channel, store, t, t, 'EUR',
       (SELECT sum(v.qty * v.price) FROM {line_values}), 0, '', '{}'::jsonb
FROM (
  SELECT :base + row_number() OVER () AS id, member_id, channel, store, t
  FROM (
    SELECT m.id AS member_id,
           CASE WHEN (h + k) % 3 = 0 THEN 'online' ELSE 'pos' END AS channel,
           'S' || lpad(CAST(1 + (h / 13 + k) % 12 AS text), 2, '0') AS store,
           m.enrolled_at + (LEAST(CAST(:now AS timestamptz), m.enrolled_at + interval '1 day' * :enrolment_days)
                            - m.enrolled_at) * p.active_share * ((k + 0.1 + ((h + k * 7) % 80) / 100.0) / p.n) AS t
    FROM members m,
         LATERAL (SELECT (m.id * 2654435761) % 2147483648 AS h) hash,
         LATERAL (SELECT CASE WHEN h % 100 < 12 THEN 0
                              WHEN h % 100 < 42 THEN 1 + (h / 100) % 2
                              WHEN h % 100 < 72 THEN 3 + (h / 100) % 4
                              WHEN h % 100 < 94 THEN 7 + (h / 100) % 6
                              ELSE 13 + (h / 100) % 18 END AS n,
                         CASE WHEN (h / 1000) % 100 < 55 THEN 1.0
                              ELSE 0.10 + ((h / 1000) % 76) / 100.0 END AS active_share) p,
         LATERAL generate_series(0, p.n - 1) AS k
    WHERE m.program_id = :program_id
  ) s
) p
""".replace("{line_values}", LINE_VALUES)

# A purchase's lines.
LINES_SQL = """
INSERT INTO purchase_lines (program_id, purchase_id, line_no, sku, name, category, quantity, unit_price_minor,
                            amount_minor, refunded_quantity, refunded_minor)
SELECT :program_id, p.id, k, 'SKU' || sku, 'Product ' || sku, 'category-' || lpad(CAST(sku % 20 AS text), 2, '0'),
       qty, price, qty * price, 0, 0
FROM purchases p, {line_values}
WHERE p.program_id = :program_id AND p.id > :base
""".replace("{line_values}", LINE_VALUES)

# One earning transaction per purchase (a point per whole euro), then spends and expiries.
EARN_TRANSACTIONS_SQL = """
INSERT INTO ledger_transactions (program_id, member_id, kind, occurred_at, purchase_id, reason, actor, details)
SELECT :program_id, member_id, 'earn', occurred_at, id, NULL, 'bench', '{}'::jsonb
FROM purchases WHERE program_id = :program_id AND total_minor >= 100
"""

SPEND_TRANSACTIONS_SQL = """
INSERT INTO ledger_transactions (program_id, member_id, kind, occurred_at, purchase_id, reason, actor, details)
SELECT :program_id, p.member_id, 'spend', p.occurred_at + interval '1 hour', p.id, 'bench', 'bench',
       jsonb_build_object('points', p.total_minor / 200)
FROM purchases p WHERE p.program_id = :program_id AND p.id % 5 = 0 AND p.total_minor >= 200
"""

EXPIRY_TRANSACTIONS_SQL = """
INSERT INTO ledger_transactions (program_id, member_id, kind, occurred_at, purchase_id, reason, actor, details)
SELECT :program_id, p.member_id, 'expire', p.occurred_at + interval '365 days', p.id, 'bench', 'bench',
       jsonb_build_object('points', p.total_minor / 1000)
FROM purchases p
WHERE p.program_id = :program_id AND p.id % 9 = 0 AND p.total_minor >= 1000
  AND p.occurred_at + interval '365 days' < CAST(:now AS timestamptz)
"""

# Two entries per transaction: the member's wallet and the program's issued/spent/expired account.
ENTRIES_SQL = """
INSERT INTO ledger_entries (program_id, transaction_id, account_id, member_id, unit, amount, created_at)
SELECT :program_id, t.id, CASE WHEN side = 1 THEN w.id ELSE pa.id END,
       CASE WHEN side = 1 THEN t.member_id END, 'points',
       CASE WHEN side = 1 THEN x.points ELSE -x.points END, t.occurred_at
FROM ledger_transactions t
JOIN purchases p ON p.id = t.purchase_id
JOIN accounts w ON w.program_id = :program_id AND w.member_id = t.member_id AND w.kind = 'wallet'
                AND w.unit = 'points'
JOIN accounts pa ON pa.program_id = :program_id AND pa.member_id IS NULL AND pa.unit = 'points'
                 AND pa.kind = CASE t.kind WHEN 'earn' THEN 'issued' WHEN 'spend' THEN 'spent' ELSE 'expired' END
CROSS JOIN LATERAL (SELECT CASE t.kind WHEN 'earn' THEN p.total_minor / 100
                                       ELSE CAST(t.details ->> 'points' AS bigint) END
                           * CASE WHEN t.kind = 'earn' THEN 1 ELSE -1 END AS points) x
CROSS JOIN (VALUES (1), (2)) AS sides(side)
WHERE t.program_id = :program_id AND t.actor = 'bench'
"""

BALANCES_SQL = """
UPDATE accounts a SET balance = e.total
FROM (SELECT account_id, sum(amount) AS total FROM ledger_entries WHERE program_id = :program_id
      GROUP BY account_id) e
WHERE a.id = e.account_id AND a.program_id = :program_id
"""


def admin(sql: str) -> None:
    engine = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(sql))
    engine.dispose()


def database_url(name: str | None = None) -> str:
    return make_url(ADMIN_URL).set(database=name or NAME).render_as_string(hide_password=False)


def step(label: str, action: Callable[[], int]) -> int:
    started = time.perf_counter()
    rows = action()
    seconds = time.perf_counter() - started
    rate = rows / seconds if seconds > 0 else 0.0
    print(f"  {label:<46} {rows:>12,} rows {seconds:9.1f} s {rate:>12,.0f} rows/s", flush=True)
    return rows


def rebuilt_activity(database: Database, program_id: int) -> int:
    """`member_activity` (what segment counts read), which the worker keeps as purchases are
    recorded: made here in one set-based pass, as `loyalty rebuild-activity` does."""
    with unit_of_work(database) as session:
        activity.rebuild(session, program_id=program_id)
        session.execute(text("ANALYZE member_activity"))
        return int(session.scalar(text("SELECT count(*) FROM member_activity WHERE program_id = :p"),
                                  {"p": program_id}) or 0)


def load(database: Database, members: int) -> int:
    """Creates the program and fills it; returns its id."""
    with unit_of_work(database) as session:
        program = programs.create_program(session=session, data=ProgramCreate.model_validate({
            "name": PROGRAM_NAME, "currency": "EUR", "timezone": "Europe/Warsaw",
            "expiry_policy": {"kind": "months_after_earning", "months": 12}}))
        program_id = program.id
        for kind in ("issued", "spent", "expired"):
            session.execute(text("INSERT INTO accounts (program_id, member_id, kind, unit, balance) "
                                 "VALUES (:p, NULL, :k, 'points', 0) ON CONFLICT DO NOTHING"),
                            {"p": program_id, "k": kind})

    def run(sql: str, **params: object) -> int:
        with unit_of_work(database) as session:
            result = session.execute(text(sql), {"program_id": program_id, "now": NOW,
                                                 "enrolment_days": ENROLMENT_DAYS, **params})
            return int(result.rowcount)  # type: ignore[attr-defined]

    with unit_of_work(database, read_only=True) as session:
        base = int(session.scalar(text("SELECT coalesce(max(id), 0) FROM purchases")) or 0)
    started = time.perf_counter()
    print(f"loading {members:,} members into {NAME} (set-based INSERT … SELECT)")
    total = step("members", lambda: run(MEMBERS_SQL, members=members))
    total += step("point accounts (wallet, pending)", lambda: run(ACCOUNTS_SQL))
    total += step("purchases", lambda: run(PURCHASES_SQL, base=base))
    with unit_of_work(database) as session:
        session.execute(text("SELECT setval(pg_get_serial_sequence('purchases', 'id'), "
                             "(SELECT max(id) FROM purchases))"))
    lines = step("purchase lines", lambda: run(LINES_SQL, base=base))
    total += lines
    total += step("ledger: earning transactions", lambda: run(EARN_TRANSACTIONS_SQL))
    total += step("ledger: spending transactions", lambda: run(SPEND_TRANSACTIONS_SQL))
    total += step("ledger: expiry transactions", lambda: run(EXPIRY_TRANSACTIONS_SQL))
    total += step("ledger: entries (two per transaction)", lambda: run(ENTRIES_SQL))
    step("account balances from the entries (UPDATE)", lambda: run(BALANCES_SQL))
    step("member activity from the purchases", lambda: rebuilt_activity(database, program_id))
    engine = create_engine(database.engine.url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        began = time.perf_counter()
        connection.execute(text("VACUUM ANALYZE"))
        print(f"  {'VACUUM ANALYZE':<46} {'':>17} {time.perf_counter() - began:9.1f} s")
    engine.dispose()
    seconds = time.perf_counter() - started
    print(f"loaded {total:,} rows ({lines:,} purchase lines) in {seconds:.0f} s: {total / seconds:,.0f} rows/s")
    return program_id


def existing_program(database: Database) -> int | None:
    with unit_of_work(database, read_only=True) as session:
        found = session.scalar(text("SELECT max(id) FROM programs WHERE name = :n"), {"n": PROGRAM_NAME})
    return int(found) if found is not None else None


def prepare(members: int, *, reuse: bool) -> tuple[Database, int]:
    """The bench database with its program: loaded afresh, or kept from an earlier run with --reuse."""
    if not reuse:
        admin(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
        admin(f'CREATE DATABASE "{NAME}"')
    url = database_url()
    upgrade(url)
    database = create_database(DatabaseSettings(url=url))
    program_id = existing_program(database) if reuse else None
    if program_id is None:
        program_id = load(database, members)
    else:  # a database loaded before member_activity existed (migration 0039 fills it only once)
        with unit_of_work(database, read_only=True) as session:
            kept = session.scalar(text("SELECT count(*) FROM member_activity WHERE program_id = :p"),
                                  {"p": program_id})
        if not kept:
            step("member activity from the purchases", lambda: rebuilt_activity(database, program_id))
    return database, program_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="keep an earlier run's database if it has the program")
    args = parser.parse_args()
    database, program_id = prepare(args.members, reuse=args.reuse)
    with unit_of_work(database, read_only=True) as session:
        counts = session.execute(text(
            "SELECT (SELECT count(*) FROM members WHERE program_id = :p) AS members,"
            " (SELECT count(*) FROM purchases WHERE program_id = :p) AS purchases,"
            " (SELECT count(*) FROM purchase_lines WHERE program_id = :p) AS lines,"
            " (SELECT count(*) FROM ledger_entries WHERE program_id = :p) AS entries"), {"p": program_id}).one()
    print(f"program {program_id}: {counts.members:,} members, {counts.purchases:,} purchases, "
          f"{counts.lines:,} purchase lines, {counts.entries:,} ledger entries")


if __name__ == "__main__":
    main()
