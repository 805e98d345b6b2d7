"""Who may adjust how many points in one manual adjustment."""

from __future__ import annotations

import pytest

from loyalty.auth.adjustments import check_adjustment
from loyalty.kernel.errors import Forbidden


@pytest.mark.parametrize("role", ["owner", "manager"])
def test_owners_and_managers_are_not_capped(role: str) -> None:
    check_adjustment(role=role, adjustment_limit=None, points=1_000_000)
    check_adjustment(role=role, adjustment_limit=5, points=-1_000_000)


def test_an_agent_adjusts_up_to_the_limit_either_way() -> None:
    check_adjustment(role="agent", adjustment_limit=50, points=50)
    check_adjustment(role="agent", adjustment_limit=50, points=-50)
    for points in (51, -51):
        with pytest.raises(Forbidden) as refused:
            check_adjustment(role="agent", adjustment_limit=50, points=points)
        assert refused.value.code == "adjustment_over_limit" and refused.value.details == {"limit": 50}


@pytest.mark.parametrize("limit", [None, 0])
def test_an_agent_without_a_limit_cannot_adjust(limit: int | None) -> None:
    with pytest.raises(Forbidden) as refused:
        check_adjustment(role="agent", adjustment_limit=limit, points=1)
    assert refused.value.code == "adjustment_not_allowed"


@pytest.mark.parametrize("role", ["marketer", "analyst", "cashier"])
def test_other_roles_never_adjust(role: str) -> None:
    with pytest.raises(Forbidden):
        check_adjustment(role=role, adjustment_limit=1000, points=1)
