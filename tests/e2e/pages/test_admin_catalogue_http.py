"""The catalogue's admin pages over plain HTTP on both databases: rewards and their code pools,
voucher campaigns and their codes, tiers, gift vouchers and the referral programme. Each form
makes what the API makes from the same input, refuses bad input beside the field (changing
nothing), and leaves an audit entry; an analyst may look but not change, a cashier may not
look, and another program's ids are not found."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from loyalty.audit.models import AuditEntry
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs.models import Program
from tests.factories.gift_vouchers import issue_voucher, make_bonus_card
from tests.factories.programs import make_api_key, make_program
from tests.factories.rewards import make_cause, make_code_pool, make_reward
from tests.factories.staff import csrf_of, make_staff_user, page_client, sign_in_staff

IGNORED = {"id", "created_at", "updated_at"}


@pytest.fixture
def browser(database: Database) -> Iterator[TestClient]:
    with page_client(database) as client:
        yield client


class Signed:
    """A signed-in page client and its CSRF token."""

    def __init__(self, client: TestClient, token: str) -> None:
        self.client = client
        self.token = token

    def get(self, url: str) -> Any:
        return self.client.get(url)

    def post(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        return self.client.post(url, data={"csrf_token": self.token, **(data or {})}, **kwargs)


def signed_in(client: TestClient, database: Database, program: Program, role: str = "owner") -> Signed:
    return Signed(client, sign_in_staff(client, make_staff_user(database, program, role)))


def api_client(client: TestClient, database: Database, program: Program) -> dict[str, str]:
    return make_api_key(database, program, scopes=["admin"]).headers


def audit_entries(database: Database, program: Program, action: str) -> list[AuditEntry]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.program_id == program.id,
                                                             AuditEntry.action == action)
                                    .order_by(AuditEntry.id)).all())


def same(read: dict[str, Any], expected: dict[str, Any]) -> None:
    assert {key: value for key, value in read.items() if key not in IGNORED} == \
           {key: value for key, value in expected.items() if key not in IGNORED}


# --- rewards ---------------------------------------------------------------------------------

REWARD_FORM = {"kind": "physical", "name_en": "Thermo mug", "name_pl": "Kubek termiczny",
               "description_en": "Keeps it hot",
               "image_urls": "https://img.example/mug.png\nhttps://img.example/mug-2.png",
               "images_pl": "https://img.example/kubek.png", "points_price": "900", "money_price": "150",
               "stock": "25", "limit_per_member": "2", "limit_total": "", "is_active": "1"}
REWARD_BODY = {"kind": "physical", "names": {"en": "Thermo mug", "pl": "Kubek termiczny"},
               "descriptions": {"en": "Keeps it hot"},
               "image_urls": ["https://img.example/mug.png", "https://img.example/mug-2.png"],
               "images_by_language": {"pl": ["https://img.example/kubek.png"]}, "points_price": 900,
               "money_price": 150, "stock": 25, "limit_per_member": 2, "is_active": True}


def test_an_owner_creates_a_reward_as_the_api_would(browser: TestClient, client: TestClient, database: Database,
                                                     program: Program) -> None:
    owner = signed_in(browser, database, program)
    answer = owner.post("/admin/rewards/new", REWARD_FORM)
    assert answer.status_code == 303, answer.text
    reward_id = int(answer.headers["location"].rsplit("/", 1)[1])
    headers = api_client(client, database, program)
    made = client.get(f"/api/v1/rewards/{reward_id}", headers=headers).json()
    by_api = client.post("/api/v1/rewards", json=REWARD_BODY, headers=headers).json()
    same(made, by_api)
    listed = browser.get("/admin/rewards")
    assert listed.status_code == 200 and "Thermo mug" in listed.text and "https://img.example/mug.png" in listed.text
    assert "Thermo mug" not in browser.get("/admin/rewards?kind=e_voucher").text
    assert "Thermo mug" not in browser.get("/admin/rewards?is_active=0").text
    assert "Thermo mug" in browser.get("/admin/rewards?kind=physical&is_active=1").text
    entry, = audit_entries(database, program, "reward.created")
    assert entry.subject_id == str(reward_id) and entry.after is not None and (entry.after or {})["stock"] == 25
    assert entry.actor.startswith("staff:") and entry.before is None


def test_an_invalid_reward_shows_the_error_beside_the_field_and_changes_nothing(
        browser: TestClient, database: Database, program: Program) -> None:
    owner = signed_in(browser, database, program)
    answer = owner.post("/admin/rewards/new", {**REWARD_FORM, "points_price": "0", "image_urls": "ftp://nope"})
    assert answer.status_code == 422
    assert 'id="error-points_price"' in answer.text and 'aria-invalid="true"' in answer.text
    assert "greater than or equal to 1" in answer.text and "is not an http(s) URL" in answer.text
    assert 'value="Thermo mug"' in answer.text  # what was typed stays
    missing_name = owner.post("/admin/rewards/new", {**REWARD_FORM, "name_en": ""})
    assert missing_name.status_code == 422 and 'id="error-names-en"' in missing_name.text
    assert "Thermo mug" not in browser.get("/admin/rewards").text
    assert audit_entries(database, program, "reward.created") == []


def test_an_owner_edits_a_reward_and_its_stock(browser: TestClient, client: TestClient, database: Database,
                                               program: Program) -> None:
    reward = make_reward(database, program, names={"en": "Tote bag", "de": "Tasche"}, points_price=300, stock=4)
    owner = signed_in(browser, database, program)
    page = browser.get(f"/admin/rewards/{reward.id}")
    assert page.status_code == 200 and 'value="Tote bag"' in page.text
    answer = owner.post(f"/admin/rewards/{reward.id}", {"name_en": "Big tote bag", "points_price": "350",
                                                        "money_price": "0", "limit_total": "100",
                                                        "image_urls": "https://img.example/tote.png"})
    assert answer.status_code == 303, answer.text
    headers = api_client(client, database, program)
    read = client.get(f"/api/v1/rewards/{reward.id}", headers=headers).json()
    assert read["names"] == {"en": "Big tote bag", "de": "Tasche"}  # a language the form does not show stays
    assert read["points_price"] == 350 and read["limit_total"] == 100
    assert read["is_active"] is False  # the box was not ticked: withdrawn, as `is_active: false` would
    assert read["image_urls"] == ["https://img.example/tote.png"]
    entry, = audit_entries(database, program, "reward.updated")
    assert (entry.before or {})["points_price"] == 300 and (entry.after or {})["points_price"] == 350
    assert owner.post(f"/admin/rewards/{reward.id}/stock", {"mode": "add", "amount": "6"}).status_code == 303
    refused = owner.post(f"/admin/rewards/{reward.id}/stock", {"mode": "add", "amount": "-50"})
    assert refused.status_code == 409 and 'id="error-amount"' in refused.text
    assert client.get(f"/api/v1/rewards/{reward.id}", headers=headers).json()["stock"] == 10
    entry, = audit_entries(database, program, "reward.stock_changed")
    assert entry.before == {"stock": 4} and entry.after == {"stock": 10}


def test_code_pools_import_codes_and_show_counts(browser: TestClient, database: Database, program: Program) -> None:
    owner = signed_in(browser, database, program)
    created = owner.post("/admin/rewards/code-pools", {"name": "Cinema tickets", "low_threshold": "1"})
    assert created.status_code == 303
    pool_url = created.headers["location"]
    upload = {"file": ("codes.csv", b"code\nCIN-1\nCIN-2\nCIN-3\n", "text/csv")}
    imported = owner.post(f"{pool_url}/codes", files=upload)
    assert imported.status_code == 303, imported.text
    typed = owner.post(f"{pool_url}/codes", {"codes": "CIN-4\nCIN-5"})
    assert typed.status_code == 303
    bad = owner.post(f"{pool_url}/codes", {"codes": "CIN-6\nCIN-1"})
    assert bad.status_code == 422 and "already in this pool" in bad.text
    page = browser.get(pool_url)
    assert ">5<" in page.text.replace(" ", "")
    renamed = owner.post(pool_url, {"name": "Cinema tickets 2027", "low_threshold": "3"})
    assert renamed.status_code == 303
    assert "Cinema tickets 2027" in browser.get("/admin/rewards").text
    assert owner.post(pool_url, {"name": "", "low_threshold": "3"}).status_code == 422
    entry, = audit_entries(database, program, "code_pool.updated")
    assert entry.before == {"name": "Cinema tickets", "low_threshold": 1}
    assert entry.after == {"name": "Cinema tickets 2027", "low_threshold": 3}
    assert len(audit_entries(database, program, "code_pool.codes_imported")) == 2
    assert len(audit_entries(database, program, "code_pool.created")) == 1



def test_causes_are_created_and_closed_for_donation_rewards(browser: TestClient, client: TestClient,
                                                            database: Database, program: Program) -> None:
    owner = signed_in(browser, database, program)
    refused = owner.post("/admin/rewards/causes", {"name": ""})
    assert refused.status_code == 422 and 'id="error-name"' in refused.text
    assert owner.post("/admin/rewards/causes", {"name": "Animal shelter", "description": "Dogs"}).status_code == 303
    headers = api_client(client, database, program)
    cause, = client.get("/api/v1/causes", headers=headers).json()["items"]
    assert cause["name"] == "Animal shelter" and cause["is_active"] is True
    donation = owner.post("/admin/rewards/new", {"kind": "donation", "name_en": "Give to the shelter",
                                                 "points_price": "100", "cause_id": str(cause["id"]),
                                                 "is_active": "1"})
    assert donation.status_code == 303, donation.text
    assert owner.post(f"/admin/rewards/causes/{cause['id']}/active", {"is_active": "0"}).status_code == 303
    assert client.get(f"/api/v1/causes/{cause['id']}", headers=headers).json()["is_active"] is False
    assert len(audit_entries(database, program, "cause.created")) == 1
    assert len(audit_entries(database, program, "cause.updated")) == 1


# --- voucher campaigns -----------------------------------------------------------------------

CAMPAIGN_FORM = {"name": "Spring: 15% off", "kind": "percent", "percent": "15", "max_discount": "2000",
                 "max_uses_per_member": "1", "starts_at": "2026-03-01T00:00", "ends_at": "2026-06-01T00:00",
                 "condition": '{"field": "purchase.total", "op": "gte", "value": 5000}', "amount": "", "sku": ""}
CAMPAIGN_BODY = {"name": "Spring: 15% off", "kind": "percent", "percent": "15", "max_discount": 2000,
                 "max_uses_per_member": 1, "starts_at": "2026-03-01T00:00", "ends_at": "2026-06-01T00:00",
                 "condition": {"field": "purchase.total", "op": "gte", "value": 5000}}


def test_a_marketer_creates_a_campaign_as_the_api_would(browser: TestClient, client: TestClient,
                                                        database: Database, program: Program) -> None:
    marketer = signed_in(browser, database, program, "marketer")
    answer = marketer.post("/admin/vouchers/new", CAMPAIGN_FORM)
    assert answer.status_code == 303, answer.text
    campaign_id = int(answer.headers["location"].rsplit("/", 1)[1])
    headers = api_client(client, database, program)
    made = client.get(f"/api/v1/voucher-campaigns/{campaign_id}", headers=headers).json()
    same(made, client.post("/api/v1/voucher-campaigns", json=CAMPAIGN_BODY, headers=headers).json())
    listed = browser.get("/admin/vouchers")
    assert listed.status_code == 200 and "Spring: 15% off" in listed.text
    entry, = audit_entries(database, program, "voucher_campaign.created")
    assert entry.subject_id == str(campaign_id) and (entry.after or {})["percent"] == "15"


def test_an_invalid_campaign_shows_the_error_beside_the_field(browser: TestClient, database: Database,
                                                             program: Program) -> None:
    owner = signed_in(browser, database, program)
    answer = owner.post("/admin/vouchers/new", {**CAMPAIGN_FORM, "percent": "150"})
    assert answer.status_code == 422 and 'id="error-percent"' in answer.text
    no_terms = owner.post("/admin/vouchers/new", {**CAMPAIGN_FORM, "kind": "fixed_amount"})
    assert no_terms.status_code == 422 and "amount" in no_terms.text
    bad_json = owner.post("/admin/vouchers/new", {**CAMPAIGN_FORM, "condition": "{oops"})
    assert bad_json.status_code == 422 and 'id="error-condition"' in bad_json.text
    assert "Spring: 15% off" not in browser.get("/admin/vouchers").text
    assert audit_entries(database, program, "voucher_campaign.created") == []


def test_generated_codes_are_in_the_csv_export(browser: TestClient, client: TestClient, database: Database,
                                               program: Program) -> None:
    owner = signed_in(browser, database, program)
    campaign_url = owner.post("/admin/vouchers/new", CAMPAIGN_FORM).headers["location"]
    generated = owner.post(f"{campaign_url}/codes", {"count": "25", "pattern": "SPRING-######",
                                                     "charset": "unambiguous"})
    assert generated.status_code == 303, generated.text
    refused = owner.post(f"{campaign_url}/codes", {"count": "5", "pattern": "NOHASH", "charset": "unambiguous"})
    assert refused.status_code == 422 and 'id="error-pattern"' in refused.text
    export = browser.get(f"{campaign_url}/codes.csv")
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    assert "attachment" in export.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert len(rows) == 25 and all(row["code"].startswith("SPRING-") and len(row["code"]) == 13 for row in rows)
    campaign_id = campaign_url.rsplit("/", 1)[1]
    headers = api_client(client, database, program)
    by_api = client.get(f"/api/v1/voucher-campaigns/{campaign_id}/codes.csv", headers=headers)
    assert sorted(by_api.text.splitlines()) == sorted(export.text.splitlines())
    page = browser.get(campaign_url)
    assert "25" in page.text
    entry, = audit_entries(database, program, "voucher_codes.generated")
    assert entry.before == {"codes": 0} and (entry.after or {})["size"] == 25
    assert len(audit_entries(database, program, "voucher_codes.exported")) == 1
    imported = owner.post(f"{campaign_url}/codes/import", {"codes": "SUMMER10\nWELCOME5"})
    assert imported.status_code == 303, imported.text
    upload = {"file": ("codes.csv", b"code\nPARTNER-1\nSUMMER10\n", "text/csv")}
    repeated = owner.post(f"{campaign_url}/codes/import", files=upload)
    assert repeated.status_code == 422 and "SUMMER10" in repeated.text and "already exists" in repeated.text
    after_import = client.get(f"/api/v1/voucher-campaigns/{campaign_id}/codes.csv", headers=headers).text
    assert "SUMMER10" in after_import and "WELCOME5" in after_import and "PARTNER-1" not in after_import
    assert len(audit_entries(database, program, "voucher_codes.imported")) == 1
    stopped = owner.post(f"{campaign_url}/active", {"is_active": "0"})
    assert stopped.status_code == 303
    assert client.get(f"/api/v1/voucher-campaigns/{campaign_id}", headers=headers).json()["is_active"] is False
    assert len(audit_entries(database, program, "voucher_campaign.deactivated")) == 1



def test_a_campaign_is_changed_as_a_patch_of_every_field_would(browser: TestClient, client: TestClient,
                                                               database: Database, program: Program) -> None:
    owner = signed_in(browser, database, program)
    campaign_url = owner.post("/admin/vouchers/new", CAMPAIGN_FORM).headers["location"]
    page = browser.get(campaign_url)
    assert 'value="Spring: 15% off"' in page.text and "purchase.total" in page.text
    refused = owner.post(campaign_url, {**CAMPAIGN_FORM, "percent": "0"})
    assert refused.status_code == 422 and 'id="error-percent"' in refused.text
    changed = {**CAMPAIGN_FORM, "percent": "20", "max_discount": "", "condition": "", "max_uses_total": "500"}
    del changed["kind"]
    assert owner.post(campaign_url, changed).status_code == 303
    headers = api_client(client, database, program)
    read = client.get(f"/api/v1/voucher-campaigns/{campaign_url.rsplit('/', 1)[1]}", headers=headers).json()
    assert read["percent"] == "20" and read["max_discount"] is None and read["condition"] is None
    assert read["max_uses_total"] == 500 and read["max_uses_per_member"] == 1 and read["kind"] == "percent"
    entry, = audit_entries(database, program, "voucher_campaign.updated")
    assert (entry.before or {})["percent"] == "15" and (entry.after or {})["percent"] == "20"


# --- tiers -----------------------------------------------------------------------------------

BASE_FORM = {"code": "base", "name": "Member", "rank": "0", "threshold": "0", "earn_multiplier": "1"}
GOLD_FORM = {"code": "gold", "name": "Gold", "description": "Our best", "rank": "1", "threshold": "5000",
             "earn_multiplier": "1.5", "free_shipping": "1", "name_pl": "Złoty", "name_ru": "Золотой"}
GOLD_BODY = {"code": "gold", "name": "Gold", "description": "Our best", "rank": 1, "threshold": 5000,
             "benefits": {"earn_multiplier": "1.5", "free_shipping": True, "exclusive_rewards": False},
             "translations": {"pl": {"name": "Złoty"}, "ru": {"name": "Золотой"}}}


def test_an_owner_creates_and_edits_tier_levels_as_the_api_would(browser: TestClient, client: TestClient,
                                                                  database: Database, program: Program) -> None:
    owner = signed_in(browser, database, program)
    assert owner.post("/admin/tiers/new", BASE_FORM).status_code == 303
    assert owner.post("/admin/tiers/new", GOLD_FORM).status_code == 303
    headers = api_client(client, database, program)
    levels = client.get("/api/v1/tiers", headers=headers).json()["items"]
    gold = next(level for level in levels if level["code"] == "gold")
    other = make_program(database)
    other_headers = make_api_key(database, other, scopes=["admin"]).headers
    client.post("/api/v1/tiers", json={"code": "base", "name": "Member", "rank": 0, "threshold": 0},
                headers=other_headers)
    same(gold, client.post("/api/v1/tiers", json=GOLD_BODY, headers=other_headers).json())
    page = browser.get("/admin/tiers")
    assert page.status_code == 200 and "Gold" in page.text and "Member" in page.text
    answer = owner.post(f"/admin/tiers/{gold['id']}", {**GOLD_FORM, "threshold": "8000", "name_ru": ""})
    assert answer.status_code == 303, answer.text
    read = client.get(f"/api/v1/tiers/{gold['id']}", headers=headers).json()
    assert read["threshold"] == 8000 and read["translations"] == {"pl": {"name": "Złoty", "description": None}}
    entry, = audit_entries(database, program, "tier_level.updated")
    assert (entry.before or {})["threshold"] == 5000 and (entry.after or {})["threshold"] == 8000
    assert len(audit_entries(database, program, "tier_level.created")) == 2


def test_an_invalid_tier_level_or_policy_shows_the_error_and_changes_nothing(
        browser: TestClient, client: TestClient, database: Database, program: Program) -> None:
    owner = signed_in(browser, database, program)
    answer = owner.post("/admin/tiers/new", {**GOLD_FORM, "code": "Not A Code"})
    assert answer.status_code == 422 and 'id="error-code"' in answer.text
    not_first = owner.post("/admin/tiers/new", GOLD_FORM)  # the first level must be the base level
    assert not_first.status_code == 422 and "error" in not_first.text
    owner.post("/admin/tiers/new", BASE_FORM)
    owner.post("/admin/tiers/new", GOLD_FORM)
    taken = owner.post("/admin/tiers/new", {**GOLD_FORM, "code": "platinum"})
    assert taken.status_code == 409 and 'id="error-rank"' in taken.text
    policy = owner.post("/admin/tiers/policy", {"measure": "amount_spent", "window_kind": "rolling",
                                                "window_days": "0", "grace_days": "0"})
    assert policy.status_code == 422 and 'id="error-window_days"' in policy.text
    headers = api_client(client, database, program)
    assert client.get("/api/v1/tier-policy", headers=headers).json()["measure"] == "points_earned"
    saved = owner.post("/admin/tiers/policy", {"measure": "amount_spent", "window_kind": "rolling",
                                               "window_days": "365", "grace_days": "30", "one_level_at_a_time": "1"})
    assert saved.status_code == 303
    read = client.get("/api/v1/tier-policy", headers=headers).json()
    assert read["measure"] == "amount_spent" and read["window"] == {"kind": "rolling", "days": 365}
    assert read["grace_days"] == 30
    entry, = audit_entries(database, program, "tier_policy.changed")
    assert (entry.before or {})["measure"] == "points_earned" and (entry.after or {})["measure"] == "amount_spent"
    assert len(audit_entries(database, program, "tier_level.created")) == 2



def test_a_level_a_reward_names_is_kept_and_a_free_one_deleted(browser: TestClient, client: TestClient,
                                                                database: Database, program: Program) -> None:
    owner = signed_in(browser, database, program)
    owner.post("/admin/tiers/new", BASE_FORM)
    owner.post("/admin/tiers/new", GOLD_FORM)
    owner.post("/admin/tiers/new", {**GOLD_FORM, "code": "platinum", "rank": "2", "threshold": "9000"})
    headers = api_client(client, database, program)
    levels = {level["code"]: level["id"] for level in client.get("/api/v1/tiers", headers=headers).json()["items"]}
    make_reward(database, program, names={"en": "Lounge"}, points_price=10, eligible_tiers=["gold"])
    kept = owner.post(f"/admin/tiers/{levels['gold']}/delete")
    assert kept.status_code == 409 and 'id="error-delete"' in kept.text
    assert owner.post(f"/admin/tiers/{levels['platinum']}/delete").status_code == 303
    remaining = [level["code"] for level in client.get("/api/v1/tiers", headers=headers).json()["items"]]
    assert remaining == ["base", "gold"]
    entry, = audit_entries(database, program, "tier_level.deleted")
    assert entry.subject_id == str(levels["platinum"]) and (entry.before or {})["code"] == "platinum"


# --- gift vouchers and bonus cards -----------------------------------------------------------


def test_a_batch_of_gift_vouchers_is_issued_shown_once_and_one_is_cancelled(
        browser: TestClient, client: TestClient, database: Database, program: Program) -> None:
    owner = signed_in(browser, database, program)
    refused = owner.post("/admin/gift-vouchers/batches", {"label": "ACME", "count": "0", "value": "500"})
    assert refused.status_code == 422 and 'id="error-count"' in refused.text
    issued = owner.post("/admin/gift-vouchers/batches", {"label": "ACME Christmas", "count": "3", "value": "500"})
    assert issued.status_code == 201
    codes = re.findall(r"<code>(GIFT-[A-Z0-9-]+)</code>", issued.text)
    assert len(codes) == 3
    as_csv = owner.post("/admin/gift-vouchers/batches", {"label": "ACME files", "count": "2", "value": "100",
                                                         "as": "csv"})
    assert as_csv.status_code == 201 and as_csv.headers["content-type"].startswith("text/csv")
    assert len(list(csv.DictReader(io.StringIO(as_csv.text)))) == 2
    headers = api_client(client, database, program)
    listed = client.get("/api/v1/gift-vouchers", params={"label": "ACME Christmas"}, headers=headers).json()["items"]
    assert len(listed) == 3 and {voucher["balance"] for voucher in listed} == {500}
    voucher_id = listed[0]["id"]
    page = browser.get("/admin/gift-vouchers")
    assert page.status_code == 200 and "ACME Christmas" in page.text and codes[0] not in page.text
    cancelled = owner.post(f"/admin/gift-vouchers/{voucher_id}/cancel", {"reason": "lost in the post"})
    assert cancelled.status_code == 303
    read = client.get(f"/api/v1/gift-vouchers/{voucher_id}", headers=headers).json()
    assert read["status"] == "cancelled" and read["balance"] == 0
    detail = browser.get(f"/admin/gift-vouchers/{voucher_id}")
    assert "lost in the post" in detail.text and "-500" in detail.text
    assert len(audit_entries(database, program, "gift_voucher_batch.issued")) == 2
    entry, = audit_entries(database, program, "gift_voucher.cancelled")
    assert (entry.before or {})["balance"] == 500 and (entry.after or {})["balance"] == 0


def test_a_bonus_card_is_created_topped_up_and_blocked(browser: TestClient, client: TestClient,
                                                       database: Database, program: Program) -> None:
    owner = signed_in(browser, database, program)
    created = owner.post("/admin/gift-vouchers/cards", {"label": "ACME staff", "value": "1000"})
    assert created.status_code == 201
    pin = re.search(r"<code>(\d{6})</code>", created.text)
    assert pin  # the generated PIN, shown once
    headers = api_client(client, database, program)
    card, = client.get("/api/v1/bonus-cards", headers=headers).json()["items"]
    assert card["balance"] == 1000 and card["card_number"] in created.text
    refused = owner.post(f"/admin/gift-vouchers/cards/{card['id']}/top-up", {"amount": "-5"})
    assert refused.status_code == 422 and 'id="error-amount"' in refused.text
    assert owner.post(f"/admin/gift-vouchers/cards/{card['id']}/top-up",
                      {"amount": "250", "note": "INV-7"}).status_code == 303
    assert owner.post(f"/admin/gift-vouchers/cards/{card['id']}/block").status_code == 303
    read = client.get(f"/api/v1/bonus-cards/{card['id']}", headers=headers).json()
    assert read["balance"] == 1250 and read["status"] == "blocked"
    detail = browser.get(f"/admin/gift-vouchers/cards/{card['id']}")
    assert "INV-7" in detail.text and "+250" in detail.text
    assert owner.post(f"/admin/gift-vouchers/cards/{card['id']}/unblock").status_code == 303
    assert client.get(f"/api/v1/bonus-cards/{card['id']}", headers=headers).json()["status"] == "active"
    for action in ("bonus_card.created", "bonus_card.topped_up", "bonus_card.blocked", "bonus_card.unblocked"):
        assert len(audit_entries(database, program, action)) == 1, action


# --- referrals -------------------------------------------------------------------------------

REFERRAL_FORM = {"active": "1", "min_total": "5000", "within_days": "30", "referrer_points": "500",
                 "referrer_unit": "points", "referee_points": "250", "referee_unit": "points", "cap_count": "10",
                 "cap_period_days": "30", "signup_url": "https://shop.example.com/join"}
REFERRAL_BODY = {"active": True, "qualifying_purchase": {"min_total": 5000, "within_days": 30},
                 "referrer_reward": {"points": 500, "unit": "points"},
                 "referee_reward": {"points": 250, "unit": "points"},
                 "cap": {"count": 10, "period_days": 30}, "signup_url": "https://shop.example.com/join"}


def test_the_referral_programme_is_saved_as_the_api_would(browser: TestClient, client: TestClient,
                                                          database: Database, program: Program) -> None:
    owner = signed_in(browser, database, program)
    assert browser.get("/admin/referrals").status_code == 200
    refused = owner.post("/admin/referrals", {**REFERRAL_FORM, "referrer_points": "0", "referee_points": "0"})
    assert refused.status_code == 422 and 'id="error-referrer_points"' in refused.text
    bad_days = owner.post("/admin/referrals", {**REFERRAL_FORM, "within_days": "0"})
    assert bad_days.status_code == 422 and 'id="error-within_days"' in bad_days.text
    headers = api_client(client, database, program)
    assert client.get("/api/v1/referral-program", headers=headers).json()["configured"] is False
    assert owner.post("/admin/referrals", REFERRAL_FORM).status_code == 303
    saved = client.get("/api/v1/referral-program", headers=headers).json()
    other = make_program(database)
    other_headers = make_api_key(database, other, scopes=["admin"]).headers
    by_api = client.put("/api/v1/referral-program", json=REFERRAL_BODY, headers=other_headers).json()
    ignored = {"updated_at", "updated_by"}
    assert {k: v for k, v in saved.items() if k not in ignored} == {k: v for k, v in by_api.items() if k not in ignored}
    entry, = audit_entries(database, program, "referral_program.updated")
    assert (entry.before or {})["active"] is False and (entry.after or {})["active"] is True


# --- who may do what -------------------------------------------------------------------------

PAGES = ("/admin/rewards", "/admin/rewards/new", "/admin/vouchers", "/admin/vouchers/new", "/admin/tiers",
         "/admin/gift-vouchers", "/admin/referrals")
API_LISTS = ("/api/v1/rewards", "/api/v1/code-pools", "/api/v1/voucher-campaigns", "/api/v1/tiers",
             "/api/v1/tier-policy", "/api/v1/gift-vouchers", "/api/v1/bonus-cards", "/api/v1/referral-program",
             "/api/v1/causes")


def every_form(database: Database, program: Program) -> dict[str, dict[str, str]]:
    """Each form of the catalogue's pages, aimed at real rows of `program`."""
    reward = make_reward(database, program, names={"en": "Tote bag"}, points_price=300, stock=4)
    pool = make_code_pool(database, program, codes=["P-1"])
    cause = make_cause(database, program, name="Shelter")
    with unit_of_work(database) as session:
        from loyalty.tiers import service as tiers
        from loyalty.tiers.schemas import TierCreate
        from loyalty.vouchers import service as vouchers
        from loyalty.vouchers.schemas import CampaignCreate
        level = tiers.create_level(session=session, program=program, actor="test", data=TierCreate.model_validate(
            {"code": "base", "name": "Member", "rank": 0, "threshold": 0}))
        campaign = vouchers.create_campaign(session=session, program=program, actor="test",
                                            data=CampaignCreate.model_validate({"name": "C", "kind": "percent",
                                                                                "percent": "10"}))
        level_id, campaign_id = level.id, campaign.id
    voucher = issue_voucher(database, program)
    card = make_bonus_card(database, program).card
    return {
        "/admin/rewards/new": REWARD_FORM,
        f"/admin/rewards/{reward.id}": {"name_en": "Renamed", "points_price": "1"},
        f"/admin/rewards/{reward.id}/stock": {"mode": "add", "amount": "5"},
        "/admin/rewards/code-pools": {"name": "Pool"},
        "/admin/rewards/causes": {"name": "Shelter"},
        f"/admin/rewards/causes/{cause.id}/active": {"is_active": "0"},
        f"/admin/rewards/code-pools/{pool.id}/codes": {"codes": "NEW-1"},
        f"/admin/rewards/code-pools/{pool.id}": {"name": "Renamed", "low_threshold": "2"},
        "/admin/vouchers/new": CAMPAIGN_FORM,
        f"/admin/vouchers/{campaign_id}/codes": {"count": "5", "pattern": "X-######"},
        f"/admin/vouchers/{campaign_id}/active": {"is_active": "0"},
        f"/admin/vouchers/{campaign_id}": {"name": "Renamed", "percent": "5"},
        f"/admin/vouchers/{campaign_id}/codes/import": {"codes": "IMPORTED-1"},
        "/admin/tiers/new": GOLD_FORM,
        f"/admin/tiers/{level_id}": {"name": "Renamed", "rank": "0", "threshold": "0"},
        f"/admin/tiers/{level_id}/delete": {},
        "/admin/tiers/policy": {"measure": "amount_spent", "window_kind": "calendar_year"},
        "/admin/gift-vouchers/batches": {"label": "ACME", "count": "2", "value": "100"},
        f"/admin/gift-vouchers/{voucher.id}/cancel": {"reason": "r"},
        "/admin/gift-vouchers/cards": {"label": "ACME", "value": "100"},
        f"/admin/gift-vouchers/cards/{card.id}/top-up": {"amount": "5"},
        f"/admin/gift-vouchers/cards/{card.id}/block": {},
        "/admin/referrals": REFERRAL_FORM,
    }


