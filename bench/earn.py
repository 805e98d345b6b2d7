"""Purchases per second over HTTP, against the machine's raw database write ceiling.

    python bench/earn.py                      # PostgreSQL and SQLite, 100,000 demo members
    python bench/earn.py --backends postgresql --seconds 30 --connections 64 --workers 2

For each backend it seeds the demo data set (members and a year of receipts, through the
real services; kept between runs and reused when it is already there), starts
`loyalty serve` with N worker processes, and drives it with wrk (Debian package `wrk`):
concurrent clients posting purchases with 2-6 lines for random members, for a fixed time.
It prints purchases per second and p50/p95/p99 latency, then checks that every 201 is a
purchase in the database and that the ledger verifies.

The baseline, measured in the same run on the same machine: PostgreSQL's raw write ceiling
from pgbench's simple-update mode (one UPDATE, a SELECT and an INSERT per transaction,
fsync on commit), and for SQLite an equivalent raw-SQL loop (one INSERT per committed
transaction, WAL, synchronous=FULL). The ratio says how much of the database's ceiling
the whole product (HTTP, JSON, auth, rules, double-entry ledger, events) reaches.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from seed import seed
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from loyalty.auth import service as auth_service
from loyalty.config import DatabaseSettings, generate_secret_key
from loyalty.db.engine import create_database
from loyalty.db.uow import unit_of_work
from loyalty.ledger import service as ledger
from loyalty.members.models import Member
from loyalty.migrate import upgrade
from loyalty.programs import service as programs
from loyalty.purchases.models import Purchase

HERE = Path(__file__).resolve().parent
DEFAULT_PG_ADMIN = os.environ.get("LOYALTY_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@dataclass
class HttpResult:
    backend: str
    requests: int
    created: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    server_cpu_seconds: float = 0.0  # the server's processes, during the timed run
    database_cpu_seconds: float = 0.0  # PostgreSQL's backends serving it (0 on SQLite: it is in-process)

    @property
    def per_second(self) -> float:
        return self.created / self.seconds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def admin_sql(sql: str) -> None:
    engine = create_engine(DEFAULT_PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(sql))
    engine.dispose()


def vacuum_analyze(url: str) -> None:
    """No dead rows left by earlier runs and fresh planner statistics, as autovacuum would keep
    them (it may be off, as it is on the development machine), so runs compare."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def postgres_url(name: str) -> str:
    return make_url(DEFAULT_PG_ADMIN).set(database=name).render_as_string(hide_password=False)


def seeded_database(url: str, members: int, purchases: int, fresh: bool) -> tuple[int, int, int]:
    """Migrate and seed once; returns (program id, smallest and largest member id)."""
    upgrade(url)
    database = create_database(DatabaseSettings(url=url))
    with unit_of_work(database, read_only=True) as session:
        existing = programs.list_programs(session=session)
        count = session.scalar(select(func.count()).select_from(Member)) or 0
    if existing and count >= members and not fresh:
        print(f"  reusing the seeded data set ({count:,} members)")
    elif existing:
        sys.exit(f"  the benchmark database holds {count:,} members, fewer than {members:,}: rerun with --fresh")
    else:
        started = time.perf_counter()
        seed(database, members=members, purchases_count=purchases)
        print(f"  seeded {members:,} members and {purchases:,} purchases in {time.perf_counter() - started:.0f}s")
    with unit_of_work(database, read_only=True) as session:
        program_id = programs.list_programs(session=session)[0].id
        low, high = session.execute(select(func.min(Member.id), func.max(Member.id))
                                    .where(Member.program_id == program_id)).one()
    database.dispose()
    return program_id, int(low), int(high)


def new_api_key(url: str, program_id: int, scopes: list[str] | None = None) -> str:
    database = create_database(DatabaseSettings(url=url))
    with unit_of_work(database) as session:
        issued = auth_service.create_api_key(session=session, program_id=program_id, name="bench",
                                             scopes=scopes or ["purchases:write"])
    database.dispose()
    return issued.secret


def purchase_count(url: str) -> int:
    database = create_database(DatabaseSettings(url=url))
    with unit_of_work(database, read_only=True) as session:
        count = int(session.scalar(select(func.count()).select_from(Purchase)) or 0)
        report = ledger.verify(session=session)
    database.dispose()
    if not report.ok:
        print("  LEDGER VERIFY FAILED:\n   " + "\n   ".join(report.problems))
    else:
        print(f"  ledger verify: ok ({report.transactions_checked:,} transactions)")
    return count


