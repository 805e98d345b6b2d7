"""The POS screen over plain HTTP on both databases: a cashier finds the member by card, phone or
e-mail, records a receipt (by total or by lines) exactly as the API would, applies a coupon or
sees why it is refused, lets the member pay part with points, and a double submit records once.
Refused: signed out, a post without its CSRF token, an analyst at the till, a cashier in the
panel."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs.models import Program
from loyalty.purchases.models import Purchase
from tests.factories.ledger import balance, give_points
from tests.factories.members import make_cards, make_member
from tests.factories.rules import make_rule
from tests.factories.staff import csrf_of, make_staff_user, page_client, sign_in_staff
from tests.factories.tiers import make_levels
from tests.factories.vouchers import make_campaign, make_code, make_codes, publish

ONE_POINT_PER_EURO = {"name": "1 point per 1.00", "effect": {"kind": "per_amount", "points": 1, "per_minor": 100,
                                                             "scope": "receipt"}}
A_POINT_PER_COFFEE = {"name": "A point per coffee", "effect": {
    "kind": "per_item", "points": 1, "line_condition": {"field": "line.category", "op": "eq", "value": "coffee"}}}


@dataclass
class Till:
    client: TestClient
    csrf: str
    user_id: int

    def find(self, query: str) -> httpx2.Response:
        return self.client.get("/pos", params={"q": query})

    def post(self, path: str, fields: dict[str, Any]) -> httpx2.Response:
        return self.client.post(path, data={"csrf_token": self.csrf, **fields})


@pytest.fixture
def till(database: Database, program: Program) -> Iterator[Till]:
    cashier = make_staff_user(database, program, "cashier")
    with page_client(database) as client:
        yield Till(client, sign_in_staff(client, cashier, face="pos"), cashier.user_id)


def receipt_of(page: str) -> dict[str, str]:
    """The hidden fields the screen gave the receipt: its id and whose it is."""
    fields = dict(re.findall(r'name="(external_id|member_id|new_card)" value="([^"]*)"', page))
    assert "external_id" in fields, page
    return fields


def text_of(page: str) -> str:
    """The page's text as a person reads it (tags dropped, spaces collapsed)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def purchases_of(database: Database, program: Program) -> int:
    with unit_of_work(database, read_only=True) as session:
        return session.scalar(select(func.count()).select_from(Purchase).where(Purchase.program_id == program.id)) or 0


def test_a_cashier_finds_the_member_by_card_number_phone_or_email(till: Till, database: Database,
                                                                  program: Program) -> None:
    member = make_member(database, program, email="ola@example.com", phone="+48 601 234 567", first_name="Ola",
                         last_name="Nowak")
    give_points(database, program, member.id, 1250)
    with unit_of_work(database, read_only=True) as session:
        card = _card_of(session, member.id)
    for query in (card, " ".join(card[i:i + 4] for i in range(0, len(card), 4)), "+48601234567", "OLA@example.com",
                  f"loyalty:card:{card}"):
        page = till.find(query)
        assert page.status_code == 200, query
        text = text_of(page.text)
        assert "Ola Nowak" in text and "Points available 1,250" in text and "Worth €12.50" in text, query
        assert receipt_of(page.text)["member_id"] == str(member.id)
    assert 'id="lookup"' in page.text and " autofocus" in page.text


def _card_of(session: Any, member_id: int) -> str:
    from loyalty.members.models import Card

    number = session.scalar(select(Card.number).where(Card.member_id == member_id, Card.status == "active"))
    assert number
    return str(number)


def test_an_unknown_card_says_so(till: Till, database: Database, program: Program) -> None:
    page = till.find("4000 0000 0000 0002")
    assert page.status_code == 404
    assert "No card has this number" in text_of(page.text)
    assert 'name="external_id"' not in page.text
    unknown_mail = till.find("nobody@example.com")
    assert unknown_mail.status_code == 404 and "No member has this e-mail address" in text_of(unknown_mail.text)