def campaign_of(forms: dict[str, dict[str, str]]) -> str:
    return next(url for url in forms if url.startswith("/admin/vouchers/") and url.endswith("/active")).split("/")[3]


def audit_count(database: Database, program: Program) -> int:
    with unit_of_work(database, read_only=True) as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)
                              .where(AuditEntry.program_id == program.id)) or 0


def test_an_analyst_sees_the_pages_but_every_form_is_refused(browser: TestClient, client: TestClient,
                                                            database: Database, program: Program) -> None:
    forms = every_form(database, program)
    analyst = signed_in(browser, database, program, "analyst")
    for page in ("/admin/rewards", "/admin/vouchers", "/admin/tiers", "/admin/gift-vouchers", "/admin/referrals"):
        answer = analyst.get(page)
        assert answer.status_code == 200 and "New reward" not in answer.text, page
    headers = api_client(client, database, program)
    before = [client.get(path, headers=headers).json() for path in API_LISTS]
    for url, data in forms.items():
        assert analyst.post(url, data).status_code == 403, url
    assert analyst.get("/admin/vouchers/1/codes.csv").status_code == 403
    after = [client.get(path, headers=headers).json() for path in API_LISTS]
    assert after == before and audit_count(database, program) == 0


def test_a_cashier_may_not_open_the_catalogue_pages(browser: TestClient, database: Database,
                                                    program: Program) -> None:
    forms = every_form(database, program)
    login = make_staff_user(database, program, "cashier")
    signed = browser.post("/pos/sign-in", data={"csrf_token": csrf_of(browser.get("/pos/sign-in").text),
                                                "email": login.email, "password": login.password})
    assert signed.status_code == 303
    refused = browser.get("/admin/rewards")
    assert refused.status_code == 403
    token = re.search(r'"X-CSRF-Token": "([^"]+)"', refused.text)
    assert token  # the session's own token: the forms below are refused for the role, not the token
    cashier = Signed(browser, token.group(1))
    for page in PAGES:
        assert cashier.get(page).status_code == 403, page
    for url, data in forms.items():
        assert cashier.post(url, data).status_code == 403, url


