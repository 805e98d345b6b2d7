"""Web push stand-ins: a browser's subscription keys (whose private half decrypts what the server
sent), and a real local HTTP server playing the push service, recording each POST."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from loyalty.push.domain import b64url_encode


@dataclass
class BrowserKeys:
    """What a browser keeps for one subscription: the P-256 key pair and the auth secret."""

    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes

    @property
    def p256dh(self) -> str:
        return b64url_encode(self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))

    @property
    def auth(self) -> str:
        return b64url_encode(self.auth_secret)

    def decrypt(self, body: bytes) -> bytes:
        import http_ece

        return bytes(http_ece.decrypt(body, private_key=self.private_key, auth_secret=self.auth_secret,
                                      version="aes128gcm"))


def browser_keys() -> BrowserKeys:
    return BrowserKeys(private_key=ec.generate_private_key(ec.SECP256R1()), auth_secret=os.urandom(16))


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class PushService:
    """The local push service: `base` is its URL; `answers` maps a path to the status it answers
    (201 otherwise); `received` lists every POST, in order."""

    base: str
    answers: dict[str, int] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)

    def endpoint(self, name: str) -> str:
        return f"{self.base}/push/{name}"


@contextmanager
def push_service() -> Iterator[PushService]:
    service = PushService(base="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server naming
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            service.received.append(Received(path=self.path, headers={k.lower(): v for k, v in self.headers.items()},
                                             body=body))
            status = service.answers.get(self.path, 201)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()
