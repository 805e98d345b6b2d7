"""The one table from kernel error kinds to HTTP statuses and JSON error bodies."""

from __future__ import annotations

import copy
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from loyalty.db.transient_errors import DATABASE_ERRORS, is_connection_lost, is_database_busy
from loyalty.kernel.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, RateLimited, Unauthorized

STATUS_BY_KIND: list[tuple[type[DomainError], int]] = [
    (Unauthorized, 401),
    (Forbidden, 403),
    (NotFound, 404),
    (Conflict, 409),
    (Invalid, 422),
    (RateLimited, 429),
]

IDEMPOTENCY_HEADER = "Idempotency-Key"
VALIDATION_CODES = {
    "extra_forbidden": "unknown_field",
    "missing": "missing_field",
    "value_error": "invalid_value",
}

# What `error_body` sends, as the API description publishes it (JSON Schema, OpenAPI 3.1).
ERROR_SCHEMA_NAME = "Error"
ERROR_SCHEMA: dict[str, Any] = {
    "title": ERROR_SCHEMA_NAME,
    "description": "Every error answer (4xx, and 503 when the database fails for a moment) has this body.",
    "type": "object",
    "required": ["error"],
    "additionalProperties": False,
    "properties": {"error": {
        "type": "object",
        "required": ["code", "message", "field"],
        "additionalProperties": False,
        "properties": {
            "code": {"type": "string", "description": "Stable, for programs: `invalid_api_key`, `missing_scope`, "
                                                      "`member_exists`, `insufficient_points`, `missing_field`, …"},
            "message": {"type": "string", "description": "For people; may change between versions."},
            "field": {"anyOf": [{"type": "string"}, {"type": "null"}],
                      "description": "The field or header at fault, dotted when nested (`lines.0.amount`); "
                                     "null when no one field is."},
            "details": {"type": "object", "description": "More about some codes: `available` and `requested` for "
                                                         "`insufficient_points`, `other_errors` when a request has "
                                                         "several invalid fields, `retry_after` for `rate_limited` and "
                                                         "the 503s, `in_use_by` for `tier_in_use`, `line` for "
                                                         "`nul_character` in a file."},
        },
    }},
}
VALIDATION_DESCRIPTION = ("Invalid input: `field` names the first field at fault and `code` what is wrong with it "
                          "(`missing_field`, `unknown_field`, `invalid_value`, `invalid_int`, …, `nul_character` "
                          "when a text holds U+0000, or the rule's own code); `details.other_errors` lists the other "
                          "fields at fault.")
# The 422 of an operation that takes no input: web/text_input.py refuses NUL in any request.
NUL_CHARACTER_DESCRIPTION = ("`nul_character`: the query string (or a body) holds a NUL character (U+0000), which no "
                             "text may hold; `field` names the parameter.")
DATABASE_FAILED_DESCRIPTION = ("The database failed for a moment: `database_unavailable` (its connection was lost) "
                               "or `database_busy` (other writers held it). Retry after `Retry-After` seconds: "
                               "with its Idempotency-Key (a purchase: its `external_id`) a write is never applied "
                               "twice.")
# FastAPI's own description of validation errors (`{"detail": [...]}`), which this API never sends.
_FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


def error_body(code: str, message: str, field: str | None = None, **details: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message, "field": field}
    if details:
        body["details"] = details
    return {"error": body}


def error_response(description: str) -> dict[str, Any]:
    """An OpenAPI response whose body is the Error schema."""
    return {"description": description, "content": {"application/json": _error_media()}}


def declared(*answers: str) -> dict[int | str, dict[str, Any]]:
    """A route's `responses=` from lines such as "409 `member_exists`: a member has this
    e-mail": what it refuses, by status, each with the Error schema. tests/declared_answers.py
    fails a test whose answer a route does not declare."""
    responses: dict[int | str, dict[str, Any]] = {}
    for answer in answers:
        status, text = answer.split(" ", 1)
        response = responses.setdefault(int(status), error_response(""))
        response["description"] = f"{response['description']}; {text}" if response["description"] else text
    return responses


def _error_media() -> dict[str, Any]:
    return {"schema": {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}}


