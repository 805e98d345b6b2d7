"""Reading a posted form: urlencoded fields (every value of each) or, for uploads, multipart;
and reading an id from a form, a query or a path.

A form that cannot be read (wrong type, too big, not UTF-8) reads as empty, and then fails its
CSRF check like any forged post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import Path
from pydantic import ValidationError
from starlette.datastructures import UploadFile
from starlette.requests import Request

from loyalty.members.schemas import MAX_ID

MAX_FORM_BYTES = 256 * 1024
MAX_FORM_FIELDS = 500
MAX_UPLOAD_BYTES = 200 * 1024 * 1024

# A row's id in a page's path, as `{name:int}`: beyond what BIGINT (and SQLite) hold is refused
# before the handler, and web/pages/errors.py shows the refusal as the "not found" page.
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
_ID = re.compile(r"[0-9]{1,19}")  # ASCII digits only: "²".isdigit() is True, int("²") raises


def parse_id(text: str | None) -> int | None:
    """An id (or a pager's key) a form, a query or a link carries: 1 to MAX_ID in ASCII digits,
    else None, so odd text reads as "none given" rather than a crash or a database overflow."""
    text = (text or "").strip()
    if not _ID.fullmatch(text):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


@dataclass
class Form:
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, UploadFile] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        values = self.fields.get(name)
        return values[0] if values else default

    def text(self, name: str) -> str:
        """The field, stripped of surrounding spaces."""
        return self.get(name).strip()

    def getlist(self, name: str) -> list[str]:
        return list(self.fields.get(name, []))

    def checked(self, name: str) -> bool:
        return self.get(name) in ("1", "on", "true", "yes")

    def first_values(self) -> dict[str, str]:
        return {name: values[0] for name, values in self.fields.items() if values}


async def read_form(request: Request) -> Form:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        try:
            data = await request.form(max_files=5, max_fields=MAX_FORM_FIELDS, max_part_size=MAX_UPLOAD_BYTES)
        except Exception:  # noqa: BLE001 - any unreadable upload is an empty form
            return Form()
        form = Form()
        for name, value in data.multi_items():
            if isinstance(value, UploadFile):
                form.files[name] = value
            else:
                form.fields.setdefault(name, []).append(value)
        return form
    if content_type != "application/x-www-form-urlencoded":
        return Form()
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return Form()
    try:
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
    except (UnicodeDecodeError, ValueError):
        return Form()
    return Form(fields=parsed)


def field_errors(error: ValidationError) -> dict[str, str]:
    """A pydantic error as {field: message} for a form to show beside each field."""
    errors: dict[str, str] = {}
    for problem in error.errors():
        name = ".".join(str(part) for part in problem.get("loc", ())) or "form"
        message = str(problem.get("msg", "Invalid value")).removeprefix("Value error, ")
        errors.setdefault(name, f"{message[:1].upper()}{message[1:]}.")
    return errors
