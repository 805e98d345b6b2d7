"""A `loyalty worker` killed (SIGKILL) at random moments while it works, and started again,
loses and duplicates nothing (issue 12, "Done means"), on SQLite and on PostgreSQL.

Given a program with members who consented to e-mail, two webhook endpoints for every purchase
on a local receiver, a campaign e-mailing every member and thousands of purchases; when a worker
is killed several times mid-work, restarted each time, and the last one runs until idle; then
every purchase has exactly one delivery row per endpoint and reached the receiver (under one
webhook-id), every member has exactly one message row and got the e-mail (one Message-ID), and
the rhythm subscriber counted each purchase once.

What the semantics allow: database effects are exactly once (a subscriber's batch and its cursor
commit together; a message is claimed and marked sent in one unit of work; a delivery row is
unique per endpoint and event). What leaves the process is at least once across a kill: a
webhook POSTed or an e-mail handed to SMTP just before the kill, whose outcome was never
committed, goes again with the same webhook-id or Message-ID, so a receiver that dedupes on them
processes it once. The test counts and prints such raw repeats; it asserts there are no
distinct extras and nothing missing.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from loyalty.campaigns import service as campaigns
from loyalty.campaigns.schemas import MarketingCampaignCreate
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event, EventCursor
from loyalty.kernel import clock
from loyalty.lifecycle.models import MemberRhythm
from loyalty.members import service as members_service
from loyalty.members.schemas import MemberCreate
from loyalty.messaging.models import Message
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate
from loyalty.webhooks.models import WebhookDelivery
from loyalty.worker import consumer
from loyalty.worker.registry import SUBSCRIBERS
from tests.e2e.worker.conftest import (
    LOYALTY,
    LOYALTY_LATER,
    Process,
    WebhookSink,
    run,
    start,
    url_of,
    wait_until,
    worker_environment,
)
from tests.factories.messaging import make_template
from tests.factories.programs import make_program
from tests.factories.webhooks import make_endpoint
from tests.integration.messaging.smtp import Inbox, smtp_server

MEMBERS = 200
PURCHASES_EACH = 5  # 1,000 purchases; under the rhythm's window (13), so its count is all of them
# When each worker is killed, after it said it started (a random moment in each band).
KILL_BANDS = [(0.3, 0.6), (0.8, 1.5), (1.5, 3.0), (3.0, 5.0), (5.0, 8.0)]
# The worker started after the kills is stopped (SIGTERM) once its work stood still this long.
SETTLED_SECONDS = 3.0
GRANTED = {"email": {"granted": True}}


def _enrol(database: Database, program: Program, count: int) -> list[int]:
    ids = []
    with unit_of_work(database) as session:
        for number in range(count):
            member = members_service.enrol_member(
                session=session, program=program, actor="test", data=MemberCreate.model_validate({
                "email": f"member{number}@example.com", "first_name": f"M{number}", "consents": GRANTED}))
            ids.append(member.id)
    return ids


def _record_purchases(database: Database, program: Program, member_ids: list[int]) -> int:
    now = clock.now()
    recorded = 0
    for round_no in range(PURCHASES_EACH):
        with unit_of_work(database) as session:
            for member_id in member_ids:
                purchases.record_purchase(
                    session=session, program=program, actor="test", data=PurchaseCreate.model_validate({
                    "member": {"id": member_id}, "external_id": f"r{round_no}-m{member_id}", "total": 1000 + round_no,
                    "occurred_at": now - timedelta(days=7 * (PURCHASES_EACH - round_no))}))
                recorded += 1
    return recorded


def _create_cursors(database: Database) -> None:
    """The subscribers' cursors exist before the events (a new "now" cursor starts after those)."""
    with unit_of_work(database) as session:
        for subscriber in SUBSCRIBERS:
            consumer.ensure_cursor(session, subscriber)