def document_errors(openapi: dict[str, Any]) -> None:
    """Make the API description tell the error bodies this module sends: every 4xx and 503
    response of every operation gets the Error schema (a route's own description of it is
    kept), 422s get ours instead of FastAPI's `{"detail": [...]}`, whose schemas then leave the
    components. Every operation declares a 422: web/text_input.py refuses a NUL character in any
    request, even to an operation that takes no parameters."""
    def is_error(status: Any) -> bool:
        return str(status).startswith("4") or str(status) == "503"

    for path_item in openapi.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue  # a path item's `parameters` or `servers`
            operation.setdefault("responses", {}).setdefault("422", error_response(NUL_CHARACTER_DESCRIPTION))
            for status, response in operation["responses"].items():
                if not is_error(status):
                    continue
                if str(status) == "422" and response.get("description") in (None, "", "Validation Error"):
                    response["description"] = VALIDATION_DESCRIPTION
                elif str(status) == "422" and not response["description"].startswith(VALIDATION_DESCRIPTION):
                    response["description"] = f"{VALIDATION_DESCRIPTION} Besides: {response['description']}"
                content = response.setdefault("content", {})
                if not content.get("application/json") \
                        or _refers_to(content["application/json"], _FASTAPI_VALIDATION_SCHEMAS):
                    content["application/json"] = _error_media()
            # Errors after the answers, in the order of their statuses.
            operation["responses"] = dict(sorted(operation.get("responses", {}).items(),
                                                 key=lambda item: (True, str(item[0]))
                                                 if is_error(item[0]) else (False, "")))
    schemas = openapi.setdefault("components", {}).setdefault("schemas", {})
    schemas[ERROR_SCHEMA_NAME] = copy.deepcopy(ERROR_SCHEMA)
    for name in _FASTAPI_VALIDATION_SCHEMAS:  # HTTPValidationError first: it refers to ValidationError
        schema = schemas.pop(name, None)
        if schema is not None and _refers_to(openapi, (name,)):
            schemas[name] = schema  # something else still uses it


def _refers_to(node: Any, names: tuple[str, ...]) -> bool:
    """Whether a part of the API description refers to one of these component schemas."""
    if isinstance(node, dict):
        return node.get("$ref") in {f"#/components/schemas/{name}" for name in names} \
            or any(_refers_to(value, names) for value in node.values())
    if isinstance(node, list):
        return any(_refers_to(value, names) for value in node)
    return False


def status_for(error: DomainError) -> int:
    for kind, status in STATUS_BY_KIND:
        if isinstance(error, kind):
            return status
    return 400


def _field_path(location: tuple[Any, ...]) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or str(location[-1] if location else "")


def _plain(problem: Any) -> str:
    """pydantic's message for one problem, without the "Value error, " it puts before our own."""
    message = str(problem.get("msg", "invalid value"))
    return message.removeprefix("Value error, ")


