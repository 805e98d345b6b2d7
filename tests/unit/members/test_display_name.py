"""members.domain.display_name: one way the panel, the till and the app name a member."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from loyalty.ledger.domain import available_points
from loyalty.members.domain import display_name


@dataclass
class Someone:
    id: int = 12
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    external_id: str | None = None


@pytest.mark.parametrize(("member", "shown"), [
    (Someone(first_name="Anna", last_name="Nowak", email="anna@example.com"), "Anna Nowak"),
    (Someone(last_name="Nowak"), "Nowak"),
    (Someone(email="anna@example.com", phone="+48600100200"), "anna@example.com"),
    (Someone(phone="+48600100200", external_id="C-1"), "+48600100200"),
    (Someone(external_id="C-1"), "C-1"),
    (Someone(), "#12"),
])
def test_a_member_is_named_by_the_first_thing_known(member: Someone, shown: str) -> None:
    assert display_name(member) == shown


@dataclass
class Balance:
    unit: str
    available: int


def test_available_points_come_from_the_points_unit() -> None:
    assert available_points([Balance("stamps", 3), Balance("points", 120)]) == 120
    assert available_points([Balance("stamps", 3)]) == 0
