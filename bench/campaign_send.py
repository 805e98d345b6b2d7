"""A campaign's e-mails rendered and handed to a local SMTP server, per second.

    python bench/campaign_send.py                          # 100,000 members on PostgreSQL
    python bench/campaign_send.py --members 5000 --backend sqlite --processes 1

Builds a fresh database (PostgreSQL: `loyalty_bench_campaign`, dropped at the end), a program
with an e-mail template (HTML and text, a tracked link, balance, tier and rewards within reach),
N members with e-mail consent and points, and one message each queued through the real
`messaging.service.queue_message` (as a campaign does; not timed). Then `--processes` worker
processes each call `messaging.service.deliver_batch` (what `messaging:deliver_batch` runs:
one claim of up to 100 due messages, set reads, decisions and rendering in Python, one SMTP
connection, one write of the outcomes) until nothing is due, against an aiosmtpd server running
in this process, which counts what arrives and checks that no Message-ID arrives twice.

Two baselines, in the same run:
- rendering alone: the same template and variables through the same sandboxed renderer, no
  database, no SMTP, one process;
- the SMTP server's own ceiling: one client process handing it pre-composed messages over one
  connection (the same bytes size), so a delivery rate near it means the server is the limit.
Target (issue 12): at least 500 messages/s on 2 cores.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import socket
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from pydantic import SecretStr
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from loyalty.config import DatabaseSettings, MailSettings, SecuritySettings, Settings
from loyalty.db.engine import create_database
from loyalty.db.uow import unit_of_work
from loyalty.ledger import service as ledger
from loyalty.mail.smtp import SmtpConnection, compose
from loyalty.members.models import Member, MemberConsent
from loyalty.messaging import service
from loyalty.messaging.rendering import Renderer, Texts, click_path
from loyalty.messaging.schemas import TemplateWrite
from loyalty.migrate import upgrade
from loyalty.programs import service as programs
from loyalty.programs.schemas import ProgramCreate
from loyalty.rewards import service as rewards
from loyalty.rewards.schemas import RewardCreate

PG_ADMIN = os.environ.get("LOYALTY_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
BENCH_DB = "loyalty_bench_campaign"
SECRET = "bench-secret-key-0123456789abcdefghijklmnop"
BATCH = 100

HTML = """<html><body><h1>Hello {{ first_name }}!</h1>
<p>You have <b>{{ balance }}</b> {{ unit }}{% if tier %} as a {{ tier.name }} member{% endif %}.</p>
{% if rewards_within_reach %}<p>Almost yours:</p><ul>{% for reward in rewards_within_reach %}
<li>{{ reward.name }} ({{ reward.points_price }}{% if reward.points_missing %},
 {{ reward.points_missing }} to go{% endif %})</li>
{% endfor %}</ul>{% endif %}
<p><a href="{{ link('spring', 'https://shop.example/spring?utm_source=loyalty') }}">Spring collection</a></p>
<p><small><a href="{{ unsubscribe_url }}">Unsubscribe</a></small></p></body></html>"""
TEXT = """Hello {{ first_name }}!
You have {{ balance }} {{ unit }}.
{% for reward in rewards_within_reach %}- {{ reward.name }} ({{ reward.points_price }})
{% endfor %}Spring collection: {{ link('spring', 'https://shop.example/spring?utm_source=loyalty') }}
Unsubscribe: {{ unsubscribe_url }}
"""


_MESSAGE_ID = re.compile(rb"^Message-ID: *(\S+)", re.MULTILINE | re.IGNORECASE)


VARIABLES = {"first_name": "Name", "balance": 240, "unit": "points", "tier": None,
             "rewards_within_reach": [{"id": 2, "name": "Tote bag", "points_price": 250, "points_missing": 10},
                                      {"id": 1, "name": "Mug", "points_price": 100, "points_missing": 0}],
             "unsubscribe_url": "https://loyalty.example/u/1.abc"}


class Counter:
    def __init__(self, pipelining: bool = False) -> None:
        self.pipelining = pipelining
        self.received = 0
        self.ids: set[bytes] = set()
        self.duplicates = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        self.received += 1
        found = _MESSAGE_ID.search(envelope.original_content or envelope.content)
        if found is not None:
            if found.group(1) in self.ids:
                self.duplicates += 1
            self.ids.add(found.group(1))
        return "250 OK"

    async def handle_EHLO(self, server: Any, session: Any, envelope: Any, hostname: str,  # noqa: N802
                          responses: list[str]) -> list[str]:
        session.host_name = hostname
        if self.pipelining:  # aiosmtpd reads pipelined commands in order; it just does not say so
            responses.insert(1, "250-PIPELINING")
        return responses


def _admin(sql: str) -> None:
    engine = create_engine(make_url(PG_ADMIN), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(sql))
    engine.dispose()


def database_url(backend: str, folder: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / 'campaign.db'}"
    _admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{BENCH_DB}"')
    return make_url(PG_ADMIN).set(database=BENCH_DB).render_as_string(hide_password=False)


def prepare(url: str, members: int) -> tuple[int, int]:
    """A program, its template and rewards, `members` members with consent and points (bulk
    inserted), and one message each queued through `queue_message`: (program id, messages)."""
    upgrade(url)
    database = create_database(DatabaseSettings(url=url, sqlite_synchronous="NORMAL"))
    now = datetime.now(UTC)
    with unit_of_work(database) as session:
        program = programs.create_program(session=session, data=ProgramCreate.model_validate({
            "name": "Bench shop", "currency": "EUR", "timezone": "UTC", "expiry_policy": {"kind": "never"}}))
        for name, price in (("Mug", 100), ("Tote bag", 250), ("Headphones", 2000), ("Bike", 50000)):
            rewards.create_reward(session=session, program=program, actor="bench", data=RewardCreate.model_validate(
                {"kind": "physical", "names": {program.locale: name}, "points_price": price}))
        service.create_template(session=session, program=program, actor="bench", data=TemplateWrite.model_validate({
            "key": "spring", "channel": "email", "fallback_language": "en",
            "versions": {"en": {"subject": "{{ first_name }}, spring is here", "html_body": HTML, "text_body": TEXT}}}))
        program_id = program.id
    queued = 0
    for start in range(0, members, 1000):
        count = min(1000, members - start)
        with unit_of_work(database) as session:
            program = programs.get_program(session=session, program_id=program_id)
            ids = list(session.scalars(insert(Member).returning(Member.id), [{
                "program_id": program_id, "email": f"member{start + i}@bench.example", "first_name": f"Name{start + i}",
                "attributes": {}, "status": "active", "enrolment_channel": "bench", "enrolled_at": now,
                "updated_at": now, "referral_code": f"B{start + i:09d}"} for i in range(count)]))
            session.execute(insert(MemberConsent), [{
                "program_id": program_id, "member_id": member_id, "channel": "email", "granted": True,
                "recorded_at": now, "source": "bench"} for member_id in ids])
            for member_id in ids[::10]:  # every tenth member has points: some rewards are within reach
                ledger.earn(session=session, program=program, member_id=member_id, occurred_at=now, actor="bench",
                            reason="bench", awards=[ledger.EarnAward(unit=program.units[0], points=230, rule_id=None,
                                                              rule_version=None)])
            for member_id in ids:
                message = service.queue_message(
                    session=session, program=program, member_id=member_id, channel="email", template_key="spring",
                    dedupe_key=f"campaign:1:{member_id}", source="campaign:1", actor="campaign:1")
                queued += message is not None
    database.dispose()
    return program_id, queued


def _settings(url: str, port: int) -> Settings:
    return Settings(database=DatabaseSettings(url=url, sqlite_synchronous="NORMAL", pool_size=2),
                    mail=MailSettings(smtp_host="127.0.0.1", smtp_port=port, smtp_security="none",
                                      sender="Bench <news@bench.example>"),
                    security=SecuritySettings(secret_key=SecretStr(SECRET)), public_url="https://loyalty.example")


def worker(url: str, port: int, results: Any, ready: Any, go: Any) -> None:
    """What messaging:deliver_batch does, batch after batch, until nothing is due (the clock
    starts when every worker has imported and connected: a worker process lives long)."""
    settings = _settings(url, port)
    database = create_database(settings.database)
    with database.engine.connect():
        pass
    outlet = service.Outlet.from_settings(settings)
    outcomes: dict[str, int] = {}
    ready.release()
    go.wait()
    cpu = time.process_time()
    while True:
        done = service.deliver_batch(database=database, outlet=outlet, now=datetime.now(UTC), limit=BATCH)
        if not done:
            break
        for delivery in done.values():
            outcomes[delivery.outcome] = outcomes.get(delivery.outcome, 0) + 1
    outcomes["cpu_ms"] = round((time.process_time() - cpu) * 1000)
    database.dispose()
    results.put(outcomes)


def sample_message(number: int) -> bytes:
    """A message as delivery composes one (the bench template rendered for a member)."""
    renderer = Renderer()
    rendered = renderer.render(Texts("{{ first_name }}, spring is here", HTML, TEXT), {
        **VARIABLES, "first_name": f"Name{number}"},
        click_url=lambda name, _url: "https://loyalty.example" + click_path("token", name),
        open_pixel_url="https://loyalty.example/t/o/token")
    return compose(sender="Bench <news@bench.example>", to=f"member{number}@bench.example",
                   subject=rendered.subject, text=rendered.text, html=rendered.html,
                   headers={"Message-ID": f"<ceiling-{number}@loyalty.example>",
                            "List-Unsubscribe": "<https://loyalty.example/u/1.abc>",
                            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})


def smtp_client(port: int, count: int, results: Any) -> None:
    """The SMTP server's ceiling: pre-composed messages over one connection, as fast as it takes them."""
    data = sample_message(0)
    connection = SmtpConnection(host="127.0.0.1", port=port, security="none")
    started = time.perf_counter()
    for number in range(count):
        connection.send("news@bench.example", f"member{number}@bench.example",
                        data.replace(b"<ceiling-0@", f"<ceiling-{number}@".encode(), 1))
    elapsed = time.perf_counter() - started
    connection.close()
    results.put(count / elapsed)


