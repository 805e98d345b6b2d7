"""Request bodies have a size limit: larger is 413 `body_too_large` (the API's error body).
A body whose Content-Length says so is refused before it is read; a streamed one (no
Content-Length) is read here up to the limit, then refused or handed on whole. No client can
make a process hold gigabytes."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from loyalty.web.errors import error_body
from loyalty.web.request_body import replaying


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                if not value.isdigit() or int(value) > self.max_bytes:
                    await self._refuse(send)
                    return
                await self.app(scope, receive, send)  # the server reads no more than it declares
                return
        # Streamed (whatever the method: web/text_input.py reads every body, a GET's too): read it
        # all (up to the limit) before the app sees any of it.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, replaying(b"".join(chunks), receive), send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(error_body("body_too_large", f"Request bodies are limited to {self.max_bytes:,} bytes.")
                          ).encode()
        headers: list[Any] = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                              (b"connection", b"close")]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
