"""The admin panel's program area over plain HTTP on both databases: the dashboard's figures,
earning rules made with the condition builder (the same rule the API makes from the same tree),
their dry run, staff users, API keys and program settings, each change audited, and every
role kept to what it may do."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from loyalty.audit.models import AuditEntry
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.programs.models import Program
from tests.factories.ledger import give_points
from tests.factories.members import make_member
from tests.factories.referrals import buy
from tests.factories.rewards import make_cause, make_reward, redeem
from tests.factories.staff import StaffLogin, csrf_of, make_staff_user, page_client, sign_in_staff


@pytest.fixture
def browser(database: Database) -> Iterator[TestClient]:
    with page_client(database) as client:
        yield client


def signed_in(browser: TestClient, database: Database, program: Program, role: str = "owner") -> tuple[StaffLogin, str]:
    login = make_staff_user(database, program, role)
    return login, sign_in_staff(browser, login)


class _TextOf(HTMLParser):
    VOID = frozenset({"input", "br", "img", "meta", "link", "hr", "col", "source"})

    def __init__(self, element_id: str) -> None:
        super().__init__()
        self.element_id, self.depth, self.found, self.parts = element_id, 0, False, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        if self.depth:
            self.depth += 1
        elif ("id", self.element_id) in attrs:
            self.depth, self.found = 1, True

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in self.VOID:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def text_of(page: str, element_id: str) -> str:
    """The visible text of the element with `element_id` (tags dropped, spaces squeezed)."""
    parser = _TextOf(element_id)
    parser.feed(page)
    assert parser.found, f"no #{element_id} in the page"
    return " ".join(" ".join(parser.parts).split())


def audit_actions(database: Database, program: Program) -> list[str]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(AuditEntry.action).where(AuditEntry.program_id == program.id)
                                    .order_by(AuditEntry.id)))


def audit_entries(database: Database, program: Program, action: str) -> list[AuditEntry]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.program_id == program.id,
                                                             AuditEntry.action == action).order_by(AuditEntry.id)))


# --- the dashboard -------------------------------------------------------------------------


def test_dashboard_figures_are_the_programs(browser: TestClient, database: Database, program: Program) -> None:
    now = clock.now()
    anna, ben, cleo = (make_member(database, program) for _ in range(3))        # given: 3 new members
    make_member(database, program, enrolled_at=(now - timedelta(days=45)).isoformat())  # and one older
    buy(database, program, anna.id, 5000)
    buy(database, program, anna.id, 3000)
    buy(database, program, ben.id, 2000, occurred_at=now - timedelta(days=40))  # in the previous 30 days
    give_points(database, program, anna.id, 500)
    give_points(database, program, ben.id, 300)
    mug = make_reward(database, program, kind="donation", names={"en": "Mug"}, points_price=100, cause_id=make_cause(database, program).id)
    redeem(database, program, anna.id, mug.id)
    signed_in(browser, database, program, "analyst")

    page = browser.get("/admin?days=30")                                         # when

    assert page.status_code == 200                                              # then
    text = page.text
    assert text_of(text, "kpi-members-total") == "Members in total 4"
    assert "3" in text_of(text, "kpi-members-new") and "previous period: 1" in text_of(text, "kpi-members-new")
    assert text_of(text, "kpi-active-30").endswith(" 1") and text_of(text, "kpi-active-90").endswith(" 2")
    assert "Purchases 2 previous period: 1" == text_of(text, "kpi-purchases")
    assert "€80.00" in text_of(text, "kpi-revenue") and "previous period: €20.00" in text_of(text, "kpi-revenue")
    assert "€40.00" in text_of(text, "kpi-average")
    assert text_of(text, "kpi-issued").startswith("Issued 800 ")
    assert text_of(text, "kpi-spent").startswith("Spent 100 ")
    assert text_of(text, "kpi-expired").startswith("Expired 0 ")
    assert text_of(text, "kpi-outstanding") == "Outstanding now 700 Liability: €7.00"
    assert text_of(text, "top-rewards").endswith("Mug 1 100")
    assert '<canvas id="chart-members"' in text and 'src="/static/admin/dashboard.js"' in text
