"""Tier codes in the conditions of earning rules and voucher campaigns, over HTTP on both
databases: an unknown code is refused when a rule or a campaign is saved, and a level that a
rule or a campaign names cannot be deleted until they no longer name it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs.models import Program
from loyalty.rewards import service as rewards_service
from loyalty.rules import service as rules_service
from loyalty.rules.schemas import RuleCreate
from loyalty.tiers.models import TierPolicy
from loyalty.vouchers import service as vouchers_service
from loyalty.vouchers.schemas import CampaignCreate
from tests.factories.concurrency import meanwhile
from tests.factories.programs import make_api_key, make_program
from tests.factories.tiers import make_levels

KNOWN = ["member", "silver", "gold", "platinum"]
GOLD = {"field": "member.tier", "op": "eq", "value": "gold"}
BIG_BASKET = {"field": "purchase.total", "op": "gte", "value": 5000}
COFFEE = {"field": "line.category", "op": "eq", "value": "coffee"}


def _tier(*codes: str, op: str = "in") -> dict[str, Any]:
    return {"field": "member.tier", "op": op, "value": list(codes)}


def _rule_body(name: str, **fields: Any) -> dict[str, Any]:
    return {"name": name, "trigger": "purchase", "effect": {"kind": "fixed", "points": 50}, **fields}


def _campaign_body(name: str, **fields: Any) -> dict[str, Any]:
    return {"name": name, "kind": "fixed_amount", "amount": 500, **fields}


def _rule(api: TestClient, name: str, **fields: Any) -> dict[str, Any]:
    response = api.post("/api/v1/rules", json=_rule_body(name, **fields))
    assert response.status_code == 201, response.text
    return dict(response.json())


def _campaign(api: TestClient, name: str, **fields: Any) -> dict[str, Any]:
    response = api.post("/api/v1/voucher-campaigns", json=_campaign_body(name, **fields))
    assert response.status_code == 201, response.text
    return dict(response.json())


def _codes(api: TestClient) -> list[str]:
    return [level["code"] for level in api.get("/api/v1/tiers").json()["items"]]


def _tier_policies(database: Database, program: Program) -> int:
    with unit_of_work(database, read_only=True) as session:
        return int(session.scalar(select(func.count()).select_from(TierPolicy)
                                  .where(TierPolicy.program_id == program.id)) or 0)


# --- saving a rule or a campaign ------------------------------------------------------------


def test_a_rule_naming_an_unknown_tier_is_refused_at_the_code_and_one_naming_known_tiers_is_saved(
        api: TestClient, database: Database, program: Program) -> None:
    make_levels(database, program)
    body = _rule_body("Gold bonus", condition={"all": [BIG_BASKET, _tier("gold", "platnum")]})

    refused = api.post("/api/v1/rules", json=body)                            # when

    assert refused.status_code == 422                                          # then
    assert refused.json()["error"] == {
        "code": "unknown_tier", "field": "condition.all[1].value[1]",
        "message": "Unknown tier code 'platnum' in condition.all[1].value[1] (did you mean 'platinum'?); the "
                   "program's tiers are member, silver, gold, platinum.",
        "details": {"unknown": ["platnum"], "known": KNOWN}}
    assert api.get("/api/v1/rules").json()["items"] == []
    saved = api.post("/api/v1/rules", json=_rule_body("Gold bonus", condition={
        "all": [BIG_BASKET, _tier("gold", "platinum")]}))
    assert saved.status_code == 201


def test_the_codes_in_an_effects_line_condition_are_checked_too(api: TestClient, database: Database,
                                                                  program: Program) -> None:
    make_levels(database, program)
    effect = {"kind": "per_item", "points": 1, "line_condition": {"all": [COFFEE, {
        "field": "member.tier", "op": "ne", "value": "membr"}]}}

    refused = api.post("/api/v1/rules", json=_rule_body("A point per coffee", effect=effect))

    assert (refused.status_code, refused.json()["error"]["code"], refused.json()["error"]["field"]) == (
        422, "unknown_tier", "effect.line_condition.all[1].value")


def test_a_rule_update_naming_an_unknown_tier_is_refused_and_writes_no_version(
        api: TestClient, database: Database, program: Program) -> None:
    make_levels(database, program)
    rule = _rule(api, "Gold bonus", condition=GOLD)

    refused = api.patch(f"/api/v1/rules/{rule['id']}", json={"condition": _tier("gold", "gld")})
    refused_effect = api.patch(f"/api/v1/rules/{rule['id']}", json={"effect": {
        "kind": "per_amount", "points": 1, "per_minor": 100, "scope": "matching_lines",
        "line_condition": _tier("silverr")}})
    renamed = api.patch(f"/api/v1/rules/{rule['id']}", json={"name": "Gold and platinum bonus",
                                                             "condition": _tier("gold", "platinum")})

    assert (refused.status_code, refused.json()["error"]["field"], refused.json()["error"]["details"]) == (
        422, "condition.value[1]", {"unknown": ["gld"], "known": KNOWN})
    assert (refused_effect.status_code, refused_effect.json()["error"]["field"]) == (
        422, "effect.line_condition.value[0]")
    assert (renamed.status_code, renamed.json()["current_version"]) == (200, 2)
    versions = api.get(f"/api/v1/rules/{rule['id']}").json()["versions"]
    assert [version["condition"] for version in versions] == [GOLD, _tier("gold", "platinum")]


def test_in_a_program_without_tiers_a_code_is_refused_and_a_rule_naming_none_adds_no_tier_setup(
        api: TestClient, database: Database, program: Program) -> None:
    refused = api.post("/api/v1/rules", json=_rule_body("Gold bonus", condition=GOLD))
    refused_campaign = api.post("/api/v1/voucher-campaigns", json=_campaign_body("Gold", condition=GOLD))
    _rule(api, "Big basket", condition=BIG_BASKET)
    _campaign(api, "Big basket", condition=BIG_BASKET, line_condition=COFFEE)

    for response in (refused, refused_campaign):
        assert response.status_code == 422
        assert response.json()["error"] == {
            "code": "unknown_tier", "field": "condition.value", "details": {"unknown": ["gold"], "known": []},
            "message": "Unknown tier code 'gold' in condition.value; the program has no tiers yet."}
    assert _tier_policies(database, program) == 0


def test_a_campaign_naming_an_unknown_tier_is_refused_on_create_and_update(
        api: TestClient, database: Database, program: Program) -> None:
    make_levels(database, program)

    refused = api.post("/api/v1/voucher-campaigns", json=_campaign_body(
        "Gold only", condition={"not": {"field": "member.tier", "op": "eq", "value": "Gold"}}))
    refused_lines = api.post("/api/v1/voucher-campaigns", json=_campaign_body(
        "Coffee for gold", line_condition={"all": [COFFEE, _tier("gold", "platinium")]}))
    campaign = _campaign(api, "Gold only", condition=GOLD, line_condition={"all": [COFFEE, _tier("gold")]})
    refused_update = api.patch(f"/api/v1/voucher-campaigns/{campaign['id']}", json={"condition": _tier("glod")})
    renamed = api.patch(f"/api/v1/voucher-campaigns/{campaign['id']}", json={"name": "Gold and platinum",
                                                                             "condition": _tier("gold", "platinum")})

    assert (refused.status_code, refused.json()["error"]["field"], refused.json()["error"]["message"]) == (
        422, "condition.not.value", "Unknown tier code 'Gold' in condition.not.value (did you mean 'gold'?); the "
                                    "program's tiers are member, silver, gold, platinum.")
    assert (refused_lines.status_code, refused_lines.json()["error"]["field"]) == (
        422, "line_condition.all[1].value[1]")
    assert (refused_update.status_code, refused_update.json()["error"]["code"],
            refused_update.json()["error"]["field"]) == (422, "unknown_tier", "condition.value[0]")
    assert renamed.status_code == 200
    assert (renamed.json()["name"], renamed.json()["condition"]) == ("Gold and platinum", _tier("gold", "platinum"))
    assert [item["name"] for item in api.get("/api/v1/voucher-campaigns").json()["items"]] == ["Gold and platinum"]


# --- deleting a level ---------------------------------------------------------------------


def test_a_level_a_rule_names_is_refused_until_the_rule_no_longer_does(
        api: TestClient, database: Database, program: Program) -> None:
    levels = make_levels(database, program)
    double = _rule(api, "Gold members earn double", priority=200, condition=GOLD,
                   effect={"kind": "multiplier", "factor": "2"})
    per_coffee = _rule(api, "A point per coffee, gold and platinum", effect={
        "kind": "per_item", "points": 1, "line_condition": {"all": [COFFEE, _tier("gold", "platinum")]}})
    assert api.post(f"/api/v1/rules/{per_coffee['id']}/deactivate").status_code == 200  # inactive rules count too
    _rule(api, "Silver bonus", condition=_tier("silver"))

    refused = api.delete(f"/api/v1/tiers/{levels['gold'].id}")                # when

    assert refused.status_code == 409                                         # then
    assert refused.json()["error"] == {
        "code": "tier_in_use", "field": None,
        "message": f"Tier 'gold' is in the conditions of earning rules {double['id']} (Gold members earn double), "
                   f"{per_coffee['id']} (A point per coffee, gold and platinum); take it out of them first.",
        "details": {"in_use_by": "rules", "rules": [{"id": double["id"], "name": "Gold members earn double"},
                                                    {"id": per_coffee["id"],
                                                     "name": "A point per coffee, gold and platinum"}]},
    }
    assert _codes(api) == KNOWN

    assert api.patch(f"/api/v1/rules/{double['id']}", json={"condition": _tier("platinum")}).status_code == 200
    assert api.patch(f"/api/v1/rules/{per_coffee['id']}", json={"effect": {
        "kind": "per_item", "points": 1, "line_condition": COFFEE}}).status_code == 200
    deleted = api.delete(f"/api/v1/tiers/{levels['gold'].id}")

    assert deleted.status_code == 204  # the rules' first versions named gold; only the versions in force count
    assert _codes(api) == ["member", "silver", "platinum"]


def test_a_level_a_voucher_campaign_names_is_refused_until_the_campaign_no_longer_does(
        api: TestClient, database: Database, program: Program) -> None:
    levels = make_levels(database, program)
    gold_only = _campaign(api, "Gold only", condition={"not": {"field": "member.tier", "op": "ne", "value": "gold"}})
    coffee = _campaign(api, "Coffee for gold", line_condition={"all": [COFFEE, GOLD]})
    assert api.post(f"/api/v1/voucher-campaigns/{coffee['id']}/deactivate").status_code == 200
    _campaign(api, "Everyone's")

    refused = api.delete(f"/api/v1/tiers/{levels['gold'].id}")

    assert refused.status_code == 409
    assert refused.json()["error"] == {
        "code": "tier_in_use", "field": None,
        "message": f"Tier 'gold' is in the conditions of voucher campaigns {gold_only['id']} (Gold only), "
                   f"{coffee['id']} (Coffee for gold); take it out of them first.",
        "details": {"in_use_by": "voucher_campaigns",
                    "voucher_campaigns": [{"id": gold_only["id"], "name": "Gold only"},
                                          {"id": coffee["id"], "name": "Coffee for gold"}]},
    }

    assert api.patch(f"/api/v1/voucher-campaigns/{gold_only['id']}", json={"condition": None}).status_code == 200
    assert api.patch(f"/api/v1/voucher-campaigns/{coffee['id']}",
                     json={"line_condition": COFFEE}).status_code == 200
    assert api.delete(f"/api/v1/tiers/{levels['gold'].id}").status_code == 204
    assert _codes(api) == ["member", "silver", "platinum"]


def test_rewards_rules_and_campaigns_naming_a_level_are_all_listed_rewards_first(
        api: TestClient, database: Database, program: Program) -> None:
    levels = make_levels(database, program)
    lounge = api.post("/api/v1/rewards", json={"kind": "physical", "names": {"en": "Airport lounge"},
                                               "points_price": 10, "eligible_tiers": ["gold"]}).json()
    rules = [_rule(api, f"Gold bonus {number}", condition=GOLD) for number in range(12)]
    campaign = _campaign(api, "Gold only", condition=GOLD)

    refused = api.delete(f"/api/v1/tiers/{levels['gold'].id}")

    error = refused.json()["error"]
    assert (refused.status_code, error["code"], error["details"]["in_use_by"]) == (409, "tier_in_use", "rewards")
    assert error["details"]["rewards"] == [{"id": lounge["id"], "name": "Airport lounge"}]
    assert [rule["id"] for rule in error["details"]["rules"]] == [rule["id"] for rule in rules]
    assert error["details"]["voucher_campaigns"] == [{"id": campaign["id"], "name": "Gold only"}]
    named_rules = ", ".join(f"{rule['id']} ({rule['name']})" for rule in rules[:10])
    assert error["message"] == (
        f"Tier 'gold' is in the eligible_tiers of rewards {lounge['id']} (Airport lounge); in the conditions of "
        f"earning rules {named_rules} and 2 more; in the conditions of voucher campaigns {campaign['id']} "
        "(Gold only); take it out of them first.")


def test_rules_and_campaigns_of_another_program_naming_the_same_code_are_not_in_the_way(
        api: TestClient, database: Database, program: Program) -> None:
    levels = make_levels(database, program)
    other = make_program(database, name="Other shop")
    make_levels(database, other)
    theirs = TestClient(api.app, headers=make_api_key(database, other, scopes=["admin"]).headers)
    _rule(theirs, "Their gold bonus", condition=GOLD)
    _campaign(theirs, "Their gold only", condition=GOLD)
    _rule(api, "Platinum bonus", condition=_tier("platinum"))

    assert api.delete(f"/api/v1/tiers/{levels['gold'].id}").status_code == 204


# --- at the same time (PostgreSQL: SQLite runs one writer at a time) -------------------------


@pytest.mark.parametrize("kind", ["rule", "campaign"])
def test_a_rule_or_campaign_naming_a_level_waits_for_its_deletion_and_is_then_refused(
        api: TestClient, database: Database, program: Program, kind: str) -> None:
    if database.dialect != "postgresql":
        pytest.skip("SQLite runs one writer at a time")
    levels = make_levels(database, program)
    url, body = (("/api/v1/rules", _rule_body("Gold bonus", condition=GOLD)) if kind == "rule"
                 else ("/api/v1/voucher-campaigns", _campaign_body("Gold only", condition=GOLD)))
    deleting = database.sessions()
    rewards_service.delete_tier_level(session=deleting, program=program, tier_id=levels["gold"].id, actor="test")
    waited, response = meanwhile(deleting, lambda: api.post(url, json=body))  # the deletion is not committed

    assert waited
    assert (response.status_code, response.json()["error"]["code"]) == (422, "unknown_tier")


@pytest.mark.parametrize("kind", ["rule", "campaign"])
def test_a_deletion_waits_for_a_rule_or_campaign_naming_the_level_and_is_then_refused(
        api: TestClient, database: Database, program: Program, kind: str) -> None:
    if database.dialect != "postgresql":
        pytest.skip("SQLite runs one writer at a time")
    levels = make_levels(database, program)
    creating = database.sessions()
    if kind == "rule":
        rules_service.create_rule(session=creating, program=program, actor="test",
                                  data=RuleCreate.model_validate(_rule_body("Gold bonus", condition=GOLD)))
    else:
        vouchers_service.create_campaign(session=creating, program=program, actor="test",
                                         data=CampaignCreate.model_validate(_campaign_body("Gold", condition=GOLD)))
    waited, response = meanwhile(creating,  # the rule or campaign is not committed yet
                                 lambda: api.delete(f"/api/v1/tiers/{levels['gold'].id}"))

    assert waited
    assert (response.status_code, response.json()["error"]["details"]["in_use_by"]) == (
        409, "rules" if kind == "rule" else "voucher_campaigns")
