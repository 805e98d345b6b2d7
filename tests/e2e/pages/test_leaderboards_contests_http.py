"""Leaderboards and contests in the admin panel and the member app over plain HTTP on both
databases: a board defined in the panel and watched live, a contest defined, drawn and audited;
a member sees their own row highlighted, picks the name they appear under, reads the rules, their
entries and the winners; nobody's e-mail or real name shows anywhere."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from loyalty.contests.models import Contest
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.gamification import service as gamification
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.worker import tasks_contests, tasks_gamification, tasks_leaderboards
from tests.factories.engagement_boards import buy, catch_up, make_board, make_contest, refund, start
from tests.factories.gamification import buy as buy_lines
from tests.factories.gamification import make_challenge
from tests.factories.ledger import give_points
from tests.factories.member_app import app_client, app_settings, sign_in_member
from tests.factories.members import make_member
from tests.factories.staff import make_staff_user, page_client, sign_in_staff


@pytest.fixture
def panel(database: Database) -> Iterator[TestClient]:
    with page_client(database) as client:
        yield client


@pytest.fixture
def app(database: Database, program: Program, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    outbox = tmp_path / "outbox"
    with app_client(database, app_settings(program, outbox)) as client:
        yield client, outbox


def test_staff_define_a_board_and_watch_it_live(panel: TestClient, database: Database, program: Program) -> None:
    start(database, tasks_leaderboards.subscriber)
    csrf = sign_in_staff(panel, make_staff_user(database, program, "marketer"))
    assert "/admin/leaderboards" in panel.get("/admin").text

    refused = panel.post("/admin/leaderboards", data={"csrf_token": csrf, "name": "Spring", "measure": "points",
                                                      "period": "season", "scope": "program"})
    created = panel.post("/admin/leaderboards", data={"csrf_token": csrf, "name": "December points",
                                                      "measure": "points", "period": "month", "scope": "program"})
    assert refused.status_code == 422 and "season" in refused.text
    assert created.status_code == 303, created.text
    board_url = created.headers["location"]
    member = make_member(database, program, email="kasia.zielinska@example.com", first_name="Kasia")
    give_points(database, program, member.id, 420)
    catch_up(database, tasks_leaderboards.subscriber)

    page = panel.get(board_url).text
    fragment = panel.get(f"{board_url}/standings").text

    assert "December points" in page and 'hx-trigger="every 2s"' in page
    assert "420" in fragment and "Member #" in fragment
    assert "Kasia" not in page + fragment and "example.com" not in page + fragment
    panel.get("/lang/pl")
    assert "Uczestnik nr " in panel.get(f"{board_url}/standings").text  # the pseudonym in the page's language


def test_staff_define_a_contest_draw_it_and_see_the_audit_record(panel: TestClient, database: Database,
                                                                 program: Program) -> None:
    start(database, tasks_contests.subscriber)
    csrf = sign_in_staff(panel, make_staff_user(database, program, "marketer"))
    now = clock.now()
    local = "%Y-%m-%dT%H:%M"
    created = panel.post("/admin/contests", data={
        "csrf_token": csrf, "name": "Bike draw", "prize": "A bike", "rules_text": "One entry per purchase.",
        "entry_action": "purchase", "entries_per_action": "1", "max_entries_per_member": "3", "winners_count": "1",
        "opens_at": (now - timedelta(days=2)).strftime(local), "closes_at": (now + timedelta(days=2)).strftime(local)})
    assert created.status_code == 303, created.text
    contest_url = created.headers["location"]
    contest_id = int(contest_url.rsplit("/", 1)[1])
    member = make_member(database, program)
    buy(database, program, member.id, 1000)
    returned = buy(database, program, member.id, 2000)
    catch_up(database, tasks_contests.subscriber)
    refund(database, program, returned, 2000)
    catch_up(database, tasks_contests.subscriber)
    listed = panel.get(contest_url).text
    assert f"#{member.id}" in listed and 'id="draw"' not in listed
    assert listed.count("withdrawn: refunded") == 1
    with unit_of_work(database) as session:
        session.execute(update(Contest).where(Contest.id == contest_id).values(closes_at=now))

    assert 'id="draw"' in panel.get(contest_url).text
    drawn = panel.post(f"{contest_url}/draw", data={"csrf_token": csrf})
    page = panel.get(contest_url).text

    assert drawn.status_code == 303
    assert "Same entries, same winners" in page and "hmac-sha256-tickets/v1" in page and "Member #" in page
    assert panel.post(f"{contest_url}/draw", data={}).status_code == 403                      # no CSRF token


def test_a_member_sees_their_rank_chooses_a_name_and_follows_a_contest(
        app: tuple[TestClient, Path], database: Database, program: Program) -> None:
    client, outbox = app
    start(database, tasks_leaderboards.subscriber)
    start(database, tasks_contests.subscriber)
    board = make_board(database, program, name="This month's points")
    contest = make_contest(database, program, name="Weekend draw", rules_text="Buy anything: one entry.\nMax 5.")
    me = make_member(database, program, email="marta@example.com", first_name="Marta", last_name="Lis")
    rival = make_member(database, program, email="rival.person@example.com", first_name="Roman")
    give_points(database, program, me.id, 200)
    give_points(database, program, rival.id, 500)
    buy(database, program, me.id, 1500)
    catch_up(database)
    csrf = sign_in_member(client, outbox, "marta@example.com")

    page = client.get("/app/leaderboards").text
    assert "This month&#39;s points" in page or "This month's points" in page
    assert 'class="me"' in page and "You are number 2 with 200." in page
    assert "Roman" not in page and "rival.person" not in page and "Lis" not in page

    refused = client.post("/app/leaderboards/name", data={"csrf_token": csrf, "display_name": "m@x.pl",
                                                          "shows_name": "1"})
    saved = client.post("/app/leaderboards/name", data={"csrf_token": csrf, "display_name": "Marta the Fast",
                                                        "shows_name": "1"})
    assert refused.status_code == 422 and saved.status_code == 303
    assert "Marta the Fast" in client.get(f"/app/leaderboards/{board.id}").text
    assert client.post("/app/leaderboards/name", data={"display_name": "x"}).status_code == 403
    exported = client.get("/app/my-data.json").json()
    assert exported["leaderboards"]["public_name"]["display_name"] == "Marta the Fast"
    assert [score["score"] for score in exported["leaderboards"]["scores"]] == [200]
    assert [entry["entries"] for entry in exported["contest_entries"]] == [1]

    contests_page = client.get("/app/contests").text
    assert "Weekend draw" in contests_page and "Your entries: 1 of at most 5." in contests_page
    assert "Buy anything: one entry." in contests_page and "Closes" in contests_page
    with unit_of_work(database) as session:
        session.execute(update(Contest).where(Contest.id == contest.id).values(closes_at=clock.now()))
    tasks_contests.draw_due(database)
    drawn_page = client.get("/app/contests").text
    assert "You won!" in drawn_page and "Marta the Fast" in drawn_page
    wins = client.get("/app/my-data.json").json()["contest_wins"]
    assert [(win["contest"], win["prize"]) for win in wins] == [("Weekend draw", "A bicycle")]


def _running_challenge(database: Database, program: Program, name: str) -> int:
    now = clock.now()
    return make_challenge(database, program, name=name, measure="purchase_count", goal=10,
                          starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=10)).id


def test_staff_define_a_board_ranked_by_a_challenges_progress(panel: TestClient, database: Database,
                                                              program: Program) -> None:
    start(database, tasks_gamification.subscriber)
    challenge_id = _running_challenge(database, program, "Ten coffees")
    csrf = sign_in_staff(panel, make_staff_user(database, program, "marketer"))
    form = panel.get("/admin/leaderboards").text
    assert "A challenge&#39;s progress" in form or "A challenge's progress" in form
    assert f'<option value="{challenge_id}">Ten coffees</option>' in form

    missing = panel.post("/admin/leaderboards", data={"csrf_token": csrf, "name": "Coffee race",
                                                      "measure": "challenge", "period": "month", "scope": "program"})
    created = panel.post("/admin/leaderboards", data={"csrf_token": csrf, "name": "Coffee race", "period": "month",
                                                      "measure": "challenge", "challenge_id": str(challenge_id),
                                                      "scope": "program"})
    assert missing.status_code == 422
    assert created.status_code == 303, created.text
    member = make_member(database, program, email="kuba.nowak@example.com", first_name="Kuba")
    with unit_of_work(database) as session:
        gamification.join_challenge(session=session, program=program, member_id=member.id,
                                    challenge_id=challenge_id, actor="test")
    buy_lines(database, program, member.id)
    buy_lines(database, program, member.id)
    catch_up(database, tasks_gamification.subscriber)

    fragment = panel.get(f"{created.headers['location']}/standings").text
    listing = panel.get("/admin/leaderboards").text
    assert "Member #" in fragment and '<td class="number">2</td></tr>' in fragment  # two purchases of ten
    assert "Kuba" not in fragment and "example.com" not in fragment
    assert "Ten coffees" in listing


def test_a_member_sees_their_place_in_a_challenge_board(app: tuple[TestClient, Path], database: Database,
                                                        program: Program) -> None:
    client, outbox = app
    start(database, tasks_gamification.subscriber)
    challenge_id = _running_challenge(database, program, "Ten visits")
    board = make_board(database, program, name="Visits race", measure="challenge", challenge_id=challenge_id)
    me = make_member(database, program, email="ola@example.com", first_name="Ola")
    rival = make_member(database, program, email="rafal@example.com", first_name="Rafał")
    for member, visits in ((me, 1), (rival, 3)):
        with unit_of_work(database) as session:
            gamification.join_challenge(session=session, program=program, member_id=member.id,
                                        challenge_id=challenge_id, actor="test")
        for _ in range(visits):
            buy_lines(database, program, member.id)
    catch_up(database, tasks_gamification.subscriber)
    sign_in_member(client, outbox, "ola@example.com")

    page = client.get("/app/leaderboards").text
    own = client.get(f"/app/leaderboards/{board.id}").text
    assert "Visits race" in page and "Challenge progress" in page
    assert "You are number 2 with 1." in page and "You are number 2 with 1." in own
    assert "Rafał" not in page + own and "rafal@" not in page + own
