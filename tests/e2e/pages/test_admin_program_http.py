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
from loyalty.rules import service as rule_service
from tests.factories.ledger import give_points
from tests.factories.members import make_member
from tests.factories.programs import make_api_key
from tests.factories.referrals import buy
from tests.factories.rewards import make_cause, make_reward, redeem
from tests.factories.rules import make_rule
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


# --- earning rules -------------------------------------------------------------------------

BUILDER_FORM = {
    "name": "Big baskets", "trigger": "purchase", "unit": "points", "priority": "50",
    "effect_kind": "per_amount", "effect_points": "2", "effect_per_minor": "100", "effect_scope": "receipt",
    "c.kind": "all",
    "c.0.kind": "cond", "c.0.field": "purchase.total", "c.0.op": "gte", "c.0.value": "5000",
    "c.1.kind": "cond", "c.1.field": "purchase.channel", "c.1.op": "in", "c.1.value": "pos, online",
    "c.2.kind": "not", "c.2.0.kind": "cond", "c.2.0.field": "purchase.store", "c.2.0.op": "starts_with",
    "c.2.0.value": "OUTLET",
}
SAME_RULE_AS_JSON: dict[str, Any] = {
    "name": "Big baskets", "trigger": "purchase", "unit": "points", "priority": 50,
    "effect": {"kind": "per_amount", "points": 2, "per_minor": 100, "scope": "receipt"},
    "condition": {"all": [
        {"field": "purchase.total", "op": "gte", "value": 5000},
        {"field": "purchase.channel", "op": "in", "value": ["pos", "online"]},
        {"not": {"field": "purchase.store", "op": "starts_with", "value": "OUTLET"}},
    ]},
}
COMPARED = ("name", "trigger", "unit", "priority", "effect", "condition", "is_exclusive", "is_active", "starts_at",
            "ends_at", "cap_per_member_per_day", "cap_total", "once_per", "description", "event_type")


def api_rules(database: Database, program: Program) -> list[dict[str, Any]]:
    with unit_of_work(database, read_only=True) as session:
        return [rule.model_dump(mode="json") for rule in rule_service.rule_reads(
            session=session, rules=rule_service.list_rules(session=session, program_id=program.id, limit=100).items)]


def test_a_rule_made_with_the_builder_is_the_one_the_api_makes(browser: TestClient, database: Database,
                                                                 program: Program) -> None:
    _, token = signed_in(browser, database, program, "marketer")
    answer = browser.post("/admin/rules/new", data={"csrf_token": token, **BUILDER_FORM})   # when
    assert answer.status_code == 303, answer.text                                           # then
    [made] = api_rules(database, program)
    assert answer.headers["location"] == f"/admin/rules/{made['id']}"
    credentials = make_api_key(database, program, scopes=["rules:write"])
    by_api = browser.post("/api/v1/rules", json=SAME_RULE_AS_JSON, headers=credentials.headers)
    assert by_api.status_code == 201, by_api.text
    assert {name: made[name] for name in COMPARED} == {name: by_api.json()[name] for name in COMPARED}
    [created] = audit_entries(database, program, "rule.created")
    assert created.after is not None and created.after["condition"] == SAME_RULE_AS_JSON["condition"]
    page = browser.get(answer.headers["location"])
    assert page.status_code == 200 and 'value="purchase.total"' in page.text and 'value="pos, online"' in page.text


