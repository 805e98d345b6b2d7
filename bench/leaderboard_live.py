"""How soon a member's new points show on a leaderboard, and how fast a board is read.

    python bench/leaderboard_live.py                         # SQLite and PostgreSQL, 20,000 members
    python bench/leaderboard_live.py --backends sqlite --members 5000 --rounds 100

On a fresh database of each backend (SQLite in a temporary folder; PostgreSQL
`loyalty_bench_boards_<pid>`, dropped at the end): a program, --members members, a monthly
points board and a weekly one, and one score row per member on each (written straight into the
score table, as the worker's upserts would have left them, so the reads run over a full board).
The "leaderboards" subscriber is then pumped in a thread as `loyalty worker` does (an idle pump
sleeps 20 ms), and --rounds times a random member earns points through the ledger service: the
bench measures from the earning's commit to the moment `my_standing` reads the new score, and
prints p50/p95/max. It also times the top 10 and a member's own rank.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from loyalty.config import DatabaseSettings
from loyalty.db.engine import Database, create_database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.leaderboards import repository as board_rows
from loyalty.leaderboards import service as leaderboards
from loyalty.leaderboards.schemas import LeaderboardCreate
from loyalty.ledger import service as ledger
from loyalty.ledger.service import EarnAward
from loyalty.members import service as members
from loyalty.members.schemas import MemberCreate
from loyalty.migrate import upgrade
from loyalty.programs import service as programs
from loyalty.programs.schemas import ProgramCreate
from loyalty.worker import consumer, tasks_leaderboards

PG_ADMIN = os.environ.get("LOYALTY_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
SUBSCRIBER = tasks_leaderboards.subscriber


def prepare(database: Database, member_count: int) -> tuple[int, list[int], list[int]]:
    with unit_of_work(database) as session:
        program = programs.create_program(session=session, data=ProgramCreate.model_validate({
            "name": "Bench", "currency": "PLN", "timezone": "Europe/Warsaw", "expiry_policy": {"kind": "never"}}))
        program_id = program.id
    ids: list[int] = []
    for start in range(0, member_count, 1000):
        with unit_of_work(database) as session:
            program = programs.get_program(session=session, program_id=program_id)
            ids += [members.enrol_member(session=session, program=program, actor="bench", data=MemberCreate(
                email=f"m{n}@bench.example")).id for n in range(start, min(start + 1000, member_count))]  # type: ignore[call-arg]
    consumer.pump(database, SUBSCRIBER)  # the cursor, before the boards' own events
    with unit_of_work(database) as session:
        program = programs.get_program(session=session, program_id=program_id)
        boards = [leaderboards.create(session=session, program=program, data=LeaderboardCreate(
            name=name, measure="points", period=period)).id  # type: ignore[arg-type]
            for name, period in (("Month", "month"), ("Week", "week"))]
        now = clock.now()
        for board_id in boards:
            period_start = leaderboards.current_period_start(program=program, board=leaderboards.get(
                session=session, program=program, leaderboard_id=board_id))
            for member_id in ids:
                board_rows.add_score(session, leaderboard_id=board_id, period_start=period_start, program_id=program_id,
                                     member_id=member_id, amount=random.randint(0, 5000), now=now)
        board_rows.ensure_public_names(session, program_id=program_id, member_ids=ids, now=now)
    return program_id, ids, boards


def measure(database: Database, member_count: int, rounds: int) -> None:
    started = time.perf_counter()
    program_id, ids, boards = prepare(database, member_count)
    print(f"  prepared {member_count:,} members and {len(boards)} boards in {time.perf_counter() - started:.0f} s")
    stop = threading.Event()

    def pump() -> None:
        while not stop.is_set():
            if not consumer.pump(database, SUBSCRIBER).handled:
                time.sleep(0.02)

    while consumer.pump(database, SUBSCRIBER).handled:
        pass
    runner = threading.Thread(target=pump, daemon=True)
    runner.start()
    latencies: list[float] = []
    try:
        for _ in range(rounds):
            member_id = random.choice(ids)
            with unit_of_work(database, read_only=True) as session:
                program = programs.get_program(session=session, program_id=program_id)
                before = leaderboards.my_standing(session=session, program=program, leaderboard_id=boards[0],
                                                  member_id=member_id).score
            with unit_of_work(database) as session:
                program = programs.get_program(session=session, program_id=program_id)
                ledger.earn(session=session, program=program, member_id=member_id,
                            awards=[EarnAward(unit="points", points=7, rule_id=None, rule_version=None)],
                            occurred_at=datetime.now(UTC), actor="bench")
            committed = time.perf_counter()
            while True:
                with unit_of_work(database, read_only=True) as session:
                    program = programs.get_program(session=session, program_id=program_id)
                    score = leaderboards.my_standing(session=session, program=program, leaderboard_id=boards[0],
                                                     member_id=member_id).score
                if score == before + 7:
                    break
                time.sleep(0.002)
            latencies.append(time.perf_counter() - committed)
    finally:
        stop.set()
        runner.join(10)
    latencies.sort()
    print(f"  commit to visible ({rounds} earnings): p50 {statistics.median(latencies) * 1000:.0f} ms, "
          f"p95 {latencies[int(0.95 * (len(latencies) - 1))] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")
    for label, read in (("top 10", lambda s, p: leaderboards.standings(session=s, program=p, leaderboard_id=boards[0],
                                                                       limit=10)),
                        ("own rank", lambda s, p: leaderboards.my_standing(session=s, program=p,
                                                                           leaderboard_id=boards[0],
                                                                           member_id=random.choice(ids)))):
        took = []
        for _ in range(50):
            begun = time.perf_counter()
            with unit_of_work(database, read_only=True) as session:
                read(session, programs.get_program(session=session, program_id=program_id))
            took.append(time.perf_counter() - begun)
        print(f"  {label}: median {statistics.median(took) * 1000:.1f} ms over {member_count:,} scores")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    random.seed(14)
    for backend in args.backends:
        print(f"{backend}:")
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                url = f"sqlite:///{Path(folder) / 'bench.db'}"
                upgrade(url)
                database = create_database(DatabaseSettings(url=url))
                try:
                    measure(database, args.members, args.rounds)
                finally:
                    database.dispose()
            continue
        name = f"loyalty_bench_boards_{os.getpid()}"
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
        try:
            upgrade(url)
            database = create_database(DatabaseSettings(url=url))
            try:
                measure(database, args.members, args.rounds)
            finally:
                database.dispose()
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