def _progress(database: Database, program: Program) -> tuple[int, int, int, int]:
    """Deliveries succeeded, messages sent, delivery rows and messages made."""
    with unit_of_work(database, read_only=True) as session:
        delivered = session.scalar(select(func.count()).select_from(WebhookDelivery).where(
            WebhookDelivery.program_id == program.id, WebhookDelivery.status == "succeeded")) or 0
        sent = session.scalar(select(func.count()).select_from(Message).where(
            Message.program_id == program.id, Message.status == "sent")) or 0
        rows = session.scalar(select(func.count()).select_from(WebhookDelivery).where(
            WebhookDelivery.program_id == program.id)) or 0
        made = session.scalar(select(func.count()).select_from(Message).where(Message.program_id == program.id)) or 0
    return int(delivered), int(sent), int(rows), int(made)


@pytest.mark.slow
def test_a_worker_killed_mid_work_and_restarted_loses_and_duplicates_nothing(
        own_database: Database, webhook_sink: WebhookSink, tmp_path: Path) -> None:
    database = own_database
    dice = random.Random()  # noqa: S311 - a random moment, not a secret
    program = make_program(database)
    _create_cursors(database)
    endpoints = {name: make_endpoint(database, program, webhook_sink.endpoint_url(name))[0] for name in ("a", "b")}
    make_template(database, program, key="hello", versions={"en": {
        "subject": "Hello {{ first_name }}", "html_body": "<p>Hi {{ first_name }}</p>", "text_body": "Hi"}})
    member_ids = _enrol(database, program, MEMBERS)
    with unit_of_work(database) as session:
        campaign = campaigns.create_campaign(session=session, program=program, actor="test",
                                             data=MarketingCampaignCreate.model_validate({
                                                 "name": "Hello all", "message": {"channel": "email",
                                                                                  "template_key": "hello"}}))
        campaigns.launch_now(session=session, program=program, campaign_id=campaign.id, actor="test")
    total_purchases = _record_purchases(database, program, member_ids)

    with smtp_server() as (inbox, smtp_port):
        env = worker_environment(smtp_port=smtp_port)
        worker_args = [*LOYALTY, "worker", "--database-url", url_of(database)]
        kills: list[str] = []
        for number, (low, high) in enumerate(KILL_BANDS, start=1):
            worker = start(worker_args, env, tmp_path / f"worker-{number}.log", f"worker {number}")
            wait_until(lambda: "Worker started" in worker.output(), timeout=30, interval=0.05,  # noqa: B023
                       what=f"worker {number} starting")
            moment = dice.uniform(low, high)
            time.sleep(moment)
            before = (webhook_sink.count(), len(inbox.messages), *_progress(database, program)[:2])
            _kill_while_working(worker)
            kills.append(f"#{number} after {moment:.2f} s (received so far: {before[0]} webhooks, "
                         f"{before[1]} e-mails; committed: {before[2]} deliveries, {before[3]} messages)")
        # Started again and left to work until nothing moves; then what the dead workers still held
        # (webhook claims, messages whose job died) is finished by `--until-idle` with the clock
        # ahead (see LOYALTY_LATER).
        worker = start(worker_args, env, tmp_path / "worker-last.log", "the last worker")
        _wait_until_settled(database, program, webhook_sink, inbox,
                            expected_rows=total_purchases * len(endpoints))
        worker.stop()
        settled = (webhook_sink.count(), len(inbox.messages))
        run([*LOYALTY_LATER, "600", "worker", "--until-idle", "--database-url", url_of(database)], env, timeout=180)
        inbox_messages = list(inbox.messages)

    report = _check_and_report(database, program, endpoints, webhook_sink, inbox_messages, member_ids,
                               total_purchases)
    print(f"\n[{database.dialect}] {len(kills)} kills:\n  " + "\n  ".join(kills)
          + f"\n  the last worker stopped with {settled[0]} webhooks and {settled[1]} e-mails received; "
          f"--until-idle did the rest\n" + report)


