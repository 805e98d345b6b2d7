"""The clock stopped at a moment, for a block."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from loyalty.kernel import clock


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    """Inside the block it is `moment`; after it, the real time again."""
    clock.set_clock(lambda: moment)
    try:
        yield
    finally:
        clock.set_clock(None)
