"""The admin panel's journeys over plain HTTP on both databases: the list with counts, the JSON
editor refusing a graph with each problem by field, the readable steps, versions, activation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.factories.journeys import happen
from tests.factories.members import make_member
from tests.factories.staff import make_staff_user, page_client, sign_in_staff

GRAPH: dict[str, Any] = {
    "entry": {"type": "event", "event_type": "member.lapsed"}, "goal": {"event_type": "purchase.recorded"},
         "start": "miss", "steps": [
             {"id": "miss", "label": "We miss you", "type": "send_message", "template_key": "winback",
              "next": "wait"},
             {"id": "wait", "type": "wait", "duration": {"days": 7}, "next": "came"},
             {"id": "came", "type": "branch", "exits": {"yes": None, "no": "bonus"},
              "condition": {"field": "engagement.miss.opened", "op": "eq", "value": True}},
             {"id": "bonus", "type": "award_points", "points": 200}]}


@pytest.fixture
def browser(database: Database) -> Iterator[TestClient]:
    with page_client(database) as client:
        yield client


def test_a_marketer_creates_activates_and_edits_a_journey(browser: TestClient, database: Database,
                                                          program: Program) -> None:
    csrf = sign_in_staff(browser, make_staff_user(database, program, "marketer"))
    broken = {**GRAPH, "steps": [{**GRAPH["steps"][0], "next": "wiat"}, *GRAPH["steps"][1:]]}

    refused = browser.post("/admin/journeys", data={"csrf_token": csrf, "name": "Win-back",
                                                    "graph": json.dumps(broken)})
    assert refused.status_code == 422
    assert "<code>graph.steps[0].next</code>: no step has id &#39;wiat&#39;" in refused.text
    not_json = browser.post("/admin/journeys", data={"csrf_token": csrf, "name": "Win-back", "graph": "{"})
    assert not_json.status_code == 422 and "not JSON" in not_json.text

    created = browser.post("/admin/journeys", data={"csrf_token": csrf, "name": "Win-back",
                                                    "graph": json.dumps(GRAPH)}, follow_redirects=False)
    assert created.status_code == 303
    page_url = created.headers["location"]
    journey_id = int(page_url.rsplit("/", 1)[1])
    browser.post(f"{page_url}/status", data={"csrf_token": csrf, "status": "active"})
    member = make_member(database, program)
    happen(database, program, member.id, "member.lapsed", {})

    page = browser.get(page_url).text
    assert "We miss you" in page and "Wait 7 d" in page and "if no → <a href=\"#step-bonus\">bonus</a>" in page
    assert "1 here now, 1 reached it" in page  # the member waits at "wait"
    timeline = browser.get(f"/admin/members/{member.id}/timeline").text
    assert "Entered the journey “Win-back” (version 1)." in timeline
    assert "“Win-back”: passed We miss you (next)." in timeline
    assert "“Win-back”: waits at wait until " in timeline
    listed = browser.get("/admin/journeys").text
    assert "Win-back" in listed and "wait: 1" in listed

    changed = {**GRAPH, "steps": [*GRAPH["steps"][:3], {"id": "bonus", "type": "award_points", "points": 300}]}
    saved = browser.post(page_url, data={"csrf_token": csrf, "name": "Win-back",
                                         "graph": json.dumps(changed)}, follow_redirects=True)
    assert "Saved as version 2" in saved.text
    assert journey_id > 0


def test_an_analyst_sees_the_journey_but_cannot_change_it(browser: TestClient, database: Database,
                                                          program: Program) -> None:
    marketer = TestClient(browser.app, follow_redirects=False)
    csrf = sign_in_staff(marketer, make_staff_user(database, program, "marketer"))
    created = marketer.post("/admin/journeys", data={"csrf_token": csrf, "name": "Win-back",
                                                     "graph": json.dumps(GRAPH)}, follow_redirects=False)
    page_url = created.headers["location"]
    analyst_csrf = sign_in_staff(browser, make_staff_user(database, program, "analyst"))

    page = browser.get(page_url)
    change = browser.post(f"{page_url}/status", data={"csrf_token": analyst_csrf,
                                                      "status": "active"})

    assert page.status_code == 200 and "Win-back" in page.text and "Save the journey" not in page.text
    assert change.status_code == 403


def test_the_control_share_is_set_in_the_editor_and_the_page_shows_the_results(
        browser: TestClient, database: Database, program: Program) -> None:
    csrf = sign_in_staff(browser, make_staff_user(database, program, "marketer"))
    created = browser.post("/admin/journeys", data={"csrf_token": csrf, "name": "Win-back", "control_share": "0",
                                                    "graph": json.dumps(GRAPH)}, follow_redirects=False)
    page_url = created.headers["location"]

    no_window = browser.post(page_url, data={"csrf_token": csrf, "name": "Win-back", "control_share": "50",
                                             "graph": json.dumps(GRAPH)})
    too_many = browser.post(page_url, data={"csrf_token": csrf, "name": "Win-back", "control_share": "95",
                                            "graph": json.dumps(GRAPH)})
    windowed = {**GRAPH, "goal": {"event_type": "purchase.recorded", "window": {"days": 14}}}
    saved = browser.post(page_url, data={"csrf_token": csrf, "name": "Win-back", "control_share": "50",
                                         "graph": json.dumps(windowed)}, follow_redirects=True)
    browser.post(f"{page_url}/status", data={"csrf_token": csrf, "status": "active"})
    for _ in range(4):
        happen(database, program, make_member(database, program).id, "member.lapsed", {})
    page = browser.get(page_url)

    assert no_window.status_code == 422 and "<code>graph.holdout.share</code>" in no_window.text
    assert too_many.status_code == 422 and "0 to 90" in too_many.text
    assert "Saved as version 2" in saved.text
    assert "&#34;share&#34;: 0.5" in page.text
    assert 'name="control_share" type="text" inputmode="decimal" value="50"' in page.text
    assert "Control group: 50 % of the entrants are held out." in page.text
    assert "It counts within 14 d of the entry." in page.text
    assert 'id="journey-results"' in page.text
    entered_row = page.text.split("<th scope=\"row\">Entered</th>", 1)[1].split("</tr>", 1)[0]
    counts = [int(cell.split(">", 1)[1].split("<", 1)[0]) for cell in entered_row.split("<td")[1:]]
    assert sum(counts) == 4