def test_htmx_gets_a_refusal_as_a_screen_it_swaps(till: Till) -> None:
    page = till.client.get("/pos", params={"q": "4000 0000 0000 0002"}, headers={"HX-Request": "true"})
    assert page.status_code == 200  # HTMX swaps only a 2xx answer
    assert 'id="screen"' in page.text and "No card has this number" in text_of(page.text)


def test_a_purchase_by_total_records_what_the_api_records(till: Till, api: TestClient, database: Database,
                                                          program: Program) -> None:
    make_rule(database, program, **ONE_POINT_PER_EURO)
    at_till = make_member(database, program, email="till@example.com")
    by_api = make_member(database, program, email="api@example.com")
    fields = receipt_of(till.find("till@example.com").text)
    answer = till.post("/pos/purchases", {**fields, "total": "42.50"})
    assert answer.status_code == 200, answer.text
    text = text_of(answer.text)
    assert "Purchase recorded" in text and "Points earned: 42" in text and "New balance 42 points" in text
    assert 'id="next"' in answer.text
    assert api.post("/api/v1/purchases", json={"member": {"id": by_api.id}, "external_id": "API-1",
                                               "channel": "pos", "total": 4250}).status_code == 201
    assert balance(database, program, at_till.id) == balance(database, program, by_api.id)
    assert _ledger(api, at_till.id) == _ledger(api, by_api.id)


def _ledger(api: TestClient, member_id: int) -> list[tuple[Any, ...]]:
    entries = api.get(f"/api/v1/members/{member_id}/ledger").json()["items"]
    return [(entry["kind"], entry["account"], entry["unit"], entry["amount"], entry["rule_id"]) for entry in entries]


def test_a_purchase_by_lines_records_what_the_api_records(till: Till, api: TestClient, database: Database,
                                                          program: Program) -> None:
    make_rule(database, program, **ONE_POINT_PER_EURO)
    make_rule(database, program, **A_POINT_PER_COFFEE)
    at_till = make_member(database, program, email="till@example.com")
    by_api = make_member(database, program, email="api@example.com")
    fields = receipt_of(till.find("till@example.com").text)
    two_lines = till.post("/pos/receipt", {**fields, "action": "add_line", "sku": "CAP", "category": "coffee",
                                           "quantity": "2", "unit_price": "14.50"})
    assert 'id="line-2-sku"' in two_lines.text  # a second, empty line to fill
    answer = till.post("/pos/purchases", {**fields, "sku": ["CAP", "BRD"], "category": ["coffee", "bakery"],
                                          "quantity": ["2", "1"], "unit_price": ["14.50", "21"]})
    assert answer.status_code == 200, answer.text
    assert "Points earned: 52" in text_of(answer.text)  # 50.00 spent and two coffees
    lines = [{"sku": "CAP", "category": "coffee", "quantity": 2, "unit_price": 1450},
             {"sku": "BRD", "category": "bakery", "quantity": 1, "unit_price": 2100}]
    assert api.post("/api/v1/purchases", json={"member": {"id": by_api.id}, "external_id": "API-1",
                                               "lines": lines}).status_code == 201
    assert balance(database, program, at_till.id) == balance(database, program, by_api.id)
    assert balance(database, program, at_till.id).available == 52
    assert _ledger(api, at_till.id) == _ledger(api, by_api.id)
    purchase_id = int(api.get(f"/api/v1/members/{at_till.id}/purchases").json()["items"][0]["id"])
    recorded = api.get(f"/api/v1/purchases/{purchase_id}").json()
    assert [(line["sku"], line["category"], line["quantity"], line["unit_price_minor"]) for line in recorded["lines"]] \
        == [("CAP", "coffee", 2, 1450), ("BRD", "bakery", 1, 2100)]
    assert recorded["channel"] == "pos" and recorded["external_id"] == fields["external_id"]


