"""Every answer an operation gives in the tests must be one its API description declares: the
status, the error code (named in that status's description), and the headers that tell a
client what happened (`Retry-After`, `Idempotent-Replayed`, `Location`). The `client` fixture
(tests/conftest.py) records what the app answers and fails a test whose answers are not
declared, so the description cannot drift from the routes and the codes each can raise."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, get_args

from pydantic_core.core_schema import ErrorType
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from loyalty.web.errors import VALIDATION_CODES

DECLARED_HEADERS = ("retry-after", "idempotent-replayed", "location")
# What FastAPI's input validation answers (web/errors.py names them after pydantic's error
# types), possible on any operation that takes input, and declared by its 422 as a family.
VALIDATION_FAMILY = frozenset({*VALIDATION_CODES.values(), "invalid_json", "nul_character",
                               *(f"invalid_{kind.split('_')[0]}" for kind in get_args(ErrorType))})


@dataclass(frozen=True)
class Answer:
    method: str
    path: str
    status: int
    code: str | None
    headers: tuple[str, ...]


class AnswerRecorder:
    """An ASGI wrapper that keeps what each request was answered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.answers: list[Answer] = []

    def __getattr__(self, name: str) -> Any:  # TestClient reads the app's attributes
        return getattr(self.app, name)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status: list[int] = []
        headers: list[str] = []
        body: list[bytes] = []

        async def recording(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
                headers.extend(name.decode("latin-1").lower() for name, _ in message.get("headers", ()))
            elif message["type"] == "http.response.body" and status and status[0] >= 400:
                body.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, recording)
        if status:
            self.answers.append(Answer(scope["method"], scope["path"], status[0], _error_code(b"".join(body)),
                                       tuple(name for name in headers if name in DECLARED_HEADERS)))


def _error_code(body: bytes) -> str | None:
    try:
        error = json.loads(body).get("error")
    except (ValueError, AttributeError):
        return None
    return error.get("code") if isinstance(error, dict) else None


def undeclared(answers: list[Answer], openapi: dict[str, Any]) -> list[str]:
    """What was answered but not declared, one line each."""
    operations = [(method, _pattern(path, operation), path, operation) for path, item in openapi["paths"].items()
                  for method, operation in item.items() if isinstance(operation, dict)]
    problems = []
    for answer in answers:
        found = next(((path, operation) for method, pattern, path, operation in operations
                      if method == answer.method.lower() and pattern.match(answer.path)), None)
        if found is None:
            continue  # no operation: a page, /metrics, or a method the path does not take (405)
        path, operation = found
        where = f"{answer.method} {path} {answer.status}"
        response = operation["responses"].get(str(answer.status))
        if response is None:
            problems.append(f"{where}: status not declared (code {answer.code})")
            continue
        if answer.status >= 400 and not _names(response, answer.status, answer.code):
            problems.append(f"{where}: code `{answer.code}` not named in {response.get('description')!r}")
        problems += [f"{where}: header {name} not declared" for name in answer.headers
                     if name not in {header.lower() for header in response.get("headers", {})}]
    return sorted(set(problems))


def _pattern(path: str, operation: dict[str, Any]) -> re.Pattern[str]:
    """The paths the operation answers: a numeric id only matches digits (`{member_id:int}`)."""
    numeric = {parameter["name"] for parameter in operation.get("parameters", ())
               if parameter.get("in") == "path" and parameter.get("schema", {}).get("type") == "integer"}
    return re.compile("^" + re.sub(r"\{([^}]+)\}", lambda name: r"\d+" if name.group(1) in numeric else "[^/]+",
                                   path) + "$")


def _names(response: dict[str, Any], status: int, code: str | None) -> bool:
    if code is None:
        return False
    if status == 422 and code in VALIDATION_FAMILY:
        return True
    if status == 404 and (code == "not_found" or code.endswith("_not_found")):
        return True  # the 404 of an id in the path: "`code` names what was not found"
    return f"`{code}`" in (response.get("description") or "")
