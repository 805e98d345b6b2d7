"""The lifecycle scans over a million members on PostgreSQL: seconds and members found per scan.

    python bench/scans.py                     # 1,000,000 members, database loyalty_bench_scans
    python bench/scans.py --members 100000 --reuse

Members and their purchases are seeded with generate_series (not through the API) in a few
statements; member_rhythm is then built in one statement (`lifecycle.service.rebuild_rhythms`),
as an installation with history would fill it once. Buying profiles by member: 40 % monthly,
20 % weekly, 20 % twice a year, 10 % quarterly, 10 % one purchase, each with its last purchase
0-399 days ago. Each scan runs as the worker runs it (`worker.scans.run_scan`: units of work of
at most 10,000 occasions, their commits and events included in the time): a first run that
announces the whole backlog, a run at once after it
(finds nothing: idempotent), and the next day's run (the day's new occasions, the steady state).
`SELECT count(*)` over the program's members is printed as the baseline.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from loyalty.config import DatabaseSettings
from loyalty.db.engine import Database, create_database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.lifecycle import service as lifecycle
from loyalty.migrate import upgrade
from loyalty.programs import service as programs
from loyalty.programs.models import Program
from loyalty.programs.schemas import ProgramCreate
from loyalty.worker.scans import run_scan

ADMIN_URL = os.environ.get("LOYALTY_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
NAME = "loyalty_bench_scans"
NOW = datetime(2026, 6, 15, 22, 30, tzinfo=UTC)  # past midnight in Warsaw: June 16 there

MEMBERS_SQL = """
INSERT INTO members (program_id, email, birth_date, birth_month_day, attributes, status, enrolment_channel,
                     enrolled_at, updated_at, referral_code)
SELECT :program_id, 'm' || i || '@bench.example', d, to_char(d, 'MM-DD'), '{}'::jsonb, 'active', 'pos',
       e, e, 'B' || i
FROM generate_series(CAST(1 AS bigint), :members) AS i,
     LATERAL (SELECT date '1950-01-01' + CAST((i * 7919) % 20000 AS int) AS d,
                     CAST(:now AS timestamptz)
                       - make_interval(days => CAST(30 + (i * 13) % 2500 AS int), secs => i % 86400) AS e) x
"""

# Profile by member id: (gap in days, number of purchases).
PURCHASES_SQL = """
INSERT INTO purchases (program_id, member_id, channel, occurred_at, recorded_at, currency, total_minor,
                       refunded_minor, request_hash, result)
SELECT :program_id, m.id, 'pos', t, t, 'EUR', 1000 + (m.id % 50) * 100, 0, '', '{}'::jsonb
FROM members m,
     LATERAL (SELECT CASE WHEN m.id % 10 < 4 THEN 30 WHEN m.id % 10 < 6 THEN 7 WHEN m.id % 10 < 8 THEN 182
                          WHEN m.id % 10 < 9 THEN 91 ELSE 0 END AS gap,
                     CASE WHEN m.id % 10 < 4 THEN 6 WHEN m.id % 10 < 6 THEN 6 WHEN m.id % 10 < 8 THEN 4
                          WHEN m.id % 10 < 9 THEN 3 ELSE 1 END AS n,
                     (m.id * 37) % 400 AS last_days_ago) p,
     LATERAL (SELECT CAST(:now AS timestamptz)
                     - make_interval(days => CAST(p.last_days_ago + k * p.gap + (m.id + k) % 3 AS int),
                                   hours => CAST((m.id + k) % 10 AS int))
                     AS t
              FROM generate_series(0, p.n - 1) AS k) s
WHERE m.program_id = :program_id
"""


def admin(sql: str) -> None:
    engine = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(sql))
    engine.dispose()


def timed(label: str, action: object) -> float:
    started = time.perf_counter()
    result = action() if callable(action) else None
    seconds = time.perf_counter() - started
    print(f"  {label:<44} {seconds:8.2f} s" + (f"   {result:>9,}" if isinstance(result, int) else ""), flush=True)
    return seconds


def seed(database: Database, members: int) -> int:
    with unit_of_work(database) as session:
        program = programs.create_program(session=session, data=ProgramCreate.model_validate({
            "name": "Scans bench", "currency": "EUR", "timezone": "Europe/Warsaw",
            "expiry_policy": {"kind": "months_after_earning", "months": 12}}))
        program_id = program.id

    def run(sql: str, **params: object) -> int:
        with unit_of_work(database) as session:
            result = session.execute(text(sql), {"program_id": program_id, "now": NOW, **params})
            return int(result.rowcount)  # type: ignore[attr-defined]

    print("seeding")
    timed("members (generate_series)", lambda: run(MEMBERS_SQL, members=members))
    timed("purchases (generate_series)", lambda: run(PURCHASES_SQL))
    with unit_of_work(database) as session:
        found = session.get(Program, program_id)
        assert found is not None
        timed("member_rhythm built (one statement)", lambda: lifecycle.rebuild_rhythms(session=session,
                                                                                       program=found))
    engine = create_engine(database.engine.url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        timed("VACUUM ANALYZE", lambda: connection.execute(text("VACUUM ANALYZE")) and None)
    engine.dispose()
    return program_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="keep a seeded database; only clear the marks")
    args = parser.parse_args()
    url = make_url(ADMIN_URL).set(database=NAME).render_as_string(hide_password=False)
    if not args.reuse:
        admin(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
        admin(f'CREATE DATABASE "{NAME}"')
    upgrade(url)
    database = create_database(DatabaseSettings(url=url))
    with unit_of_work(database) as session:
        program_id = session.scalar(text("SELECT max(id) FROM programs WHERE name = 'Scans bench'"))
        if program_id is not None:
            session.execute(text("DELETE FROM lifecycle_marks WHERE program_id = :p"), {"p": program_id})
            session.execute(text("DELETE FROM events WHERE program_id = :p AND type IN "
                                 "('member.birthday', 'member.lapsed', 'member.anniversary')"), {"p": program_id})
    if program_id is None:
        program_id = seed(database, args.members)
    with unit_of_work(database, read_only=True) as session:
        counts = session.execute(text(
            "SELECT (SELECT count(*) FROM members WHERE program_id = :p) AS members,"
            " (SELECT count(*) FROM purchases WHERE program_id = :p) AS purchases"), {"p": program_id}).one()
    print(f"\nPostgreSQL, {counts.members:,} members, {counts.purchases:,} purchases; "
          f"scan time {NOW.isoformat()} (June 16 in the program's Europe/Warsaw)")
    print(f"  {'':<44} {'seconds':>10}   {'found':>9}")

    def count_members() -> int:
        with unit_of_work(database, read_only=True) as session:
            return int(session.scalar(text("SELECT count(*) FROM members WHERE program_id = :p"),
                                      {"p": program_id}) or 0)

    timed("baseline: SELECT count(*) FROM members", count_members)

    def scan(name: str, now: datetime) -> int:
        clock.set_clock(lambda: now)
        try:
            return run_scan(database, program_id, name, now=now)
        finally:
            clock.set_clock(None)

    for name in ("birthdays", "lapsed", "anniversaries"):
        timed(f"{name}: first run (the whole backlog)", lambda name=name: scan(name, NOW))  # type: ignore[misc]
        timed(f"{name}: again at once (idempotent)", lambda name=name: scan(name, NOW))  # type: ignore[misc]
        timed(f"{name}: the next day", lambda name=name: scan(name, NOW + timedelta(days=1)))  # type: ignore[misc]
    database.dispose()


if __name__ == "__main__":
    main()