def domain_error_response(error: DomainError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(error, Unauthorized) else None
    if isinstance(error, RateLimited) and "retry_after" in error.details:
        headers = {"Retry-After": str(int(error.details["retry_after"]))}
    return JSONResponse(error_body(error.code, error.message, error.field, **error.details),
                        status_code=status_for(error), headers=headers)


_RETRY_IS_SAFE = ("a retry of a write that carries its Idempotency-Key (a purchase: its external_id) is never "
                  "applied twice.")


def database_error_response(error: Exception) -> JSONResponse | None:
    """503 for a database error that passes (a client that sent an Idempotency-Key, or a
    purchase's external_id, retries it safely); None for any other, which is a bug (500)."""
    if is_connection_lost(error):
        code, message = "database_unavailable", ("The database connection failed, perhaps while saving. Retry "
                                                 f"in a moment; {_RETRY_IS_SAFE}")
    elif is_database_busy(error):
        code, message = "database_busy", ("The database was busy with other requests. Retry in a moment; "
                                          + _RETRY_IS_SAFE)
    else:
        return None
    return JSONResponse(error_body(code, message, retry_after=1), status_code=503, headers={"Retry-After": "1"})


# For a person whose browser opened a page (a gift page, a referral link): words, not JSON.
def _page(title: str, heading: str, text: str) -> str:
    return ("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{title}</title><h1>{heading}</h1><p>{text}</p></html>")


_TRY_AGAIN_PAGE = _page("Please try again", "Please try again in a moment",
                        "We could not reach our database just now. Nothing is lost: reload this page in a moment.")
NUL_CHARACTER_PAGE = _page("Please check what you typed", "Please check what you typed",
                           "What you sent holds a character we cannot save (an invisible NUL character, U+0000). "
                           "Go back, type the text again and send it.")


def _wants_a_page(path: str, accept: str) -> bool:
    return not path.startswith("/api/") and "text/html" in accept


def nul_character_response(error: DomainError, *, path: str, accept: str) -> Response:
    """The error of web/text_input.py; a browser that opened a page outside /api reads words."""
    if _wants_a_page(path, accept):
        return HTMLResponse(NUL_CHARACTER_PAGE, status_code=status_for(error))
    return domain_error_response(error)


# What FastAPI's JSON parsing raises, besides a syntax error (which it already reports as
# invalid JSON), when it gives up on a body: its "400 There was an error parsing the body".
_UNREADABLE_JSON = {
    UnicodeDecodeError: "The body is not valid JSON: it is not UTF-8 text.",
    RecursionError: "The body is not valid JSON this server reads: it nests too deeply.",
    ValueError: "The body is not valid JSON this server reads: a number in it has too many digits.",
}


def unreadable_json_response(error: StarletteHTTPException) -> JSONResponse | None:
    """The documented 422 `invalid_json` for a JSON body FastAPI could not read (not UTF-8,
    nested thousands deep, an integer of thousands of digits); None for any other HTTP error."""
    if error.status_code != 400 or error.__cause__ is None:
        return None
    message = next((text for kind, text in _UNREADABLE_JSON.items() if isinstance(error.__cause__, kind)), None)
    if message is None:
        return None
    return JSONResponse(error_body("invalid_json", message, "body"), status_code=422)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route takes at this path: Starlette's 405 names only the first route
    that matched the path (`/members` has one route for GET and another for POST)."""
    app = request.app
    routes = getattr(app.state, "routes_by_path", None)
    if routes is None:
        routes = [(compile_path(route.path)[0], route.methods) for route in iter_route_contexts(app.routes)
                  if route.path and route.methods]
        app.state.routes_by_path = routes
    path = request.scope.get("path", "")
    return sorted({method for pattern, methods in routes if pattern.match(path) for method in methods})


def install(app: FastAPI) -> None:
    async def _database_error(request: Request, error: Exception) -> Response:
        response = database_error_response(error)
        if response is None:
            raise error
        if _wants_a_page(request.url.path, request.headers.get("accept", "")):
            return HTMLResponse(_TRY_AGAIN_PAGE, status_code=503, headers={"Retry-After": "1"})
        return response

    for kind in DATABASE_ERRORS:
        app.add_exception_handler(kind, _database_error)

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
        if kind in ("missing", "string_too_short") and tuple(first.get("loc", ())) == ("header", IDEMPOTENCY_HEADER):
            code = "idempotency_key_required"
            message = (f"This request needs an {IDEMPOTENCY_HEADER} header (any unique text, such as a UUID) so that "
                       "a retry is never applied twice.")
        elif kind == "json_invalid":  # its location is a character offset, not a field
            field = "body"
            message = f"The body is not valid JSON: {_plain(first)} (at character {first.get('loc', ('', '?'))[-1]})."
        elif kind == "extra_forbidden":
            message = f"Unknown field '{field}': this request does not accept it."
        elif kind == "missing":
            message = f"Field '{field}' is required."
        else:
            message = f"Field '{field}': {_plain(first).rstrip('.')}."
        others = [{"field": _field_path(tuple(p.get("loc", ()))), "message": _plain(p)} for p in problems[1:]]
        body = error_body(code, message, field, **({"other_errors": others} if others else {}))
        return JSONResponse(body, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        unreadable = unreadable_json_response(error)
        if unreadable is not None:
            return unreadable
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden",
                 415: "unsupported_media_type"}
        message = str(error.detail)
        field = "Content-Type" if error.status_code == 415 else None
        headers = getattr(error, "headers", None)
        if error.status_code == 405:
            allowed = ", ".join(_allowed_methods(request))
            headers = {**(headers or {}), "Allow": allowed}
            message = f"{request.method} is not allowed here; this path takes {allowed}."
        return JSONResponse(error_body(codes.get(error.status_code, "http_error"), message, field),
                            status_code=error.status_code, headers=headers)