def test_a_coupon_applies_with_its_discount(till: Till, database: Database, program: Program) -> None:
    make_rule(database, program, **ONE_POINT_PER_EURO)
    member = make_member(database, program, email="ola@example.com")
    campaign = make_campaign(database, program, kind="fixed_amount", amount=500)
    make_codes(database, program, campaign.id)
    [code] = publish(database, program, campaign.id, [member.id])
    page = till.find("ola@example.com")
    assert f'value="apply:{code}"' in page.text  # the member's coupon, offered
    fields = receipt_of(page.text)
    checked = till.post("/pos/receipt", {**fields, "total": "30.00", "action": f"apply:{code}"})
    text = text_of(checked.text)
    assert "The coupon applies. Discount: €5.00" in text and "To pay €25.00" in text
    answer = till.post("/pos/purchases", {**fields, "total": "30.00", "coupon": code})
    assert answer.status_code == 200, answer.text
    text = text_of(answer.text)
    assert f"Coupon {code} −€5.00" in text and "Points earned: 25" in text
    assert balance(database, program, member.id).available == 25


def test_a_refused_coupon_says_why_and_records_nothing(till: Till, database: Database, program: Program) -> None:
    make_member(database, program, email="ola@example.com")
    campaign = make_campaign(database, program, kind="fixed_amount", amount=500,
                             condition={"field": "purchase.total", "op": "gte", "value": 5000})
    code = make_code(database, program, campaign.id, "SPRING-5")
    fields = receipt_of(till.find("ola@example.com").text)
    unknown = till.post("/pos/receipt", {**fields, "total": "30", "coupon": "NO-SUCH", "action": "check_coupon"})
    assert "Refused: This coupon code is not valid." in text_of(unknown.text)
    answer = till.post("/pos/purchases", {**fields, "total": "30", "coupon": code})
    assert answer.status_code == 409
    assert "This coupon does not apply to this receipt." in text_of(answer.text)
    assert purchases_of(database, program) == 0


def test_the_member_pays_part_with_points(till: Till, api: TestClient, database: Database, program: Program) -> None:
    make_rule(database, program, **ONE_POINT_PER_EURO)
    member = make_member(database, program, email="ola@example.com")
    give_points(database, program, member.id, 500)
    fields = receipt_of(till.find("ola@example.com").text)
    checked = till.post("/pos/receipt", {**fields, "total": "20.00", "points": "300"})
    assert "To pay €17.00" in text_of(checked.text)
    answer = till.post("/pos/purchases", {**fields, "total": "20.00", "points": "300"})
    assert answer.status_code == 200, answer.text
    text = text_of(answer.text)
    assert "Paid with points 300 points (€3.00)" in text and "To pay €17.00" in text
    assert "Points earned: 20" in text and "New balance 220 points" in text
    assert balance(database, program, member.id).available == 500 + 20 - 300
    spend = api.get(f"/api/v1/members/{member.id}/ledger").json()["items"][0]
    assert (spend["kind"], spend["amount"], spend["actor"], spend["details"]) \
        == ("spend", -300, f"staff:{till.user_id}", {"reference": fields["external_id"]})
    too_many = receipt_of(till.find("ola@example.com").text)
    refused = till.post("/pos/purchases", {**too_many, "total": "20.00", "points": "900"})
    assert refused.status_code == 409 and "The member has only 220 points available." in text_of(refused.text)
    more_than_due = till.post("/pos/purchases", {**too_many, "total": "1.00", "points": "200"})
    assert more_than_due.status_code == 422
    assert "These points are worth more than is left to pay." in text_of(more_than_due.text)
    assert purchases_of(database, program) == 1
    assert balance(database, program, member.id).available == 220


def test_the_member_sees_their_tier_and_a_new_tier_after_the_purchase(till: Till, database: Database,
                                                                      program: Program) -> None:
    make_rule(database, program, **ONE_POINT_PER_EURO)
    make_levels(database, program)  # member (base), silver from 100 points
    make_member(database, program, email="ola@example.com")
    page = till.find("ola@example.com")
    assert "Tier Member" in text_of(page.text)
    answer = till.post("/pos/purchases", {**receipt_of(page.text), "total": "150"})
    assert "Points earned: 150" in text_of(answer.text) and "New tier: Silver" in text_of(answer.text)
    assert "Tier Silver" in text_of(till.find("ola@example.com").text)


