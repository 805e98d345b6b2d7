"""Who is asking, and the units of work a request opens."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.dependencies.models import Dependant
from sqlalchemy.orm import Session

from loyalty.auth import service as auth_service
from loyalty.auth.scopes import grants
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import Forbidden, Unauthorized
from loyalty.programs import service as program_service
from loyalty.programs.models import Program


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


@dataclass(frozen=True)
class ApiContext:
    """An authenticated API request: its key, program and the database to work in."""

    database: Database
    program: Program
    api_key_id: int
    api_key_name: str
    scopes: tuple[str, ...]

    @property
    def program_id(self) -> int:
        return self.program.id

    @property
    def actor(self) -> str:
        return f"api_key:{self.api_key_id}:{self.api_key_name}"

    @contextmanager
    def write(self) -> Iterator[Session]:
        with unit_of_work(self.database) as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with unit_of_work(self.database, read_only=True) as session:
            yield session


# How the API description tells clients (and the Authorize button of /docs) to send a key. The
# key is read by `authenticated` below, by hand: a FastAPI security class would add a dependency
# to every request, and the checkout lane reads the same header without FastAPI.
API_KEY_SCHEME = "ApiKey"
API_KEY_SECURITY_SCHEME: dict[str, Any] = {
    "type": "http",
    "scheme": "bearer",
    "bearerFormat": "API key",
    "description": "An API key, sent as `Authorization: Bearer <key>`: `loyalty api-keys create` prints one "
                   "(once). In /docs, press Authorize and paste the key alone.",
}


def _bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Send an API key as 'Authorization: Bearer <key>'.", code="missing_api_key")
    return token.strip()


# Verified keys are remembered briefly so a till's every request does not cost two queries.
# A revoked key or a changed program takes effect at once in the process that made the
# change and within AUTH_CACHE_SECONDS in every other process and host.
AUTH_CACHE_SECONDS = 10.0
_AUTH_CACHE_LIMIT = 10_000
_auth_cache: dict[tuple[int, str], tuple[float, ApiContext]] = {}


def forget_cached_keys(program_id: int | None = None) -> None:
    """Drop cached authentications (of one program, or all)."""
    for cache_key, (_, context) in list(_auth_cache.items()):
        if program_id is None or context.program_id == program_id:
            _auth_cache.pop(cache_key, None)


def _cache_key(database: Database, token: str) -> tuple[int, str]:
    return id(database), hashlib.sha256(token.encode()).hexdigest()


def _from_cache(cache_key: tuple[int, str]) -> ApiContext | None:
    cached = _auth_cache.get(cache_key)
    return cached[1] if cached is not None and cached[0] > time.monotonic() else None


def cached_context(database: Database, authorization: str) -> ApiContext | None:
    """The context of an `Authorization` header's key when it is in the cache; None otherwise
    (no bearer key, or one not verified in the last AUTH_CACHE_SECONDS)."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return _from_cache(_cache_key(database, token.strip()))


async def authenticated(request: Request) -> ApiContext:
    """The request's API key and program. Async, so a key found in the cache costs no hop to
    the thread pool; only a miss reads the database, in the pool."""
    database = get_database(request)
    token = _bearer_token(request)
    cache_key = _cache_key(database, token)
    cached = _from_cache(cache_key)
    return cached if cached is not None else await run_in_threadpool(_authenticate, database, token, cache_key)


def _authenticate(database: Database, token: str, cache_key: tuple[int, str]) -> ApiContext:
    now = time.monotonic()
    with unit_of_work(database, read_only=True) as session:
        key = auth_service.authenticate(session=session, token=token)
        program = program_service.get_program(session=session, program_id=key.program_id)
    context = ApiContext(database=database, program=program, api_key_id=key.id, api_key_name=key.name,
                         scopes=tuple(key.scopes))
    if len(_auth_cache) >= _AUTH_CACHE_LIMIT:
        _auth_cache.clear()
    _auth_cache[cache_key] = (now + AUTH_CACHE_SECONDS, context)
    return context


# The scope each dependency made by `require` asks for, for the API description.
_SCOPE_OF_CHECK: dict[Callable[..., Any], str] = {}


def required_scopes(dependant: Dependant) -> list[str] | None:
    """The scopes a route's dependencies ask of its API key (empty when any key will do), or
    None when the route takes no key."""
    needs_key, scopes, pending = False, [], [dependant]
    while pending:
        current = pending.pop()
        needs_key = needs_key or current.call is authenticated
        if current.call in _SCOPE_OF_CHECK and _SCOPE_OF_CHECK[current.call] not in scopes:
            scopes.append(_SCOPE_OF_CHECK[current.call])
        pending += current.dependencies
    return sorted(scopes) if needs_key else None


def require(scope: str) -> Callable[[ApiContext], Awaitable[ApiContext]]:
    """A dependency that admits keys holding `scope` (or admin): 401 without a key, 403 without the scope."""

    async def _check(context: Annotated[ApiContext, Depends(authenticated)]) -> ApiContext:
        if not grants(list(context.scopes), scope):
            raise Forbidden(f"This API key lacks the '{scope}' scope.", code="missing_scope",
                            details={"required_scope": scope})
        return context

    _check.__name__ = f"require_{scope.replace(':', '_')}"
    _SCOPE_OF_CHECK[_check] = scope
    return _check
