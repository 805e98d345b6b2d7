from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from loyalty.auth import service
from loyalty.auth.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyRead
from loyalty.members.schemas import MAX_ID
from loyalty.web.deps import ApiContext, forget_cached_keys, require
from loyalty.web.errors import declared
from loyalty.web.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, cursor_key

router = APIRouter(tags=["api keys"])
Admin = Annotated[ApiContext, Depends(require("admin"))]


@router.post("/api-keys", response_model=ApiKeyCreated, status_code=201, responses=declared(
    '422 `unknown_scope`: a scope that does not exist (`details.known`)'))
def create_api_key(body: ApiKeyCreate, context: Admin) -> ApiKeyCreated:
    """A new key for this program; the secret is in this response only."""
    with context.write() as session:
        issued = service.create_api_key(session=session, program_id=context.program_id, name=body.name,
                                        scopes=body.scopes, actor=context.actor)
        return ApiKeyCreated(**ApiKeyRead.model_validate(issued.key).model_dump(), key=issued.secret)


class ApiKeyPage(Page[ApiKeyRead]):
    """API keys, oldest first."""


@router.get("/api-keys", response_model=ApiKeyPage)
def list_api_keys(context: Admin, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT) -> ApiKeyPage:
    """The program's API keys, oldest first, with their names, scopes and revocation times; never their secrets."""
    with context.read() as session:
        return ApiKeyPage.of(service.list_api_keys(session=session, program_id=context.program_id,
                                                   after_id=cursor_key(cursor), limit=limit
                                                   ).map(ApiKeyRead.model_validate))


@router.delete("/api-keys/{key_id:int}", response_model=ApiKeyRead)
def revoke_api_key(key_id: Annotated[int, Path(ge=1, le=MAX_ID)], context: Admin) -> ApiKeyRead:
    """Revoke a key: it is refused at once by this server process and within 10 seconds by every other. Audited
    as `api_key.revoked`."""
    with context.write() as session:
        revoked = ApiKeyRead.model_validate(service.revoke_api_key(session=session, program_id=context.program_id,
                                                                   key_id=key_id, actor=context.actor))
    forget_cached_keys(context.program_id)
    return revoked
