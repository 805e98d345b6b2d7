"""Another transaction meeting one that is not committed yet (PostgreSQL)."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")


def meanwhile(holding: Session, call: Callable[[], T], *, patience: float = 0.3) -> tuple[bool, T]:
    """Run `call` in another thread while `holding` is open, then commit and close `holding`:
    whether `call` was still waiting `patience` seconds in (it cannot finish while a lock it
    needs is held), and what it returned once `holding` had committed."""
    try:
        with ThreadPoolExecutor(1) as pool:
            pending = pool.submit(call)
            time.sleep(patience)
            waited = not pending.done()
            holding.commit()
            return waited, pending.result(timeout=10)
    finally:
        holding.close()
