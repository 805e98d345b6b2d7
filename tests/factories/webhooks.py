"""A real webhook receiver on 127.0.0.1 (http.server in a thread) that verifies what it gets with
the standardwebhooks library, as an integrator's would, and webhook endpoints."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs.models import Program
from loyalty.webhooks import service
from loyalty.webhooks.domain import AddressPolicy
from loyalty.webhooks.schemas import WebhookEndpointCreate

LOCAL = AddressPolicy(allow_private_networks=True)


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    verified: Any = None  # the parsed JSON when the signature verified
    refusal: str | None = None  # why verification refused it


@dataclass
class Receiver:
    """Answers each POST with the next of `answers` (the last repeats); keeps every request.

    With `secret` set it verifies each request with `Webhook.verify` and remembers the message
    ids it accepted: an id seen before is refused as a replay (the id store the spec advises).
    """

    url: str
    answers: list[int] = field(default_factory=lambda: [200])
    secret: str | None = None
    received: list[Received] = field(default_factory=list)
    seen_ids: set[str] = field(default_factory=set)
    redirect_to: str | None = None

    def verify(self, headers: dict[str, str], body: bytes) -> Received:
        got = Received(headers=headers, body=body)
        if self.secret is None:
            return got
        try:
            got.verified = Webhook(self.secret).verify(body, headers)
        except WebhookVerificationError as error:
            got.refusal = str(error)
            return got
        if headers["webhook-id"] in self.seen_ids:
            got.verified, got.refusal = None, "replayed message id"
        else:
            self.seen_ids.add(headers["webhook-id"])
        return got

    @property
    def accepted(self) -> list[Received]:
        return [got for got in self.received if got.verified is not None]


@contextmanager
def receiver(answers: list[int] | None = None, secret: str | None = None) -> Iterator[Receiver]:
    state = Receiver(url="", answers=list(answers or [200]), secret=secret)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            with lock:
                state.received.append(state.verify({k.lower(): v for k, v in self.headers.items()}, body))
                status = state.answers.pop(0) if len(state.answers) > 1 else state.answers[0]
            self.send_response(status)
            if state.redirect_to and 300 <= status < 400:
                self.send_header("location", state.redirect_to)
            reply = b'{"ok": true}' if status < 300 else b"receiver says no " * 200
            self.send_header("content-length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/loyalty"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def make_endpoint(database: Database, program: Program, url: str, *, event_types: list[str] | None = None,
                  policy: AddressPolicy = LOCAL) -> tuple[int, str]:
    """An endpoint's id and secret."""
    with unit_of_work(database) as session:
        issued = service.create_endpoint(session=session, program_id=program.id, data=WebhookEndpointCreate(
            url=url, event_types=event_types or ["purchase.recorded"]), policy=policy, actor="test", actor_name="Test")
        return issued.endpoint.id, issued.secret
