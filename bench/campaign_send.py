"""A campaign's e-mails rendered and handed to a local SMTP server, per second.

    python bench/campaign_send.py                          # 100,000 members on PostgreSQL
    python bench/campaign_send.py --members 5000 --backend sqlite --processes 1

Builds a fresh database (PostgreSQL: `loyalty_bench_campaign`, dropped at the end), a program
with an e-mail template (HTML and text, a tracked link, balance, tier and rewards within reach),
N members with e-mail consent and points, and one queued message each (bulk-inserted: queueing
is the campaign's part, not this one's). Then `--processes` worker processes deliver the
messages in batches of 100 exactly as `messaging:deliver_batch` does (claim, consent,
suppression, cap, quiet hours, personalization, rendering, one SMTP connection per batch, the
status and the `message.sent` event, one unit of work per message) to an aiosmtpd server
running in this process, which counts what arrives.

The baseline, in the same run: rendering alone (the same template and variables through the
same sandboxed renderer, no database, no SMTP) in one process. The ratio says how much of the
renderer's speed the whole delivery keeps. Target (issue 12): at least 500 messages/s on 2 cores.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import secrets
import socket
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from pydantic import SecretStr
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

from loyalty.config import DatabaseSettings, MailSettings, SecuritySettings, Settings
from loyalty.db.engine import create_database
from loyalty.db.uow import unit_of_work
from loyalty.members.models import Member, MemberConsent
from loyalty.messaging import service
from loyalty.messaging.models import Message
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


class Counter:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        self.received += 1
        return "250 OK"


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


def prepare(url: str, members: int) -> tuple[int, list[int]]:
    """A program, its template and rewards, `members` members with consent, one queued message each."""
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
    for start in range(0, members, 5000):
        count = min(5000, members - start)
        with unit_of_work(database) as session:
            ids = list(session.scalars(insert(Member).returning(Member.id), [{
                "program_id": program_id, "email": f"member{start + i}@bench.example", "first_name": f"Name{start + i}",
                "attributes": {}, "status": "active", "enrolment_channel": "bench", "enrolled_at": now,
                "updated_at": now, "referral_code": f"B{start + i:09d}"} for i in range(count)]))
            session.execute(insert(MemberConsent), [{
                "program_id": program_id, "member_id": member_id, "channel": "email", "granted": True,
                "recorded_at": now, "source": "bench"} for member_id in ids])
            session.execute(insert(Message), [{
                "program_id": program_id, "member_id": member_id, "channel": "email", "template_key": "spring",
                "dedupe_key": f"campaign:1:{member_id}", "source": "campaign:1", "context": {}, "status": "queued",
                "send_after": now, "attempts": 0, "created_at": now, "updated_at": now,
                "tracking_token": secrets.token_urlsafe(16), "links": {}, "job_deferred_at": now,
            } for member_id in ids])
    with unit_of_work(database, read_only=True) as session:
        message_ids = list(session.scalars(select(Message.id).where(Message.program_id == program_id)
                                           .order_by(Message.id)))
    database.dispose()
    return program_id, message_ids


def _settings(url: str, port: int) -> Settings:
    return Settings(database=DatabaseSettings(url=url, sqlite_synchronous="NORMAL", pool_size=2),
                    mail=MailSettings(smtp_host="127.0.0.1", smtp_port=port, smtp_security="none",
                                      sender="Bench <news@bench.example>"),
                    security=SecuritySettings(secret_key=SecretStr(SECRET)), public_url="https://loyalty.example")


def worker(url: str, port: int, message_ids: list[int], results: Any) -> None:
    """What messaging:deliver_batch does, batch after batch."""
    settings = _settings(url, port)
    database = create_database(settings.database)
    outlet = service.Outlet.from_settings(settings)
    outcomes: dict[str, int] = {}
    for start in range(0, len(message_ids), BATCH):
        with outlet.channels.batch():
            for message_id in message_ids[start:start + BATCH]:
                with unit_of_work(database) as session:
                    delivery = service.deliver(session=session, message_id=message_id, now=datetime.now(UTC),
                                               outlet=outlet)
                key = delivery.outcome if delivery else "passed"
                outcomes[key] = outcomes.get(key, 0) + 1
    database.dispose()
    results.put(outcomes)


def render_only(count: int) -> float:
    """Messages per second through the renderer alone, one process."""
    renderer = Renderer()
    texts = Texts("{{ first_name }}, spring is here", HTML, TEXT)
    variables = {"first_name": "Name", "balance": 240, "unit": "points", "tier": None,
                 "rewards_within_reach": [{"id": 2, "name": "Tote bag", "points_price": 250, "points_missing": 10},
                                          {"id": 1, "name": "Mug", "points_price": 100, "points_missing": 0}],
                 "unsubscribe_url": "https://loyalty.example/u/1.abc"}
    started = time.perf_counter()
    for number in range(count):
        renderer.render(texts, {**variables, "first_name": f"Name{number}"},
                        click_url=lambda name, _url: "https://loyalty.example" + click_path("token", name),
                        open_pixel_url="https://loyalty.example/t/o/token")
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--backend", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--processes", type=int, default=2, help="delivery worker processes")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database afterwards")
    arguments = parser.parse_args()

    counter = Counter()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    smtp = Controller(counter, hostname="127.0.0.1", port=port)
    smtp.start()
    with tempfile.TemporaryDirectory() as folder:
        url = database_url(arguments.backend, Path(folder))
        try:
            started = time.perf_counter()
            _program_id, message_ids = prepare(url, arguments.members)
            print(f"prepared {len(message_ids)} members and queued messages on {arguments.backend} "
                  f"in {time.perf_counter() - started:.1f} s", flush=True)
            processes = max(1, arguments.processes)
            context = multiprocessing.get_context("spawn")
            results = context.Queue()
            # Interleaved slices: both processes work through the same id range, as two workers would.
            workers = [context.Process(target=worker, args=(url, port, message_ids[number::processes], results))
                       for number in range(processes)]
            started = time.perf_counter()
            for each in workers:
                each.start()
            outcomes: dict[str, int] = {}
            for _ in workers:
                for key, value in results.get().items():
                    outcomes[key] = outcomes.get(key, 0) + value
            for each in workers:
                each.join()
            elapsed = time.perf_counter() - started
            deadline = time.monotonic() + 10
            while counter.received < outcomes.get("sent", 0) and time.monotonic() < deadline:
                time.sleep(0.05)
            rate = len(message_ids) / elapsed
            baseline = render_only(min(len(message_ids), 20_000))
            print(f"delivered {len(message_ids)} messages with {processes} process(es) in {elapsed:.1f} s: "
                  f"{rate:,.0f} messages/s; outcomes {outcomes}; the SMTP server received {counter.received}")
            print(f"baseline, rendering alone (1 process): {baseline:,.0f} messages/s; "
                  f"delivery reaches {rate / baseline:.1%} of it ({rate / processes / baseline:.1%} per process)")
            if counter.received != len(message_ids) or outcomes.get("sent", 0) != len(message_ids):
                print("MISMATCH: not every message was sent exactly once", file=sys.stderr)
                sys.exit(1)
        finally:
            smtp.stop()
            if arguments.backend == "postgresql" and not arguments.keep:
                _admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


if __name__ == "__main__":
    main()
