"""Historical receipts imported per second: `loyalty import purchases` on a generated file.

    python bench/import_history.py                       # 1,000,000 lines into a fresh SQLite database
    python bench/import_history.py --lines 100000 --backends sqlite,postgresql

For each backend: a fresh database (a temporary SQLite file, or a PostgreSQL database made
and dropped at LOYALTY_BENCH_POSTGRES_URL's server), a program, MEMBERS members imported
with their cards (the members importer), then a history file of N receipt lines (receipts of
1 to 3 lines, for random members by card number, over the past two years, a tenth of them
guests) imported by the same `run_import` the CLI and the admin panel call: the whole file
checked, then written in one transaction. It prints lines per second, the projection for
1,000,000 lines, and checks that the purchases are all there and that the ledger verifies.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from loyalty.config import DatabaseSettings
from loyalty.db.engine import create_database
from loyalty.db.uow import unit_of_work
from loyalty.imports import service as imports
from loyalty.kernel.luhn import check_digit
from loyalty.ledger import service as ledger
from loyalty.migrate import upgrade
from loyalty.programs import service as programs
from loyalty.programs.schemas import ProgramCreate
from loyalty.purchases.models import Purchase, PurchaseLine

DEFAULT_PG_ADMIN = os.environ.get("LOYALTY_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def card_number(index: int) -> str:
    payload = f"27{index:013d}"
    return payload + check_digit(payload)


def members_csv(count: int) -> bytes:
    rows = ["email,first_name,card_number,opening_balance"]
    rows += [f"member{i}@example.com,Member {i},{card_number(i)},{i % 500}" for i in range(count)]
    return ("\n".join(rows) + "\n").encode()


def history_csv(lines: int, members: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    start = datetime.now(UTC) - timedelta(days=730)
    rows = ["receipt_id,member_card_number,occurred_at,store,sku,name,category,quantity,unit_price"]
    written = receipt = 0
    while written < lines:
        receipt += 1
        items = min(rng.randint(1, 3), lines - written)
        member = card_number(rng.randrange(members)) if rng.random() > 0.1 else ""
        moment = (start + timedelta(seconds=rng.randrange(730 * 86400))).replace(microsecond=0).isoformat()
        store = f"S{rng.randrange(20):02d}"
        for item in range(items):
            sku = rng.randrange(300)
            first = item == 0
            rows.append(f"H{receipt},{member if first else ''},{moment if first else ''},{store if first else ''},"
                        f"SKU-{sku},Item {sku},cat{sku % 12},{rng.randint(1, 4)},{rng.randint(50, 5000) / 100:.2f}")
        written += items
    return ("\n".join(rows) + "\n").encode()


def fresh_url(backend: str, workdir: Path) -> tuple[str, str | None]:
    if backend == "sqlite":
        return f"sqlite:///{workdir / 'import_history.db'}", None
    name = f"loyalty_import_bench_{uuid.uuid4().hex[:8]}"
    admin_sql(f'CREATE DATABASE "{name}"')
    return make_url(DEFAULT_PG_ADMIN).set(database=name).render_as_string(hide_password=False), name


def admin_sql(sql: str) -> None:
    engine = create_engine(DEFAULT_PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(sql))
    engine.dispose()


def run(backend: str, lines: int, members: int, workdir: Path) -> float:
    url, pg_name = fresh_url(backend, workdir)
    try:
        upgrade(url)
        database = create_database(DatabaseSettings(url=url))
        with unit_of_work(database) as session:
            program = programs.create_program(session=session, data=ProgramCreate.model_validate(
                {"name": "Import bench", "currency": "EUR", "timezone": "Europe/Warsaw",
                 "expiry_policy": {"kind": "never"}}))
        started = time.perf_counter()
        with unit_of_work(database) as session:
            imports.run_import(session=session, program=program, kind="members", data=members_csv(members),
                               actor="bench")
        print(f"{backend}: {members:,} members with cards and opening balances in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
        data = history_csv(lines, members)
        print(f"{backend}: history file of {lines:,} lines, {len(data) / 1e6:.1f} MB", flush=True)

        def progress(stage: str, done: int, total: int) -> None:
            if done == total or done % 100_000 == 0:
                print(f"  {stage} {done:,}/{total:,} at {time.perf_counter() - started:.1f} s", flush=True)

        started = time.perf_counter()
        with unit_of_work(database) as session:
            report = imports.run_import(session=session, program=program, kind="purchases", data=data,
                                        actor="bench", progress=progress)
        seconds = time.perf_counter() - started
        with unit_of_work(database, read_only=True) as session:
            receipts = session.scalar(select(func.count()).select_from(Purchase)
                                      .where(Purchase.program_id == program.id))
            stored_lines = session.scalar(select(func.count()).select_from(PurchaseLine)
                                          .where(PurchaseLine.program_id == program.id))
            verified = ledger.verify(session=session)
        assert receipts == report.imported["receipts"] and stored_lines == lines, (receipts, stored_lines)
        assert verified.ok, verified.problems
        rate = lines / seconds
        print(f"{backend}: {lines:,} lines ({receipts:,} receipts) in {seconds:.1f} s = {rate:,.0f} lines/s; "
              f"1,000,000 lines would take {1_000_000 / rate / 60:.1f} min; ledger verify OK", flush=True)
        database.dispose()
        return rate
    finally:
        if pg_name is not None:
            admin_sql(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000, help="receipt lines in the history file")
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--backends", default="sqlite", help="sqlite, postgresql or both, comma-separated")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="loyalty-import-bench-") as workdir:
        for backend in args.backends.split(","):
            run(backend.strip(), args.lines, args.members, Path(workdir))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
