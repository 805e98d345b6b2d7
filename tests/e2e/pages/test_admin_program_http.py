"""The admin panel's program area over plain HTTP on both databases: the dashboard's figures,
earning rules made with the condition builder (the same rule the API makes from the same tree),
their dry run, staff users, API keys and program settings, each change audited, and every
role kept to what it may do."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from loyalty.audit.models import AuditEntry
from loyalty.auth import staff
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.ledger import service as ledger
from loyalty.programs import service as programs
from loyalty.programs.models import Program
from loyalty.programs.schemas import ProgramRead
from loyalty.rules import service as rule_service
from tests.factories.ledger import give_points
from tests.factories.members import make_member
from tests.factories.programs import make_api_key, make_program
from tests.factories.referrals import buy
from tests.factories.rewards import make_cause, make_reward, redeem
from tests.factories.rules import make_rule
from tests.factories.staff import StaffLogin, csrf_of, make_staff_user, page_client, sign_in_staff, sync_analytics


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
        self.element_id, self.depth, self.found = element_id, 0, False
        self.parts: list[str] = []

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
    mug = make_reward(database, program, kind="donation", names={"en": "Mug"}, points_price=100,
                      cause_id=make_cause(database, program).id)
    redeem(database, program, anna.id, mug.id)
    signed_in(browser, database, program, "analyst")
    sync_analytics(database)                                                    # the copy the dashboard reads

    page = browser.get("/admin?days=30")                                         # when

    assert page.status_code == 200                                              # then
    text = page.text
    assert text_of(text, "a-members-total") == "Members in total 4"
    assert text_of(text, "a-enrolments") == "Enrolments 3 previous period: 1"
    assert text_of(text, "kpi-active-30").endswith(" 1") and text_of(text, "kpi-active-90").endswith(" 2")
    assert text_of(text, "a-member-receipts") == "Members' receipts 2 previous period: 1"
    assert "€80.00" in text_of(text, "a-revenue") and "previous period: €20.00" in text_of(text, "a-revenue")
    assert "€40.00" in text_of(text, "a-avg-members")
    assert text_of(text, "a-issued").startswith("Issued 800 ")
    assert text_of(text, "a-spent").startswith("Spent 100 ")
    assert text_of(text, "a-expired").startswith("Expired 0 ")
    assert text_of(text, "a-liability") == "Outstanding points and their value 700 Liability: €7.00"
    assert text_of(text, "a-top-rewards").endswith("Mug 1 100")
    assert '<canvas id="chart-enrolments"' in text and 'src="/static/admin/analytics.js"' in text
    assert browser.get("/admin/analytics?days=30", follow_redirects=False).headers["location"] == "/admin?days=30"


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
    versions = text_of(browser.get(rule_path).text, "rule-versions")
    assert versions.startswith("Version Name Saved By 2 Big baskets") and "Big baskets" in versions
    listed = browser.get("/admin/rules")
    assert "Big baskets" in text_of(listed.text, "rules") and "Switched off" in text_of(listed.text, "rules")


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


# --- staff users ---------------------------------------------------------------------------


def test_owner_adds_a_staff_user_who_can_then_sign_in(browser: TestClient, database: Database,
                                                      program: Program) -> None:
    _, token = signed_in(browser, database, program, "owner")
    answer = browser.post("/admin/users", data={"csrf_token": token, "name": "Ola Agent", "email": "Ola@Staff.example",
                                                "role": "agent", "password": "long enough pass",
                                                "adjustment_limit": "500"})
    assert answer.status_code == 303
    listed = browser.get("/admin/users")
    with unit_of_work(database, read_only=True) as session:
        [ola] = [user for user in staff.list_users(session=session, program_id=program.id) if user.name == "Ola Agent"]
        assert (ola.email, ola.role, ola.adjustment_limit) == ("ola@staff.example", "agent", 500)
    row = text_of(listed.text, f"staff-user-{ola.id}")
    assert row == "Ola Agent ola@staff.example Contact-center agent 500 Active never"
    [created] = audit_entries(database, program, "staff_user.created")
    assert created.after == {"email": "ola@staff.example", "name": "Ola Agent", "role": "agent",
                             "adjustment_limit": 500, "disabled": False}
    with page_client(database) as other:
        sign_in_staff(other, StaffLogin(user_id=ola.id, email="ola@staff.example", password="long enough pass",
                                        role="agent"))


def test_a_bad_new_user_is_refused_beside_the_field(browser: TestClient, database: Database,
                                                    program: Program) -> None:
    _, token = signed_in(browser, database, program, "owner")
    short = browser.post("/admin/users", data={"csrf_token": token, "name": "Short", "email": "s@staff.example",
                                               "role": "agent", "password": "short"})
    assert short.status_code == 422 and "at least 10 characters" in text_of(short.text, "error-password")
    assert audit_actions(database, program) == []


def test_role_and_limit_change_and_the_last_owner_stays(browser: TestClient, database: Database,
                                                       program: Program) -> None:
    owner, token = signed_in(browser, database, program, "owner")
    agent = make_staff_user(database, program, "agent", adjustment_limit=100)
    changed = browser.post(f"/admin/users/{agent.user_id}", data={"csrf_token": token, "role": "manager",
                                                                  "adjustment_limit": ""})
    assert changed.status_code == 303
    refused = browser.post(f"/admin/users/{owner.user_id}", data={"csrf_token": token, "role": "analyst",
                                                                  "adjustment_limit": ""})
    assert refused.status_code == 409 and "at least one active owner" in text_of(refused.text, "user-error")
    refused_disable = browser.post(f"/admin/users/{owner.user_id}/disable", data={"csrf_token": token})
    assert refused_disable.status_code == 409
    with unit_of_work(database, read_only=True) as session:
        assert staff.get_user(session=session, program_id=program.id, user_id=owner.user_id).role == "owner"
        changed_user = staff.get_user(session=session, program_id=program.id, user_id=agent.user_id)
        assert (changed_user.role, changed_user.adjustment_limit) == ("manager", None)
    [updated] = audit_entries(database, program, "staff_user.updated")
    assert updated.before is not None and updated.after is not None
    assert (updated.before["role"], updated.after["role"]) == ("agent", "manager")


def test_a_disabled_users_session_opens_nothing_more(browser: TestClient, database: Database,
                                                     program: Program) -> None:
    _, token = signed_in(browser, database, program, "owner")
    marketer = make_staff_user(database, program, "marketer")
    with page_client(database) as theirs:
        sign_in_staff(theirs, marketer)
        assert theirs.get("/admin/rules").status_code == 200
        assert browser.post(f"/admin/users/{marketer.user_id}/disable", data={"csrf_token": token}).status_code == 303
        assert theirs.get("/admin/rules").headers["location"].startswith("/admin/sign-in")
        assert browser.post(f"/admin/users/{marketer.user_id}/enable", data={"csrf_token": token}).status_code == 303
        sign_in_staff(theirs, marketer)  # enabled again: they may sign in
        assert browser.post(f"/admin/users/{marketer.user_id}/password",
                            data={"csrf_token": token, "password": "a brand new password"}).status_code == 303
        assert theirs.get("/admin/rules").headers["location"].startswith("/admin/sign-in")
    assert audit_actions(database, program) == ["staff_user.disabled", "staff_user.enabled",
                                                "staff_user.password_changed"]


# --- API keys ------------------------------------------------------------------------------


def test_a_new_api_key_is_shown_once_and_revoking_it_works(browser: TestClient, database: Database,
                                                            program: Program) -> None:
    _, token = signed_in(browser, database, program, "owner")
    created = browser.post("/admin/api-keys", data={"csrf_token": token, "name": "Till 1",
                                                    "scopes": ["members:read", "purchases:write"]})
    assert created.status_code == 200
    secret = text_of(created.text, "secret")
    assert secret.startswith("lk_")
    assert browser.get("/api/v1/program", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    listed = browser.get("/admin/api-keys")
    assert secret not in listed.text and "Till 1" in listed.text  # shown once
    [key] = audit_entries(database, program, "api_key.created")
    assert key.after is not None and key.after["scopes"] == ["members:read", "purchases:write"]
    revoked = browser.post(f"/admin/api-keys/{key.subject_id}/revoke", data={"csrf_token": token})
    assert revoked.status_code == 303
    assert browser.get("/api/v1/program", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert "Revoked" in text_of(browser.get("/admin/api-keys").text, f"api-key-{key.subject_id}")
    assert audit_actions(database, program) == ["api_key.created", "api_key.revoked"]
    no_scope = browser.post("/admin/api-keys", data={"csrf_token": token, "name": "Nothing"})
    assert no_scope.status_code == 422 and "at least one scope" in text_of(no_scope.text, "error-scopes")


# --- settings ------------------------------------------------------------------------------

SETTINGS_FORM = {"name": "Coffee Club", "timezone": "Europe/Warsaw", "locale": "pl", "point_value": "0.05",
                 "expiry_kind": "months_after_earning", "expiry_months": "18", "pending_days": "14",
                 "claim_window_days": "60", "allow_transfers": "1", "units": ["points", "stamps"]}


def test_settings_change_the_program_as_the_api_would(browser: TestClient, database: Database,
                                                      program: Program) -> None:
    _, token = signed_in(browser, database, program, "owner")
    saved = browser.post("/admin/settings", data={"csrf_token": token, **SETTINGS_FORM})
    assert saved.status_code == 303
    with unit_of_work(database, read_only=True) as session:
        changed = ProgramRead.model_validate(programs.get_program(session=session, program_id=program.id))
    assert (changed.name, changed.locale, str(changed.point_value), changed.pending_days, changed.claim_window_days,
            changed.allow_transfers, changed.units) == ("Coffee Club", "pl", "0.050000", 14, 60, True,
                                                        ["points", "stamps"])
    assert changed.expiry_policy.model_dump() == {"kind": "months_after_earning", "months": 18}
    [entry] = audit_entries(database, program, "program.updated")
    assert entry.before is not None and entry.after is not None
    assert (entry.before["name"], entry.after["name"]) == ("Test shop", "Coffee Club")
    bad = browser.post("/admin/settings", data={"csrf_token": token, **SETTINGS_FORM, "timezone": "Mars/Base",
                                                "units": ["stamps"]})
    assert bad.status_code == 422 and "Unknown timezone" in text_of(bad.text, "error-timezone")
    removed = browser.post("/admin/settings", data={"csrf_token": token, **SETTINGS_FORM, "units": ["stamps"]})
    assert removed.status_code == 422 and "cannot be removed" in text_of(removed.text, "error-units")
    assert len(audit_entries(database, program, "program.updated")) == 1


# --- who may do what -----------------------------------------------------------------------

FORMS: list[tuple[str, dict[str, Any]]] = [
    ("/admin/rules/new", BUILDER_FORM), ("/admin/rules/builder", {"builder": "add-condition:c"}),
         ("/admin/users", {"name": "X", "email": "x@staff.example", "role": "owner", "password": "long enough pass"}),
         ("/admin/api-keys", {"name": "X", "scopes": "admin"}), ("/admin/settings", SETTINGS_FORM)]


def test_an_analyst_posting_any_form_is_refused_and_nothing_changes(browser: TestClient, database: Database,
                                                                   program: Program) -> None:
    rule = make_rule(database, program)
    owner = make_staff_user(database, program, "owner")
    _, token = signed_in(browser, database, program, "analyst")
    targets: list[tuple[str, dict[str, Any]]] = [
        *FORMS, (f"/admin/rules/{rule.id}", BUILDER_FORM), (f"/admin/rules/{rule.id}/deactivate", {}),
               (f"/admin/users/{owner.user_id}", {"role": "analyst"}), (f"/admin/users/{owner.user_id}/disable", {}),
               (f"/admin/users/{owner.user_id}/password", {"password": "long enough pass"})]
    for path, form in targets:
        answer = browser.post(path, data={"csrf_token": token, **form})
        assert answer.status_code == 403, path
    [unchanged] = api_rules(database, program)
    assert unchanged["current_version"] == 1 and unchanged["is_active"] is True
    assert audit_actions(database, program) == []
    with unit_of_work(database, read_only=True) as session:
        assert len(staff.list_users(session=session, program_id=program.id)) == 2
        assert programs.get_program(session=session, program_id=program.id).name == "Test shop"


def test_a_cashier_cannot_open_the_rules_and_a_marketer_not_the_users(browser: TestClient, database: Database,
                                                                     program: Program) -> None:
    cashier = make_staff_user(database, program, "cashier")
    form = browser.get("/admin/sign-in")
    assert browser.post("/admin/sign-in", data={"csrf_token": csrf_of(form.text), "email": cashier.email,
                                                "password": cashier.password}).status_code == 303
    assert browser.get("/admin/rules").status_code == 403
    with page_client(database) as marketers:
        sign_in_staff(marketers, make_staff_user(database, program, "marketer"))
        assert marketers.get("/admin/users").status_code == 403
        assert marketers.get("/admin/api-keys").status_code == 403
        assert marketers.get("/admin/settings").status_code == 403
        assert marketers.get("/admin/rules/new").status_code == 200


@pytest.mark.parametrize(("language", "expected"), [("pl", ("Dodaj warunek", "Ten okres")),
                                                    ("ru", ("Добавить условие", "Этот период"))])
def test_the_area_speaks_polish_and_russian(browser: TestClient, database: Database, program: Program,
                                            language: str, expected: tuple[str, str]) -> None:
    signed_in(browser, database, program, "owner")
    browser.get(f"/lang/{language}")
    assert expected[0] in browser.get("/admin/rules/new").text
    assert expected[1] in browser.get("/admin").text


def test_the_charts_data_is_the_days_figures(browser: TestClient, database: Database, program: Program) -> None:
    now = clock.now()
    member = make_member(database, program)
    buy(database, program, member.id, 1250)
    buy(database, program, member.id, 700, occurred_at=now - timedelta(days=8))  # the 7 days before
    signed_in(browser, database, program, "analyst")
    sync_analytics(database)
    page = browser.get("/admin?days=7")
    charts = {chart["id"]: chart for chart in json.loads(text_of(page.text, "analytics-data"))["charts"]}
    labels = charts["chart-revenue"]["labels"]
    assert len(labels) == 7 and labels[-1] == clock.local_date(now, program.timezone).isoformat()
    current, previous = charts["chart-revenue"]["series"]
    assert current["data"] == [0, 0, 0, 0, 0, 0, 12.5] and sum(previous["data"]) == 7.0
    assert charts["chart-enrolments"]["series"][0]["data"][-1] == 1


def test_expired_points_leave_the_liability(browser: TestClient, database: Database) -> None:
    shop = make_program(database, expiry_policy={"kind": "months_after_earning", "months": 1}, point_value="0.02")
    member = make_member(database, shop)
    give_points(database, shop, member.id, 300, occurred_at=clock.now() - timedelta(days=45))  # expired 2 weeks ago
    give_points(database, shop, member.id, 120)
    with unit_of_work(database) as session:
        ledger.run_due_jobs(session=session, program=shop)
    signed_in(browser, database, shop, "analyst")
    sync_analytics(database)
    page = browser.get("/admin?days=7").text
    assert text_of(page, "a-issued").startswith("Issued 420 ")
    assert text_of(page, "a-expired").startswith("Expired 300 ")
    assert text_of(page, "a-liability") == "Outstanding points and their value 120 Liability: €2.40"


def test_changing_the_trigger_offers_its_fields(browser: TestClient, database: Database, program: Program) -> None:
    _, token = signed_in(browser, database, program, "marketer")
    fragment = browser.post("/admin/rules/builder", headers={"HX-Request": "true", "X-CSRF-Token": token},
                            data={"trigger": "custom_event", "c.kind": "all"})
    assert fragment.status_code == 200 and '<option value="event.type">' in fragment.text
    assert '"purchase.total"' not in fragment.text and "autofocus" not in fragment.text