def _wait_until_settled(database: Database, program: Program, sink: WebhookSink, inbox: Inbox, *,
                        expected_rows: int) -> None:
    """Until every delivery row exists and nothing has moved for SETTLED_SECONDS: what is left
    waits for the leases and grace periods of the dead workers' jobs (a minute and more)."""
    last: tuple[int, ...] = ()
    still_since = time.monotonic()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        now = (sink.count(), len(inbox.messages), *_progress(database, program))
        if now != last:
            last, still_since = now, time.monotonic()
        elif now[4] == expected_rows and time.monotonic() - still_since > SETTLED_SECONDS:
            return
        time.sleep(0.25)
    raise AssertionError(f"the last worker kept working for 120 s: {last}")


def _kill_while_working(worker: Process) -> None:
    assert worker.popen.poll() is None, f"{worker.name} stopped by itself:\n{worker.output()}"
    worker.kill()


def _check_and_report(database: Database, program: Program, endpoints: dict[str, int], sink: WebhookSink,
                      emails: list, member_ids: list[int], total_purchases: int) -> str:
    with unit_of_work(database, read_only=True) as session:
        purchase_events = set(session.scalars(select(Event.id).where(
            Event.program_id == program.id, Event.type == "purchase.recorded")))
        rows = session.execute(select(WebhookDelivery.endpoint_id, WebhookDelivery.event_id,
                                      WebhookDelivery.webhook_id, WebhookDelivery.status, WebhookDelivery.attempts)
                               .where(WebhookDelivery.program_id == program.id)).all()
        messages = session.execute(select(Message.member_id, Message.status, Message.id)
                                   .where(Message.program_id == program.id)).all()
        rhythm_cursor = session.get(EventCursor, "lifecycle_rhythm")
        rhythms = dict(session.execute(select(MemberRhythm.member_id, MemberRhythm.purchase_count)
                                       .where(MemberRhythm.program_id == program.id)).all())
    assert len(purchase_events) == total_purchases

    # Webhooks: one row per (endpoint, event), all delivered; each reached its receiver.
    per_pair = Counter((row.endpoint_id, row.event_id) for row in rows)
    assert set(per_pair.values()) == {1}
    assert set(per_pair) == {(endpoint, event) for endpoint in endpoints.values() for event in purchase_events}
    assert Counter(row.status for row in rows) == {"succeeded": len(rows)}
    received = sink.by_path()
    resent = {}
    for name, endpoint_id in endpoints.items():
        got = received[f"/{name}"]
        assert set(got) == {row.webhook_id for row in rows if row.endpoint_id == endpoint_id}
        resent[name] = sum(times - 1 for times in got.values())
    extra_attempts = sum(row.attempts - 1 for row in rows)

    # Messages: one row per member, sent; one e-mail per member under one Message-ID.
    assert sorted(row.member_id for row in messages) == sorted(member_ids)
    assert Counter(row.status for row in messages) == {"sent": len(member_ids)}
    message_ids = Counter(str(email["Message-ID"]) for email in emails)
    assert set(message_ids) == {f"<message-{row.id}@loyalty.test>" for row in messages}
    recipients = {str(email["To"]) for email in emails}
    assert len(recipients) == len(member_ids)
    emails_resent = sum(times - 1 for times in message_ids.values())

    # The rhythm: each purchase handled once, each member's count their purchases.
    assert rhythm_cursor is not None and rhythm_cursor.handled == total_purchases
    assert rhythms == dict.fromkeys(member_ids, PURCHASES_EACH)

    return (f"  webhooks: {len(rows)} delivery rows for {len(purchase_events)} purchases x {len(endpoints)} "
            f"endpoints, {sink.count()} requests received, resent after a kill: {resent} "
            f"(delivery attempts beyond the first: {extra_attempts})\n"
            f"  e-mails: {len(messages)} message rows, {len(emails)} received, {len(message_ids)} distinct "
            f"Message-IDs, resent after a kill: {emails_resent}\n"
            f"  rhythm: cursor handled {rhythm_cursor.handled} purchase events")
