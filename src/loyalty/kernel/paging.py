"""Lists a page at a time, as services see them: plain keys in, a slice and the next key out.

Every list is ordered by a unique key that never repeats (an id, or a tier level's rank); a
page continues after the key of the previous page's last item, in the list's own direction.
How a client names that key (the API's opaque `cursor`) is the HTTP layer's business
(web/pagination.py), so services never parse or build one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from loyalty.kernel.errors import Invalid

MAX_PAGE_SIZE = 200

Item = TypeVar("Item")
Mapped = TypeVar("Mapped")


@dataclass(frozen=True)
class Slice(Generic[Item]):
    """One page of a list: its items, and the key the next page starts after (None: the last page)."""

    items: list[Item]
    next_key: int | None

    def map(self, read: Callable[[Item], Mapped]) -> Slice[Mapped]:
        return Slice([read(item) for item in self.items], self.next_key)

    def map_all(self, reads: Callable[[list[Item]], list[Mapped]]) -> Slice[Mapped]:
        """The same page with the items `reads` made of them all at once (e.g. in one query)."""
        return Slice(reads(self.items), self.next_key)


def check_limit(limit: int) -> None:
    """422 `invalid_limit` outside 1..MAX_PAGE_SIZE (the API refuses it earlier; the CLI and jobs may not)."""
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise Invalid(f"limit must be between 1 and {MAX_PAGE_SIZE}.", code="invalid_limit", field="limit")


def every_item(read_page: Callable[[int | None], Slice[Item]]) -> list[Item]:
    """Every item of a list, read a page at a time: `read_page(key)` reads the page after `key`
    (None: the first). For the CLI and jobs, which want the whole list."""
    found: list[Item] = []
    key: int | None = None
    while True:
        part = read_page(key)
        found += part.items
        if part.next_key is None:
            return found
        key = part.next_key


def slice_of(rows: Sequence[Item], limit: int, key: Callable[[Item], int]) -> Slice[Item]:
    """The page in `rows`, which were read with `limit + 1`: the extra row only says that more follow."""
    items = list(rows[:limit])
    return Slice(items, key(items[-1]) if len(rows) > limit else None)
