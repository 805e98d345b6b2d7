"""What every operation of a kind answers, written into the API description once rather than
on each route: what an Idempotency-Key brings (409 `idempotency_mismatch`, 422
`idempotency_key_required` where it is required, the `Idempotent-Replayed` header of a
replay), the 413 of a body over the size limit, and the response headers that tell a client
when to retry (`Retry-After`) or where to go (`Location`). Generated clients read statuses and
headers from here; tests/declared_answers.py (through the `client` fixture) holds them to what
the server sends."""

from __future__ import annotations

import re
from typing import Any

from loyalty.web import errors

IDEMPOTENCY_MISMATCH = ("`idempotency_mismatch`: this Idempotency-Key was already used with another body; use a new "
                        "key for a new request.")
IDEMPOTENCY_KEY_REQUIRED = "`idempotency_key_required`: the Idempotency-Key header is missing."
INVALID_CURSOR = "`invalid_cursor`: `cursor` is not a `next_cursor` this list gave."
BODY_TOO_LARGE = "`body_too_large`: the body is over the server's limit (`LOYALTY_SERVER__MAX_BODY_BYTES`)."
HEADERS = {
    "Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}},
    "Idempotent-Replayed": {"description": "`true` when this is the stored answer to an earlier request with the "
                                           "same Idempotency-Key: nothing was applied again.",
                            "schema": {"type": "string", "enum": ["true"]}},
    "Location": {"description": "Where to go.", "schema": {"type": "string"}},
}


def describe(openapi: dict[str, Any]) -> None:
    for path_item in openapi.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict):
                _describe_operation(operation)


# "409 `card_blocked`" in an operation's text: the status and the code it answers then.
_STATUS_AND_CODE = re.compile(r"\b(4\d\d)\s+`([a-z][a-z0-9_]*)`")


def _describe_operation(operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    # An endpoint's docstring says which refusals it answers; its prose is the declaration.
    for status, code in _STATUS_AND_CODE.findall(operation.get("description") or ""):
        _mention(responses, status, f"`{code}`")
    key = next((parameter for parameter in operation.get("parameters", ())
                if parameter.get("in") == "header" and parameter.get("name") == errors.IDEMPOTENCY_HEADER), None)
    if key is not None:
        _mention(responses, "409", IDEMPOTENCY_MISMATCH)
        if key.get("required"):
            _mention(responses, "422", IDEMPOTENCY_KEY_REQUIRED)
        for status, response in responses.items():
            if str(status).startswith("2"):
                _add_header(response, "Idempotent-Replayed")
    if any(parameter.get("in") == "query" and parameter.get("name") == "cursor"
           for parameter in operation.get("parameters", ())):
        _mention(responses, "422", INVALID_CURSOR)
    if "requestBody" in operation:
        _mention(responses, "413", BODY_TOO_LARGE)
    for status, response in responses.items():
        if str(status) in ("429", "503"):
            _add_header(response, "Retry-After")
        elif str(status).startswith("3"):
            _add_header(response, "Location")


def _mention(responses: dict[str, Any], status: str, text: str) -> None:
    """Add `text` to the description of the response (declaring it if it was not)."""
    response = responses.get(status)
    if response is None:
        responses[status] = errors.error_response(text)
        return
    description = response.get("description") or ""
    if status == "422" and description == "Validation Error":  # FastAPI's, for its own error body
        description = errors.VALIDATION_DESCRIPTION
    code = text.split(":")[0]
    if code not in description:
        response["description"] = f"{description.rstrip('. ')}; {text}" if description else text


def _add_header(response: dict[str, Any], name: str) -> None:
    response.setdefault("headers", {}).setdefault(name, dict(HEADERS[name]))