def render_only(count: int) -> float:
    """Messages per second through the renderer alone, one process."""
    renderer = Renderer()
    texts = Texts("{{ first_name }}, spring is here", HTML, TEXT)
    started = time.perf_counter()
    for number in range(count):
        renderer.render(texts, {**VARIABLES, "first_name": f"Name{number}"},
                        click_url=lambda name, _url: "https://loyalty.example" + click_path("token", name),
                        open_pixel_url="https://loyalty.example/t/o/token")
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--backend", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--processes", type=int, default=2, help="delivery worker processes")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database afterwards")
    parser.add_argument("--pipelining", action="store_true",
                        help="the SMTP server offers PIPELINING (RFC 2920), as production servers do")
    arguments = parser.parse_args()

    counter = Counter(arguments.pipelining)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    smtp = Controller(counter, hostname="127.0.0.1", port=port)
    smtp.start()
    with tempfile.TemporaryDirectory() as folder:
        url = database_url(arguments.backend, Path(folder))
        try:
            started = time.perf_counter()
            _program_id, queued = prepare(url, arguments.members)
            print(f"prepared {arguments.members} members and queued {queued} messages (queue_message) on "
                  f"{arguments.backend} in {time.perf_counter() - started:.1f} s", flush=True)
            processes = max(1, arguments.processes)
            context = multiprocessing.get_context("spawn")
            results = context.Queue()
            ready, go = context.Semaphore(0), context.Event()
            workers = [context.Process(target=worker, args=(url, port, results, ready, go))
                       for _ in range(processes)]
            for each in workers:
                each.start()
            for _ in workers:
                ready.acquire()
            started = time.perf_counter()
            server_cpu_before = time.process_time()  # this process runs the SMTP server (and waits)
            go.set()
            outcomes: dict[str, int] = {}
            for _ in workers:
                for key, value in results.get().items():
                    outcomes[key] = outcomes.get(key, 0) + value
            for each in workers:
                each.join()
            elapsed = time.perf_counter() - started
            worker_cpu = outcomes.pop("cpu_ms", 0) / 1000
            server_cpu = time.process_time() - server_cpu_before
            sent = outcomes.get("sent", 0)
            deadline = time.monotonic() + 10
            while counter.received < sent and time.monotonic() < deadline:
                time.sleep(0.05)
            received, duplicates = counter.received, counter.duplicates
            rate = queued / elapsed
            baseline = render_only(min(queued, 20_000))
            ceiling_count = min(queued, 20_000)
            client = context.Process(target=smtp_client, args=(port, ceiling_count, results))
            client.start()
            ceiling = float(results.get())
            client.join()
            print(f"delivered {queued} messages with {processes} process(es) in {elapsed:.1f} s: "
                  f"{rate:,.0f} messages/s; outcomes {outcomes}; the SMTP server received {received} "
                  f"({duplicates} duplicate Message-IDs)")
            print(f"CPU per message: {worker_cpu / max(queued, 1) * 1000:.2f} ms in the workers, "
                  f"{server_cpu / max(queued, 1) * 1000:.2f} ms in the SMTP server (this process); "
                  f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
            print(f"baseline 1, rendering alone (1 process): {baseline:,.0f} messages/s; "
                  f"delivery reaches {rate / baseline:.1%} of it ({rate / processes / baseline:.1%} per process)")
            offered = " with PIPELINING" if arguments.pipelining else ""
            print(f"baseline 2, the SMTP server's ceiling (aiosmtpd{offered}, 1 client, 1 connection, pre-composed "
                  f"messages, {ceiling_count}): {ceiling:,.0f} messages/s; delivery reaches {rate / ceiling:.1%} of it")
            if received != queued or sent != queued or duplicates:
                print("MISMATCH: not every message was sent exactly once", file=sys.stderr)
                sys.exit(1)
        finally:
            smtp.stop()
            if arguments.backend == "postgresql" and not arguments.keep:
                _admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


if __name__ == "__main__":
    main()
