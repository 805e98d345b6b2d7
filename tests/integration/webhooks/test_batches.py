"""The worker's batch path (`sending.deliver_due`) to real receivers on 127.0.0.1, on both
databases: each delivery sent once, signed with its own id; a failing receiver's deliveries
retried with back-off while another's succeed; two workers at once never send one twice; an
address refused at delivery time.

The batch path takes every due delivery of the database, as the worker does, so the module has a
database of its own: a delivery another module's test left due (a dead receiver's retry) would
be sent by these tests' batches too.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.webhooks import domain, network, sending, service
from loyalty.webhooks.domain import AddressPolicy
from loyalty.webhooks.models import WebhookDelivery
from tests.conftest import BACKENDS, fresh_database
from tests.factories.clock import at
from tests.factories.webhooks import LOCAL, make_endpoint, receiver

FIRST_EVENT_ID = 20_000


@pytest.fixture(scope="module", params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
             worker_id: str) -> Iterator[Database]:
    with fresh_database(request.param, tmp_path_factory, worker_id, label="webhook_batches") as db:
        yield db


def publish_many(database: Database, program: Program, count: int) -> list[int]:
    """What the webhooks subscriber does with `count` committed purchases."""
    with unit_of_work(database) as session:
        return service.deliveries_for_events(session=session, events=[service.EventToDeliver(
            id=FIRST_EVENT_ID + n, program_id=program.id, member_id=7, type="purchase.recorded",
            occurred_at=clock.now(), payload={"n": n}) for n in range(count)])


def rows(database: Database, program: Program) -> list[WebhookDelivery]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(WebhookDelivery).where(WebhookDelivery.program_id == program.id)
                                    .order_by(WebhookDelivery.id)))


def test_a_batch_to_two_endpoints_sends_each_delivery_once_signed_with_its_own_id(
        database: Database, program: Program) -> None:
    with receiver() as first, receiver() as second:
        first_id, first.secret = make_endpoint(database, program, first.url)
        _second_id, second.secret = make_endpoint(database, program, second.url)
        made = publish_many(database, program, 12)
        outcome = sending.deliver_due(database, policy=LOCAL, batch_size=5)
        assert sending.deliver_due(database, policy=LOCAL).attempted == 0  # nothing left due
    assert len(made) == 24 and outcome.statuses == {"succeeded": 24} and outcome.released == 0
    for hooks in (first, second):
        assert len(hooks.received) == 12 and len(hooks.accepted) == 12  # verified, no id seen twice
        assert sorted(got.verified["data"]["event_id"] for got in hooks.accepted) == [
            FIRST_EVENT_ID + n for n in range(12)]
    stored = rows(database, program)
    assert {(row.status, row.attempts, row.last_status_code) for row in stored} == {("succeeded", 1, 200)}
    sent_ids = {got.headers["webhook-id"] for got in first.accepted + second.accepted}
    assert sent_ids == {row.webhook_id for row in stored}
    assert {row.webhook_id for row in stored if row.endpoint_id == first_id} == {
        got.headers["webhook-id"] for got in first.accepted}


def test_a_failing_endpoints_deliveries_are_retried_with_back_off_while_the_others_succeed(
        database: Database, program: Program) -> None:
    with receiver(answers=[500]) as failing, receiver() as working:
        failing_id, _ = make_endpoint(database, program, failing.url)
        make_endpoint(database, program, working.url)
        publish_many(database, program, 4)
        now = clock.now()
        with at(now):
            outcome = sending.deliver_due(database, policy=LOCAL)
            assert sending.deliver_due(database, policy=LOCAL).attempted == 0  # not due before their wait
        stored = rows(database, program)
        failed = [row for row in stored if row.endpoint_id == failing_id]
        assert {(row.status, row.attempts, row.last_status_code, row.last_error) for row in failed} == {
            ("failed", 1, 500, "HTTP 500")}
        assert {row.next_attempt_at for row in failed} == {now + domain.retry_delay(1)}
        assert {row.status for row in stored if row.endpoint_id != failing_id} == {"succeeded"}
        assert outcome.statuses == {"failed": 4, "succeeded": 4}
        assert outcome.next_retry_at == now + domain.retry_delay(1)
        failing.answers = [200]
        with at(now + domain.retry_delay(1)):
            assert sending.deliver_due(database, policy=LOCAL).statuses == {"succeeded": 4}
    assert len(failing.received) == 8 and len(working.received) == 4
    assert {(row.status, row.attempts) for row in rows(database, program) if row.endpoint_id == failing_id} == {
        ("succeeded", 2)}


def test_a_delivery_is_dead_after_the_last_attempt_on_the_batch_path(database: Database, program: Program) -> None:
    with receiver(answers=[503]) as hooks:
        make_endpoint(database, program, hooks.url)
        publish_many(database, program, 2)
        moment = clock.now()
        for attempt in range(1, domain.MAX_ATTEMPTS + 1):
            with at(moment):
                outcome = sending.deliver_due(database, policy=LOCAL)
            expected = "dead" if attempt == domain.MAX_ATTEMPTS else "failed"
            assert outcome.statuses == {expected: 2}
            moment += domain.retry_delay(attempt)
    assert {(row.status, row.attempts, row.next_attempt_at) for row in rows(database, program)} == {
        ("dead", domain.MAX_ATTEMPTS, None)}


def test_two_workers_claiming_at_once_never_send_one_delivery_twice(database: Database, program: Program) -> None:
    with receiver() as first, receiver() as second:
        make_endpoint(database, program, first.url)
        make_endpoint(database, program, second.url)
        publish_many(database, program, 30)
        outcomes: list[sending.BatchOutcome] = []
        start = threading.Barrier(2)

        def worker() -> None:
            start.wait()
            outcomes.append(sending.deliver_due(database, policy=LOCAL, batch_size=7))

        workers = [threading.Thread(target=worker) for _ in range(2)]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join(timeout=120)
    sent = Counter(got.headers["webhook-id"] for got in first.received + second.received)
    assert len(sent) == 60 and set(sent.values()) == {1}
    assert sum(outcome.statuses.get("succeeded", 0) for outcome in outcomes) == 60
    assert {(row.status, row.attempts) for row in rows(database, program)} == {("succeeded", 1)}


def test_an_address_refused_at_delivery_time_fails_its_batch_only_after_one_lookup(
        database: Database, program: Program, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = {"hooks.example.com": ["93.184.216.34"]}
    lookups: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        lookups.append(host)
        return answers[host]

    monkeypatch.setattr(network, "resolve", resolve)
    only_loopback = AddressPolicy.of(False, ["127.0.0.1/32"])  # the operator allows the local receiver only
    with receiver() as hooks:
        rebound_id, _ = make_endpoint(database, program, "https://hooks.example.com/in", policy=only_loopback)
        make_endpoint(database, program, hooks.url, policy=only_loopback)
        publish_many(database, program, 3)
        answers["hooks.example.com"] = ["169.254.169.254"]  # DNS rebinding, to the metadata service
        lookups.clear()
        outcome = sending.deliver_due(database, policy=only_loopback)
    assert lookups == ["hooks.example.com"]  # once for the batch, at delivery time
    assert outcome.statuses == {"failed": 3, "succeeded": 3} and len(hooks.received) == 3
    refused = [row for row in rows(database, program) if row.endpoint_id == rebound_id]
    assert {(row.status, row.last_status_code) for row in refused} == {("failed", None)}
    assert {row.last_error for row in refused} == {
        "refused: Webhooks may not be sent to hooks.example.com: it resolves to a metadata address."}


def test_a_receiver_that_does_not_answer_holds_back_its_other_deliveries_not_the_other_endpoint(
        database: Database, program: Program) -> None:
    with receiver() as working:
        down_id, _ = make_endpoint(database, program, "http://127.0.0.1:9/closed")  # the discard port: refused
        make_endpoint(database, program, working.url)
        publish_many(database, program, 3)
        now = clock.now()
        with at(now):
            outcome = sending.deliver_due(database, policy=LOCAL)
    assert outcome.statuses == {"failed": 1, "succeeded": 3} and outcome.released == 2
    down = [row for row in rows(database, program) if row.endpoint_id == down_id]
    assert sorted((row.status, row.attempts) for row in down) == [("failed", 1), ("pending", 0), ("pending", 0)]
    assert {row.next_attempt_at for row in down} == {now + domain.retry_delay(1)}
    assert {row.claim_token for row in down} == {None}


def test_a_job_whose_time_is_up_says_so_and_leaves_the_rest_due(database: Database, program: Program) -> None:
    with receiver() as hooks:
        make_endpoint(database, program, hooks.url)
        publish_many(database, program, 3)
        out_of_time = sending.deliver_due(database, policy=LOCAL, time_budget=0)
        finished = sending.deliver_due(database, policy=LOCAL)
    assert (out_of_time.attempted, out_of_time.stopped_early) == (0, True)  # the task defers another job
    assert (finished.statuses, finished.stopped_early) == ({"succeeded": 3}, False)
    assert len(hooks.received) == 3