def test_builder_buttons_add_and_remove_conditions(browser: TestClient, database: Database,
                                                   program: Program) -> None:
    _, token = signed_in(browser, database, program, "marketer")
    added = browser.post("/admin/rules/new", data={"csrf_token": token, "c.kind": "all", "name": "x",
                                                   "builder": "add-condition:c"})
    assert added.status_code == 200 and 'name="c.0.field"' in added.text and "autofocus" in added.text
    fragment = browser.post("/admin/rules/builder", headers={"HX-Request": "true", "X-CSRF-Token": token},
                            data={"c.kind": "all", "c.0.kind": "cond", "c.0.field": "purchase.total",
                                  "c.1.kind": "cond", "c.1.field": "purchase.store", "builder": "remove:c.0"})
    assert fragment.status_code == 200 and fragment.text.lstrip().startswith("<div id=\"condition-builder\">")
    assert 'name="c.0.field" value="purchase.store"' in fragment.text and 'name="c.1.field"' not in fragment.text
    grouped = browser.post("/admin/rules/builder", headers={"HX-Request": "true", "X-CSRF-Token": token},
                           data={"c.kind": "any", "builder": "add-group:c"})
    assert 'name="c.0.kind"' in grouped.text and 'name="c.0.0.field"' in grouped.text
    assert api_rules(database, program) == []


def test_invalid_fields_are_shown_beside_them_and_nothing_is_created(browser: TestClient, database: Database,
                                                                       program: Program) -> None:
    _, token = signed_in(browser, database, program, "owner")
    answer = browser.post("/admin/rules/new", data={"csrf_token": token, **BUILDER_FORM, "name": "",
                                                    "priority": "soon"})
    assert answer.status_code == 422
    assert "at least 1 character" in text_of(answer.text, "error-name")
    assert "valid integer" in text_of(answer.text, "error-priority")
    typo = browser.post("/admin/rules/new", data={"csrf_token": token, **BUILDER_FORM, "c.1.field": "purchase.chanel"})
    assert typo.status_code == 422
    assert "did you mean 'purchase.channel'" in text_of(typo.text, "n-c-1-error")
    bad_effect = browser.post("/admin/rules/new", data={"csrf_token": token, **BUILDER_FORM, "effect_per_minor": "0"})
    assert bad_effect.status_code == 422 and "greater than 0" in text_of(bad_effect.text, "error-effect-per_minor")
    assert api_rules(database, program) == [] and audit_actions(database, program) == []


def test_editing_and_deactivating_a_rule_is_audited(browser: TestClient, database: Database,
                                                    program: Program) -> None:
    _, token = signed_in(browser, database, program, "manager")
    created = browser.post("/admin/rules/new", data={"csrf_token": token, **BUILDER_FORM})
    rule_path = created.headers["location"]
    changed = browser.post(rule_path, data={"csrf_token": token, **BUILDER_FORM, "effect_points": "3",
                                            "c.0.value": "8000"})
    assert changed.status_code == 303
    off = browser.post(f"{rule_path}/deactivate", data={"csrf_token": token})
    assert off.status_code == 303
    [rule] = api_rules(database, program)
    assert rule["current_version"] == 2 and rule["effect"]["points"] == 3 and rule["is_active"] is False
    assert rule["condition"]["all"][0]["value"] == 8000
    assert audit_actions(database, program) == ["rule.created", "rule.updated", "rule.deactivated"]
    [updated] = audit_entries(database, program, "rule.updated")
    assert updated.before is not None and updated.after is not None
    assert (updated.before["effect"]["points"], updated.after["effect"]["points"]) == (2, 3)
    listed = browser.get("/admin/rules")
    assert "Big baskets" in text_of(listed.text, "rules") and "Inactive" in text_of(listed.text, "rules")


def test_dry_run_shows_what_a_rule_would_give(browser: TestClient, database: Database, program: Program) -> None:
    rule = make_rule(database, program, name="A point per euro", trigger="purchase",
                     effect={"kind": "per_amount", "points": 1, "per_minor": 100})
    signed_in(browser, database, program, "analyst")
    page = browser.get("/admin/rules/dry-run", params={
        "run": "1", "rule": str(rule.id), "channel": "pos", "line1_sku": "CAP", "line1_quantity": "2",
        "line1_unit_price": "1550"})
    assert page.status_code == 200
    assert text_of(page.text, "dry-run-totals") == "31 points in total"
    assert "31 points" in text_of(page.text, f"dry-run-rule-{rule.id}")
    empty = browser.get("/admin/rules/dry-run", params={"run": "1"})
    assert empty.status_code == 422 and "lines or its total" in text_of(empty.text, "dry-run-errors")
