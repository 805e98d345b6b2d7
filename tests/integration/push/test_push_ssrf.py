"""Review of issue 12 (security), on both databases: a member-controlled push endpoint never
reaches the server's own network, one program's members never take over another program's
subscription, and one member's devices cannot hold a send for minutes.

The endpoint is posted by any member to /app/push/subscriptions, and the worker later POSTs to
it: the check and the connection must be about the same address (DNS rebinding), a name that
does not resolve is not posted to, and the IPv6 forms that carry an IPv4 address (NAT64, 6to4,
Teredo) are judged by the IPv4 address they carry (the one rule webhooks use too)."""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import Invalid
from loyalty.programs.models import Program
from loyalty.push import domain as push_domain
from loyalty.push import sender
from loyalty.push import service as push
from loyalty.push.domain import check_endpoint
from loyalty.push.schemas import PushTarget, VapidKeys
from tests.factories import messaging as m
from tests.factories.inbox import APP_TEMPLATE, app_outlet, push_settings
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.push import browser_keys, push_service

_real_getaddrinfo = socket.getaddrinfo

CARRYING_A_PRIVATE_IPV4 = [
    "https://[64:ff9b::a9fe:a9fe]/latest/meta-data",  # NAT64 of 169.254.169.254
    "https://[2002:a9fe:a9fe::]/latest/meta-data",    # 6to4 of 169.254.169.254
    "https://[64:ff9b::7f00:1]/admin",                # NAT64 of 127.0.0.1
    "https://[2002:c0a8:101::]/router",               # 6to4 of 192.168.1.1
    "https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/x",  # Teredo whose client is 10.0.0.1
]


def recording(posted: list[httpx.Request], status: int = 201) -> httpx.MockTransport:
    """A transport standing in for the network: keeps each request it is given."""
    def answer(request: httpx.Request) -> httpx.Response:
        posted.append(request)
        return httpx.Response(status)

    return httpx.MockTransport(answer)


def vapid(database: Database) -> VapidKeys:
    with unit_of_work(database) as session:
        return push.vapid_keys(session=session)


def _target(endpoint: str) -> PushTarget:
    keys = browser_keys()
    return PushTarget(id=1, endpoint=endpoint, p256dh=keys.p256dh, auth=keys.auth)


def _send(database: Database, endpoint: str, *, allow_private: bool = False, timeout: float = 5,
          transport: httpx.BaseTransport | None = None) -> Any:
    return sender.send(_target(endpoint), {"title": "x"}, keys=vapid(database), subject="mailto:ops@example.com",
                       ttl_seconds=60, timeout_seconds=timeout, allow_private_endpoints=allow_private,
                       transport=transport)


# --- 2. IPv6 forms carrying a private IPv4 address ---------------------------------------------------

@pytest.mark.parametrize("endpoint", CARRYING_A_PRIVATE_IPV4)
def test_ipv6_literals_that_carry_a_private_ipv4_address_are_refused(endpoint: str) -> None:
    with pytest.raises(Invalid):
        check_endpoint(endpoint, allow_private=False)


@pytest.mark.parametrize("endpoint", CARRYING_A_PRIVATE_IPV4)
def test_such_an_endpoint_is_neither_subscribed_nor_posted_to(database: Database, program: Program,
                                                              endpoint: str) -> None:
    member = make_member(database, program)
    keys = browser_keys()
    with pytest.raises(Invalid) as refused, unit_of_work(database) as session:
        push.subscribe(session=session, program_id=program.id, member_id=member.id, endpoint=endpoint,
                       p256dh=keys.p256dh, auth=keys.auth, user_agent=None)
    assert refused.value.code == "invalid_push_endpoint"
    posted: list[httpx.Request] = []
    # A row stored before this check existed is refused at the send too.
    outcome = _send(database, endpoint, transport=recording(posted))
    assert outcome.result == "refused" and posted == []


def test_a_metadata_address_is_refused_even_where_private_endpoints_are_allowed(database: Database) -> None:
    with pytest.raises(Invalid):
        check_endpoint("http://169.254.169.254/latest/meta-data", allow_private=True)
    outcome = _send(database, "http://[64:ff9b::a9fe:a9fe]/latest", allow_private=True,
                    transport=httpx.MockTransport(lambda r: httpx.Response(201)))
    assert outcome.result == "refused"


# --- 1. DNS rebinding, and names that do not resolve -------------------------------------------------

