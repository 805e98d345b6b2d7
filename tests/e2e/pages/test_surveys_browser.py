"""Surveys in a real headless Chromium against the real server: a member answers a survey in the
member app at phone width and sees the points on the home screen; an owner builds a survey in the
panel and sees it listed. Screenshots are saved; no serious accessibility violation; no overflow
at 390 px."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from loyalty.web.app import create_app
from tests.e2e.pages.accessibility import save_screenshot, serious_violations
from tests.e2e.pages.browsing import DESKTOP, PHONE, new_page, sign_in_staff_in_browser
from tests.e2e.pages.conftest import serving
from tests.e2e.pages.test_member_app_browser import sign_in
from tests.factories.member_app import app_settings
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.staff import make_staff_user
from tests.factories.surveys import buy, make_content, make_survey, submit_review
from tests.factories.tiers import make_levels

NO_OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture(scope="module")
def site(sqlite_database: Database,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Database, Program, Path]]:
    program = make_program(sqlite_database, name="Kawiarnia Łódź")
    outbox = tmp_path_factory.mktemp("surveys-outbox")
    with serving(create_app(app_settings(program, outbox), database=sqlite_database)) as base:
        yield base, sqlite_database, program, outbox


def test_a_member_answers_a_survey_and_sees_the_points(chromium: Any, site: Any) -> None:
    base, database, program, outbox = site
    make_member(database, program, email="ewa@example.com", first_name="Ewa")
    make_survey(database, program, title="How was your coffee?", points=50)
    page = new_page(chromium, PHONE)
    try:
        sign_in(page, base, outbox, "ewa@example.com")
        assert page.locator("#balance").inner_text() == "0"
        page.get_by_role("link", name="Surveys", exact=True).first.click()
        page.wait_for_url(f"{base}/app/surveys")
        page.get_by_role("link", name="Answer").click()
        page.wait_for_url(re.compile(r"/app/surveys/\d+$"))
        page.get_by_label("Tea").check()
        page.get_by_label("Morning").check()
        page.get_by_label("Evening").check()
        page.locator("fieldset.question").nth(2).get_by_label("4", exact=True).check()
        page.locator("fieldset.question").nth(3).get_by_label("9", exact=True).check()
        page.get_by_label("Anything else?").fill("The croissants are great")
        assert page.evaluate(NO_OVERFLOW)
        save_screenshot(page, "member-app-survey-phone")
        assert serious_violations(page) == []
        page.get_by_role("button", name="Send my answers").click()

        page.wait_for_url(f"{base}/app")
        assert page.get_by_role("status").first.inner_text() == "Thank you! 50 points are yours."
        assert page.locator("#balance").inner_text() == "50"
        page.goto(f"{base}/app/surveys")
        assert page.locator("#surveys").get_by_text("Answered").is_visible()
    finally:
        page.context.close()


def test_an_owner_builds_a_survey_in_the_panel(chromium: Any, site: Any) -> None:
    base, database, program, _outbox = site
    owner = make_staff_user(database, program, "owner")
    for viewport in (DESKTOP, PHONE):
        page = new_page(chromium, viewport)
        try:
            sign_in_staff_in_browser(page, base, owner)
            page.goto(f"{base}/admin/surveys")
            page.get_by_role("link", name="New survey").click()
            page.wait_for_url(f"{base}/admin/surveys/new")
            page.get_by_label("Title", exact=True).fill(f"After the visit {viewport['width']}")
            page.get_by_label("Points for completing it (once per member)").fill("30")
            page.get_by_label("Open it now (members see it at once)").check()
            first = page.locator("#question-0")
            first.get_by_label("Question", exact=True).fill("Would you recommend us?")
            first.get_by_label("Answer kind").select_option("nps")
            second = page.locator("#question-1")
            second.get_by_label("Question", exact=True).fill("Which do you prefer?")
            second.get_by_label("Answer kind").select_option("single")
            second.get_by_label("Choices, one a line").fill("Espresso\nLatte")
            second.get_by_label("Copy the answer to the profile attribute").fill("favourite_coffee")
            save_screenshot(page, f"admin-survey-builder-{viewport['width']}")
            assert serious_violations(page) == []
            if viewport == PHONE:
                assert page.evaluate(NO_OVERFLOW)
            page.get_by_role("button", name="Save the survey").click()

            page.wait_for_url(re.compile(r"/admin/surveys/\d+$"))
            assert page.locator("#survey-status").inner_text() == "Open"
            assert page.get_by_role("heading", name="2. Which do you prefer?").is_visible()
            save_screenshot(page, f"admin-survey-{viewport['width']}")
            assert serious_violations(page) == []
        finally:
            page.close()


def test_members_only_content_and_reviews_fit_a_phone(chromium: Any, site: Any) -> None:
    base, database, program, outbox = site
    make_levels(database, program)
    member = make_member(database, program, email="jan@example.com", first_name="Jan")
    buy(database, program, member.id, "BEANS-1", name="House beans, 1 kg, medium roast, whole")
    buy(database, program, member.id, "MUG-2", name="Mug")
    submit_review(database, program, member.id, "MUG-2", rating=4, text="Nice and heavy.")
    make_content(database, program, title="How we roast our house blend",
                 body="Small batches.\n\n- medium roast\n- rested 48 hours", image_url="https://example.com/a.jpg")
    make_content(database, program, kind="early_access", title="Winter blend", body="", item_ref="WB-1",
                 windows=[{"opens_at": "2030-01-12T09:00:00+00:00"}])
    page = new_page(chromium, PHONE)
    try:
        sign_in(page, base, outbox, "jan@example.com")
        page.get_by_role("link", name="For members", exact=True).first.click()
        page.wait_for_url(f"{base}/app/content")
        assert page.locator(".opens-on").inner_text().startswith("Opens for you on")
        assert page.evaluate(NO_OVERFLOW) and serious_violations(page) == []
        save_screenshot(page, "member-app-content-phone")
        page.get_by_role("link", name="How we roast our house blend").click()
        assert page.locator(".content-body li").count() == 2
        assert page.evaluate(NO_OVERFLOW) and serious_violations(page) == []

        page.goto(f"{base}/app/reviews")
        beans = page.locator("#reviewable li", has_text="House beans")
        beans.get_by_label("5 stars").check()
        beans.get_by_label("Your review (optional)").fill("Great beans")
        assert page.evaluate(NO_OVERFLOW) and serious_violations(page) == []
        save_screenshot(page, "member-app-reviews-phone")
        page.get_by_role("button", name="Send my review").first.click()
        page.wait_for_url(f"{base}/app/reviews")
        assert page.get_by_role("status").first.inner_text() == "Thank you! Your review will appear once it is checked."
    finally:
        page.context.close()

    make_content(database, program, kind="early_access", title="Limited edition", body="",
                 item_ref="WINTER-BLEND-2026-LIMITED-EDITION-1KG", windows=[
                     {"opens_at": "2030-01-12T09:00:00+00:00", "tiers": ["gold"]},
                     {"opens_at": "2030-01-13T09:00:00+00:00", "tiers": ["silver"]},
                     {"opens_at": "2030-01-14T09:00:00+00:00"}])
    staff = new_page(chromium, PHONE)
    try:  # the panel's list of it fits a phone too: its wide table scrolls inside its frame
        sign_in_staff_in_browser(staff, base, make_staff_user(database, program, "owner"))
        for path in ("/admin/content", "/admin/reviews"):
            staff.goto(f"{base}{path}")
            assert staff.evaluate(NO_OVERFLOW), path
    finally:
        staff.close()
