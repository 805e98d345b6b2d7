"""Leaderboards and contests in a real headless Chromium against the real server (SQLite): a
member on a phone sees their own row highlighted, picks the name they appear under and reads a
contest's rules and their entries, nothing sticking out at 390 px; staff watch a board update by
itself as the worker counts a member's new points."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.gamification import service as gamification
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.web.app import create_app
from loyalty.worker import tasks_contests, tasks_gamification, tasks_leaderboards
from tests.e2e.pages.accessibility import save_screenshot, serious_violations
from tests.e2e.pages.browsing import DESKTOP, PHONE, new_page, sign_in_staff_in_browser, wait_until
from tests.e2e.pages.conftest import serving
from tests.factories.engagement_boards import buy, catch_up, make_board, make_contest, start
from tests.factories.gamification import buy as buy_lines
from tests.factories.gamification import make_challenge
from tests.factories.ledger import give_points
from tests.factories.member_app import app_settings, mailed_soon
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.staff import make_staff_user


@pytest.fixture(scope="module")
def site(sqlite_database: Database,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Database, Program, Path]]:
    program = make_program(sqlite_database, name="Sklep Rowerowy")
    outbox = tmp_path_factory.mktemp("boards-outbox")
    start(sqlite_database, tasks_leaderboards.subscriber)
    start(sqlite_database, tasks_contests.subscriber)
    with serving(create_app(app_settings(program, outbox), database=sqlite_database)) as base:
        yield base, sqlite_database, program, outbox


def sign_in(page: Any, base: str, outbox: Path, email: str) -> None:
    page.goto(f"{base}/app")
    page.wait_for_url(re.compile(r"/app/sign-in"))
    page.get_by_label("E-mail").first.fill(email)
    page.get_by_role("button", name="Send me a code").click()
    code, _ = mailed_soon(outbox, email)
    page.get_by_label("Code from the e-mail").fill(code)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/app")


def test_a_member_sees_their_row_highlighted_and_a_contest_on_a_phone(chromium: Any, site: Any) -> None:
    base, database, program, outbox = site
    make_board(database, program, name="Points this month")
    make_contest(database, program, name="Win a city bike", rules_text="One entry per purchase, five at most.")
    me = make_member(database, program, email="ewa@example.com", first_name="Ewa", last_name="Mazur")
    rival = make_member(database, program, email="piotr@example.com", first_name="Piotr")
    give_points(database, program, me.id, 150)
    give_points(database, program, rival.id, 900)
    buy(database, program, me.id, 2000)
    catch_up(database)
    page = new_page(chromium, PHONE)
    try:
        sign_in(page, base, outbox, "ewa@example.com")
        page.get_by_role("link", name="Leaderboards", exact=True).click()
        page.wait_for_url(f"{base}/app/leaderboards")

        mine = page.locator("tr.me")
        assert mine.count() == 1 and "150" in mine.inner_text()
        assert mine.evaluate("row => getComputedStyle(row).backgroundColor") == "rgb(255, 243, 196)"
        assert page.locator(".my-rank").first.inner_text() == "You are number 2 with 150."
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        text = page.locator("main").inner_text()
        assert "Piotr" not in text and "piotr@" not in text and "Mazur" not in text
        save_screenshot(page, "member-app-leaderboards-phone")
        assert serious_violations(page) == []

        page.get_by_label("Display name").fill("Ewa on wheels")
        page.get_by_label("Show me on leaderboards under this name").check()
        page.get_by_role("button", name="Save my choice").click()
        page.wait_for_url(f"{base}/app/leaderboards")
        assert "Ewa on wheels" in page.locator("tr.me").inner_text()

        page.get_by_role("link", name="Contests", exact=True).click()
        page.wait_for_url(f"{base}/app/contests")
        page.get_by_text("Rules", exact=True).click()
        assert page.get_by_text("One entry per purchase, five at most.").is_visible()
        assert page.locator(".my-entries").first.inner_text() == "Your entries: 1 of at most 5."
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        save_screenshot(page, "member-app-contests-phone")
        assert serious_violations(page) == []
    finally:
        page.context.close()


def test_staff_watch_a_board_update_by_itself(chromium: Any, site: Any) -> None:
    base, database, program, _outbox = site
    board = make_board(database, program, name="Live board", period="week")
    member = make_member(database, program)
    page = new_page(chromium, DESKTOP)
    try:
        sign_in_staff_in_browser(page, base, make_staff_user(database, program, "marketer"))
        page.goto(f"{base}/admin/leaderboards/{board.id}")
        assert page.get_by_text("Nobody has scored in this period yet.").is_visible()

        give_points(database, program, member.id, 321)
        catch_up(database, tasks_leaderboards.subscriber)

        wait_until(page, "document.querySelector('#standings-table') !== null"
                         " && document.querySelector('#standings-table').innerText.includes('321')")
        assert "Member #" in page.locator("#standings-table").inner_text()
        assert serious_violations(page) == []
        page.goto(f"{base}/admin/contests")
        assert serious_violations(page) == []
    finally:
        page.context.close()


def test_a_drawn_contests_audit_record_fits_a_phone(chromium: Any, site: Any) -> None:
    from sqlalchemy import update

    from loyalty.contests.models import Contest
    from loyalty.db.uow import unit_of_work
    from loyalty.kernel import clock

    base, database, program, _outbox = site
    contest = make_contest(database, program, name="Autumn draw")
    for _ in range(3):
        buy(database, program, make_member(database, program).id, 1000)
    catch_up(database, tasks_contests.subscriber)
    with unit_of_work(database) as session:
        session.execute(update(Contest).where(Contest.id == contest.id).values(closes_at=clock.now()))
    page = new_page(chromium, PHONE)
    try:
        sign_in_staff_in_browser(page, base, make_staff_user(database, program, "marketer"))
        page.goto(f"{base}/admin/contests/{contest.id}")
        page.get_by_role("button", name="Draw the winners").click()
        page.wait_for_url(f"{base}/admin/contests/{contest.id}")

        assert page.locator("#draw-verified").inner_text() == "Same entries, same winners"
        assert page.locator("#winners li").count() == 2
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        save_screenshot(page, "admin-contest-drawn-phone")
    finally:
        page.context.close()


def test_staff_rank_a_challenge_on_a_phone_and_a_member_sees_their_place(chromium: Any, site: Any) -> None:
    base, database, program, outbox = site
    start(database, tasks_gamification.subscriber)
    now = clock.now()
    challenge = make_challenge(database, program, name="Five rides", measure="purchase_count", goal=5,
                               starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=14))
    me = make_member(database, program, email="ola.rides@example.com", first_name="Ola", last_name="Wrona")
    rival = make_member(database, program, email="adam.rides@example.com", first_name="Adam")
    for member, rides in ((me, 1), (rival, 2)):
        with unit_of_work(database) as session:
            gamification.join_challenge(session=session, program=program, member_id=member.id,
                                        challenge_id=challenge.id, actor="test")
        for _ in range(rides):
            buy_lines(database, program, member.id)
    page = new_page(chromium, PHONE)
    try:
        sign_in_staff_in_browser(page, base, make_staff_user(database, program, "marketer"))
        page.goto(f"{base}/admin/leaderboards")
        page.get_by_label("Name", exact=True).fill("Rides race")
        page.get_by_label("Ranks members by").select_option("challenge")
        page.get_by_label("Challenge", exact=True).select_option(str(challenge.id))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.get_by_role("button", name="Create the leaderboard").click()
        page.wait_for_url(re.compile(r"/admin/leaderboards/\d+$"))
        catch_up(database, tasks_gamification.subscriber)
        wait_until(page, "document.querySelector('#standings-table') !== null"
                         " && document.querySelector('#standings-table').innerText.includes('Member #')")
        assert "Adam" not in page.locator("main").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.context.close()

        page = new_page(chromium, PHONE)
        sign_in(page, base, outbox, "ola.rides@example.com")
        page.goto(f"{base}/app/leaderboards")
        section = page.locator("section", has=page.get_by_role("heading", name="Rides race"))
        assert "Challenge progress" in section.inner_text()
        assert "You are number 2 with 1." in section.inner_text()
        assert "1" in section.locator("tr.me").inner_text()
        text = page.locator("main").inner_text()
        assert "Adam" not in text and "adam.rides" not in text and "Wrona" not in text
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        save_screenshot(page, "member-app-challenge-board-phone")
        assert serious_violations(page) == []
    finally:
        page.context.close()
