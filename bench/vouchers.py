"""Coupon checkout: validate + redeem round trips per second over HTTP, against the raw ceiling.

    python bench/vouchers.py [--seconds 20] [--connections 32] [--workers 2] [--codes 60000]

Uses the PostgreSQL benchmark database of bench/earn.py (seeded there when missing), adds a
campaign of single-use "5.00 off" codes, starts `loyalty serve` with the voucher rate limits
raised out of the way, and drives it with wrk: every code is validated, then redeemed with an
Idempotency-Key; then, on codes of their own, only validates, as a checkout does on every
change of the basket. Prints round trips per second and validations alone per second, the
p50/p95/p99 latency of the requests of each run, and their ratio to pgbench's simple-update
ceiling measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
from earn import admin_sql, free_port, new_api_key, pgbench_ceiling, postgres_url, seeded_database, vacuum_analyze
from sqlalchemy import create_engine, text

from loyalty.config import DatabaseSettings, generate_secret_key
from loyalty.db.engine import create_database
from loyalty.db.uow import unit_of_work
from loyalty.programs import service as programs
from loyalty.vouchers import domain as voucher_domain
from loyalty.vouchers import service as vouchers
from loyalty.vouchers.schemas import CampaignCreate

HERE = Path(__file__).resolve().parent
WARM_UP_CODES = 5_000


def make_codes(url: str, count: int) -> list[str]:
    database = create_database(DatabaseSettings(url=url))
    with unit_of_work(database) as session:
        program = programs.list_programs(session=session)[0]
        campaign = vouchers.create_campaign(session=session, program=program, actor="bench", data=CampaignCreate(
            name=f"Bench {uuid.uuid4().hex[:6]}", kind="fixed_amount", amount=500))
        vouchers.generate_codes(session=session, program=program, campaign_id=campaign.id, count=count,
                                pattern=voucher_domain.build_pattern(pattern="BENCH-##########"), actor="bench")
        codes = [code for (code,) in session.execute(
            text("SELECT code FROM voucher_codes WHERE campaign_id = :c ORDER BY id"), {"c": campaign.id})]
    database.dispose()
    return codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--codes", type=int, default=60_000)
    parser.add_argument("--members", type=int, default=100_000)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("bench/vouchers.py needs wrk: apt-get install wrk")
    name = "loyalty_bench"
    engine = create_engine(postgres_url("postgres"))
    with engine.connect() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
    engine.dispose()
    if not exists:
        admin_sql(f'CREATE DATABASE "{name}"')
    url = postgres_url(name)
    program_id, _, _ = seeded_database(url, args.members, 30_000, fresh=False)
    started = time.perf_counter()
    codes = make_codes(url, args.codes)
    print(f"  {len(codes):,} single-use codes generated in {time.perf_counter() - started:.1f}s")
    vacuum_analyze(url)
    key = new_api_key(url, program_id, scopes=["vouchers:redeem"])
    port = free_port()
    env = {**os.environ, "LOYALTY_WORKER__IN_PROCESS": "never", "LOYALTY_LOG_LEVEL": "WARNING",
           "LOYALTY_SECURITY__SECRET_KEY": generate_secret_key(),
           "LOYALTY_RATE_LIMIT__VOUCHER_VALIDATION_PER_KEY": "100000000/minute",
           "LOYALTY_RATE_LIMIT__VOUCHER_VALIDATION_PER_MEMBER": "100000000/minute"}
    loyalty = shutil.which("loyalty") or str(Path(sys.executable).parent / "loyalty")
    server = subprocess.Popen([loyalty, "serve", "--database-url", url, "--port", str(port),  # noqa: S603
                               "--workers", str(args.workers)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    # A short warm-up on codes of its own fills the connection pools, the key cache and the
    # database's caches; the timed runs then take the other codes: the first half is redeemed,
    # the second half only validated (none of them has been redeemed, so each is good).
    warm_up_codes, codes = codes[:WARM_UP_CODES], codes[WARM_UP_CODES:]
    half = len(codes) // 2
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        drive = Driver(base, key, args.threads, args.connections)
        drive(warm_up_codes, 3, "round_trip")
        round_trips = drive(codes[:half], args.seconds, "round_trip")
        validations = drive(codes[half:], args.seconds, "validate")
    finally:
        server.terminate()
        server.wait(timeout=30)
    ceiling = pgbench_ceiling(args.seconds, args.connections)
    print(f"\n  vouchers on postgresql: {round_trips.per_second('redeemed'):,.0f} validate + redeem round trips/s "
          f"({round_trips.fields['requests']:,} requests in {round_trips.seconds:.1f}s; "
          f"{round_trips.fields['errors_status']} non-2xx)")
    print(f"  request latency p50 {round_trips.ms('p50')}, p95 {round_trips.ms('p95')}, p99 {round_trips.ms('p99')}")
    print(f"  validations alone: {validations.per_second('validated'):,.0f}/s "
          f"({validations.fields['errors_status']} non-2xx), latency p50 {validations.ms('p50')}, "
          f"p95 {validations.ms('p95')}, p99 {validations.ms('p99')}")
    print(f"  baseline (pgbench simple-update): {ceiling:,.0f} transactions/s -> ratio of round trips "
          f"{round_trips.per_second('redeemed') / ceiling:.2f}, of validations "
          f"{validations.per_second('validated') / ceiling:.2f}")


@dataclass(frozen=True)
class WrkRun:
    fields: dict[str, int]  # what vouchers.lua's done() printed

    @property
    def seconds(self) -> float:
        return self.fields["duration_us"] / 1e6

    def per_second(self, counter: str) -> float:
        return self.fields[counter] / self.seconds

    def ms(self, percentile: str) -> str:
        return f"{self.fields[percentile + '_us'] / 1000:.1f} ms"


@dataclass(frozen=True)
class Driver:
    """Runs wrk with vouchers.lua over a list of codes."""

    base: str
    key: str
    threads: int
    connections: int

    def __call__(self, codes: list[str], seconds: int, mode: str) -> WrkRun:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
            listing.write("\n".join(codes) + "\n")
        try:
            completed = subprocess.run(  # noqa: S603
                ["wrk", f"-t{self.threads}", f"-c{self.connections}", f"-d{seconds}s", "--timeout", "5s",  # noqa: S607
                 "-s", str(HERE / "vouchers.lua"), self.base, "--", listing.name, self.key, uuid.uuid4().hex[:8],
                 str(self.threads), mode], check=True, capture_output=True, text=True)
        finally:
            os.unlink(listing.name)
        line = next(line for line in completed.stdout.splitlines() if line.startswith("WRK "))
        return WrkRun({k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)})

if __name__ == "__main__":
    main()
