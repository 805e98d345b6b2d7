"""`member_activity`: each member's purchases summed up (count, value less refunds, first and last
moment), so a segment's count reads one narrow row per member instead of probing purchases.

Every write recomputes rows from `purchases` (an upsert of the aggregate, and the removal of
rows whose member no longer has a purchase): never an increment. A redelivered event, a refresh
run twice or a rebuild racing a refresh therefore leaves the same rows, and nothing here is ever
half-counted. Who writes:
- the segments subscriber, for the members of a batch's purchase.recorded / purchase.claimed /
  purchase.refunded events, in the unit of work that moves its cursor and before it re-evaluates
  them (tasks_segments.py);
- an import of past receipts, for the members it gave purchases (same transaction);
- `rebuild`: a program (or every program) at once, set-based; the migration that made the table
  filled it this way, and `loyalty rebuild-activity` repairs a program whose rows are suspect.

Nothing is added to the purchase path: between a purchase's commit and its event's handling
(the subscriber's lag, normally under a second) the summary does not know the purchase yet.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

# The aggregate of one program's purchases per member, upserted; `{scope}` narrows the purchases
# (always to one program, or to none for every program) and is only ever one of the constant
# fragments below. The WHERE before ON CONFLICT is also what SQLite's parser needs there.
_UPSERT = """
INSERT INTO member_activity (program_id, member_id, purchase_count, purchase_value, first_purchase_at,
                             last_purchase_at)
SELECT program_id, member_id, count(*), sum(total_minor - refunded_minor), min(occurred_at), max(occurred_at)
FROM purchases
WHERE member_id IS NOT NULL {scope}
GROUP BY program_id, member_id
ON CONFLICT (program_id, member_id) DO UPDATE SET
    purchase_count = excluded.purchase_count, purchase_value = excluded.purchase_value,
    first_purchase_at = excluded.first_purchase_at, last_purchase_at = excluded.last_purchase_at
"""
_REMOVE_GONE = """
DELETE FROM member_activity
WHERE {scope} NOT EXISTS (SELECT 1 FROM purchases p WHERE p.program_id = member_activity.program_id
                                                     AND p.member_id = member_activity.member_id)
"""
MEMBERS_PER_STATEMENT = 500


def refresh_members(session: Session, *, program_id: int, member_ids: Sequence[int]) -> None:
    """The rows of these members of the program recomputed from their purchases (idempotent)."""
    wanted = sorted(set(member_ids))
    for start in range(0, len(wanted), MEMBERS_PER_STATEMENT):
        chunk = wanted[start:start + MEMBERS_PER_STATEMENT]
        names = ", ".join(f":m{index}" for index in range(len(chunk)))
        params: dict[str, int] = {"program_id": program_id, **{f"m{index}": each for index, each in enumerate(chunk)}}
        session.execute(text(_UPSERT.format(scope=f"AND program_id = :program_id AND member_id IN ({names})")),
                        params)
        session.execute(text(_REMOVE_GONE.format(
            scope=f"program_id = :program_id AND member_id IN ({names}) AND")), params)


def rebuild(connection: Connection | Session, *, program_id: int | None = None) -> None:
    """Every row of the program (or of every program) recomputed from purchases in two statements."""
    if program_id is None:
        connection.execute(text(_UPSERT.format(scope="")))
        connection.execute(text(_REMOVE_GONE.format(scope="")))
        return
    params = {"program_id": program_id}
    connection.execute(text(_UPSERT.format(scope="AND program_id = :program_id")), params)
    connection.execute(text(_REMOVE_GONE.format(scope="program_id = :program_id AND")), params)
