"""How many points a staff user may add or take in one manual adjustment.

Owners and managers are not capped. An agent is capped by their own `adjustment_limit`, which
the owner sets; an agent without one may not adjust at all. Other roles never adjust.
"""

from __future__ import annotations

from loyalty.auth.roles import ADJUST_POINTS, may
from loyalty.kernel.errors import Forbidden

UNCAPPED_ROLES = frozenset({"owner", "manager"})


def check_adjustment(*, role: str, adjustment_limit: int | None, points: int) -> None:
    """Forbidden `adjustment_over_limit` (with the limit in `details`) when `points` (either
    sign) is more than this user may adjust."""
    if not may(role, ADJUST_POINTS):
        raise Forbidden("Your role does not allow point adjustments.", code="adjustment_not_allowed")
    if role in UNCAPPED_ROLES:
        return
    if adjustment_limit is None or adjustment_limit <= 0:
        raise Forbidden("You have no adjustment limit, so you cannot adjust points. Ask the program's owner.",
                        code="adjustment_not_allowed", details={"limit": adjustment_limit or 0})
    if abs(points) > adjustment_limit:
        raise Forbidden(f"{abs(points)} points is over your adjustment limit of {adjustment_limit}.",
                        code="adjustment_over_limit", details={"limit": adjustment_limit})
