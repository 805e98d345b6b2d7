"""File uploads sent as the request body: a CSV file must say it is one. Without this check a
JSON body such as `[null, null]` was read as a file of one code (`[null`)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.exceptions import HTTPException

from loyalty.web import errors

CSV_MEDIA_TYPES = ("text/csv", "application/csv", "text/plain")


def require_csv(request: Request) -> None:
    """A dependency of the routes whose body is a CSV file: another Content-Type is 415
    `unsupported_media_type`."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in CSV_MEDIA_TYPES:
        raise HTTPException(415, detail=(f"The body must be a CSV file sent as Content-Type text/csv, not "
                                         f"{media_type or 'without a Content-Type'}."))


CSV_REFUSED: dict[int | str, dict[str, Any]] = {415: errors.error_response(
    "`unsupported_media_type`: the body is not sent as `text/csv` (`field` is `Content-Type`).")}
