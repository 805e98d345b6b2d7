"""A program's configuration (rules, tier levels, stamp cards, …) kept in process memory.

Every purchase needs the program's active rules, tier levels and stamp cards; reading and
rebuilding them from the database each time costs more than the rest of the purchase. Each
value is cached per process under the program's `config_version`, which every change of that
configuration bumps in its own transaction (`changed`). A unit of work reads the version once
(one indexed row, or along with a statement it sends anyway: `version_read_along`) and takes
the cached value only when the versions match, so a change made on any host is seen by every
process at its next unit of work, and nothing here is state that another host would need.

Cached values must be plain data (dataclasses, tuples) or ORM objects expunged from their
session: an attached object belongs to the session that loaded it, which may expire it on
rollback while another thread reads it. Nobody may change a cached value.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from loyalty.db.engine import database_key
from loyalty.programs import repository

T = TypeVar("T")

_VERSIONS = "loyalty.programs.config_versions"  # program id -> version, read once per unit of work
_CHANGED = "loyalty.programs.config_changed"  # program ids whose configuration this unit changes
_cache: dict[tuple[Any, int, str], tuple[int, Any]] = {}
_lock = threading.Lock()


def version(session: Session, program_id: int) -> int:
    versions: dict[int, int] = session.info.setdefault(_VERSIONS, {})
    if program_id not in versions:
        versions[program_id] = repository.config_version(session, program_id)
    return versions[program_id]


def version_read_along(session: Session, program_id: int, current: int) -> None:
    """A statement of this unit read the program's `config_version` along with its own work
    (the purchase INSERT returns it), so `version` need not spend a round trip on it."""
    if not is_changing(session, program_id):
        session.info.setdefault(_VERSIONS, {}).setdefault(program_id, current)


def cached(session: Session, program_id: int, name: str, load: Callable[[], T]) -> T:
    """`load()`'s value for the program's current configuration, from memory when it is current."""
    if is_changing(session, program_id):
        # This unit changed the configuration and may still roll back: never cache what it sees.
        return load()
    current = version(session, program_id)
    key = (database_key(session), program_id, name)
    hit = _cache.get(key)
    if hit is not None and hit[0] == current:
        return hit[1]  # type: ignore[no-any-return]
    value = load()
    with _lock:
        stored = _cache.get(key)
        if stored is None or stored[0] <= current:
            _cache[key] = (current, value)
    return value


def is_changing(session: Session, program_id: int) -> bool:
    """Whether this unit of work changed the program's configuration (so nothing it reads is cached)."""
    return program_id in session.info.get(_CHANGED, ())


def changed(session: Session, program_id: int) -> None:
    """Call in the unit of work that changes the program's rules, tiers or rewards."""
    repository.bump_config_version(session, program_id)
    session.info.setdefault(_CHANGED, set()).add(program_id)
    session.info.get(_VERSIONS, {}).pop(program_id, None)


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the next unit of work reads the versions afresh
        session.info.pop(_VERSIONS, None)
        session.info.pop(_CHANGED, None)
