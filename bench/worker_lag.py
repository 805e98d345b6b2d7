"""Does one `loyalty worker` keep up while purchases run at full speed?

    python bench/worker_lag.py                        # 20,000 members, 30 s per phase
    python bench/worker_lag.py --members 50000 --seconds 60 --connections 32
    python bench/worker_lag.py --worker-processes 2            # two `loyalty worker` processes
    python bench/worker_lag.py --profile /tmp/prof            # a cProfile file per event pump

On a fresh PostgreSQL database of its own (`loyalty_bench_lag_<pid>`, so two runs at once, or a
re-run while the last one's processes are still going, never drop each other's database; dropped
at the end unless --keep, and one left by a killed run is dropped by the next): the
demo program with --members members (bench/seed.py), a webhook endpoint subscribed to
`purchase.recorded` pointing at a receiver in this process (127.0.0.1, which the server and the
worker are allowed to reach: LOYALTY_WEBHOOKS__ALLOW_PRIVATE_NETWORKS=true), and the lifecycle
rhythm subscriber as registered. `loyalty serve` takes purchases from wrk (earn.lua, as in
bench/earn.py).

1. Baseline: purchases at full speed for --seconds with no worker running.
2. The worker starts and catches up with the baseline's events (its catch-up rate alone).
3. Purchases at full speed for --seconds again, the worker running. Every second the bench reads
   `loyalty.events.stream.positions` (what `loyalty events status` shows) and prints, per
   subscriber, the events waiting and the oldest one's age, the purchases/s and the worker's
   events/s; and the webhook deliveries received per second.
4. Load off: how long the worker takes to empty what is left.

It then says whether the worker kept up (the backlog bounded: it did not keep growing through
the run, and the worker handled events as fast as they were recorded) and the purchase rate
with the worker running against the baseline.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
from earn import DEFAULT_PG_ADMIN, admin_sql, free_port, postgres_url
from seed import seed
from sqlalchemy import create_engine, text

import loyalty
from loyalty.auth import service as auth_service
from loyalty.config import DatabaseSettings, generate_secret_key
from loyalty.db.engine import create_database
from loyalty.db.uow import unit_of_work
from loyalty.events import stream
from loyalty.migrate import upgrade
from loyalty.worker.registry import SUBSCRIBERS

HERE = Path(__file__).resolve().parent
LOYALTY = shutil.which("loyalty") or str(Path(sys.executable).parent / "loyalty")
PREFIX = "loyalty_bench_lag"
NAME = f"{PREFIX}_{os.getpid()}"


class Receiver(BaseHTTPRequestHandler):
    # Keep-alive, as receivers behind any web server answer (http.server's default, HTTP/1.0,
    # closes every connection after one answer).
    protocol_version = "HTTP/1.1"
    received = 0
    lock = threading.Lock()

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with Receiver.lock:
            Receiver.received += 1
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


@dataclass
class Sample:
    at: float
    purchases: int  # purchases in the database
    handled: dict[str, int]  # per subscriber, since its cursor was made
    waiting: dict[str, int]
    lag: dict[str, float | None]
    webhooks: int  # deliveries the receiver got


class Sampler:
    def __init__(self, url: str) -> None:
        self.database = create_database(DatabaseSettings(url=url, pool_size=1))
        self.types: dict[str, Sequence[str]] = {each.name: sorted(each.types) for each in SUBSCRIBERS}

    def take(self) -> Sample:
        with unit_of_work(self.database, read_only=True) as session:
            rows = {row.subscriber: row for row in stream.positions(session, self.types)}
            purchases = int(session.execute(text("SELECT count(*) FROM purchases")).scalar_one())
        return Sample(time.perf_counter(), purchases, {name: row.handled for name, row in rows.items()},
                      {name: row.waiting for name, row in rows.items()},
                      {name: row.lag_seconds for name, row in rows.items()}, Receiver.received)

    def deliveries_made(self) -> int:
        with unit_of_work(self.database, read_only=True) as session:
            return int(session.execute(text("SELECT count(*) FROM webhook_deliveries")).scalar_one())

    def close(self) -> None:
        self.database.dispose()


def prepare(url: str, members: int, base: str, receiver_port: int) -> tuple[int, int, str]:
    """Seed, then an API key and the webhook endpoint; (smallest member id, largest, key)."""
    upgrade(url)
    database = create_database(DatabaseSettings(url=url))
    program_id = seed(database, members=members, purchases_count=0)
    with unit_of_work(database) as session:
        key = auth_service.create_api_key(session=session, program_id=program_id, name="lag bench",
                                          scopes=["purchases:write", "webhooks:write"]).secret
        low, high = session.execute(text("SELECT min(id), max(id) FROM members WHERE program_id = :p"),
                                    {"p": program_id}).one()
    database.dispose()
    answer = httpx.post(f"{base}/api/v1/webhooks/endpoints", headers={"Authorization": f"Bearer {key}"},
                        json={"url": f"http://127.0.0.1:{receiver_port}/hook", "event_types": ["purchase.recorded"],
                              "description": "lag bench receiver"}, timeout=30)
    answer.raise_for_status()
    return int(low), int(high), key


def start_wrk(base: str, seconds: int, args: argparse.Namespace, low: int, high: int,
              key: str) -> subprocess.Popen[str]:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(HERE / "earn.lua"), base, "--", str(low), str(high), uuid.uuid4().hex[:8], key]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603


def wrk_created(process: subprocess.Popen[str]) -> tuple[int, float, int]:
    """(purchases created, seconds, errors)."""
    out, err = process.communicate()
    line = next((line for line in out.splitlines() if line.startswith("WRK ")), None)
    if process.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed: {out}\n{err}")
    values = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}
    return (values["created"], values["duration_us"] / 1e6,
            values["errors_status"] + values["errors_timeout"] + values["errors_connect"])


def wait_healthy(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.perf_counter() + 120  # a loaded machine (other benches, tests) starts it slowly
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not start")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children, living ones (Linux /proc)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def drop_stale_databases() -> None:
    """Databases left by runs that were killed before their clean-up (their process is gone)."""
    engine = create_engine(DEFAULT_PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        names = connection.execute(text("SELECT datname FROM pg_database WHERE datname LIKE :p"),
                                   {"p": f"{PREFIX}%"}).scalars().all()
        for name in names:
            pid = name.rsplit("_", 1)[-1]
            if not pid.isdigit() or not Path(f"/proc/{pid}").exists():
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def stop(process: subprocess.Popen[bytes] | None) -> None:
    """SIGTERM to the process and its children (its own process group), SIGKILL after 30 s: a
    server's worker processes must not outlive the run and keep connections to its database."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def fmt_lag(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}s"


