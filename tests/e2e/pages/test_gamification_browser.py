"""Badges and challenges in a real headless Chromium against the real server: a member sees
their badge progress, joins a challenge, shops, and after the worker's subscriber has run sees
the challenge completed, the badge earned and the reward's points; an owner builds a challenge
in the admin panel. Pages at phone width keep inside the screen."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.web.app import create_app
from loyalty.worker.runner import drain
from tests.e2e.pages.accessibility import save_screenshot, serious_violations
from tests.e2e.pages.browsing import DESKTOP, PHONE, new_page, sign_in_staff_in_browser
from tests.e2e.pages.conftest import serving
from tests.factories.gamification import buy, make_badge, make_challenge
from tests.factories.member_app import app_settings, mailed_soon
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.staff import make_staff_user


@pytest.fixture(scope="module")
def site(sqlite_database: Database,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Database, Program, Path]]:
    program = make_program(sqlite_database, name="Sklep Sportowy")
    outbox = tmp_path_factory.mktemp("gamification-outbox")
    with serving(create_app(app_settings(program, outbox), database=sqlite_database)) as base:
        yield base, sqlite_database, program, outbox


def _drain(database: Database) -> None:
    """The worker until idle, in a thread of its own (Playwright's event loop runs in this one)."""
    settings = Settings()
    settings.database.url = str(database.engine.url.render_as_string(hide_password=False))
    settings.worker.in_process = "never"
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(drain, database, settings).result()


def _sign_in(page: Any, base: str, outbox: Path, email: str) -> None:
    page.goto(f"{base}/app")
    page.wait_for_url(re.compile(r"/app/sign-in"))
    page.get_by_label("E-mail").first.fill(email)
    page.get_by_role("button", name="Send me a code").click()
    code, _ = mailed_soon(outbox, email)
    page.get_by_label("Code from the e-mail").fill(code)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/app")


def _fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_a_member_sees_badge_progress_joins_a_challenge_and_gets_the_points(chromium: Any, site: Any) -> None:
    base, database, program, outbox = site
    _drain(database)  # the subscriber's cursor starts before this test's events
    badge = make_badge(database, program, name="Regular customer", description="Shop again and again",
                       measure="purchase_count", levels=[{"name": "Bronze", "threshold": 2},
                                                         {"name": "Silver", "threshold": 4}])
    now = clock.now()
    challenge = make_challenge(database, program, name="Three visits this month", measure="purchase_count", goal=3,
                               reward_points=100, starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=20))
    member = make_member(database, program, email="zofia@example.com", first_name="Zofia")
    buy(database, program, member.id)
    _drain(database)
    page = new_page(chromium, PHONE)
    try:
        _sign_in(page, base, outbox, "zofia@example.com")
        page.get_by_role("link", name="Badges", exact=True).click()
        page.wait_for_url(f"{base}/app/badges")
        progress = page.locator(f"#badge-progress-{badge.id}")
        assert progress.get_attribute("value") == "1" and progress.get_attribute("max") == "2"
        assert page.get_by_text("1 of 2").is_visible()
        assert _fits(page)
        save_screenshot(page, "member-app-badges-phone")

        page.get_by_role("link", name="Challenges", exact=True).click()
        page.wait_for_url(f"{base}/app/challenges")
        page.get_by_role("button", name="Join").click()
        page.wait_for_url(f"{base}/app/challenges")
        assert "You joined" in page.get_by_role("status").first.inner_text()
        assert page.locator(f"#challenge-progress-{challenge.id}").get_attribute("value") == "0"

        for _ in range(3):
            buy(database, program, member.id)
        _drain(database)
        page.reload()
        assert page.locator(f"#challenge-{challenge.id} .challenge-done").is_visible()
        assert _fits(page)
        save_screenshot(page, "member-app-challenges-phone")
        assert serious_violations(page) == []
        page.get_by_role("link", name="Badges", exact=True).click()
        assert page.locator(f"#badge-{badge.id}").get_by_text("Earned: Silver").is_visible()
        page.get_by_role("link", name="Points", exact=True).click()
        assert page.locator("#balance").inner_text() == "100"
    finally:
        page.context.close()


def test_an_owner_builds_a_challenge_in_the_panel(chromium: Any, site: Any) -> None:
    base, database, program, _outbox = site
    owner = make_staff_user(database, program, "owner")
    page = new_page(chromium, DESKTOP)
    try:
        sign_in_staff_in_browser(page, base, owner)
        page.get_by_role("link", name="Challenges", exact=True).click()
        page.get_by_role("link", name="New challenge").click()
        page.get_by_label("Name", exact=True).fill("Spend 200 in the e-shop")
        page.get_by_label("What it counts").select_option("spend")
        page.get_by_label("Goal", exact=True).fill("20000")
        page.get_by_label("Channel").select_option("online")
        page.get_by_label("Starts").fill("2026-03-01T00:00")
        page.get_by_label("Ends").fill("2026-02-01T00:00")  # before the start: refused
        page.get_by_label("Points", exact=True).fill("250")
        page.get_by_role("button", name="Create the challenge").click()
        assert page.locator("#error-ends_at").inner_text() == "The challenge must end after it starts."

        page.get_by_label("Ends").fill("2026-03-31T23:59")
        page.get_by_role("button", name="Create the challenge").click()
        page.wait_for_url(re.compile(r"/admin/challenges/\d+$"))
        assert page.get_by_role("heading", level=1).inner_text() == "Spend 200 in the e-shop"
        assert "Participants" in page.locator("#challenge-stats").inner_text()
        save_screenshot(page, "admin-challenge-desktop")
        assert serious_violations(page) == []
        page.get_by_role("link", name="← All challenges").click()
        assert page.locator("#challenges").get_by_text("Spend 200 in the e-shop").is_visible()
    finally:
        page.context.close()
    phone = new_page(chromium, PHONE)
    try:
        sign_in_staff_in_browser(phone, base, owner)
        phone.goto(f"{base}/admin/challenges/new")
        assert _fits(phone)
        save_screenshot(phone, "admin-challenge-new-phone")
    finally:
        phone.context.close()
