"""Where a checkout's CPU goes, in one process, without a network or a load generator.

    python bench/profile_checkout.py --url postgresql+psycopg://postgres@127.0.0.1/loyalty_bench
    python bench/profile_checkout.py --url ... --layer asgi --count 2000
    python bench/profile_checkout.py --url ... --profile 25       # the 25 costliest functions
    python bench/profile_checkout.py --url ... --flow vouchers --statements

Records purchases like bench/earn.lua's (2-6 lines, a random member) one after another, or
(`--flow vouchers`, always through the ASGI app) validates then redeems single-use codes like
bench/vouchers.lua, and prints this process's CPU time per purchase or round trip, the
CPU PostgreSQL's backends spent on it (Linux /proc), and the SQL statements each sent.
`--layer service` calls the purchase service in a unit of work; `--layer asgi` sends the
request through the whole ASGI app (routing, authentication, validation, the thread pool
hop, JSON), so the two differ by what the HTTP layer costs. CPU figures on a shared machine
drift by 10-30% between runs: compare two versions by alternating runs. Run it against a
benchmark database seeded by `bench/earn.py --seed-only`.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import random
import time
import uuid
from typing import Any

from earn import _cpu_seconds, _postgres_backends_of
from sqlalchemy import event, func, select
from vouchers import make_codes

from loyalty.auth import service as auth_service
from loyalty.config import DatabaseSettings, load_settings
from loyalty.db.engine import create_database
from loyalty.db.uow import unit_of_work
from loyalty.members.models import Member
from loyalty.programs import service as programs
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate
from loyalty.web.app import create_app

PRODUCTS = [("CAP-250", "Cappuccino", "coffee", 1450), ("CRO-01", "Croissant", "bakery", 790),
            ("MLK-1L", "Milk 1 l", "dairy", 459), ("APL-1KG", "Apples 1 kg", "produce", 599),
            ("DET-1L", "Dish soap", "household", 1199), ("CHO-100", "Dark chocolate", "snacks", 749)]


def purchase_body(rng: random.Random, low: int, high: int, run_id: str, number: int) -> dict[str, Any]:
    lines = [{"sku": sku, "name": name, "category": category, "quantity": rng.randint(1, 3), "unit_price": price}
             for sku, name, category, price in (rng.choice(PRODUCTS) for _ in range(rng.randint(2, 6)))]
    return {"member": {"id": rng.randint(low, high)}, "external_id": f"profile-{run_id}-{number}", "channel": "pos",
            "store": "WAW-01", "lines": lines}


async def post_asgi(app: Any, path: str, body: bytes, key: str, idempotency_key: str | None = None) -> int:
    """One request through the ASGI app, as uvicorn would hand it over."""
    headers = [(b"content-type", b"application/json"), (b"authorization", f"Bearer {key}".encode()),
               (b"content-length", str(len(body)).encode())]
    if idempotency_key:
        headers.append((b"idempotency-key", idempotency_key.encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": headers,
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000), "state": {}}
    sent = False
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


def asgi_app(url: str, database: Any) -> Any:
    settings = load_settings()
    settings.database.url = url
    settings.rate_limit.voucher_validation_per_key = "100000000/minute"  # as bench/vouchers.py: out of the way
    settings.rate_limit.voucher_validation_per_member = "100000000/minute"
    return create_app(settings, database=database)


def voucher_runs(args: argparse.Namespace, database: Any, key: str, run_id: str) -> tuple[Any, Any]:
    """Validate then redeem each of `args.count` new single-use codes (and 50 to warm up, 1 to show)."""
    app = asgi_app(args.url, database)
    codes = make_codes(args.url, args.count + 51)
    basket = {"channel": "pos", "store": "WAW-01", "lines": [
        {"sku": "CAP", "category": "coffee", "quantity": 2, "unit_price": 1450},
        {"sku": "BRD", "category": "bakery", "quantity": 1, "unit_price": 2100}]}

    async def drive(items: list[str]) -> None:
        for code in items:
            checked = json.dumps({"code": code, "basket": basket}).encode()
            assert await post_asgi(app, "/api/v1/vouchers/validate", checked, key) == 200
            order = json.dumps({"code": code, "order_id": f"order-{code}", "basket": basket}).encode()
            assert await post_asgi(app, "/api/v1/vouchers/redeem", order, key, f"profile-{run_id}-{code}") == 201

    asyncio.run(drive(codes[:50]))
    return lambda: asyncio.run(drive(codes[50:-1])), lambda: asyncio.run(drive(codes[-1:]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--flow", choices=("purchases", "vouchers"), default="purchases")
    parser.add_argument("--layer", choices=("service", "asgi"), default="service")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--profile", type=int, default=0, help="print the N functions with most cumulative time")
    parser.add_argument("--statements", action="store_true", help="print the statements of the last purchase")
    args = parser.parse_args()

    database = create_database(DatabaseSettings(url=args.url))
    with unit_of_work(database, read_only=True) as session:
        program = programs.list_programs(session=session)[0]
        low, high = session.execute(select(func.min(Member.id), func.max(Member.id))
                                    .where(Member.program_id == program.id)).one()
    with unit_of_work(database) as session:
        key = auth_service.create_api_key(session=session, program_id=program.id, name="profile",
                                          scopes=["purchases:write", "vouchers:redeem"]).secret
    statements = 0
    log: list[str] = []

    def counted(method: Any) -> Any:
        # Some statements go to the driver's cursor directly (loyalty.db.direct), past SQLAlchemy's events.
        def execute(self: Any, query: Any, *rest: Any, **named: Any) -> Any:
            nonlocal statements
            statements += 1
            if args.statements:
                log.append(str(query if isinstance(query, str) else getattr(query, "as_string", lambda: query)())
                           [:160].replace("\n", " "))
            return method(self, query, *rest, **named)
        return execute

    if database.dialect == "postgresql":
        import psycopg
        psycopg.Cursor.execute = counted(psycopg.Cursor.execute)  # type: ignore[method-assign]
        psycopg.Cursor.executemany = counted(psycopg.Cursor.executemany)  # type: ignore[method-assign]
    else:
        event.listen(database.engine, "before_cursor_execute", lambda *_: counted(lambda *a, **k: None)(None, ""))
    rng, run_id = random.Random(7), uuid.uuid4().hex[:8]
    if args.flow == "vouchers":
        run, run_one = voucher_runs(args, database, key, run_id)
    elif args.layer == "service":
        bodies = [purchase_body(rng, low, high, run_id, n) for n in range(args.count + 51)]

        def record(body: dict[str, Any]) -> None:
            with unit_of_work(database) as session:
                purchases.record_purchase(session=session, program=program, data=PurchaseCreate.model_validate(body),
                                          actor="profile")
        for body in bodies[:50]:  # warm caches (rules, tiers, prepared statements)
            record(body)
        def run() -> None:
            for body in bodies[50:-1]:
                record(body)

        def run_one() -> None:
            record(bodies[-1])
    else:
        app = asgi_app(args.url, database)
        encoded = [json.dumps(purchase_body(rng, low, high, run_id, n)).encode() for n in range(args.count + 51)]

        async def drive(items: list[bytes]) -> None:
            for item in items:
                status = await post_asgi(app, "/api/v1/purchases", item, key)
                assert status == 201, status

        asyncio.run(drive(encoded[:50]))
        run = lambda: asyncio.run(drive(encoded[50:-1]))  # noqa: E731
        run_one = lambda: asyncio.run(drive(encoded[-1:]))  # noqa: E731

    statements = 0
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    database_cpu = _cpu_seconds(_postgres_backends_of(args.url)) if database.dialect == "postgresql" else 0.0
    cpu, wall = time.process_time(), time.perf_counter()
    if profiler:
        profiler.enable()
    run()
    if profiler:
        profiler.disable()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if database.dialect == "postgresql":
        database_cpu = _cpu_seconds(_postgres_backends_of(args.url)) - database_cpu
    what = "voucher round trips" if args.flow == "vouchers" else "purchases"
    layer = args.layer if args.flow == "purchases" else "asgi"
    print(f"{layer}: {args.count} {what}, CPU {cpu / args.count * 1000:.2f} ms each here and "
          f"{database_cpu / args.count * 1000:.2f} ms in PostgreSQL (wall {wall / args.count * 1000:.2f} ms), "
          f"{statements / args.count:.1f} statements each")
    if args.statements:
        log.clear()
        run_one()
        print("\n".join(log))
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
    database.dispose()


if __name__ == "__main__":
    main()
