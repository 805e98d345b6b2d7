"""PostgreSQL: a purchase's tier bookkeeping in one call, `loyalty_record_tier_activity`.

It locks the member's row, appends the activity, then reads the member's stored tier and
the activity in the qualifying window, as tiers.repository did in two statements. Each
statement of a VOLATILE function takes its own snapshot at READ COMMITTED, so the sums are
read after the lock and include every earlier lock holder's activity, exactly as before; the
call only saves the round trip. SQLite runs the two statements (no round trips there).

Revision ID: 0012
Revises: 0011
"""
from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""
CREATE FUNCTION loyalty_record_tier_activity(
    p_program_id bigint, p_member_id bigint, p_occurred_at timestamptz, p_points bigint, p_amount_minor bigint,
    p_purchases integer, p_source varchar, p_recorded_at timestamptz, p_window_start timestamptz)
RETURNS TABLE (o_id bigint, o_tier_id bigint, o_since timestamptz, o_review_at timestamptz,
               o_grace_until timestamptz, o_manually_assigned boolean, o_provisional_until timestamptz,
               o_previous_tier_id bigint, o_updated_at timestamptz,
               o_points numeric, o_amount_minor numeric, o_purchases bigint)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM 1 FROM members m WHERE m.id = p_member_id AND m.program_id = p_program_id FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RETURN;  -- no such member in the program: nothing appended, no row
    END IF;
    INSERT INTO tier_activity (program_id, member_id, occurred_at, points, amount_minor, purchases, source,
                               recorded_at)
    VALUES (p_program_id, p_member_id, p_occurred_at, p_points, p_amount_minor, p_purchases, p_source,
            p_recorded_at);
    RETURN QUERY
    SELECT t.id, t.tier_id, t.since, t.review_at, t.grace_until, t.manually_assigned, t.provisional_until,
           t.previous_tier_id, t.updated_at, s.points, s.amount_minor, s.purchases
    FROM (SELECT coalesce(sum(a.points), 0), coalesce(sum(a.amount_minor), 0), coalesce(sum(a.purchases), 0)
          FROM tier_activity a
          WHERE a.member_id = p_member_id AND a.occurred_at >= p_window_start) AS s(points, amount_minor, purchases)
    LEFT JOIN member_tiers t ON t.member_id = p_member_id;
END
$$
""")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION loyalty_record_tier_activity(bigint, bigint, timestamptz, bigint, bigint, integer, "
               "varchar, timestamptz, timestamptz)")
