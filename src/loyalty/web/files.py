"""How the API description declares the files the API takes and gives: CSV uploads and
downloads, PDF receipts.

Each is a binary string (`format: binary`), which generators type as a file: the client in
clients/python sends and reads them as `File` (its config.yaml reads text/csv and application/pdf
as bytes). Without a schema a generator cannot type the body at all, and openapi-python-client
left the CSV uploads out of the client.
"""

from __future__ import annotations

from typing import Any


def file_schema() -> dict[str, Any]:
    """A new copy each time: the description may be changed in place after it is made."""
    return {"type": "string", "format": "binary"}


def file_upload(media_type: str, **media: Any) -> dict[str, Any]:
    """An operation's `openapi_extra` for a required request body of `media_type` (a file)."""
    return {"requestBody": {"required": True, "content": {media_type: {"schema": file_schema(), **media}}}}


def file_download(media_type: str, description: str, **media: Any) -> dict[str, Any]:
    """A `responses` entry for an answer that is a file of `media_type`."""
    return {"description": description, "content": {media_type: {"schema": file_schema(), **media}}}