def print_sample(previous: Sample, sample: Sample, names: list[str], started: float) -> None:
    elapsed = sample.at - previous.at
    purchases = (sample.purchases - previous.purchases) / elapsed
    handled = sum(sample.handled.get(n, 0) - previous.handled.get(n, 0) for n in names) / elapsed
    hooks = (sample.webhooks - previous.webhooks) / elapsed
    backlog = "  ".join(f"{n} {sample.waiting.get(n, 0):>6} {fmt_lag(sample.lag.get(n)):>6}" for n in names)
    print(f"  {sample.at - started:5.0f}s  {purchases:7.0f}  {handled:8.0f}  {hooks:8.0f}   {backlog}", flush=True)


def main() -> None:  # noqa: PLR0915 - one scenario, read top to bottom
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=30, help="per load phase")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--worker-concurrency", type=int, default=4)
    parser.add_argument("--worker-processes", type=int, default=1,
                        help="`loyalty worker` processes (they share the subscribers' cursors on PostgreSQL)")
    parser.add_argument("--profile", metavar="DIR", default=None,
                        help="run the workers under bench/profiled_worker.py: a cProfile file per event pump in DIR")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--hooks-wait", type=float, default=60,
                        help="seconds to wait for the webhook deliveries once the backlog is empty")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("bench/worker_lag.py needs wrk: apt-get install wrk")
    # Stopped by a signal, the run still stops its server and worker and drops its database (a
    # shell starts background jobs with SIGINT ignored, so SIGTERM is the one that reaches them).
    for each in (signal.SIGTERM, signal.SIGINT):
        signal.signal(each, lambda number, _frame: sys.exit(128 + number))

    drop_stale_databases()
    admin_sql(f'CREATE DATABASE "{NAME}"')
    url = postgres_url(NAME)
    receiver = ThreadingHTTPServer(("127.0.0.1", free_port()), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "LOYALTY_DATABASE_URL": url, "LOYALTY_SECURITY__SECRET_KEY": generate_secret_key(),
           "LOYALTY_WORKER__IN_PROCESS": "never", "LOYALTY_LOG_LEVEL": "WARNING",
           "LOYALTY_WEBHOOKS__ALLOW_PRIVATE_NETWORKS": "true"}
    server: subprocess.Popen[bytes] | None = None
    workers: list[subprocess.Popen[bytes]] = []
    sampler: Sampler | None = None
    print(f"bench/worker_lag.py on {os.cpu_count()} cores (load average {os.getloadavg()[0]:.2f}): "
          f"{args.connections} connections, {args.workers} server processes, {args.worker_processes} worker "
          f"process(es) (concurrency {args.worker_concurrency} each), {args.seconds} s per phase; "
          f"database {DEFAULT_PG_ADMIN.rsplit('/', 1)[0]}/{NAME}; code {Path(loyalty.__file__).parent}",
          flush=True)
    try:
        upgrade(url)
        server = subprocess.Popen([LOYALTY, "serve", "--port", str(port), "--workers", str(args.workers)],  # noqa: S603
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)
        wait_healthy(base, server)
        started = time.perf_counter()
        low, high, key = prepare(url, args.members, base, receiver.server_address[1])
        print(f"seeded {args.members:,} members in {time.perf_counter() - started:.0f} s; webhook endpoint "
              f"for purchase.recorded -> 127.0.0.1:{receiver.server_address[1]}", flush=True)
        subprocess.run(["wrk", "-t1", "-c4", "-d3s", "-s", str(HERE / "earn.lua"), base, "--",  # noqa: S603,S607
                        str(low), str(high), "warm", key], check=True, capture_output=True)

        # 1. Baseline: no worker.
        created, seconds, errors = wrk_created(start_wrk(base, args.seconds, args, low, high, key))
        baseline = created / seconds
        print(f"\n1. baseline, no worker running: {baseline:,.0f} purchases/s ({created:,} in {seconds:.1f} s, "
              f"{errors} errors)", flush=True)

        # 2. The worker starts and catches up.
        sampler = Sampler(url)
        command = [LOYALTY, "worker", "--concurrency", str(args.worker_concurrency)]
        if args.profile:
            command = [sys.executable, str(HERE / "profiled_worker.py"), args.profile, *command[1:]]
        workers = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,  # noqa: S603
                                    stderr=subprocess.DEVNULL, start_new_session=True)
                   for _ in range(args.worker_processes)]
        print(f"   worker pid(s) {', '.join(str(worker.pid) for worker in workers)}", flush=True)
        names = [each.name for each in SUBSCRIBERS]
        first = sampler.take()
        while True:
            time.sleep(1)
            sample = sampler.take()
            if set(sample.waiting) >= set(names) and not any(sample.waiting.values()):
                break
            if any(worker.poll() is not None for worker in workers):
                raise RuntimeError("a worker exited")
        caught_up = sample.at - first.at
        backlog_events = sum(sample.handled.values())
        print(f"2. the worker started and handled the baseline's {backlog_events:,} subscriber events in "
              f"{caught_up:.1f} s ({backlog_events / caught_up:,.0f} events/s with no purchases running; "
              f"webhooks received so far {Receiver.received:,})", flush=True)
        time.sleep(2)

        # 3. Purchases at full speed with the worker running.
        print("\n3. purchases at full speed, the worker running (every second):")
        print("      time  purch/s  events/s  hooks/s   " + "  ".join(f"{n}: waiting, oldest" for n in names))
        samples = [sampler.take()]
        worker_cpu, server_cpu = sum(cpu_seconds(worker.pid) for worker in workers), cpu_seconds(server.pid)
        load = start_wrk(base, args.seconds, args, low, high, key)
        while load.poll() is None:
            time.sleep(1)
            samples.append(sampler.take())
            print_sample(samples[-2], samples[-1], names, samples[0].at)
        created, seconds, errors = wrk_created(load)
        under_load = samples[:]
        worker_cpu = sum(cpu_seconds(worker.pid) for worker in workers) - worker_cpu
        server_cpu = cpu_seconds(server.pid) - server_cpu
        with_worker = created / seconds
        print("   load off:")
        drained_at = None
        deadline = time.perf_counter() + max(120, 4 * args.seconds)
        while time.perf_counter() < deadline:
            time.sleep(1)
            samples.append(sampler.take())
            print_sample(samples[-2], samples[-1], names, samples[0].at)
            if not any(samples[-1].waiting.values()):
                drained_at = samples[-1].at
                break
        hooks_deadline = time.perf_counter() + args.hooks_wait
        # The webhooks subscriber starts at the events committed once the worker first runs (a new
        # subscriber's cursor starts "now"): the baseline's purchases make no deliveries, and a few
        # of its requests still in flight when the worker started may commit after it did. What is
        # due is the deliveries the subscriber made, one per purchase it saw.
        since_worker = samples[-1].purchases - first.purchases
        expected_hooks = sampler.deliveries_made()
        while Receiver.received < expected_hooks and time.perf_counter() < hooks_deadline:
            time.sleep(0.1)
        hooks_done = time.perf_counter() - under_load[-1].at

        # 4. The verdict.
        span = under_load[-1].at - under_load[0].at
        hooks_under_load = (under_load[-1].webhooks - under_load[0].webhooks) / span
        recorded = {n: (under_load[-1].handled.get(n, 0) + under_load[-1].waiting.get(n, 0)
                        - under_load[0].handled.get(n, 0) - under_load[0].waiting.get(n, 0)) / span for n in names}
        handled = {n: (under_load[-1].handled.get(n, 0) - under_load[0].handled.get(n, 0)) / span for n in names}
        third = max(1, len(under_load) // 3)
        print(f"\nsummary ({os.cpu_count()} cores, load average now {os.getloadavg()[0]:.2f}):")
        print(f"  purchases/s: {baseline:,.0f} without the worker, {with_worker:,.0f} with it running "
              f"(ratio {with_worker / baseline:.2f}; {errors} errors)")
        print(f"  CPU during the load: server {server_cpu / seconds:.2f} cores, "
              f"worker{'s' if len(workers) > 1 else ''} {worker_cpu / seconds:.2f} cores")
        kept_up = True
        for n in names:
            early = max(s.waiting.get(n, 0) for s in under_load[:third])
            late = max(s.waiting.get(n, 0) for s in under_load[-third:])
            worst_lag = max((s.lag.get(n) or 0.0) for s in under_load)
            bounded = handled[n] >= 0.95 * recorded[n] or late <= max(2 * early, 500)
            kept_up = kept_up and bounded
            print(f"  {n}: events recorded {recorded[n]:,.0f}/s, handled {handled[n]:,.0f}/s; waiting at most "
                  f"{early:,} in the first third, {late:,} in the last; oldest waiting at most {worst_lag:.1f} s; "
                  f"{'bounded' if bounded else 'GROWING'}")
        drained = (f"{drained_at - under_load[-1].at:.1f} s after the load stopped" if drained_at
                   else "NOT within the wait")
        print(f"  backlog empty {drained}")
        print(f"  webhook deliveries received: {Receiver.received:,} of the {expected_hooks:,} made (about "
              f"{since_worker:,} purchases since the worker started; "
              f"{'each one' if Receiver.received == expected_hooks else 'NOT each one'}; "
              f"{hooks_under_load:,.0f}/s under the load; "
              + (f"the last {hooks_done:.1f} s after the load stopped)" if Receiver.received >= expected_hooks
                 else f"waited up to {args.hooks_wait:.0f} s after the backlog emptied)"))
        print(f"  the worker keeps up: {'yes' if kept_up and drained_at else 'NO'}")
    finally:
        for process in (*workers, server):
            stop(process)
        if sampler is not None:
            sampler.close()
        receiver.shutdown()
        if not args.keep:
            engine = create_engine(DEFAULT_PG_ADMIN, isolation_level="AUTOCOMMIT")
            with engine.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)'))
            engine.dispose()


if __name__ == "__main__":
    main()
