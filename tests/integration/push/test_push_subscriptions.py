"""Web push on both databases: the installation's VAPID key made once, devices subscribing and
unsubscribing, and each send reaching a real local push service encrypted for the browser and
signed with the key; 404/410 mark the subscription gone."""

from __future__ import annotations

import json

import pytest
from py_vapid import Vapid02
from sqlalchemy import func, select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import Invalid
from loyalty.programs.models import Program
from loyalty.push import sender
from loyalty.push import service as push
from loyalty.push.models import PushKey
from tests.factories.members import make_member
from tests.factories.push import browser_keys, push_service


def subscribe(database: Database, program: Program, member_id: int, endpoint: str, keys=None):  # type: ignore[no-untyped-def]
    keys = keys or browser_keys()
    with unit_of_work(database) as session:
        return push.subscribe(session=session, program_id=program.id, member_id=member_id, endpoint=endpoint,
                              p256dh=keys.p256dh, auth=keys.auth, user_agent="Test browser",
                              allow_private_endpoints=True)


def live(database: Database, program: Program, member_id: int) -> list[str]:
    with unit_of_work(database, read_only=True) as session:
        return [t.endpoint for t in push.live_targets(session=session, program_id=program.id, member_id=member_id)]


def test_the_vapid_key_pair_is_made_once_and_kept(database: Database) -> None:
    with unit_of_work(database) as session:
        first = push.vapid_keys(session=session)
    with unit_of_work(database) as session:
        again = push.vapid_keys(session=session)
        rows = session.scalar(select(func.count()).select_from(PushKey))
    assert again == first and rows == 1
    assert len(first.public_key) == 87 and "BEGIN PRIVATE KEY" in first.private_pem


def test_a_device_subscribes_once_and_another_member_on_it_takes_it_over(database: Database,
                                                                        program: Program) -> None:
    anna, ben = make_member(database, program), make_member(database, program)
    endpoint = "https://push.example.net/send/device-1"
    first = subscribe(database, program, anna.id, endpoint)
    again = subscribe(database, program, anna.id, endpoint)
    assert again.id == first.id and live(database, program, anna.id) == [endpoint]

    subscribe(database, program, ben.id, endpoint)
    assert live(database, program, anna.id) == [] and live(database, program, ben.id) == [endpoint]


def test_unsubscribing_stops_only_the_members_own_device(database: Database, program: Program) -> None:
    anna, ben = make_member(database, program), make_member(database, program)
    subscribe(database, program, anna.id, "https://push.example.net/a")
    subscribe(database, program, ben.id, "https://push.example.net/b")
    with unit_of_work(database) as session:
        took_bens = push.unsubscribe(session=session, program_id=program.id, member_id=anna.id,
                                     endpoint="https://push.example.net/b")
        took_own = push.unsubscribe(session=session, program_id=program.id, member_id=anna.id,
                                    endpoint="https://push.example.net/a")
    assert (took_bens, took_own) == (False, True)
    assert live(database, program, anna.id) == [] and live(database, program, ben.id) == ["https://push.example.net/b"]
    subscribe(database, program, anna.id, "https://push.example.net/a")  # the browser subscribes again
    assert live(database, program, anna.id) == ["https://push.example.net/a"]


@pytest.mark.parametrize("endpoint", ["http://push.example.net/x", "https://127.0.0.1/x", "https://10.1.2.3/x",
                                      "https://169.254.169.254/latest", "https://[::1]/x", "https://localhost/x",
                                      "ftp://push.example.net/x", ""])
def test_endpoints_that_are_not_public_https_are_refused(database: Database, program: Program,
                                                         endpoint: str) -> None:
    member = make_member(database, program)
    keys = browser_keys()
    with pytest.raises(Invalid) as refused, unit_of_work(database) as session:
        push.subscribe(session=session, program_id=program.id, member_id=member.id, endpoint=endpoint,
                       p256dh=keys.p256dh, auth=keys.auth, user_agent=None)
    assert refused.value.code == "invalid_push_endpoint"


def test_keys_that_are_not_a_browsers_are_refused(database: Database, program: Program) -> None:
    member = make_member(database, program)
    with pytest.raises(Invalid) as refused, unit_of_work(database) as session:
        push.subscribe(session=session, program_id=program.id, member_id=member.id,
                       endpoint="https://push.example.net/x", p256dh="AAAA", auth=browser_keys().auth,
                       user_agent=None)
    assert refused.value.code == "invalid_push_keys" and refused.value.field == "keys.p256dh"


def test_a_send_reaches_the_push_service_encrypted_for_the_browser_and_signed(database: Database,
                                                                             program: Program) -> None:
    member = make_member(database, program)
    keys = browser_keys()
    with push_service() as service:
        subscribe(database, program, member.id, service.endpoint("phone"), keys)
        with unit_of_work(database) as session:
            vapid = push.vapid_keys(session=session)
            targets = push.live_targets(session=session, program_id=program.id, member_id=member.id)
        outcome = sender.send(targets[0], {"title": "Dzień dobry", "body": "Ваши баллы", "url": "/app/messages/1"},
                              keys=vapid, subject="mailto:ops@example.com", ttl_seconds=3600, timeout_seconds=5,
                              allow_private_endpoints=True)
        [received] = service.received

    assert outcome.result == "delivered" and outcome.status == 201
    assert received.path == "/push/phone"
    assert received.headers["content-encoding"] == "aes128gcm" and received.headers["ttl"] == "3600"
    assert json.loads(keys.decrypt(received.body)) == {"title": "Dzień dobry", "body": "Ваши баллы",
                                                       "url": "/app/messages/1"}
    authorization = received.headers["authorization"]
    assert authorization.startswith("vapid t=") and f",k={vapid.public_key}" in authorization
    assert Vapid02.verify(authorization)


@pytest.mark.parametrize(("status", "result", "still_live"), [(404, "gone", False), (410, "gone", False),
                                                             (500, "failed", True), (429, "failed", True)])
def test_what_the_push_service_answers_decides_the_subscriptions_fate(database: Database, program: Program,
                                                                    status: int, result: str,
                                                                    still_live: bool) -> None:
    member = make_member(database, program)
    with push_service() as service:
        service.answers["/push/old"] = status
        subscribe(database, program, member.id, service.endpoint("old"))
        with unit_of_work(database) as session:
            vapid = push.vapid_keys(session=session)
            [target] = push.live_targets(session=session, program_id=program.id, member_id=member.id)
        outcome = sender.send(target, {"title": "x"}, keys=vapid, subject="mailto:ops@example.com", ttl_seconds=60,
                              timeout_seconds=5, allow_private_endpoints=True)
    with unit_of_work(database) as session:
        push.record_outcomes(session=session, outcomes=[outcome])
    assert (outcome.result, outcome.status) == (result, status)
    assert live(database, program, member.id) == ([service.endpoint("old")] if still_live else [])


def test_a_name_that_resolves_to_a_private_address_is_not_posted_to(database: Database, program: Program) -> None:
    member = make_member(database, program)
    with push_service() as service:
        endpoint = service.endpoint("x").replace("127.0.0.1", "localhost")
        subscribe(database, program, member.id, endpoint)  # (allowed at subscription here, by the setting)
        with unit_of_work(database) as session:
            vapid = push.vapid_keys(session=session)
            [target] = push.live_targets(session=session, program_id=program.id, member_id=member.id)
        outcome = sender.send(target, {"title": "x"}, keys=vapid, subject="mailto:ops@example.com", ttl_seconds=60,
                              timeout_seconds=5)
    assert outcome.result == "refused" and service.received == []
