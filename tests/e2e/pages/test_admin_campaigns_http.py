"""The admin panel's campaigns over plain HTTP on both databases: a campaign made from a pasted
list and from the condition builder, launched, worked through, and its results shown side by
side; roles kept to what they may do."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from loyalty.audit.models import AuditEntry
from loyalty.campaigns.models import Campaign
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs.models import Program
from tests.factories import campaigns as factory
from tests.factories.ledger import balance
from tests.factories.members import make_member
from tests.factories.staff import csrf_of, make_staff_user, page_client, sign_in_staff


@pytest.fixture
def browser(database: Database) -> Iterator[TestClient]:
    with page_client(database) as client:
        yield client


def form(csrf: str, **fields: str) -> dict[str, str]:
    return {"csrf_token": csrf, "name": "Thanks", "target": "list", "members": "", "starts_at": "", "ends_at": "",
            "message_channel": "", "message_template_key": "", "offer_kind": "points", "offer_points": "40",
            "voucher_campaign_id": "", "offer_value": "", "budget_kind": "none", "budget_amount": "",
            "control_percent": "0", "attribution_days": "14", "c.kind": "all", **fields}


def test_a_pasted_list_campaign_is_launched_and_its_results_shown(browser: TestClient, database: Database,
                                                                  program: Program) -> None:
    anna = make_member(database, program, email="anna@example.com")
    ben = make_member(database, program, email="ben@example.com")
    csrf = sign_in_staff(browser, make_staff_user(database, program, "marketer"))
    assert "/admin/campaigns" in browser.get("/admin").text

    refused = browser.post("/admin/campaigns/new", data=form(csrf, members="anna@example.com\nnobody@example.com"))
    assert refused.status_code == 422 and "nobody@example.com" in refused.text
    created = browser.post("/admin/campaigns/new", data=form(csrf, members=f"email\nanna@example.com\n{ben.id}",
                                                             budget_kind="points", budget_amount="40"))
    assert created.status_code == 303, created.text
    campaign_id = int(created.headers["location"].rsplit("/", 1)[1])
    page = browser.get(f"/admin/campaigns/{campaign_id}")
    assert "listed members: 2" in page.text and "Launch now" in page.text
    with unit_of_work(database, read_only=True) as session:
        assert session.scalar(select(AuditEntry.action).where(AuditEntry.subject_type == "campaign")) \
            == "campaign.created"

    launched = browser.post(f"/admin/campaigns/{campaign_id}/launch", data={"csrf_token": csrf})
    assert launched.status_code == 303
    factory.work_through(database, campaign_id)

    results = browser.get(f"/admin/campaigns/{campaign_id}")
    assert results.status_code == 200
    assert "Target group" in results.text and "Budget spent" in results.text
    assert "needs at least two members in each group" in results.text
    assert balance(database, program, anna.id).available == 40
    assert balance(database, program, ben.id).available == 0
    assert "Completed" in browser.get("/admin/campaigns").text


def test_the_condition_builder_makes_the_campaigns_condition(browser: TestClient, database: Database,
                                                             program: Program) -> None:
    csrf = sign_in_staff(browser, make_staff_user(database, program, "owner"))
    added = browser.post("/admin/campaigns/builder", data={**form(csrf), "builder": "add-condition:c"},
                         headers={"HX-Request": "true"})
    assert added.status_code == 200 and 'name="c.0.field"' in added.text
    assert 'hx-post="/admin/campaigns/builder"' in added.text
    created = browser.post("/admin/campaigns/new", data=form(
        csrf, target="condition", control_percent="20", **{"c.0.kind": "cond", "c.0.field": "member.age",
                                                            "c.0.op": "gte", "c.0.value": "18"}))
    assert created.status_code == 303, created.text
    with unit_of_work(database, read_only=True) as session:
        campaign = session.scalars(select(Campaign).where(Campaign.program_id == program.id)).one()
        assert campaign.condition == {"all": [{"field": "member.age", "op": "gte", "value": 18}]}
        assert str(campaign.control_share) == "0.2000"
    bad = browser.post("/admin/campaigns/new", data=form(
        csrf, target="condition", **{"c.0.kind": "cond", "c.0.field": "purchase.total", "c.0.op": "gte",
                                     "c.0.value": "1"}))
    assert bad.status_code == 422 and "unknown field" in bad.text


def test_an_analyst_sees_campaigns_but_cannot_make_one(browser: TestClient, database: Database,
                                                       program: Program) -> None:
    campaign = factory.make_campaign(database, program, message={"channel": "email", "template_key": "hi"},
                                     offer=None)
    sign_in_staff(browser, make_staff_user(database, program, "analyst"))
    assert browser.get("/admin/campaigns").status_code == 200
    assert browser.get(f"/admin/campaigns/{campaign.id}").status_code == 200
    page = browser.get("/admin/campaigns/new")
    assert page.status_code == 403
    csrf = csrf_of(browser.get("/admin/campaigns").text)
    assert browser.post(f"/admin/campaigns/{campaign.id}/launch", data={"csrf_token": csrf}).status_code == 403