def _cpu_seconds(matches: Callable[[int, str], bool]) -> float:
    """CPU time (user + system) of the processes `matches(pid, command line)` selects (Linux /proc)."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if matches(int(entry.name), command):
            fields = stat[stat.rindex(")") + 2:].split()
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _server_tree(root: int) -> Callable[[int, str], bool]:
    def matches(pid: int, _command: str) -> bool:
        while pid > 1:
            if pid == root:
                return True
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                return False
            pid = int(stat[stat.rindex(")") + 2:].split()[1])
        return False
    return matches


def _postgres_backends_of(url: str) -> Callable[[int, str], bool]:
    name = make_url(url).database or ""
    return lambda _pid, command: command.startswith("postgres:") and f" {name} " in command


def run_http(backend: str, url: str, low: int, high: int, key: str, args: argparse.Namespace) -> HttpResult:
    port = free_port()
    env = {**os.environ, "LOYALTY_WORKER__IN_PROCESS": "never", "LOYALTY_LOG_LEVEL": "WARNING",
           "LOYALTY_SECURITY__SECRET_KEY": generate_secret_key()}
    loyalty = shutil.which("loyalty") or str(Path(sys.executable).parent / "loyalty")
    server = subprocess.Popen(  # noqa: S603 - our own CLI
        [loyalty, "serve", "--database-url", url, "--port", str(port), "--workers",
         str(args.workers if backend == "postgresql" else args.sqlite_workers)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"server did not start: {server.stderr.read().decode() if server.stderr else ''}")
        script = str(HERE / "earn.lua")
        run_id = uuid.uuid4().hex[:8]
        wrk = ["wrk", f"-t{args.threads}", f"-c{args.connections}", "--timeout", "5s", "-s", script, base, "--"]
        # A short warm-up fills the connection pools and the database's caches.
        subprocess.run([*wrk[:3], "-d3s", *wrk[3:], str(low), str(high), run_id + "w", key],  # noqa: S603
                       check=True, capture_output=True)
        in_server, in_database = _server_tree(server.pid), _postgres_backends_of(url)
        server_cpu, database_cpu = _cpu_seconds(in_server), _cpu_seconds(in_database)
        completed = subprocess.run([*wrk[:3], f"-d{args.seconds}s", *wrk[3:], str(low), str(high), run_id, key],  # noqa: S603
                                   check=True, capture_output=True, text=True)
        server_cpu = _cpu_seconds(in_server) - server_cpu
        database_cpu = (_cpu_seconds(in_database) - database_cpu) if backend == "postgresql" else 0.0
    finally:
        server.terminate()
        server.wait(timeout=30)
    line = next(line for line in completed.stdout.splitlines() if line.startswith("WRK "))
    fields = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}
    return HttpResult(backend=backend, requests=fields["requests"], created=fields["created"],
                      seconds=fields["duration_us"] / 1e6, p50_ms=fields["p50_us"] / 1000,
                      p95_ms=fields["p95_us"] / 1000, p99_ms=fields["p99_us"] / 1000,
                      errors=fields["errors_status"] + fields["errors_timeout"] + fields["errors_connect"],
                      server_cpu_seconds=server_cpu, database_cpu_seconds=database_cpu)


def pgbench_ceiling(seconds: int, clients: int) -> float:
    """Transactions per second of pgbench's simple-update script on a scratch database."""
    name = "loyalty_bench_pgbench"
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{name}"')
    target = make_url(DEFAULT_PG_ADMIN)
    connect = ["-h", target.host or "127.0.0.1", "-p", str(target.port or 5432), "-U", target.username or "postgres"]
    subprocess.run(["pgbench", *connect, "-i", "-q", "-s", "10", name], check=True, capture_output=True)  # noqa: S603,S607
    completed = subprocess.run(["pgbench", *connect, "-b", "simple-update", "-c", str(clients), "-j", "2",  # noqa: S603,S607
                                "-T", str(seconds), "-n", name], check=True, capture_output=True, text=True)
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    match = re.search(r"tps = ([\d.]+)", completed.stdout)
    assert match, completed.stdout
    return float(match.group(1))


