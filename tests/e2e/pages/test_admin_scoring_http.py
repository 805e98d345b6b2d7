"""The single customer view and GET /api/v1/members/{id}/scores show the member's scores and
how far the churn model is trusted; another program's member and an unscored one get nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from html import unescape

from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs.models import Program
from loyalty.scoring.models import MemberScore, ScoringRun
from tests.factories.members import make_member
from tests.factories.programs import make_api_key, make_program
from tests.factories.staff import make_staff_user, page_client, sign_in_staff

SCORED_AT = datetime(2026, 5, 4, 2, 0, tzinfo=UTC)


def scored(database: Database, program: Program, *, model_auc: float | None, baseline_auc: float,
           chosen: str) -> int:
    member = make_member(database, program, first_name="Ewa")
    with unit_of_work(database) as session:
        session.add(ScoringRun(program_id=program.id, fitted_at=SCORED_AT, horizon_days=360, parameters={},
                               log_likelihood=-1234.5, model_auc=model_auc, baseline_auc=baseline_auc,
                               churn_model=chosen, members_scored=1))
        session.add(MemberScore(program_id=program.id, member_id=member.id, rfm_recency=5, rfm_frequency=4,
                                rfm_monetary=3, rfm_cell="champions", expected_purchases=3.46, p_alive=0.87,
                                predicted_value=12345, churn_risk=0.21, scored_at=SCORED_AT))
    return member.id


def member_page(database: Database, program: Program, member_id: int) -> str:
    client = page_client(database)
    sign_in_staff(client, make_staff_user(database, program, "owner"))
    answer = client.get(f"/admin/members/{member_id}")
    assert answer.status_code == 200
    return " ".join(unescape(answer.text).split())


def test_the_customer_view_shows_cell_value_alive_and_churn(database: Database, program: Program) -> None:
    member_id = scored(database, program, model_auc=0.81, baseline_auc=0.74, chosen="model")
    page = member_page(database, program, member_id)
    assert "Champions" in page and "R 5 · F 4 · M 3" in page
    assert "3.5 in the next 12 months" in page
    assert "€123.45 in the next 12 months" in page
    assert "87 %" in page.replace("\xa0", " ") and "21 %" in page.replace("\xa0", " ")
    assert "holdout AUC 0.81 against 0.74 for recency alone" in page


def test_where_the_model_loses_the_view_says_recency_is_used(database: Database, program: Program) -> None:
    member_id = scored(database, program, model_auc=0.70, baseline_auc=0.74, chosen="recency")
    page = member_page(database, program, member_id)
    assert "The model does not beat recency; recency is used (holdout AUC 0.7 against 0.74)" in page


def test_an_unscored_member_says_so(database: Database, program: Program) -> None:
    member = make_member(database, program)
    assert "Not scored yet" in member_page(database, program, member.id)


def test_the_api_gives_the_scores_to_members_read_only(database: Database, program: Program,
                                                       client: TestClient) -> None:
    member_id = scored(database, program, model_auc=None, baseline_auc=0.74, chosen="recency")
    reader = make_api_key(database, program, scopes=["members:read"])
    answer = client.get(f"/api/v1/members/{member_id}/scores", headers={"Authorization": f"Bearer {reader.token}"})
    assert answer.status_code == 200
    body = answer.json()
    assert (body["rfm_cell"], body["predicted_value"], body["churn_model"]) == ("champions", 12345, "recency")
    assert body["p_alive"] == 0.87 and body["churn_model_auc"] is None and body["churn_baseline_auc"] == 0.74
    assert body["horizon_days"] == 360

    unscored = make_member(database, program)
    answer = client.get(f"/api/v1/members/{unscored.id}/scores", headers={"Authorization": f"Bearer {reader.token}"})
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_scored"

    other = make_program(database)
    outsider = make_api_key(database, other, scopes=["members:read"])
    answer = client.get(f"/api/v1/members/{member_id}/scores", headers={"Authorization": f"Bearer {outsider.token}"})
    assert answer.status_code == 404 and answer.json()["error"]["code"] != "not_scored"

    writer_only = make_api_key(database, program, scopes=["purchases:write"])
    answer = client.get(f"/api/v1/members/{member_id}/scores",
                        headers={"Authorization": f"Bearer {writer_only.token}"})
    assert answer.status_code == 403


def test_the_customer_value_page_shows_the_latest_run_and_the_cells(database: Database, program: Program) -> None:
    scored(database, program, model_auc=0.70, baseline_auc=0.74, chosen="recency")
    with unit_of_work(database) as session:
        session.add(ScoringRun(program_id=program.id, fitted_at=SCORED_AT.replace(hour=3), horizon_days=360,
                               parameters={"bgnbd": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426},
                                           "gamma_gamma": {"p": 6.25, "q": 3.74, "gamma": 15.44}},
                               log_likelihood=-9582.43, model_auc=0.70, baseline_auc=0.74, churn_model="recency",
                               members_scored=1))
    client = page_client(database)
    sign_in_staff(client, make_staff_user(database, program, "owner"))
    answer = client.get("/admin/customer-value")
    assert answer.status_code == 200
    page = " ".join(unescape(answer.text).split())
    assert "r = 0.243, α = 4.414, a = 0.793, b = 2.426" in page and "-9582.4" in page
    assert "p = 6.25, q = 3.74, γ = 15.44" in page
    assert "The model does not beat recency; recency is used." in page
    assert "Champions" in page and "€123.45" in page


def test_the_customer_value_page_before_any_run(database: Database) -> None:
    program = make_program(database)
    client = page_client(database)
    sign_in_staff(client, make_staff_user(database, program, "owner"))
    assert "Not scored yet" in client.get("/admin/customer-value").text