def test_a_blocked_member_gets_no_receipt(till: Till, api: TestClient, database: Database, program: Program) -> None:
    member = make_member(database, program, email="ola@example.com")
    assert api.patch(f"/api/v1/members/{member.id}", json={"status": "blocked"}).status_code == 200
    page = till.find("ola@example.com")
    assert "This member is blocked" in text_of(page.text) and 'name="external_id"' not in page.text


def test_a_double_submit_records_once(till: Till, database: Database, program: Program) -> None:
    make_rule(database, program, **ONE_POINT_PER_EURO)
    member = make_member(database, program, email="ola@example.com")
    give_points(database, program, member.id, 100)
    fields = {**receipt_of(till.find("ola@example.com").text), "total": "10.00", "points": "50"}
    first = till.post("/pos/purchases", fields)
    second = till.post("/pos/purchases", fields)
    assert first.status_code == second.status_code == 200
    assert "nothing was recorded again" in text_of(second.text)
    assert purchases_of(database, program) == 1
    assert balance(database, program, member.id).available == 100 + 10 - 50


def test_a_new_printed_card_is_registered_by_its_first_purchase(till: Till, database: Database,
                                                                 program: Program) -> None:
    [number] = make_cards(database, program)
    page = till.find(number)
    assert page.status_code == 200 and "is not registered yet" in text_of(page.text)
    answer = till.post("/pos/purchases", {**receipt_of(page.text), "total": "5"})
    assert answer.status_code == 200 and "Purchase recorded" in text_of(answer.text)
    assert till.find(number).status_code == 200 and 'name="member_id"' in till.find(number).text


def test_signed_out_goes_to_the_sign_in_page(database: Database, program: Program) -> None:
    with page_client(database) as client:
        assert client.get("/pos").headers["location"] == "/pos/sign-in?next=/pos"
        assert client.post("/pos/purchases", data={"total": "5"}).headers["location"] == "/pos/sign-in"


def test_a_post_without_its_csrf_token_is_refused_and_records_nothing(till: Till, database: Database,
                                                                      program: Program) -> None:
    make_member(database, program, email="ola@example.com")
    fields = receipt_of(till.find("ola@example.com").text)
    refused = till.client.post("/pos/purchases", data={**fields, "total": "10"})
    forged = till.client.post("/pos/purchases", data={**fields, "total": "10", "csrf_token": "forged"})
    assert refused.status_code == forged.status_code == 403
    assert purchases_of(database, program) == 0


def test_an_analyst_may_not_use_the_till(database: Database, program: Program) -> None:
    analyst = make_staff_user(database, program, "analyst")
    with page_client(database) as client:
        sign_in_staff(client, analyst)
        assert client.get("/pos").status_code == 403


def test_a_cashier_may_not_open_the_panel(till: Till) -> None:
    # /admin/rules is another branch's page; the whole panel is refused by the same permission.
    assert till.client.get("/admin").status_code == 403
    assert till.client.get("/pos").status_code == 200


def test_the_screen_signs_out_to_the_till(till: Till) -> None:
    page = till.client.get("/pos")
    assert 'name="face" value="pos"' in page.text
    out = till.post("/sign-out", {"face": "pos"})
    assert out.headers["location"] == "/pos/sign-in"
    assert till.client.get("/pos").headers["location"].startswith("/pos/sign-in")
    assert csrf_of(till.client.get("/pos/sign-in").text)


@pytest.mark.parametrize(("language", "expected"), [("pl", "Znajdź uczestnika"), ("ru", "Найти участника")])
def test_the_screen_speaks_the_cashiers_language(till: Till, database: Database, program: Program, language: str,
                                                 expected: str) -> None:
    make_member(database, program, email="ola@example.com")
    till.client.cookies.set("loyalty_lang", language)
    page = till.find("ola@example.com")
    assert f'lang="{language}"' in page.text and expected in text_of(page.text)
    assert "Record purchase" not in page.text
