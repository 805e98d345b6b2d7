"""Reading a request's whole body in a middleware and handing it on: the NUL check
(web/text_input.py), the checkout lane (web/checkout_lane.py) and the body limit
(web/body_limit.py) look at a body before the app does."""

from __future__ import annotations

from starlette.types import Message, Receive


async def read_body(receive: Receive) -> tuple[bytes, Receive] | None:
    """The whole body, and a `receive` that hands it over again before what follows it; None
    when the client disconnected first."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    return body, replaying(body, receive)


def replaying(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands `body` over first, then what `receive` gives (the disconnect)."""
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
