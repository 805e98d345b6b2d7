"""The one table from kernel error kinds to HTTP statuses and JSON error bodies."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from loyalty.kernel.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, RateLimited, Unauthorized

STATUS_BY_KIND: list[tuple[type[DomainError], int]] = [
    (Unauthorized, 401),
    (Forbidden, 403),
    (NotFound, 404),
    (Conflict, 409),
    (Invalid, 422),
    (RateLimited, 429),
]

VALIDATION_CODES = {
    "extra_forbidden": "unknown_field",
    "missing": "missing_field",
    "value_error": "invalid_value",
}


def error_body(code: str, message: str, field: str | None = None, **details: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message, "field": field}
    if details:
        body["details"] = details
    return {"error": body}


def status_for(error: DomainError) -> int:
    for kind, status in STATUS_BY_KIND:
        if isinstance(error, kind):
            return status
    return 400


def _field_path(location: tuple[Any, ...]) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or str(location[-1] if location else "")


def domain_error_response(error: DomainError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(error, Unauthorized) else None
    if isinstance(error, RateLimited) and "retry_after" in error.details:
        headers = {"Retry-After": str(int(error.details["retry_after"]))}
    return JSONResponse(error_body(error.code, error.message, error.field, **error.details),
                        status_code=status_for(error), headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain_error(_request: Request, error: DomainError) -> JSONResponse:
        return domain_error_response(error)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
        problems = error.errors()
        first = problems[0] if problems else {"type": "invalid", "loc": (), "msg": "Invalid request."}
        field = _field_path(tuple(first.get("loc", ())))
        kind = str(first.get("type", "invalid"))
        code = VALIDATION_CODES.get(kind, "invalid_" + kind.split("_")[0] if kind else "invalid")
        if kind == "extra_forbidden":
            message = f"Unknown field '{field}': this request does not accept it."
        elif kind == "missing":
            message = f"Field '{field}' is required."
        else:
            message = f"Field '{field}': {first.get('msg', 'invalid value')}."
        others = [{"field": _field_path(tuple(p.get("loc", ()))), "message": p.get("msg")} for p in problems[1:]]
        body = error_body(code, message, field, **({"other_errors": others} if others else {}))
        return JSONResponse(body, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden"}
        return JSONResponse(error_body(codes.get(error.status_code, "http_error"), str(error.detail)),
                            status_code=error.status_code, headers=getattr(error, "headers", None))
