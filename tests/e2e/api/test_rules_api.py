"""Earning rules over HTTP: CRUD with versions, validation naming the bad part, dry runs."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.factories.programs import make_api_key, make_program

PER_EURO = {"name": "1 point per 1.00", "trigger": "purchase",
            "effect": {"kind": "per_amount", "points": 1, "per_minor": 100}}
DOUBLE_TUESDAYS = {"name": "Double points on Tuesdays", "trigger": "purchase", "priority": 90,
                   "condition": {"field": "purchase.local_weekday", "op": "eq", "value": 2},
                   "effect": {"kind": "multiplier", "factor": "2"}}
BIG_BASKET = {"name": "50 bonus over 50.00", "trigger": "purchase", "priority": 20,
              "condition": {"field": "purchase.total", "op": "gte", "value": 5000},
              "effect": {"kind": "fixed", "points": 50}}
COFFEE_STAMP = {"name": "A stamp per coffee", "trigger": "purchase", "unit": "stamps", "priority": 30,
                "effect": {"kind": "per_item", "points": 1,
                           "line_condition": {"field": "line.category", "op": "eq", "value": "coffee"}}}
# Tuesday 3 March 2026, 16:30 in Warsaw.
TUESDAY = "2026-03-03T15:30:00+00:00"
BASKET = {"channel": "pos", "store": "WAW-01", "occurred_at": TUESDAY, "lines": [
    {"sku": "CAP", "name": "Cappuccino", "category": "coffee", "quantity": 2, "unit_price": 1400},
    {"sku": "CRO", "name": "Croissant", "category": "bakery", "quantity": 1, "unit_price": 900},
    {"sku": "ESP", "name": "Espresso", "category": "coffee", "quantity": 1, "unit_price": 800},
]}


def create(api: TestClient, rule: dict[str, Any]) -> dict[str, Any]:
    response = api.post("/api/v1/rules", json=rule)
    assert response.status_code == 201, response.json()
    body: dict[str, Any] = response.json()
    return body


def test_create_read_list_a_rule(api: TestClient) -> None:
    created = create(api, PER_EURO)
    assert {key: created[key] for key in ("name", "is_active", "current_version", "trigger", "unit", "priority",
                                          "is_exclusive", "condition", "awarded_total")} == {
        "name": "1 point per 1.00", "is_active": True, "current_version": 1, "trigger": "purchase", "unit": "points",
        "priority": 100, "is_exclusive": False, "condition": None, "awarded_total": 0}
    assert created["effect"] == {"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt",
                                 "line_condition": None}
    detail = api.get(f"/api/v1/rules/{created['id']}").json()
    assert [version["version"] for version in detail["versions"]] == [1]
    assert detail["versions"][0]["created_by"].startswith("api_key:")
    assert [rule["id"] for rule in api.get("/api/v1/rules").json()["items"]] == [created["id"]]


def test_patch_writes_a_new_version_and_keeps_the_old(api: TestClient) -> None:
    rule = create(api, PER_EURO)
    patched = api.patch(f"/api/v1/rules/{rule['id']}", json={"name": "2 points per 1.00",
                                                              "effect": {"kind": "per_amount", "points": 2,
                                                                         "per_minor": 100}})
    assert patched.status_code == 200
    assert (patched.json()["current_version"], patched.json()["name"]) == (2, "2 points per 1.00")
    versions = api.get(f"/api/v1/rules/{rule['id']}").json()["versions"]
    assert [(v["version"], v["name"], v["effect"]["points"]) for v in versions] == [
        (1, "1 point per 1.00", 1), (2, "2 points per 1.00", 2)]
    assert versions[0]["created_at"] == rule["created_at"]


def test_deactivate_and_activate_and_filter(api: TestClient) -> None:
    first, second = create(api, PER_EURO), create(api, BIG_BASKET)
    off = api.post(f"/api/v1/rules/{first['id']}/deactivate")
    assert off.status_code == 200 and off.json()["is_active"] is False
    assert [r["id"] for r in api.get("/api/v1/rules", params={"is_active": "false"}).json()["items"]] == [first["id"]]
    assert [r["id"] for r in api.get("/api/v1/rules", params={"is_active": "true"}).json()["items"]] == [second["id"]]
    assert api.post(f"/api/v1/rules/{first['id']}/activate").json()["is_active"] is True


@pytest.mark.parametrize(("rule", "code", "field"), [
    ({**BIG_BASKET, "condition": {"all": [{"field": "purchase.total", "op": "gte", "value": 1},
                                          {"field": "purchase.channel", "op": "gte", "value": "pos"}]}},
     "invalid_condition", "condition.all[1].op"),
    ({**BIG_BASKET, "condition": {"field": "purchase.totl", "op": "gte", "value": 1}}, "invalid_condition",
     "condition.field"),
    ({**PER_EURO, "effect": {"kind": "per_amount", "points": 1, "per_minor": 0}}, "invalid_effect",
     "effect.per_minor"),
    ({**PER_EURO, "effect": {"kind": {}, "points": 1}}, "invalid_effect", "effect.kind"),  # was a 500
    ({**PER_EURO, "effect": {"kind": ["fixed"], "points": 1}}, "invalid_effect", "effect.kind"),
    ({**PER_EURO, "effect": {"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "matching_lines",
                             "line_condition": {"field": "line.colour", "op": "eq", "value": "red"}}},
     "invalid_condition", "effect.line_condition.field"),
    ({**PER_EURO, "unit": "stamps"}, "unknown_unit", "unit"),
    ({"name": "Review", "trigger": "custom_event", "effect": {"kind": "fixed", "points": 5}}, "invalid_rule",
     "event_type"),
    ({**PER_EURO, "cap_total": 0}, "invalid_greater", "cap_total"),
    ({**PER_EURO, "bonus": 5}, "unknown_field", "bonus"),
])
def test_invalid_rules_are_422_naming_the_bad_part(api: TestClient, rule: dict[str, Any], code: str,
                                                   field: str) -> None:
    response = api.post("/api/v1/rules", json=rule)
    assert response.status_code == 422
    assert (response.json()["error"]["code"], response.json()["error"]["field"]) == (code, field)
    assert api.get("/api/v1/rules").json()["items"] == []


def test_a_bad_condition_says_what_was_meant(api: TestClient) -> None:
    response = api.post("/api/v1/rules", json={**BIG_BASKET,
                                                "condition": {"field": "purchase.totl", "op": "gte", "value": 1}})
    assert response.json()["error"]["message"] == "unknown field 'purchase.totl' (did you mean 'purchase.total'?)"


def test_an_invalid_patch_is_422_and_writes_no_version(api: TestClient) -> None:
    rule = create(api, PER_EURO)
    response = api.patch(f"/api/v1/rules/{rule['id']}", json={"condition": {"any": []}})
    assert response.status_code == 422 and response.json()["error"]["field"] == "condition.any"
    nulled = api.patch(f"/api/v1/rules/{rule['id']}", json={"effect": None})
    assert nulled.status_code == 422 and nulled.json()["error"]["field"] == "effect"
    assert api.get(f"/api/v1/rules/{rule['id']}").json()["current_version"] == 1


def test_scopes_and_programs(client: TestClient, database: Database, program: Program, api: TestClient) -> None:
    rule = create(api, PER_EURO)
    reader = make_api_key(database, program, scopes=["rules:read"])
    assert client.get("/api/v1/rules", headers=reader.headers).status_code == 200
    denied = client.post("/api/v1/rules", json=PER_EURO, headers=reader.headers)
    assert denied.status_code == 403 and denied.json()["error"]["details"] == {"required_scope": "rules:write"}
    pos = make_api_key(database, program, scopes=["purchases:write"])
    assert client.post("/api/v1/rules/dry-run", json={"purchase": BASKET}, headers=pos.headers).status_code == 403
    other = make_api_key(database, make_program(database, name="Other"), scopes=["admin"])
    for method, path in (("GET", f"/api/v1/rules/{rule['id']}"), ("PATCH", f"/api/v1/rules/{rule['id']}"),
                         ("POST", f"/api/v1/rules/{rule['id']}/deactivate")):
        response = client.request(method, path, json={"priority": 1} if method == "PATCH" else None,
                                  headers=other.headers)
        assert response.status_code == 404 and response.json()["error"]["code"] == "rule_not_found"


# --- dry run ---------------------------------------------------------------------------------


@pytest.fixture
def stamps_program_api(client: TestClient, database: Database) -> TestClient:
    program = make_program(database, units=["points", "stamps"])
    client.headers["Authorization"] = f"Bearer {make_api_key(database, program, scopes=['admin']).token}"
    return client


def test_dry_run_explains_each_rule_and_allocates_per_line(stamps_program_api: TestClient) -> None:
    api = stamps_program_api
    base, bonus, stamps, double = (create(api, rule) for rule in (PER_EURO, BIG_BASKET, COFFEE_STAMP, DOUBLE_TUESDAYS))
    response = api.post("/api/v1/rules/dry-run", json={"purchase": BASKET})
    assert response.status_code == 200
    result = response.json()
    by_id = {rule["rule_id"]: rule for rule in result["rules"]}
    assert [rule["rule_id"] for rule in result["rules"]] == [bonus["id"], stamps["id"], base["id"], double["id"]]
    assert by_id[bonus["id"]] | {"lines": None} == {
        "rule_id": bonus["id"], "rule_version": 1, "name": "50 bonus over 50.00", "unit": "points", "matched": False,
        "why": ["purchase.total 4500 gte 5000: no"], "points": 0, "awarded": 0, "capped_by": [], "lines": None}
    assert by_id[base["id"]]["why"] == ["no condition: always applies",
                                        "floor(4500 / 100) × 1 = 45 points (receipt total)"]
    assert by_id[base["id"]]["lines"] == [{"line_no": 1, "points": 28}, {"line_no": 2, "points": 9},
                                          {"line_no": 3, "points": 8}]
    assert by_id[stamps["id"]]["lines"] == [{"line_no": 1, "points": 2}, {"line_no": 3, "points": 1}]
    assert by_id[double["id"]]["why"] == ["purchase.local_weekday 2 eq 2: yes",
                                          "base 45 points × (2 − 1) = 45 extra points"]
    assert result["totals"] == {"points": 90, "stamps": 3}


def test_dry_run_reports_caps_without_using_them(api: TestClient) -> None:
    rule = create(api, {**PER_EURO, "cap_total": 30})
    member = api.post("/api/v1/members", json={"email": "ola@example.com"}).json()
    for _ in range(2):
        [tried] = api.post("/api/v1/rules/dry-run", json={"member": {"email": "ola@example.com"},
                                                          "purchase": BASKET}).json()["rules"]
        assert (tried["points"], tried["awarded"], tried["capped_by"]) == (45, 30, ["total cap 30: 30 left"])
        assert sum(line["points"] for line in tried["lines"]) == 30
    assert api.get(f"/api/v1/rules/{rule['id']}").json()["awarded_total"] == 0
    assert member["id"] > 0


def test_dry_run_with_member_facts_and_unknown_member(api: TestClient) -> None:
    create(api, {**BIG_BASKET, "condition": {"field": "member.attributes.tier", "op": "eq", "value": "gold"}})
    api.post("/api/v1/members", json={"email": "gold@example.com", "attributes": {"tier": "gold"}})
    as_gold = api.post("/api/v1/rules/dry-run", json={"member": {"email": "gold@example.com"}, "purchase": BASKET})
    assert as_gold.json()["totals"] == {"points": 50}
    anonymous = api.post("/api/v1/rules/dry-run", json={"purchase": BASKET}).json()["rules"][0]
    assert anonymous["why"] == ["member.attributes.tier (missing) eq 'gold': no"]
    unknown = api.post("/api/v1/rules/dry-run", json={"member": {"email": "nobody@example.com"}, "purchase": BASKET})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "member_not_found"


def test_a_rules_key_dry_runs_for_a_member_only_with_members_read(api: TestClient, database: Database,
                                                                   program: Program) -> None:
    api.post("/api/v1/members", json={"email": "gold@example.com"})
    rules_only = make_api_key(database, program, scopes=["rules:write"]).headers
    also_members = make_api_key(database, program, scopes=["rules:read", "members:read"]).headers
    body = {"member": {"email": "gold@example.com"}, "purchase": BASKET}

    probing = api.post("/api/v1/rules/dry-run", json=body, headers=rules_only)
    anonymous = api.post("/api/v1/rules/dry-run", json={"purchase": BASKET}, headers=rules_only)
    listed = api.get("/api/v1/rules", headers=rules_only)
    allowed = api.post("/api/v1/rules/dry-run", json=body, headers=also_members)

    # Otherwise the 200/404 would tell whether someone is a member, and `why` their facts.
    assert (probing.status_code, probing.json()["error"]["details"]) == (403, {"required_scope": "members:read"})
    assert anonymous.status_code == 200 and listed.status_code == 200   # rules:write includes rules:read
    assert allowed.status_code == 200


def test_dry_run_needs_lines_or_a_total(api: TestClient) -> None:
    response = api.post("/api/v1/rules/dry-run", json={"purchase": {"channel": "pos"}})
    assert response.status_code == 422
    total_only = api.post("/api/v1/rules/dry-run", json={"purchase": {"total": 1999}})
    assert total_only.status_code == 200 and total_only.json() == {"rules": [], "totals": {}}


def test_an_enrolment_rule_welcomes_new_members(api: TestClient) -> None:
    rule = create(api, {"name": "Welcome", "trigger": "enrolment", "effect": {"kind": "fixed", "points": 100},
                        "condition": {"field": "member.enrolment_channel", "op": "eq", "value": "app"}})
    welcomed = api.post("/api/v1/members", json={"email": "app@example.com", "enrolment_channel": "app"}).json()
    walked_in = api.post("/api/v1/members", json={"email": "pos@example.com", "enrolment_channel": "pos"}).json()
    earned = [item for item in api.get(f"/api/v1/members/{welcomed['id']}/timeline").json()["items"]
              if item["type"] == "points.earned"]
    assert [(e["payload"]["reason"], e["payload"]["available"], e["payload"]["rules"]) for e in earned] == [
        ("enrolment", {"points": 100}, [{"rule_id": rule["id"], "rule_version": 1, "unit": "points", "points": 100}])]
    assert [item["type"] for item in api.get(f"/api/v1/members/{walked_in['id']}/timeline").json()["items"]
            if item["type"] == "points.earned"] == []


# --- numbers beyond BIGINT ------------------------------------------------------------------

HUGE = 2**63  # one past BIGINT: SQLite cannot even bind it


@pytest.mark.parametrize(("method", "path", "body"), [
    ("GET", "/api/v1/rules/{id}", None),
    ("PATCH", "/api/v1/rules/{id}", {"name": "Renamed"}),
    ("POST", "/api/v1/rules/{id}/deactivate", None),
    ("POST", "/api/v1/rules/{id}/activate", None),
])
def test_a_rule_id_beyond_bigint_is_422_and_the_largest_one_is_404(api: TestClient, method: str, path: str,
                                                                    body: dict[str, Any] | None) -> None:
    huge = api.request(method, path.format(id=HUGE), json=body)
    largest = api.request(method, path.format(id=HUGE - 1), json=body)
    assert (huge.status_code, set(huge.json()), huge.json()["error"]["field"]) == (422, {"error"}, "rule_id")
    assert (largest.status_code, largest.json()["error"]["code"]) == (404, "rule_not_found")


def test_huge_numbers_in_a_rule_and_a_dry_run_are_answered_not_crashed(api: TestClient) -> None:
    rule = create(api, {**BIG_BASKET, "condition": {"field": "purchase.total", "op": "gte", "value": 2**70},
                        "cap_per_member_per_day": 100})
    create(api, {**PER_EURO, "effect": {"kind": "per_amount", "points": 10**9, "per_minor": 1}, "cap_total": 10**15})
    api.post("/api/v1/members", json={"email": "rich@example.com"})
    lines = [{"sku": f"GOLD-{n}", "quantity": 100_000, "unit_price": 10**12} for n in range(500)]
    tried = api.post("/api/v1/rules/dry-run", json={"member": {"email": "rich@example.com"},
                                                    "purchase": {"lines": lines}})
    assert tried.status_code == 200, tried.json()
    assert tried.json()["totals"] == {"points": 10**15}
    assert api.get(f"/api/v1/rules/{rule['id']}").json()["condition"]["value"] == 2**70
    too_big = api.post("/api/v1/rules/dry-run", json={"member": {"id": HUGE}, "purchase": {"total": 1}})
    assert (too_big.status_code, too_big.json()["error"]["field"]) == (422, "member.id")
