"""The files the API takes and gives (CSV uploads and downloads, PDF receipts): how the API
description declares them, and that an upload says it is one.

Each is a binary string (`format: binary`), which generators type as a file: the client in
clients/python sends and reads them as `File` (its config.yaml reads text/csv and application/pdf
as bytes). Without a schema a generator cannot type the body at all, and openapi-python-client
left the CSV uploads out of the client.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.exceptions import HTTPException

from loyalty.web import errors


def file_schema() -> dict[str, Any]:
    """A new copy each time: the description may be changed in place after it is made."""
    return {"type": "string", "format": "binary"}


def file_upload(media_type: str, **media: Any) -> dict[str, Any]:
    """An operation's `openapi_extra` for a required request body of `media_type` (a file)."""
    return {"requestBody": {"required": True, "content": {media_type: {"schema": file_schema(), **media}}}}


def file_download(media_type: str, description: str, **media: Any) -> dict[str, Any]:
    """A `responses` entry for an answer that is a file of `media_type`."""
    return {"description": description, "content": {media_type: {"schema": file_schema(), **media}}}

CSV_MEDIA_TYPES = ("text/csv", "application/csv", "text/plain")


# Without this check a JSON body such as `[null, null]` was read as a file of one code (`[null`).
def require_csv(request: Request) -> None:
    """A dependency of the routes whose body is a CSV file: another Content-Type is 415
    `unsupported_media_type`."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in CSV_MEDIA_TYPES:
        raise HTTPException(415, detail=(f"The body must be a CSV file sent as Content-Type text/csv, not "
                                         f"{media_type or 'without a Content-Type'}."))


CSV_REFUSED: dict[int | str, dict[str, Any]] = {415: errors.error_response(
    "`unsupported_media_type`: the body is not sent as `text/csv` (`field` is `Content-Type`).")}
