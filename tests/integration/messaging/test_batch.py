"""Delivering a batch: one claim, one SMTP connection, one write of the outcomes; two workers
never send a message twice; a batch that dies after sending is sent again by the sweep."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.messaging import repository, service
from loyalty.messaging.models import Message
from loyalty.messaging.service import Outlet
from loyalty.programs.models import Program
from tests.factories.members import make_member
from tests.factories.messaging import make_template, member_events, message, queue, set_rules, suppress
from tests.integration.messaging.smtp import Inbox, free_port, smtp_server
from tests.integration.messaging.test_delivery import GRANTED, settings_for


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with smtp_server() as (inbox, port):
        yield inbox, port


def _queued(database: Database, program: Program, count: int, **member_fields: object) -> list[int]:
    ids = []
    for _ in range(count):
        member = make_member(database, program, consents=GRANTED, **member_fields)  # type: ignore[arg-type]
        queued = queue(database, program, member.id)
        assert queued is not None
        ids.append(queued.id)
    return ids


def _statuses(database: Database, message_ids: list[int]) -> Counter[str]:
    with unit_of_work(database, read_only=True) as session:
        return Counter(session.scalars(select(Message.status).where(Message.id.in_(message_ids))))


def test_a_batch_goes_over_one_smtp_connection_and_each_message_gets_its_outcome(
        database: Database, program: Program, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    make_template(database, program)
    sent = _queued(database, program, 3)
    refused = make_member(database, program, consents={"email": {"granted": False}})
    bounced = make_member(database, program, email="bounced@example.com", consents=GRANTED)
    suppress(database, program, "bounced@example.com")
    no_consent, suppressed = queue(database, program, refused.id), queue(database, program, bounced.id)
    assert no_consent is not None and suppressed is not None

    outcomes = service.deliver_batch(database=database, outlet=Outlet.from_settings(settings_for(port)),
                                     now=clock.now(), message_ids=[*sent, no_consent.id, suppressed.id])

    assert {message_id: (d.outcome, d.reason) for message_id, d in outcomes.items()} == {
        **{message_id: ("sent", None) for message_id in sent},
        no_consent.id: ("skipped", "no_consent"), suppressed.id: ("skipped", "suppressed")}
    received = inbox.wait_for(3)
    assert sorted(str(mail["Message-ID"]) for mail in received) == sorted(
        f"<message-{message_id}@loyalty.test>" for message_id in sent)
    assert inbox.connections == 1
    assert [message(database, message_id).status for message_id in sent] == ["sent"] * 3
    assert [(e.type, e.payload.get("reason")) for e in member_events(database, program, refused.id)] == [
        ("message.queued", None), ("message.skipped", "no_consent")]
    # Delivered messages are not claimed again.
    assert service.deliver_batch(database=database, outlet=Outlet.from_settings(settings_for(port)),
                                 now=clock.now(), message_ids=sent) == {}


def test_the_frequency_cap_counts_what_the_same_batch_sent(database: Database, program: Program,
                                                           smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    make_template(database, program)
    set_rules(database, program, "email", cap_count=1, cap_days=7)
    member = make_member(database, program, consents=GRANTED)
    first, second = (queue(database, program, member.id, dedupe_key=f"cap-batch:{n}") for n in range(2))
    assert first is not None and second is not None

    outcomes = service.deliver_batch(database=database, outlet=Outlet.from_settings(settings_for(port)),
                                     now=clock.now(), message_ids=[first.id, second.id])

    assert [(outcomes[m].outcome, outcomes[m].reason) for m in (first.id, second.id)] == [
        ("sent", None), ("skipped", "frequency_cap")]
    assert len(inbox.wait_for(2, timeout=0.5)) == 1


def test_two_workers_running_batches_at_once_send_every_message_once(
        database: Database, program: Program, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    make_template(database, program)
    ids = _queued(database, program, 30)
    barrier = threading.Barrier(2)
    outcomes: list[dict[int, service.Delivery]] = []
    errors: list[BaseException] = []

    def worker() -> None:
        outlet = Outlet.from_settings(settings_for(port))  # each worker its own connection
        barrier.wait()
        try:
            while done := service.deliver_batch(database=database, outlet=outlet, now=clock.now(),
                                                message_ids=ids, limit=7):
                outcomes.append(done)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    claimed = [message_id for done in outcomes for message_id in done]
    assert sorted(claimed) == sorted(ids)  # each message claimed by exactly one batch
    received = inbox.wait_for(30)
    assert len(inbox.wait_for(31, timeout=0.5)) == 30
    assert len({str(mail["Message-ID"]) for mail in received}) == 30
    assert _statuses(database, ids) == {"sent": 30}


def test_a_batch_that_dies_after_sending_is_queued_again_by_the_sweep_and_sent_with_the_same_message_id(
        database: Database, program: Program, smtp: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch) -> None:
    inbox, port = smtp
    make_template(database, program)
    [message_id] = _queued(database, program, 1)
    outlet = Outlet.from_settings(settings_for(port))

    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the worker died before writing the outcomes")

    with monkeypatch.context() as patched:
        patched.setattr(repository, "set_messages", crash)
        with pytest.raises(RuntimeError):
            service.deliver_batch(database=database, outlet=outlet, now=clock.now(), message_ids=[message_id])
    assert len(inbox.wait_for(1)) == 1
    assert message(database, message_id).status == "sending"
    # A batch still sending (a few minutes at most) is left alone by the sweep...
    with unit_of_work(database) as session:
        service.due_messages(session=session, now=clock.now() + timedelta(minutes=1))
    assert message(database, message_id).status == "sending"
    # ...one left "sending" longer is queued again and sent again.
    later = clock.now() + service.SENDING_STALE_AFTER + timedelta(seconds=1)
    with unit_of_work(database) as session:
        assert message_id in service.due_messages(session=session, now=later)
    outcome = service.deliver_batch(database=database, outlet=outlet, now=later, message_ids=[message_id])
    assert outcome[message_id].outcome == "sent"
    first, second = inbox.wait_for(2)
    assert first["Message-ID"] == second["Message-ID"] == f"<message-{message_id}@loyalty.test>"
    assert message(database, message_id).status == "sent"


def test_a_passing_smtp_failure_queues_the_batch_again(database: Database, program: Program) -> None:
    make_template(database, program)
    ids = _queued(database, program, 3)
    nobody_listens = Outlet.from_settings(settings_for(free_port()))

    outcomes = service.deliver_batch(database=database, outlet=nobody_listens, now=clock.now(), message_ids=ids)

    assert [outcomes[m].outcome for m in ids] == ["retry", "released", "released"]
    stored = [message(database, m) for m in ids]
    assert [(m.status, m.attempts) for m in stored] == [("queued", 1), ("queued", 0), ("queued", 0)]
    assert stored[0].error is not None and "SMTP" in stored[0].error
