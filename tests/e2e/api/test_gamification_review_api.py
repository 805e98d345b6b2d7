"""Review finding (h-review) over HTTP: a held badge level cannot be moved by a PATCH of the levels."""

from __future__ import annotations

from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.factories.gamification import buy, evaluate
from tests.factories.members import make_member


def test_patching_levels_below_a_held_one_is_refused(api: TestClient, database: Database, program: Program) -> None:
    badge = api.post("/api/v1/badges", json={"name": "Regular", "measure": "purchase_count",
                                             "levels": [{"name": "Silver", "threshold": 2, "points": 100}]}).json()
    member = make_member(database, program)
    for _ in range(2):
        buy(database, program, member.id)
    evaluate(database, program, member.id)

    refused = api.patch(f"/api/v1/badges/{badge['id']}", json={"levels": [
        {"name": "Bronze", "threshold": 1}, {"name": "Silver", "threshold": 2, "points": 100}]})
    renamed = api.patch(f"/api/v1/badges/{badge['id']}", json={"levels": [
        {"name": "Argent", "threshold": 2, "points": 100}, {"name": "Gold", "threshold": 5, "points": 300}]})

    assert refused.status_code == 422 and refused.json()["error"]["code"] == "levels_in_use"
    assert renamed.status_code == 200 and [level["name"] for level in renamed.json()["levels"]] == ["Argent", "Gold"]
