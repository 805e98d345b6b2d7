"""How every list of the API is paged: `cursor` and `limit` in, `{"items", "next_cursor"}` out.

A client passes the previous page's `next_cursor` back as `cursor` until it is null; the
cursor is opaque to it. Inside, a cursor is the URL-safe base64 of the key the next page
starts after (kernel.paging: the previous page's last id, or a tier level's rank), so a page
never repeats or skips an item while others are added. Services take and return the plain
key; only this module knows the encoding.

Each list answers its own subclass of `Page` (`class RewardPage(Page[RewardRead])`): the
API description then names its schema `RewardPage`, where a bare `Page[RewardRead]` would be
`Page_RewardRead_`, which generated clients turn into awkward names.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any, Generic, Self, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field

from loyalty.kernel.errors import Invalid
from loyalty.kernel.paging import MAX_PAGE_SIZE, Slice
from loyalty.members.schemas import MAX_ID

DEFAULT_LIMIT = 50
# Longer than any cursor encode_cursor makes (26 characters for a 19-digit key): refused unread.
MAX_CURSOR_LENGTH = 28

Cursor = Annotated[str | None, Query(description=(
    "The previous page's `next_cursor`, as it came (opaque); leave it out for the first page. "
    "A cursor this API did not return is 422 `invalid_cursor`."))]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=(
    f"Items per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_LIMIT}). A shorter page does not mean the end: "
    "`next_cursor` null does."))]

Item = TypeVar("Item")


def encode_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(str(key).encode()).decode().rstrip("=")


def cursor_key(cursor: str | None) -> int | None:
    """The key a cursor continues after (None for the first page); 422 `invalid_cursor` for
    anything `encode_cursor` did not make, and for a key no id can reach (which a database
    would refuse as out of range)."""
    if not cursor:
        return None
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError("too long")
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        if not text.isdigit() or not 0 <= int(text) <= MAX_ID or encode_cursor(int(text)) != cursor:
            raise ValueError("not a cursor")
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise Invalid("This cursor is not one the API returned; start again from the first page.",
                      code="invalid_cursor", field="cursor") from error
    return int(text)


def next_cursor(part: Slice[Any]) -> str | None:
    """What a page answers as `next_cursor`: null on the last one."""
    return encode_cursor(part.next_key) if part.next_key is not None else None


class Page(BaseModel, Generic[Item]):
    """A page of a list; subclassed per list for a readable schema name."""

    items: list[Item]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last one.")

    @classmethod
    def of(cls, part: Slice[Item]) -> Self:
        return cls(items=part.items, next_cursor=next_cursor(part))