def sqlite_ceiling(seconds: int) -> float:
    """Committed single-row INSERT transactions per second, WAL + synchronous=FULL, one writer."""
    with tempfile.TemporaryDirectory() as folder:
        connection = sqlite3.connect(Path(folder) / "ceiling.db", isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT)")
        count, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO t (a, b) VALUES (?, ?)", (count, "x" * 40))
            connection.execute("COMMIT")
            count += 1
        elapsed = time.perf_counter() - started
        connection.close()
    return count / elapsed


def report(result: HttpResult, ceiling: float, ceiling_name: str, before: int, after: int) -> None:
    print(f"\n  {result.backend}: {result.per_second:,.0f} purchases/s over HTTP "
          f"({result.created:,} recorded in {result.seconds:.1f}s; {result.errors} errors)")
    print(f"  latency p50 {result.p50_ms:.1f} ms, p95 {result.p95_ms:.1f} ms, p99 {result.p99_ms:.1f} ms")
    if result.requests:
        database = f", database {result.database_cpu_seconds / result.requests * 1000:.1f} ms" \
            if result.database_cpu_seconds else ""
        print(f"  CPU per request: server {result.server_cpu_seconds / result.requests * 1000:.1f} ms{database} "
              f"({os.cpu_count()} cores)")
        if result.database_cpu_seconds:
            # What the database's own work allows, were the server and the load generator free.
            cap = (os.cpu_count() or 1) * result.requests / result.database_cpu_seconds
            print(f"  the database's share alone caps {os.cpu_count()} cores at {cap:,.0f} purchases/s")
    print(f"  baseline ({ceiling_name}): {ceiling:,.0f} transactions/s -> ratio {result.per_second / ceiling:.2f}")
    print(f"  purchases in the database grew by {after - before:,} (wrk counted {result.created:,} x 201)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--purchases", type=int, default=200_000, help="history seeded before the run")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="server processes on PostgreSQL")
    parser.add_argument("--sqlite-workers", type=int, default=1,
                        help="server processes on SQLite (one writer at a time: more processes only contend)")
    parser.add_argument("--fresh", action="store_true", help="drop and reseed the benchmark databases")
    parser.add_argument("--seed-only", action="store_true", help="prepare the data sets and stop")
    parser.add_argument("--sqlite-path", default=str(Path(tempfile.gettempdir()) / "loyalty-bench.db"))
    parser.add_argument("--database-name", default="loyalty_bench",
                        help="the PostgreSQL database (another name keeps a second data set, e.g. for an older commit)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("bench/earn.py needs wrk: apt-get install wrk")
    print(f"bench/earn.py on {os.cpu_count()} cores: {args.connections} connections, {args.workers} server "
          f"workers on PostgreSQL and {args.sqlite_workers} on SQLite, {args.seconds}s per backend")
    for backend in args.backends.split(","):
        print(f"\n== {backend}")
        if backend == "postgresql":
            name = args.database_name
            if args.fresh:
                admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            engine = create_engine(DEFAULT_PG_ADMIN)
            with engine.connect() as connection:
                exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
            engine.dispose()
            if not exists:
                admin_sql(f'CREATE DATABASE "{name}"')
            url = postgres_url(name)
        else:
            path = Path(args.sqlite_path)
            if args.fresh:
                for suffix in ("", "-wal", "-shm"):
                    Path(str(path) + suffix).unlink(missing_ok=True)
            url = f"sqlite:///{path}"
        program_id, low, high = seeded_database(url, args.members, args.purchases, args.fresh)
        if args.seed_only:
            continue
        key = new_api_key(url, program_id)
        if backend == "postgresql":
            vacuum_analyze(url)
        before = purchase_count(url)
        result = run_http(backend, url, low, high, key, args)
        after = purchase_count(url)
        if backend == "postgresql":
            ceiling, ceiling_name = pgbench_ceiling(args.seconds, args.connections), "pgbench simple-update"
        else:
            ceiling, ceiling_name = sqlite_ceiling(min(args.seconds, 10)), "raw INSERT transactions, WAL FULL"
        report(result, ceiling, ceiling_name, before, after)


if __name__ == "__main__":
    main()
