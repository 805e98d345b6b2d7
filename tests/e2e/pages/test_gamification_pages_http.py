"""Badges and challenges in the admin panel and the member app over plain HTTP, on both
databases: a badge and a challenge built with the panel's forms (refusals beside their fields),
a member's badges and challenges on their page, the member app's screens showing the member's
own progress, and joining with CSRF."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from loyalty.db.engine import Database
from loyalty.kernel import clock
from loyalty.programs.models import Program
from tests.factories.gamification import buy, evaluate, make_badge, make_challenge
from tests.factories.member_app import app_client, app_settings, sign_in_member
from tests.factories.members import make_member
from tests.factories.staff import csrf_of, make_staff_user, page_client, sign_in_staff


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    return tmp_path / "outbox"


def _local(days: int, program: Program) -> str:
    return (clock.now() + timedelta(days=days)).astimezone(ZoneInfo(program.timezone)).strftime("%Y-%m-%dT%H:%M")


def test_an_owner_builds_a_badge_and_a_challenge_in_the_panel(database: Database, program: Program) -> None:
    with page_client(database) as admin:
        csrf = sign_in_staff(admin, make_staff_user(database, program, "owner"))
        assert "/admin/badges" in admin.get("/admin").text
        badge = {"csrf_token": csrf, "name": "Collector", "measure": "purchase_count", "description": "",
                 "event_type": "", "condition": "", "is_active": "1", "level_name_0": "Bronze",
                 "level_threshold_0": "5", "level_points_0": "10", "level_voucher_0": "",
                 "level_name_1": "Silver", "level_threshold_1": "3", "level_points_1": "", "level_voucher_1": ""}
        falling = admin.post("/admin/badges/new", data=badge)
        created = admin.post("/admin/badges/new", data={**badge, "level_threshold_1": "10"})
        challenge = {"csrf_token": csrf, "name": "Three visits", "description": "Shop three times",
                     "measure": "purchase_count", "goal": "3", "channel": "", "event_type": "", "condition": "",
                     "starts_at": _local(-1, program), "ends_at": _local(20, program), "segment_id": "",
                     "reward_points": "100", "voucher_campaign_id": "", "is_active": "1"}
        bad_json = admin.post("/admin/challenges/new", data={**challenge, "condition": "{not json"})
        made = admin.post("/admin/challenges/new", data=challenge)

        assert falling.status_code == 422 and "rise" in falling.text
        assert created.status_code == 303, created.text
        assert "Collector" in admin.get("/admin/badges").text
        assert bad_json.status_code == 422 and "not valid JSON" in bad_json.text
        assert made.status_code == 303, made.text
        page = admin.get(made.headers["location"]).text
        assert "challenge-stats" in page and "Three visits" in admin.get("/admin/challenges").text
        edited = admin.post(made.headers["location"], data={**challenge, "goal": "4", "csrf_token": csrf_of(page)})
        assert edited.status_code == 303 and 'value="4"' in admin.get(made.headers["location"]).text


def test_the_panels_award_existing_checkbox_back_fills_a_new_badge(database: Database, program: Program) -> None:
    from loyalty.worker import tasks_gamification

    regular = make_member(database, program)
    buy(database, program, regular.id)
    with page_client(database) as admin:
        csrf = sign_in_staff(admin, make_staff_user(database, program, "owner"))
        created = admin.post("/admin/badges/new", data={
            "csrf_token": csrf, "name": "Already a customer", "measure": "purchase_count", "description": "",
            "event_type": "", "condition": "", "is_active": "1", "award_existing": "1", "level_name_0": "Customer",
            "level_threshold_0": "1", "level_points_0": "5", "level_voucher_0": ""})
        assert created.status_code == 303, created.text
        running = admin.get(created.headers["location"]).text
        tasks_gamification.backfill_badges(database)
        finished = admin.get(created.headers["location"]).text

    assert "badge-backfill" in running and "Running" in running
    assert "Finished" in finished and f"/admin/members/{regular.id}" in finished
    assert 'name="award_existing"' not in finished                                    # only when creating


def test_a_member_sees_their_badges_and_joins_a_challenge(database: Database, program: Program,
                                                           outbox: Path) -> None:
    make_badge(database, program, name="Collector", measure="purchase_count",
               levels=[{"name": "Bronze", "threshold": 2}, {"name": "Silver", "threshold": 4}])
    now = clock.now()
    challenge = make_challenge(database, program, name="Three visits", measure="purchase_count", goal=3,
                               reward_points=100, starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=9))
    member = make_member(database, program, email="ala@example.com")
    other = make_member(database, program, email="ola@example.com")
    for _ in range(3):
        buy(database, program, member.id)
    buy(database, program, other.id)
    evaluate(database, program, member.id)

    with app_client(database, app_settings(program, outbox)) as app:
        csrf = sign_in_member(app, outbox, "ala@example.com")
        badges = app.get("/app/badges").text
        without_token = app.post(f"/app/challenges/{challenge.id}/join", data={})
        joined = app.post(f"/app/challenges/{challenge.id}/join", data={"csrf_token": csrf})
        buy(database, program, member.id)
        screen = app.get("/app/challenges").text
        exported = app.get("/app/my-data.json").json()

    assert "Earned: Bronze" in badges and "3 of 4" in badges
    assert [(award["badge"], award["level_name"]) for award in exported["badges_earned"]] == [("Collector", "Bronze")]
    assert [(joined["challenge"], joined["source"]) for joined in exported["challenges"]] == [("Three visits",
                                                                                               "joined")]
    assert without_token.status_code == 403
    assert joined.status_code == 303
    assert "1 of 3" in screen and "Join</button>" not in screen
    with page_client(database) as admin:
        sign_in_staff(admin, make_staff_user(database, program, "owner"))
        page = admin.get(f"/admin/members/{member.id}").text
        other_page = admin.get(f"/admin/members/{other.id}").text
    assert 'id="badges"' in page and "Bronze" in page and "1 / 3" in page
    assert "In no challenge." in other_page


def test_another_programs_badges_and_challenges_stay_out_of_sight(database: Database, program: Program,
                                                                  outbox: Path) -> None:
    from tests.factories.programs import make_program

    other = make_program(database, name="Another shop")
    now = clock.now()
    theirs = make_challenge(database, other, name="Theirs", measure="purchase_count", goal=1,
                            starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=9))
    their_badge = make_badge(database, other, name="Their badge", measure="purchase_count",
                             levels=[{"name": "One", "threshold": 1}])
    make_member(database, program, email="ewa@example.com")
    with page_client(database) as admin:
        sign_in_staff(admin, make_staff_user(database, program, "owner"))
        assert admin.get(f"/admin/challenges/{theirs.id}").status_code == 404
        assert admin.get(f"/admin/badges/{their_badge.id}").status_code == 404
        assert "Theirs" not in admin.get("/admin/challenges").text
    with app_client(database, app_settings(program, outbox)) as app:
        csrf = sign_in_member(app, outbox, "ewa@example.com")
        assert "Theirs" not in app.get("/app/challenges").text
        assert "Their badge" not in app.get("/app/badges").text
        refused = app.post(f"/app/challenges/{theirs.id}/join", data={"csrf_token": csrf})
    assert refused.status_code == 404 and "There is no such challenge." in refused.text