def test_another_programs_ids_are_not_found(browser: TestClient, database: Database, program: Program) -> None:
    other = make_program(database)
    forms = every_form(database, other)
    owner = signed_in(browser, database, program)
    for url, data in forms.items():
        if url.endswith("/new") or url in ("/admin/rewards/code-pools", "/admin/rewards/causes",
                                           "/admin/tiers/policy",
                                           "/admin/gift-vouchers/batches", "/admin/gift-vouchers/cards",
                                           "/admin/referrals"):
            continue
        assert owner.post(url, data).status_code == 404, url
        if url.count("/") == 3 or "code-pools" in url and not url.endswith("/codes"):
            assert owner.get(url).status_code == 404, url
        if "gift-vouchers" in url:
            assert owner.get(url.rsplit("/", 1)[0]).status_code == 404, url
    campaign_id = campaign_of(forms)
    assert owner.get(f"/admin/vouchers/{campaign_id}").status_code == 404
    assert owner.get(f"/admin/vouchers/{campaign_id}/codes.csv").status_code == 404
    assert audit_count(database, program) == 0 and audit_count(database, other) == 0


def test_a_form_without_the_sessions_token_changes_nothing(browser: TestClient, database: Database,
                                                           program: Program) -> None:
    owner = signed_in(browser, database, program)
    owner.token = "forged"
    assert owner.post("/admin/rewards/new", REWARD_FORM).status_code == 403
    assert audit_count(database, program) == 0



