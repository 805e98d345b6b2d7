"""Units of work: the adapter opens one, services work in it, the adapter commits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from loyalty.db.engine import Database


@contextmanager
def unit_of_work(database: Database, *, read_only: bool = False) -> Iterator[Session]:
    """Commit when the block ends normally, roll back when it raises."""
    factory = database.read_sessions if read_only else database.sessions
    session = factory()
    try:
        yield session
        if not read_only:
            session.commit()
        # A read-only unit just closes: rollback() would expire the objects it loaded.
    except BaseException:
        # When the connection died, the rollback fails too; the error that ended the work is
        # the one to report, and closing the session makes the pool drop the connection.
        with suppress(DBAPIError):
            session.rollback()
        raise
    finally:
        session.close()