def _rebinding(monkeypatch: pytest.MonkeyPatch, first: Any, then: str = "127.0.0.1") -> list[str]:
    """rebind.test answers `first` to the first lookup (the check), then `then` (a connection)."""
    asked: list[str] = []

    def fake(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.test":
            return _real_getaddrinfo(host, port, *args, **kwargs)
        asked.append(host)
        if len(asked) == 1:
            if isinstance(first, Exception):
                raise first
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (first, port))]
        return _real_getaddrinfo(then, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return asked


@pytest.mark.parametrize("first_answer", ["93.184.216.34", socket.gaierror(-3, "Temporary failure")],
                         ids=["dns-rebinding", "unresolvable-at-check"])
def test_a_send_never_reaches_loopback_through_a_name_that_changes_its_answer(
        database: Database, program: Program, monkeypatch: pytest.MonkeyPatch, first_answer: Any) -> None:
    """The reviewer's test as it was written (an http:// endpoint, the real network)."""
    keys = vapid(database)
    with push_service() as service:  # an HTTP server on 127.0.0.1: "the internal service"
        endpoint = service.endpoint("x").replace("127.0.0.1", "rebind.test")
        _rebinding(monkeypatch, first_answer)
        outcome = sender.send(_target(endpoint), {"title": "x"}, keys=keys, subject="mailto:ops@example.com",
                              ttl_seconds=60, timeout_seconds=5, allow_private_endpoints=False)
    assert service.received == [], f"the internal server got a POST ({outcome})"


def test_the_post_goes_to_the_checked_address_with_the_name_in_host_and_tls(
        database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _rebinding(monkeypatch, "93.184.216.34")
    posted: list[httpx.Request] = []

    def push_service_answer(request: httpx.Request) -> httpx.Response:
        posted.append(request)
        return httpx.Response(201)

    outcome = _send(database, "https://rebind.test:8443/push/x?y=1", transport=httpx.MockTransport(push_service_answer))

    [request] = posted
    assert outcome.result == "delivered" and asked == ["rebind.test"]  # resolved once: for the check
    assert str(request.url) == "https://93.184.216.34:8443/push/x?y=1"
    assert request.headers["host"] == "rebind.test:8443"
    assert request.extensions["sni_hostname"] == "rebind.test"
    assert request.headers["content-encoding"] == "aes128gcm" and request.headers["authorization"].startswith("vapid")


def test_a_name_that_does_not_resolve_is_not_posted_to(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    _rebinding(monkeypatch, socket.gaierror(-3, "Temporary failure"), then="93.184.216.34")
    posted: list[httpx.Request] = []
    outcome = _send(database, "https://rebind.test/push/x",
                    transport=recording(posted))
    assert posted == [] and outcome.result == "failed" and "resolve" in outcome.detail


def test_a_name_resolving_to_public_and_private_addresses_is_not_posted_to(
        database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    def both(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("64:ff9b::a00:1", port, 0, 0))]

    monkeypatch.setattr(socket, "getaddrinfo", both)
    posted: list[httpx.Request] = []
    outcome = _send(database, "https://push.example.net/x",
                    transport=recording(posted))
    assert outcome.result == "refused" and posted == []


def test_a_real_send_connects_to_the_checked_address_not_to_a_later_answer(
        database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """(Private endpoints allowed, so the local server may stand in.) A second lookup would
    answer an address where nothing listens: the POST arrives, with the name as Host."""
    with push_service() as service:
        port = int(service.base.rsplit(":", 1)[1])
        asked = _rebinding(monkeypatch, "127.0.0.1", then="127.0.0.2")
        outcome = _send(database, f"http://rebind.test:{port}/push/pinned", allow_private=True)
        [received] = service.received
    assert outcome.result == "delivered" and asked == ["rebind.test"]
    assert received.path == "/push/pinned" and received.headers["host"] == f"rebind.test:{port}"


def test_a_redirect_is_not_followed(database: Database) -> None:
    with push_service() as service:
        service.answers["/push/moved"] = 307
        outcome = _send(database, service.endpoint("moved"), allow_private=True)
        assert [r.path for r in service.received] == ["/push/moved"]
    assert outcome.result == "failed" and outcome.status == 307


# --- 3. The subscription's key: program and endpoint -------------------------------------------------

def _subscribe(database: Database, program: Program, member_id: int, endpoint: str) -> str:
    keys = browser_keys()
    with unit_of_work(database) as session:
        push.subscribe(session=session, program_id=program.id, member_id=member_id, endpoint=endpoint,
                       p256dh=keys.p256dh, auth=keys.auth, user_agent="Test browser")
    return keys.p256dh


def _live(database: Database, program: Program, member_id: int) -> list[tuple[str, str]]:
    with unit_of_work(database, read_only=True) as session:
        return [(t.endpoint, t.p256dh) for t in push.live_targets(session=session, program_id=program.id,
                                                                  member_id=member_id)]


def test_a_member_of_another_program_cannot_take_over_a_subscription(database: Database, program: Program) -> None:
    other = make_program(database, name="Other shop")
    anna, eve = make_member(database, program), make_member(database, other)
    endpoint = "https://push.example.net/send/annas-phone"
    annas_key = _subscribe(database, program, anna.id, endpoint)

    eves_key = _subscribe(database, other, eve.id, endpoint)  # Eve posts Anna's endpoint with her own keys

    assert _live(database, program, anna.id) == [(endpoint, annas_key)]  # Anna still gets hers, encrypted for her
    assert _live(database, other, eve.id) == [(endpoint, eves_key)]
    with unit_of_work(database) as session:
        assert push.unsubscribe(session=session, program_id=other.id, member_id=eve.id, endpoint=endpoint)
    assert _live(database, program, anna.id) == [(endpoint, annas_key)]


def test_within_a_program_the_browser_moves_to_the_member_signed_in(database: Database, program: Program) -> None:
    anna, ben = make_member(database, program), make_member(database, program)
    endpoint = "https://push.example.net/send/shared-laptop"
    _subscribe(database, program, anna.id, endpoint)
    bens_key = _subscribe(database, program, ben.id, endpoint)
    assert _live(database, program, anna.id) == [] and _live(database, program, ben.id) == [(endpoint, bens_key)]


# --- 4. Ten devices at most; one send within its budget ----------------------------------------------

def test_a_member_keeps_ten_live_devices_and_the_oldest_goes_when_an_eleventh_comes(
        database: Database, program: Program) -> None:
    member = make_member(database, program)
    endpoints = [f"https://push.example.net/send/device-{n}" for n in range(12)]
    for endpoint in endpoints[:10]:
        _subscribe(database, program, member.id, endpoint)
    _subscribe(database, program, member.id, endpoints[0])  # the oldest browser subscribes again: kept
    assert len(_live(database, program, member.id)) == 10

    _subscribe(database, program, member.id, endpoints[10])
    live = [endpoint for endpoint, _ in _live(database, program, member.id)]
    assert len(live) == push_domain.MAX_LIVE_SUBSCRIPTIONS == 10
    assert endpoints[10] in live and endpoints[0] in live and endpoints[1] not in live
    with unit_of_work(database, read_only=True) as session:
        everything = push.member_subscriptions(session=session, program_id=program.id, member_id=member.id,
                                               live_only=False)
    assert [s.endpoint for s in everything if s.gone_at is not None] == [endpoints[1]]


@contextmanager
def trickling_service(seconds: float = 8.0) -> Iterator[str]:
    """A push service that answers one byte of its headers every 0.2 s for `seconds`: each read
    gets a byte well within any per-read timeout."""
    stop = threading.Event()

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.settimeout(1)
            try:
                self.request.recv(65536)
                self.request.sendall(b"HTTP/1.1 201 Created\r\n")
                started = time.monotonic()
                while not stop.is_set() and time.monotonic() - started < seconds:
                    self.request.sendall(b"x")
                    time.sleep(0.2)
            except OSError:
                return

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def test_a_push_service_answering_byte_by_byte_holds_a_send_only_its_timeout(database: Database) -> None:
    with trickling_service() as base:
        started = time.monotonic()
        outcome = _send(database, f"{base}/push/slow", allow_private=True, timeout=1)
        took = time.monotonic() - started
    assert outcome.result == "failed" and took < 2.5, (took, outcome)


def test_all_of_a_members_devices_together_take_at_most_the_sends_budget(
        database: Database, program: Program, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(push_domain, "SEND_BUDGET_SECONDS", 1.5)
    member = make_member(database, program, consents={"push": {"granted": True}})
    m.make_template(database, program, key="hello", channel="push", versions=APP_TEMPLATE)
    settings = push_settings()
    settings.push.timeout_seconds = 5
    with trickling_service() as base:
        for n in range(3):
            keys = browser_keys()
            with unit_of_work(database) as session:
                push.subscribe(session=session, program_id=program.id, member_id=member.id,
                               endpoint=f"{base}/push/device-{n}", p256dh=keys.p256dh, auth=keys.auth,
                               user_agent=None, allow_private_endpoints=True)
        queued = m.queue(database, program, member.id, channel="push", key="hello")
        assert queued is not None
        started = time.monotonic()
        outcome = m.deliver(database, queued.id, app_outlet(settings))
        took = time.monotonic() - started
    assert took < 3.5, took
    assert outcome is not None and outcome.outcome != "sent"
    assert m.message(database, queued.id).status != "sent"