@pytest.mark.parametrize("language", ["pl", "ru"])
def test_every_page_speaks_polish_and_russian(browser: TestClient, database: Database, program: Program,
                                              language: str) -> None:
    forms = every_form(database, program)
    signed_in(browser, database, program)
    browser.cookies.set("loyalty_lang", language)
    pages = [*PAGES, *(url for url in forms if url.count("/") == 3 and url.split("/")[3].isdigit())]
    card_id = next(url for url in forms if url.endswith("/top-up")).split("/")[4]
    pool_id = next(url for url in forms if url.endswith("/codes") and "code-pools" in url).split("/")[4]
    campaign_id = campaign_of(forms)
    pages += [f"/admin/gift-vouchers/cards/{card_id}", f"/admin/rewards/code-pools/{pool_id}",
              f"/admin/vouchers/{campaign_id}"]
    expected = {"pl": "Nic nie zapisano", "ru": "Ничего не сохранено"}[language]
    for url in pages:
        page = browser.get(url)
        assert page.status_code == 200, url
        assert f'<html lang="{language}">' in page.text, url
    heading = {"pl": "Nagrody", "ru": "Награды"}[language]
    assert f"<h1>{heading}</h1>" in browser.get("/admin/rewards").text
    refused = Signed(browser, csrf_of(browser.get("/admin/rewards/new").text)).post(
        "/admin/rewards/new", {**REWARD_FORM, "points_price": "0"})
    assert refused.status_code == 422 and expected in refused.text
